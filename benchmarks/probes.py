"""Measurements that run in their own process, started by benchmarks/run.py.

    python benchmarks/probes.py floor DB_FILE      bare Qt window + one SQLAlchemy read
    python benchmarks/probes.py filter DATA_DIR    typing into the participants search box
    python benchmarks/probes.py import WORK_DIR    1,000-row staff XLSX: analyze + apply_plan

``floor`` prints ``KURATOR_SHOWN <seconds>`` like the app does; the others print one line
``BENCH_RESULT <json>`` (``{"skipped": reason}`` when the code under test is not there)."""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

_STARTED = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEARCH_WORD = "Ива"
IMPORT_ROWS = 1000


def emit(result: dict[str, object]) -> None:
    print("BENCH_RESULT " + json.dumps(result, ensure_ascii=False), flush=True)


def floor(db_file: Path) -> int:
    """The least any PySide6 + SQLAlchemy program pays to show a window over this DB."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    from sqlalchemy import create_engine, text
    from sqlalchemy.orm import Session

    app = QApplication(sys.argv[:1])
    engine = create_engine(f"sqlite:///{db_file}")
    with Session(engine) as s:
        s.execute(text("SELECT id, last_name FROM persons ORDER BY id LIMIT 1")).first()
    window = QMainWindow()
    window.setWindowTitle("floor")
    window.resize(1100, 700)
    window.show()

    def shown() -> None:  # same moment as the app's marker: first event-loop turn after show()
        print(f"KURATOR_SHOWN {time.perf_counter() - _STARTED:.3f}", flush=True)
        window.close()
        app.quit()

    QTimer.singleShot(0, shown)
    code = int(app.exec())
    engine.dispose()
    return code


def filter_typing(data_dir: Path) -> int:
    """Per-keystroke time of typing SEARCH_WORD into the participants tab, with repaint."""
    from PySide6.QtWidgets import QApplication

    from app.services.storage.workspace import open_workspace

    try:
        from app.ui.people.participants_tab import ParticipantsTab
    except ImportError as exc:
        emit({"skipped": f"app.ui.people.participants_tab is not importable yet ({exc})"})
        return 0
    if not hasattr(ParticipantsTab, "set_search_text"):
        emit({"skipped": "ParticipantsTab has no set_search_text(text) yet"})
        return 0

    app = QApplication(sys.argv[:1])
    ws = open_workspace(data_dir, start_backup=False)
    try:
        tab = ParticipantsTab(ws)
        tab.resize(1200, 800)
        tab.show()
        app.processEvents()
        per_key: dict[str, list[float]] = {
            SEARCH_WORD[:i]: [] for i in range(1, len(SEARCH_WORD) + 1)
        }
        for _ in range(3):
            tab.set_search_text("")
            app.processEvents()
            for prefix in per_key:
                t0 = time.perf_counter()
                tab.set_search_text(prefix)
                app.processEvents()  # the filtered table is laid out and painted
                per_key[prefix].append((time.perf_counter() - t0) * 1000)
        visible = len(tab.visible_ids()) if hasattr(tab, "visible_ids") else None
        medians = {k: round(statistics.median(v), 2) for k, v in per_key.items()}
        emit(
            {
                "per_keystroke_ms": medians,
                "worst_ms": max(medians.values()),
                "rows_matching": visible,
                "rows_total": tab.model.rowCount() if hasattr(tab, "model") else None,
            }
        )
        tab.close()
    finally:
        ws.close(backup=False)
    return 0


def staff_import(work_dir: Path) -> int:
    """Time of analyze + apply_plan for a generated 1,000-row staff list."""
    from app.services.storage.workspace import open_workspace

    try:
        from app.services.people import staff_import as si
        from tests.xlsx_samples import make_staff_xlsx
    except ImportError as exc:
        emit({"skipped": f"staff import or tests/xlsx_samples.py not there yet ({exc})"})
        return 0
    xlsx = work_dir / "staff-1000.xlsx"
    make_staff_xlsx(xlsx, IMPORT_ROWS)
    ws = open_workspace(work_dir / "data", start_backup=False)
    try:
        t0 = time.perf_counter()
        plan = si.analyze(ws.db, xlsx)
        t1 = time.perf_counter()
        result = si.apply_plan(ws.db, plan)
        t2 = time.perf_counter()
        emit(
            {
                "seconds": round(t2 - t0, 3),
                "analyze_s": round(t1 - t0, 3),
                "apply_s": round(t2 - t1, 3),
                "summary": result.summary(),
            }
        )
    finally:
        ws.close(backup=False)
    return 0


def main(argv: list[str]) -> int:
    probes = {"floor": floor, "filter": filter_typing, "import": staff_import}
    if len(argv) != 2 or argv[0] not in probes:
        print(__doc__, file=sys.stderr)
        return 2
    return probes[argv[0]](Path(argv[1]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
