"""Shared setup for monitoring tests: a school with pairs, programs, roadmap rows and grids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.models import Pair, PairDirection, PairMentee
from app.models.db import Database
from app.services import diagnostics, grid_state, programs, programs_items
from app.services.persons import PersonData, save_person
from app.services.programs import ItemData

START = dt.date(2026, 9, 1)
END = dt.date(2027, 5, 31)


def teacher(db: Database, last: str, first: str = "Анна", middle: str = "Петровна",
            consent: dt.date | None = dt.date(2026, 9, 1)) -> int:
    return save_person(db, PersonData(last_name=last, first_name=first, middle_name=middle,
                                      position="Учитель", consent_date=consent))


def pair(db: Database, mentor: int, mentees: list[int], directions: list[int],
         start: dt.date = START, end: dt.date = END, status: str = "active") -> int:
    with db.session() as s:
        p = Pair(is_group=len(mentees) > 1, mentor_id=mentor, form="учитель – учитель",
                 kinds=[], start_date=start, end_date=end, status=status)
        s.add(p)
        s.flush()
        for m in mentees:
            s.add(PairMentee(pair_id=p.id, person_id=m))
        for d in directions:
            s.add(PairDirection(pair_id=p.id, direction_id=d, deficit="дефицит"))
        return p.id


def program(db: Database, pair_id: int, start: dt.date = START, end: dt.date = END,
            status: str = "active") -> int:
    pid = programs.create_program(db, pair_id, start=start, end=end, today=start)
    programs.update_note(db, pid, "status", status)
    return pid


def item(db: Database, program_id: int, direction_id: int, form: str, end: dt.date,
         mark: str = "planned", mark_date: dt.date | None = None) -> int:
    return programs_items.add_item(db, program_id, ItemData(
        direction_id, event_form=form, start_date=end, end_date=end, mark=mark,
        mark_date=mark_date))


def levels(db: Database) -> dict[int | None, int]:
    """severity → level id (None: «не оценивалось»)."""
    return {lv.severity: lv.id for lv in grid_state.levels(db)}


def grid_round(db: Database, person: int, date: dt.date, cells: dict[int, int | None]) -> int:
    """A round with direction id → severity (0 none, 1 partial, 2 strong)."""
    lv = levels(db)
    return diagnostics.save_round(db, diagnostics.RoundInput(
        person, date, "самодиагностика",
        cells=[diagnostics.CellInput(did, deficit="есть" if sev else "", level_id=lv[sev])
               for did, sev in cells.items()]), today=date)


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
