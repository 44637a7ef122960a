"""The municipal store at a city's size: 40 schools × 80 teachers (3,200 people, 120,000
roadmap rows, two diagnostic rounds of every teacher), each school a clone of the demo
school's exchange file with its own requisites and teacher names.

    PYTHONPATH=. .venv/bin/python benchmarks/municipal_bench.py [--server URL]

Budgets (issue 15): adding one school's file ≤ 2 s; the heat map ≤ 200 ms; the сводная
справка (DOCX) ≤ 5 s; on PostgreSQL each within 2× of SQLite on the same machine. The store
is built in a data folder (SQLite) and, when a server is named (``--server`` or
KURATOR_TEST_PG_URL, e.g. from scripts/pg_test_cluster.sh), in a fresh database
``kurator_municipal_bench`` made on that server and dropped afterwards, from the same files
in the same run; then the ratios PostgreSQL / SQLite. Prints the median of 3 runs after
one warm-up. Reports only."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

import app.models  # noqa: E402
from app.services.demo.demo import create_demo  # noqa: E402
from app.services.municipal import store as municipal  # noqa: E402
from app.services.municipal.summary import export_summary  # noqa: E402
from app.services.municipal.views import Period, heat_map  # noqa: E402
from app.services.storage import exchange  # noqa: E402
from app.services.storage.workspace import open_workspace  # noqa: E402

RUNS = 3
SCHOOLS = 40
TEACHERS = 80
ROADMAP_PER_SCHOOL = 3_000
COPIES = 3  # whole demo schools (25 teachers each) merged into one; the rest plain teachers
ROUNDS = (dt.date(2026, 9, 20), dt.date(2027, 4, 20))
BUDGET_ADD_S = 2.0
BUDGET_HEAT_MS = 200.0
BUDGET_SUMMARY_S = 5.0
# Shared by every copy: the grid's directions and levels, questionnaires, the school itself.
SHARED = {
    "school_profile",
    "app_settings",
    "reference_items",
    "directions",
    "diagnostic_levels",
    "questionnaires",
    "questionnaire_questions",
    "program_templates",
    "declension_overrides",
    "monitoring_reports",
}
OFFSET = 100_000
LETTERS = "абвгдежзиклмнопрстуф"
BENCH_DB = "kurator_municipal_bench"
COMPARED = ("add_one_file_s", "heat_map_ms", "summary_docx_s")


def _median(fn: Callable[[], object], warm: bool = True) -> float:
    return _medians(fn, warm)[0]


def _medians(fn: Callable[[], object], warm: bool = True) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (the machine is shared: the
    CPU time moves less with the other programs' load)."""
    if warm:
        fn()
    walls, cpus = [], []
    for _ in range(RUNS):
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def _fk_targets() -> dict[str, dict[str, str]]:
    """Table → column → the table its foreign key points at."""
    out: dict[str, dict[str, str]] = {}
    for table in exchange.data_tables():
        for col in table.columns:
            for fk in col.foreign_keys:
                out.setdefault(table.name, {})[col.name] = fk.column.table.name
    return out


def _suffix(n: int) -> str:
    """Letters for a number: names hold no digits."""
    return "".join(LETTERS[int(c)] for c in str(n))


def school_file(base: dict[str, Any], n: int) -> dict[str, Any]:
    """School ``n``: ``COPIES`` clones of the demo's people and their work, plain teachers up
    to ``TEACHERS``, two fresh diagnostic rounds each, roadmaps topped up to the rows wanted."""
    rng = random.Random(n)
    fks = _fk_targets()
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, rows in base["tables"].items():
        if name in SHARED:
            tables[name] = json.loads(json.dumps(rows))
            continue
        if name in ("diagnostic_rounds", "diagnostic_entries"):
            tables[name] = []
            continue
        out = []
        for copy in range(COPIES):
            for row in rows:
                row = dict(row)
                if isinstance(row.get("id"), int):
                    row["id"] += copy * OFFSET
                for col, target in fks.get(name, {}).items():
                    if target not in SHARED and isinstance(row.get(col), int):
                        row[col] += copy * OFFSET
                if name == "persons":
                    row["last_name"] = f"{row['last_name']}-{_suffix(n)}{LETTERS[copy]}"
                out.append(row)
        tables[name] = out
    persons = tables["persons"]
    for i in range(TEACHERS - len(persons)):
        persons.append(
            {"id": 9 * OFFSET + i, "last_name": f"Учителева-{_suffix(n)}{LETTERS[i]}",
             "first_name": "Мария", "middle_name": "Петровна", "position": "Учитель"}
        )  # fmt: skip
    items = tables["program_items"]
    per_program: dict[int, list[dict[str, Any]]] = {}
    for item in items:
        per_program.setdefault(item["program_id"], []).append(item)
    next_id = 8 * OFFSET
    while len(items) < ROADMAP_PER_SCHOOL:
        for group in per_program.values():
            for item in group[:3]:
                if len(items) >= ROADMAP_PER_SCHOOL:
                    break
                items.append({**item, "id": next_id, "seq": next_id})
                next_id += 1
    directions = [d["id"] for d in tables["directions"]]
    levels = [lv["id"] for lv in tables["diagnostic_levels"]]
    rounds, entries = tables["diagnostic_rounds"], tables["diagnostic_entries"]
    for person in persons:
        for day in ROUNDS:
            rid = len(rounds) + 1
            rounds.append({"id": rid, "person_id": person["id"], "date": day.isoformat()})
            for did in directions:
                entries.append(
                    {"id": len(entries) + 1, "round_id": rid, "direction_id": did,
                     "level_id": rng.choice(levels), "deficit": "Затруднения в работе"}
                )  # fmt: skip
    profile = tables["school_profile"][0]
    profile["full_name"] = f"МБОУ «Средняя школа {_suffix(n)}»"
    profile["short_name"] = f"Школа {_suffix(n)}"
    profile["inn"] = f"{3800000000 + n}"
    return {**base, "exported_at": "2027-05-30T10:00:00", "tables": tables}


