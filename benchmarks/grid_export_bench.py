"""Printing the diagnostic grid of 2,000 teachers × 11 directions as XLSX and DOCX, and one
teacher's card, through the export registry (as `python -m app export grid` does).

    PYTHONPATH=. .venv/bin/python benchmarks/grid_export_bench.py [DATA_DIR]

Without DATA_DIR a municipal base (demo school topped up to 2,000 teachers, each with a
diagnosis; see grid_bench.add_rounds) is generated in a temporary folder. Prints
``BENCH_RESULT <json>`` (seconds; medians of 3 runs). Reports only."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RUNS = 3
BUDGET_S = 2.0


def _median_s(fn: object, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times), 3)


def measure(data_dir: Path, out_dir: Path) -> dict[str, object]:
    from app.services.documents.exports import run_export
    from app.services.grid.grid_state import latest_cells
    from app.services.storage.workspace import open_workspace

    with open_workspace(data_dir, start_backup=False) as ws:
        teachers = len(latest_cells(ws.db))
        some = next(iter(latest_cells(ws.db)))
        result: dict[str, object] = {"teachers": teachers}
        for ext in ("xlsx", "docx"):
            out = out_dir / f"grid.{ext}"
            result[f"school_{ext}_s"] = _median_s(lambda o=out: run_export(ws.db, "grid", o))
            card = out_dir / f"card.{ext}"
            result[f"card_{ext}_s"] = _median_s(
                lambda c=card: run_export(ws.db, "grid", c, teacher=some)
            )
    return result


def run(data_dir: Path | None = None) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        if data_dir is None:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            import datagen
            import grid_bench

            data_dir = Path(tmp) / "muni"
            datagen.make_municipal(data_dir)
            grid_bench.add_rounds(data_dir)
        return measure(data_dir, Path(tmp))


if __name__ == "__main__":
    r = run(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    print("BENCH_RESULT " + json.dumps(r), flush=True)
    print(
        f"Печать диагностической карты школы ({r['teachers']} педагогов × 11 направлений): "
        f"XLSX {r['school_xlsx_s']:.2f} с, DOCX {r['school_docx_s']:.2f} с "
        f"(ориентир ≤ {BUDGET_S:g} с); карта педагога: XLSX {r['card_xlsx_s']:.3f} с, "
        f"DOCX {r['card_docx_s']:.3f} с"
    )
