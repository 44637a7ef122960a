"""Shared setup for monitoring tests: a school with pairs, programs, roadmap rows and grids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.models import Pair, PairDirection, PairMentee
from app.models.db import Database
from app.services.grid import diagnostics, grid_state
from app.services.people.persons import PersonData, save_person
from app.services.programs import programs, programs_items
from app.services.programs.programs import ItemData

START = dt.date(2026, 9, 1)
END = dt.date(2027, 5, 31)


def teacher(
    db: Database,
    last: str,
    first: str = "Анна",
    middle: str = "Петровна",
    consent: dt.date | None = dt.date(2026, 9, 1),
) -> int:
    return save_person(
        db,
        PersonData(
            last_name=last,
            first_name=first,
            middle_name=middle,
            position="Учитель",
            consent_date=consent,
        ),
    )


def pair(
    db: Database,
    mentor: int,
    mentees: list[int],
    directions: list[int],
    start: dt.date = START,
    end: dt.date = END,
    status: str = "active",
) -> int:
    with db.session() as s:
        p = Pair(
            is_group=len(mentees) > 1,
            mentor_id=mentor,
            form="учитель – учитель",
            kinds=[],
            start_date=start,
            end_date=end,
            status=status,
        )
        s.add(p)
        s.flush()
        for m in mentees:
            s.add(PairMentee(pair_id=p.id, person_id=m))
        for d in directions:
            s.add(PairDirection(pair_id=p.id, direction_id=d, deficit="дефицит"))
        return p.id


def program(
    db: Database, pair_id: int, start: dt.date = START, end: dt.date = END, status: str = "active"
) -> int:
    pid = programs.create_program(db, pair_id, start=start, end=end, today=start, fill=False)
    programs.update_note(db, pid, "status", status)
    return pid


def item(
    db: Database,
    program_id: int,
    direction_id: int,
    form: str,
    end: dt.date,
    mark: str = "planned",
    mark_date: dt.date | None = None,
) -> int:
    return programs_items.add_item(
        db,
        program_id,
        ItemData(
            direction_id,
            event_form=form,
            start_date=end,
            end_date=end,
            mark=mark,
            mark_date=mark_date,
        ),
    )


def levels(db: Database) -> dict[int | None, int]:
    """severity → level id (None: «не оценивалось»)."""
    return {lv.severity: lv.id for lv in grid_state.levels(db)}


def grid_round(db: Database, person: int, date: dt.date, cells: dict[int, int | None]) -> int:
    """A round with direction id → severity (0 none, 1 partial, 2 strong)."""
    lv = levels(db)
    return diagnostics.save_round(
        db,
        diagnostics.RoundInput(
            person,
            date,
            "самодиагностика",
            cells=[
                diagnostics.CellInput(did, deficit="есть" if sev else "", level_id=lv[sev])
                for did, sev in cells.items()
            ],
        ),
        today=date,
    )


@dataclass
class School:
    mentor: int
    mentee: int
    pair_id: int
    program_id: int
    dirs: list[int]


def small_school(db: Database) -> School:
    """One active pair with a program on two deficit directions (the 4th and 5th)."""
    dirs = [d.id for d in grid_state.directions(db)]
    mentor = teacher(db, "Кузнецова", "Елена", "Андреевна")
    mentee = teacher(db, "Смирнова", "Ольга", "Ивановна")
    pid = pair(db, mentor, [mentee], [dirs[3], dirs[4]])
    return School(mentor, mentee, pid, program(db, pid), dirs)


def requisites(db: Database, curator: int) -> None:
    from app.services.school.school import SchoolData, save_school

    save_school(
        db,
        SchoolData(
            full_name="Муниципальное бюджетное общеобразовательное учреждение «Берёзовская СОШ»",
            short_name="МБОУ «Берёзовская СОШ»",
            locality="с. Берёзовка",
            founder="Комитет по образованию",
            director_last_name="Соколова",
            director_first_name="Татьяна",
            director_middle_name="Викторовна",
            curator_id=curator,
            secretary_id=curator,
            school_year="2026/2027",
        ),
    )


def reported_school(db: Database) -> School:
    """The small school with requisites, a curator, roadmap rows, grids before/after,
    questionnaire answers and indicators for the autumn of 2026."""
    from app.services.monitoring import monitoring
    from app.services.monitoring import questionnaires as qs

    sch = small_school(db)
    curator = save_person(
        db,
        PersonData(
            last_name="Лебедева",
            first_name="Ирина",
            middle_name="Николаевна",
            position="Заместитель директора по УВР",
        ),
    )
    requisites(db, curator)
    d3, d4 = sch.dirs[3], sch.dirs[4]
    item(
        db,
        sch.program_id,
        d3,
        "Открытый урок",
        dt.date(2026, 10, 15),
        "done",
        dt.date(2026, 10, 15),
    )
    item(db, sch.program_id, d3, "Семинар", dt.date(2026, 11, 20), "done", dt.date(2026, 11, 20))
    item(db, sch.program_id, d4, "Взаимопосещение", dt.date(2026, 12, 10))
    item(db, sch.program_id, d4, "Конкурс", dt.date(2027, 3, 1))
    grid_round(db, sch.mentee, dt.date(2026, 9, 10), {d3: 2, d4: 2})
    grid_round(db, sch.mentee, dt.date(2026, 12, 15), {d3: 0, d4: 1})
    for role, person, score in (("mentee", sch.mentee, 8), ("mentor", sch.mentor, 9)):
        q = qs.list_questionnaires(db, role)[0]
        codes = {x.code: x.id for x in q.questions if x.code}
        qs.save_response(
            db,
            qs.ResponseData(
                q.id or 0,
                sch.program_id,
                person,
                dt.date(2026, 12, 20),
                {codes["satisfaction"] or 0: score, codes["become_mentor"] or 0: 1},
            ),
        )
    monitoring.save_indicators(
        db,
        sch.program_id,
        dt.date(2026, 9, 1),
        dt.date(2026, 12, 31),
        monitoring.Indicators(
            exams="ВПР",
            exam_pupils=20,
            exam_passed=15,
            olympiad_participants=3,
            open_lessons=1,
            risks="Нехватка времени",
        ),
    )
    return sch