def run(store: municipal.MunicipalStore, files: list[Path], out: Path) -> dict[str, Any]:
    """Fill ``store`` with the first ``SCHOOLS`` files, then time refreshing the last school,
    the heat map and the summary."""
    t = time.perf_counter()
    for path in files[:SCHOOLS]:
        municipal.add_file(store, path)
    fill_s = time.perf_counter() - t
    # one more school, then refreshes of it with newer files (replacing the snapshot)
    last = json.loads(files[SCHOOLS].read_text(encoding="utf-8"))
    stamps = iter(f"2027-06-0{d}T10:00:00" for d in range(1, 9))

    def add_one() -> None:
        last["exported_at"] = next(stamps)
        files[SCHOOLS].write_text(json.dumps(last, ensure_ascii=False), encoding="utf-8")
        municipal.add_file(store, files[SCHOOLS])

    add_s, add_cpu_s = _medians(add_one, warm=False)
    heat_s = _median(lambda: heat_map(store))
    summary_s, summary_cpu_s = _medians(lambda: export_summary(store, out, Period()))
    with store.session() as s:
        teachers = s.query(app.models.municipal.StoredTeacher).count()
        cells = s.query(app.models.municipal.StoredDiagnosis).count()
    return {
        "engine": "postgresql" if store.is_server else "sqlite",
        "schools": SCHOOLS + 1,
        "teachers": teachers,
        "diagnosis_rows": cells,
        "roadmap_rows_in_files": ROADMAP_PER_SCHOOL * (SCHOOLS + 1),
        "fill_40_schools_s": round(fill_s, 1),
        "add_one_file_s": round(add_s, 3),
        "add_one_file_cpu_s": round(add_cpu_s, 3),
        "heat_map_ms": round(heat_s * 1000, 1),
        "summary_docx_s": round(summary_s, 3),
        "summary_docx_cpu_s": round(summary_cpu_s, 3),
        "within_budget": add_s <= BUDGET_ADD_S
        and heat_s * 1000 <= BUDGET_HEAT_MS
        and summary_s <= BUDGET_SUMMARY_S,
    }


def _on_server(server: str, fn: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """Run ``fn`` on a fresh database ``BENCH_DB`` of ``server``, dropped afterwards."""
    base = make_url(server).set(drivername="postgresql+psycopg")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{BENCH_DB}"'))
    try:
        return fn(base.set(database=BENCH_DB).render_as_string(hide_password=False))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--server",
        default=os.environ.get("KURATOR_TEST_PG_URL", "").strip() or None,
        help="a PostgreSQL server where a database may be created (default: "
        "KURATOR_TEST_PG_URL); without one, SQLite only",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with open_workspace(root / "demo", start_backup=False) as ws:
            create_demo(ws.db, today=dt.date(2027, 5, 30))
            exchange.export_data(ws.db, root / "demo.json")
        base = json.loads((root / "demo.json").read_text(encoding="utf-8"))
        files = []
        for n in range(SCHOOLS + 1):
            path = root / f"school-{n}.json"
            path.write_text(json.dumps(school_file(base, n), ensure_ascii=False), encoding="utf-8")
            files.append(path)
        pristine = files[SCHOOLS].read_bytes()  # each engine refreshes the last school anew

        def measure(store: municipal.MunicipalStore) -> dict[str, Any]:
            files[SCHOOLS].write_bytes(pristine)
            try:
                return run(store, files, root / "справка.docx")
            finally:
                store.dispose()

        results = [measure(municipal.open_store(root / "gmk"))]
        if args.server:
            results.append(
                _on_server(args.server, lambda url: measure(municipal.open_store_url(url)))
            )
    for result in results:
        print("BENCH_RESULT " + json.dumps(result, ensure_ascii=False))
    if len(results) == 2:
        lite, post = results
        ratios = {key: round(post[key] / lite[key], 2) for key in COMPARED}
        ratios["within_2x"] = all(r <= 2.0 for r in ratios.values())
        print("BENCH_RATIO_PG_SQLITE " + json.dumps(ratios, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
