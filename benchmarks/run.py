"""Measured start-up, filtering, import speed and memory of «Куратор» against stated budgets.

    python benchmarks/run.py          (re-runs itself with .venv/bin/python when needed)

Prints a table and writes benchmarks/out/latest.json. Reports only: the exit code is 0 even
when a figure is over its budget (1 only when the benchmark itself cannot run)."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "latest.json"
PROBES = ROOT / "benchmarks" / "probes.py"
RUNS = 3
TIMEOUT_S = 180
MUNICIPAL_PERSONS = 2000

BUDGET_DEMO_X_FLOOR = 1.5
BUDGET_MUNICIPAL_X_FLOOR = 2.0
BUDGET_FILTER_MS = 50.0
BUDGET_IMPORT_S = 2.0


def _reexec_in_venv() -> None:
    """Use the project's .venv when started with a Python that lacks the app's packages."""
    try:
        import PySide6  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError:
        venv_python = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        # Compare prefixes, not executables: a venv's python is often a symlink to this one.
        if venv_python.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
            os.execv(str(venv_python), [str(venv_python), *sys.argv])
        sys.exit("Нет PySide6/SQLAlchemy: сначала ./run.sh --help или ./test.sh (создают .venv).")


@dataclass
class Run:
    """One child process: wall time to its marker, what it printed, its peak memory."""

    ok: bool
    seconds: float | None = None
    reported: float | None = None
    result: dict[str, object] = field(default_factory=dict)
    max_rss_mb: float = 0.0
    error: str = ""


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("KURATOR_DATA_DIR", None)
    # The warm-up run writes the bytecode caches the measured runs read, as an installed
    # program has them; PYTHONDONTWRITEBYTECODE (set in some shells and CI) would make every
    # start compile the app's modules from source again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra or {})
    return env


def run_child(args: list[str], env: dict[str, str], marker: str) -> Run:
    """Start ``args``; time from spawn to the stdout line starting with ``marker``.

    Peak memory comes from the child's own rusage (``os.wait4``), so it is not mixed with
    other children."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=err, env=env, cwd=ROOT, text=True, encoding="utf-8"
        )
        watchdog = threading.Timer(TIMEOUT_S, proc.kill)
        watchdog.start()
        seen: float | None = None
        line_seen = ""
        assert proc.stdout is not None
        for line in proc.stdout:
            if seen is None and line.startswith(marker):
                seen = time.perf_counter() - t0
                line_seen = line.strip()
        proc.stdout.close()
        watchdog.cancel()
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace").strip()
    run = Run(
        ok=seen is not None and proc.returncode == 0,
        seconds=seen,
        max_rss_mb=round(usage.ru_maxrss / 1024, 1),
    )
    payload = line_seen[len(marker) :].strip()
    if payload:
        if marker == "BENCH_RESULT":
            run.result = json.loads(payload)
        else:
            run.reported = float(payload)
    if not run.ok:
        tail = stderr.splitlines()[-3:] if stderr else []
        run.error = (
            f"exit {proc.returncode}, no '{marker}' line"
            if seen is None
            else f"exit {proc.returncode}"
        ) + (": " + " | ".join(tail) if tail else "")
    return run


@dataclass
class Figure:
    name: str
    value: str
    budget: str
    verdict: str
    max_rss_mb: float | None
    details: dict[str, object] = field(default_factory=dict)


