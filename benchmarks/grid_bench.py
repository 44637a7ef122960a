"""The school view of the diagnostic grid with 2,000 teachers × 11 directions: first paint,
sort and filter, each against the issue's budget of 100 ms.

    PYTHONPATH=. .venv/bin/python benchmarks/grid_bench.py [DATA_DIR]

Without DATA_DIR a municipal base (the demo school topped up to 2,000 teachers, see
datagen.py) is generated in a temporary folder, and every teacher without a diagnosis gets
one round with all eleven directions. Prints ``BENCH_RESULT <json>`` (milliseconds; medians
of 5 runs; each figure includes the synchronous repaint of the visible rows). Reports only."""

from __future__ import annotations

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

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TEACHERS = 2000
RUNS = 5
BUDGET_MS = 100.0


def add_rounds(data_dir: Path, seed: int = 4) -> int:
    """One round with every visible direction for each teacher who has none; returns how
    many teachers have a diagnosis afterwards."""
    from sqlalchemy import select

    from app.models import DiagnosticEntry, DiagnosticRound
    from app.services.grid import grid_state
    from app.services.storage.workspace import open_workspace

    rng = random.Random(seed)
    with open_workspace(data_dir, start_backup=False) as ws:
        dirs = [d.id for d in grid_state.directions(ws.db)]
        levels = [lv.id for lv in grid_state.levels(ws.db)]
        with ws.db.session() as s:
            from app.models import Person

            have = set(s.scalars(select(DiagnosticRound.person_id)))
            for pid in s.scalars(select(Person.id)):
                if pid in have:
                    continue
                r = DiagnosticRound(
                    person_id=pid,
                    date=dt.date(2025, 9, 1 + pid % 28),
                    source="самодиагностика",
                    notes="",
                )
                r.entries = [
                    DiagnosticEntry(
                        direction_id=d,
                        level_id=rng.choice(levels),
                        strength="опыт" if rng.random() < 0.3 else "",
                        deficit="затруднение",
                        priority=rng.random() < 0.1,
                    )
                    for d in dirs
                ]
                s.add(r)
        with ws.db.session() as s:
            return len(set(s.scalars(select(DiagnosticRound.person_id))))


def _median_ms(
    fn: Callable[[], None], runs: int = RUNS, clock: Callable[[], float] = time.perf_counter
) -> float:
    """Median wall time of ``runs`` calls (``clock=time.process_time``: this process's CPU
    time, which other programs on a shared machine do not inflate)."""
    times = []
    for _ in range(runs):
        t0 = clock()
        fn()
        times.append((clock() - t0) * 1000)
    return round(statistics.median(times), 1)


def measure(data_dir: Path) -> dict[str, object]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.services.storage.workspace import open_workspace
    from app.ui.grid.grid_school import SchoolView
    from app.ui.grid.grid_school_model import COL_NAME, COL_RED, FIRST_DIRECTION

    app = QApplication.instance() or QApplication([])
    with open_workspace(data_dir, start_backup=False) as ws:
        view = SchoolView(ws)
        view.resize(1200, 700)
        view.show()
        app.processEvents()
        viewport = view.table.viewport()

        def first_paint() -> None:
            view.reload()  # database → rows → model (what opening the view costs)
            viewport.repaint()

        t0 = time.perf_counter()
        first_paint()  # the very first opening: statement compiling, first layout
        cold_ms = round((time.perf_counter() - t0) * 1000, 1)
        paint_ms = _median_ms(first_paint)
        paint_cpu_ms = _median_ms(first_paint, clock=time.process_time)
        rows = view.model.rowCount()
        table = view.table
        flip = [Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder]

        def sort_red() -> None:
            flip.reverse()
            table.sortByColumn(COL_RED, flip[0])
            viewport.repaint()

        def sort_direction() -> None:
            flip.reverse()
            table.sortByColumn(FIRST_DIRECTION + 4, flip[0])
            viewport.repaint()

        sort_red_ms = _median_ms(sort_red)
        sort_dir_ms = _median_ms(sort_direction)
        table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        top = view.min_level.count() - 1  # the first graded level after «Любой уровень»
        state = [0]

        def filter_level() -> None:
            state[0] = 0 if state[0] else 1
            view.min_level.setCurrentIndex(state[0] and 1 or 0)
            viewport.repaint()

        def filter_search() -> None:
            state[0] = 0 if state[0] else 1
            view.search.setText("Ива" if state[0] else "")
            viewport.repaint()

        filter_level_ms = _median_ms(filter_level)
        view.min_level.setCurrentIndex(0)
        filter_search_ms = _median_ms(filter_search)
        view.search.setText("")

        def toggle_strengths() -> None:
            view.strengths.toggle()
            viewport.repaint()

        strengths_ms = _median_ms(toggle_strengths)
        view.close()
    return {
        "teachers": rows,
        "directions": view.model.columnCount() - FIRST_DIRECTION,
        "first_paint_ms": paint_ms,
        "sort_red_ms": sort_red_ms,
        "sort_direction_ms": sort_dir_ms,
        "filter_level_ms": filter_level_ms,
        "filter_search_ms": filter_search_ms,
        "strengths_toggle_ms": strengths_ms,
        "levels_offered": top,
        "cold_first_paint_ms": cold_ms,
        "first_paint_cpu_ms": paint_cpu_ms,
        "sort_ms": max(sort_red_ms, sort_dir_ms),
        "filter_ms": max(filter_level_ms, filter_search_ms),
        "worst_ms": max(paint_ms, sort_red_ms, sort_dir_ms, filter_level_ms, filter_search_ms),
        "budget_ms": BUDGET_MS,
    }


def main() -> int:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    if len(sys.argv) > 1:
        data_dir = Path(sys.argv[1])
        add_rounds(data_dir)
        result = measure(data_dir)
    else:
        import datagen

        with tempfile.TemporaryDirectory(prefix="kurator-grid-") as tmp:
            data_dir = Path(tmp) / "municipal"
            datagen.make_municipal(data_dir, TEACHERS)
            add_rounds(data_dir)
            result = measure(data_dir)
    print("BENCH_RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
