"""A program with 200 roadmap rows: opening it in the editor and printing it.

    PYTHONPATH=. .venv/bin/python benchmarks/program_bench.py

Budgets from the issue: opens in ≤ 150 ms (from the list: reading it, filling the note
and the roadmap table with its direction rows, painting the roadmap page), prints in ≤ 300 ms (the whole DOCX written).
Prints the median of 5 runs after one warm-up. Reports only."""

from __future__ import annotations

import datetime as dt
import json
import os
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

from sqlalchemy import select  # noqa: E402

from app.models import Direction, Pair, PairMentee  # noqa: E402
from app.services.people.persons import PersonData, save_person  # noqa: E402
from app.services.programs import programs, programs_items  # noqa: E402
from app.services.programs.programs import ItemData  # noqa: E402
from app.services.programs.programs_document import export_program  # noqa: E402
from app.services.school.school import SchoolData, save_school  # noqa: E402
from app.services.storage.workspace import open_workspace  # noqa: E402

RUNS = 5
ROWS = 200
BUDGET_OPEN_MS = 150.0
BUDGET_PRINT_MS = 300.0


def _median_ms(fn: Callable[[], object]) -> float:
    fn()  # warm-up: imports, caches
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _program(db: object) -> int:
    from app.models.db import Database

    assert isinstance(db, Database)
    save_school(
        db,
        SchoolData(
            full_name="МБОУ «Замерная СОШ»",
            short_name="МБОУ «Замерная СОШ»",
            locality="с. Замерное",
        ),
    )
    mentor = save_person(db, PersonData("Кузнецова", "Елена", "Андреевна", position="Учитель"))
    mentee = save_person(db, PersonData("Смирнова", "Анна", "Петровна", position="Учитель"))
    with db.session() as s:
        pair = Pair(
            mentor_id=mentor,
            start_date=dt.date(2026, 9, 1),
            end_date=dt.date(2027, 5, 31),
            status="active",
        )
        s.add(pair)
        s.flush()
        s.add(PairMentee(pair_id=pair.id, person_id=mentee))
        pair_id = pair.id
        dirs = list(s.scalars(select(Direction.id).order_by(Direction.sort_order)))
    from app.services.programs import programs_journal

    pid = programs.create_program(db, pair_id)
    for d in dirs:
        programs_journal.add_direction(db, pid, d)
    for n in range(ROWS):
        day = dt.date(2026, 9, 1) + dt.timedelta(days=n)
        item = ItemData(
            dirs[n % len(dirs)],
            activity_kind=f"Изучение литературы по теме {n}",
            event_form="семинар",
            start_date=day,
            end_date=day,
            place="кабинет наставника",
            expected_result="Понимание приёмов " * 3,
            participation="активная: выступление с докладом",
            reporting="презентация",
            co_executors="О.С. Николаева",
            significance="Снижен дефицит: построение урока",
            mark="done" if n % 3 == 0 else "planned",
            mark_date=day if n % 3 == 0 else None,
        )
        programs_items.add_item(db, pid, item)
    return pid


def _template_ms(db: object) -> float:
    """A program for a group of three from the largest starter template (one transaction:
    the note, directions and every row, module rows per mentee)."""
    from app.models.db import Database
    from app.services.programs import program_templates

    assert isinstance(db, Database)
    with db.session() as s:
        mentor = s.scalars(select(Pair.mentor_id)).first()
    mentees = [
        save_person(
            db,
            PersonData(("Орлова", "Белова", "Чернова")[i], "Ольга", "Ивановна", position="Учитель"),
        )
        for i in range(3)
    ]
    with db.session() as s:
        pair = Pair(
            is_group=True,
            mentor_id=mentor,
            start_date=dt.date(2026, 9, 1),
            end_date=dt.date(2027, 5, 31),
            status="active",
        )
        s.add(pair)
        s.flush()
        for m in mentees:
            s.add(PairMentee(pair_id=pair.id, person_id=m))
        pair_id = pair.id
    key = max(program_templates.list_templates(db), key=lambda t: t.rows).key
    return _median_ms(
        lambda: program_templates.create_from_template(db, pair_id, key, dt.date(2026, 9, 7))
    )


def run() -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from app.ui.programs.programs_tab import ProgramsTab

    with tempfile.TemporaryDirectory() as tmp:
        ws = open_workspace(Path(tmp) / "data", start_backup=False)
        try:
            pid = _program(ws.db)
            tab = ProgramsTab(ws)
            tab.resize(1300, 800)
            tab.show()
            app.processEvents()

            tab.open_program(pid)
            tab.editor.pages.setCurrentWidget(tab.editor.roadmap)

            def open_it() -> None:
                # From the list to the roadmap on screen: read, fill, paint.
                tab.show_list()
                tab.open_program(pid)
                tab.repaint()
                app.processEvents()

            open_ms = _median_ms(open_it)
            out = Path(tmp) / "program.docx"
            print_ms = _median_ms(lambda: export_program(ws.db, pid, out))
            tab.close()
            template_ms = _template_ms(ws.db)
        finally:
            ws.close(backup=False)
    return {"rows": ROWS, "open_ms": open_ms, "print_ms": print_ms, "template_ms": template_ms}


if __name__ == "__main__":
    r = run()
    print("BENCH_RESULT " + json.dumps(r), flush=True)
    print(
        f"Программа на {r['rows']:.0f} строк дорожной карты: открытие {r['open_ms']:.0f} мс "
        f"(бюджет ≤ {BUDGET_OPEN_MS:.0f}) {'PASS' if r['open_ms'] <= BUDGET_OPEN_MS else 'OVER'}; "
        f"печать {r['print_ms']:.0f} мс (бюджет ≤ {BUDGET_PRINT_MS:.0f}) "
        f"{'PASS' if r['print_ms'] <= BUDGET_PRINT_MS else 'OVER'}; "
        f"программа из шаблона (группа из трёх) {r['template_ms']:.0f} мс"
    )