def startup(args: list[str], env: dict[str, str]) -> tuple[list[Run], Run | None]:
    """One warm-up run (bytecode caches written), then RUNS measured runs."""
    run_child(args, env, "KURATOR_SHOWN")
    runs = [run_child(args, env, "KURATOR_SHOWN") for _ in range(RUNS)]
    good = [r for r in runs if r.ok and r.seconds is not None]
    if len(good) < len(runs):
        return runs, None
    med = sorted(good, key=lambda r: r.seconds or 0.0)[len(good) // 2]
    return runs, med


def verdict(ok: bool) -> str:
    return "PASS" if ok else "OVER"


def start_figure(
    name: str, runs: list[Run], med: Run | None, floor_s: float | None, factor: float
) -> Figure:
    if med is None or med.seconds is None:
        failed = next((r.error for r in runs if not r.ok), "")
        return Figure(name, "—", f"≤ {factor}× floor", "FAIL", None, {"error": failed})
    budget_s = floor_s * factor if floor_s else None
    return Figure(
        name,
        f"{med.seconds:.2f} s",
        f"≤ {factor}× floor = {budget_s:.2f} s" if budget_s else f"≤ {factor}× floor",
        verdict(budget_s is not None and med.seconds <= budget_s) if budget_s else "n/a",
        max(r.max_rss_mb for r in runs),
        {"runs_s": [round(r.seconds or 0.0, 3) for r in runs], "in_app_marker_s": med.reported},
    )


def probe_figure(name: str, run: Run, value_key: str, unit: str, budget: float) -> Figure:
    if not run.ok:
        return Figure(
            name, "—", f"≤ {budget:g} {unit}", "FAIL", run.max_rss_mb, {"error": run.error}
        )
    if "skipped" in run.result:
        return Figure(name, "—", f"≤ {budget:g} {unit}", "SKIP", None, dict(run.result))
    value = float(run.result[value_key])  # type: ignore[arg-type]
    return Figure(
        name,
        f"{value:.1f} {unit}" if unit == "ms" else f"{value:.2f} {unit}",
        f"≤ {budget:g} {unit}",
        verdict(value <= budget),
        run.max_rss_mb,
        dict(run.result),
    )


def print_table(figures: list[Figure]) -> None:
    headers = ("Измерение", "Значение", "Бюджет", "Итог", "Пик памяти")
    rows = [
        (f.name, f.value, f.budget, f.verdict, f"{f.max_rss_mb:.0f} МБ" if f.max_rss_mb else "—")
        for f in figures
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    for f in figures:
        if f.verdict in ("FAIL", "SKIP"):
            print(f"  {f.name}: {f.details.get('error') or f.details.get('skipped')}")


def main() -> int:
    _reexec_in_venv()
    sys.path.insert(0, str(ROOT))
    import datagen  # benchmarks/ is sys.path[0] when this file is run

    py = sys.executable
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="kurator-bench-") as tmp:
        demo_dir = Path(tmp) / "demo"
        muni_dir = Path(tmp) / "municipal"
        print(
            f"Готовлю данные: демо-школа и муниципальная база на {MUNICIPAL_PERSONS} человек …",
            flush=True,
        )
        try:
            datagen.make_demo(demo_dir)
            persons = datagen.make_municipal(muni_dir, MUNICIPAL_PERSONS)
        except Exception as exc:  # noqa: BLE001 - report, do not crash with a traceback
            print(
                f"Не удалось подготовить данные: {exc.__class__.__name__}: {exc}", file=sys.stderr
            )
            return 1

        print(
            "(a) нижняя граница: голое окно PySide6 + чтение строки через SQLAlchemy …", flush=True
        )
        env = child_env()
        floor_runs, floor_med = startup(
            [py, str(PROBES), "floor", str(demo_dir / "kurator.sqlite")], env
        )
        floor_s = floor_med.seconds if floor_med else None
        figures.append(
            Figure(
                "(a) floor: bare window",
                f"{floor_s:.2f} s" if floor_s else "—",
                "—",
                "ref" if floor_s else "FAIL",
                max(r.max_rss_mb for r in floor_runs),
                {
                    "runs_s": [round(r.seconds or 0.0, 3) for r in floor_runs],
                    "error": next((r.error for r in floor_runs if not r.ok), ""),
                },
            )
        )

        app_env = child_env({"KURATOR_BENCH_EXIT_ON_SHOW": "1"})
        print("(b) запуск программы с демо-школой …", flush=True)
        runs, med = startup([py, "-m", "app", "--data-dir", str(demo_dir)], app_env)
        figures.append(
            start_figure("(b) start, demo school", runs, med, floor_s, BUDGET_DEMO_X_FLOOR)
        )
        print(f"(c) запуск программы с базой на {persons} человек …", flush=True)
        runs, med = startup([py, "-m", "app", "--data-dir", str(muni_dir)], app_env)
        figures.append(
            start_figure(
                f"(c) start, {persons} persons", runs, med, floor_s, BUDGET_MUNICIPAL_X_FLOOR
            )
        )

        print(f"(d) поиск по мере ввода «Ива» среди {persons} человек …", flush=True)
        run = run_child([py, str(PROBES), "filter", str(muni_dir)], env, "BENCH_RESULT")
        figures.append(
            probe_figure("(d) filter, per keystroke", run, "worst_ms", "ms", BUDGET_FILTER_MS)
        )

        print("(e) загрузка списка сотрудников из XLSX на 1000 строк …", flush=True)
        work = Path(tmp) / "import"
        work.mkdir()
        run = run_child([py, str(PROBES), "import", str(work)], env, "BENCH_RESULT")
        figures.append(
            probe_figure("(e) import 1,000-row XLSX", run, "seconds", "s", BUDGET_IMPORT_S)
        )

        print("(f) подбор наставника среди 2000 человек с диагностикой …", flush=True)
        run = run_child([py, str(ROOT / "benchmarks" / "matching_bench.py")], env, "BENCH_RESULT")
        figures.append(probe_figure("(f) mentor suggestions, 2,000", run, "median_ms", "ms", 100.0))

        print(
            f"(g) таблица диагностики всей школы: {persons} человек × 11 направлений …", flush=True
        )
        run = run_child(
            [py, str(ROOT / "benchmarks" / "grid_bench.py"), str(muni_dir)], env, "BENCH_RESULT"
        )
        for key, name in (
            ("first_paint_ms", "(g) grid 2,000×11: first paint"),
            ("sort_ms", "(g) grid 2,000×11: sort"),
            ("filter_ms", "(g) grid 2,000×11: filter"),
        ):
            figures.append(probe_figure(name, run, key, "ms", 100.0))

        print("(i) печать диагностической карты школы (XLSX, DOCX) …", flush=True)
        run = run_child(
            [py, str(ROOT / "benchmarks" / "grid_export_bench.py"), str(muni_dir)],
            env,
            "BENCH_RESULT",
        )
        for key, name in (
            ("school_xlsx_s", "(i) grid 2,000×11: print XLSX"),
            ("school_docx_s", "(i) grid 2,000×11: print DOCX"),
        ):
            figures.append(probe_figure(name, run, key, "s", 2.0))

        print("(h) программа на 200 строк дорожной карты: открытие и печать …", flush=True)
        run = run_child([py, str(ROOT / "benchmarks" / "program_bench.py")], env, "BENCH_RESULT")
        figures.append(probe_figure("(h) program, 200 rows: open", run, "open_ms", "ms", 150.0))
        figures.append(probe_figure("(h) program, 200 rows: print", run, "print_ms", "ms", 300.0))

        print("(j) «Сегодня» и справка за полугодие: 150 программ, 4 500 строк …", flush=True)
        run = run_child([py, str(ROOT / "benchmarks" / "monitoring_bench.py")], env, "BENCH_RESULT")
        figures.append(probe_figure("(j) «Сегодня», 150 programs", run, "today_ms", "ms", 100.0))
        figures.append(probe_figure("(j) half-year report DOCX", run, "report_s", "s", 2.0))

    print()
    print_table(figures)
    print("\nДокументы (в сравнении с простым скриптом python-docx, бюджет ≤ 1.5×):")
    documents = _documents()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "pyside6": _version("PySide6"),
        "sqlalchemy": _version("sqlalchemy"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU",
        "runs_per_startup": RUNS,
        "figures": [asdict(f) for f in figures],
        "documents": documents,
    }
    tmp_out = OUT.with_name(OUT.name + ".part")
    tmp_out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp_out, OUT)
    print(f"\nПодробности: {OUT.relative_to(ROOT)}")
    return 0


def _documents() -> list[dict[str, object]]:
    """The DOCX layer and the first order's package against plain python-docx."""
    sys.path.insert(0, str(ROOT))
    from benchmarks import docx_bench, order_bench

    rows: list[dict[str, object]] = []
    tables = docx_bench.run()
    rows.append({"name": "4 таблицы × 100 строк", **tables})
    rows.extend(order_bench.run())
    for r in rows:
        ratio = float(r["ratio"])  # type: ignore[arg-type]
        print(
            f"  {r['name']}: {float(r['layer_s']) * 1000:.0f} мс против "  # type: ignore[arg-type]
            f"{float(r['floor_s']) * 1000:.0f} мс — {ratio:.2f}× "  # type: ignore[arg-type]
            f"{'PASS' if ratio <= 1.5 else 'OVER'}"
        )
    return rows


def _version(module: str) -> str:
    try:
        return str(__import__(module).__version__)
    except (ImportError, AttributeError):
        return "?"


if __name__ == "__main__":
    sys.exit(main())
