"""«Сегодня» and the half-year report on a big school: 150 pairs with programs, 30 roadmap rows
each (4,500 rows), two grids per mentee, two questionnaires per program.

    PYTHONPATH=. .venv/bin/python benchmarks/monitoring_bench.py

Budgets: the «Сегодня» list (computed when the window opens) ≤ 100 ms; the report (figures,
charts, DOCX written) ≤ 2 s. Prints the median of 5 runs after one warm-up. Reports only."""

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

from app.models import Pair, PairDirection, PairMentee, ProgramItem  # noqa: E402
from app.models.db import Database  # noqa: E402
from app.services.agenda import today  # noqa: E402
from app.services.documents.exports import run_export  # noqa: E402
from app.services.grid import diagnostics, grid_state  # noqa: E402
from app.services.monitoring import questionnaires as qs  # noqa: E402
from app.services.people.persons import PersonData, save_person  # noqa: E402
from app.services.programs import programs  # noqa: E402
from app.services.school.school import SchoolData, save_school  # noqa: E402
from app.services.storage.workspace import open_workspace  # noqa: E402

RUNS = 5
PAIRS = 150
ROWS = 30
TODAY = dt.date(2027, 1, 10)
START, END = dt.date(2026, 9, 1), dt.date(2027, 5, 31)
BUDGET_TODAY_MS = 100.0
BUDGET_REPORT_S = 2.0


def _median(fn: Callable[[], object]) -> float:
    fn()
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _school(db: Database) -> None:
    curator = save_person(
        db, PersonData("Лебедева", "Ирина", "Николаевна", position="Заместитель директора по УВР")
    )
    save_school(
        db,
        SchoolData(
            full_name="МБОУ «Замерная СОШ»",
            short_name="МБОУ «Замерная СОШ»",
            locality="с. Замерное",
            founder="Комитет",
            director_last_name="Соколова",
            director_first_name="Татьяна",
            curator_id=curator,
            secretary_id=curator,
            school_year="2026/2027",
        ),
    )
    dirs = [d.id for d in grid_state.directions(db)]
    lv = {x.severity: x.id for x in grid_state.levels(db)}
    mentee_q = qs.list_questionnaires(db, "mentee")[0]
    score = next(x.id for x in mentee_q.questions if x.code == "satisfaction")
    for n in range(PAIRS):
        suffix = "".join("абвгдежзик"[int(c)] for c in str(n))  # names hold no digits
        mentor = save_person(db, PersonData(f"Наставникова-{suffix}", "Анна", "Ивановна"))
        mentee = save_person(db, PersonData(f"Учеников-{suffix}", "Олег", "Петрович"))
        with db.session() as s:
            pair = Pair(mentor_id=mentor, start_date=START, end_date=END, status="active")
            s.add(pair)
            s.flush()
            s.add(PairMentee(pair_id=pair.id, person_id=mentee))
            s.add(PairDirection(pair_id=pair.id, direction_id=dirs[n % 11]))
            pair_id = pair.id
        pid = programs.create_program(db, pair_id, today=START)
        programs.update_note(db, pid, "status", "active")
        with db.session() as s:
            for k in range(ROWS):
                day = START + dt.timedelta(days=7 * k)
                s.add(
                    ProgramItem(
                        program_id=pid,
                        direction_id=dirs[n % 11],
                        seq=k,
                        event_form=f"Мероприятие {k}",
                        start_date=day,
                        end_date=day,
                        mark="done" if day < dt.date(2026, 12, 1) else "planned",
                    )
                )
        for day, sev in ((dt.date(2026, 9, 10), 2), (dt.date(2026, 12, 15), n % 3)):
            diagnostics.save_round(
                db,
                diagnostics.RoundInput(
                    mentee, day, cells=[diagnostics.CellInput(dirs[n % 11], level_id=lv[sev])]
                ),
                today=day,
            )
        for who in (mentee, None):
            qs.save_response(
                db,
                qs.ResponseData(
                    mentee_q.id or 0, pid, who, dt.date(2026, 12, 20), {score or 0: 5 + n % 6}
                ),
            )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, open_workspace(Path(tmp) / "d") as ws:
        _school(ws.db)
        items = len(today.attention(ws.db, TODAY))
        today_s = _median(lambda: today.attention(ws.db, TODAY))
        out = Path(tmp) / "report.docx"
        report_s = _median(
            lambda: run_export(
                ws.db, "report", out, date_from="01.09.2026", date_to="31.12.2026", today=TODAY
            )
        )
        ws.close(backup=False)
    result = {
        "today_ms": round(today_s * 1000, 1),
        "today_items": items,
        "report_s": round(report_s, 3),
        "pairs": PAIRS,
        "rows": PAIRS * ROWS,
    }
    print(
        f"«Сегодня» ({items} строк): {result['today_ms']} мс (бюджет ≤ {BUDGET_TODAY_MS:g}); "
        f"справка: {result['report_s']} с (бюджет ≤ {BUDGET_REPORT_S:g})"
    )
    print("BENCH_RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
