"""The school-wide grid: one row per teacher with the latest cell in every direction, plus
the keys the window filters and sorts by (computed once here, never per comparison)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import select

from app.core.textutil import full_name
from app.models import MenteeProfile, MentorProfile, Person
from app.models.db import Database
from app.services.grid import grid_state
from app.services.grid.grid_state import LevelCell, LevelInfo

_SUBJECT_SPLIT = re.compile(r"[;,/]")


@dataclass(frozen=True)
class SchoolRow:
    """A teacher in the school view: who they are and their latest cell per direction."""

    person_id: int
    full_name: str
    position: str
    subjects: str
    is_mentor: bool
    is_mentee: bool
    archived: bool
    cells: dict[int, LevelCell] = field(default_factory=dict)

    @property
    def subject_list(self) -> list[str]:
        """Subjects as separate items («Русский язык; литература» → two)."""
        return split_subjects(self.subjects)

    def count_at(self, severity: int | None) -> int:
        """How many directions are at exactly ``severity`` (e.g. the red ones)."""
        if severity is None:
            return 0
        return sum(1 for c in self.cells.values() if c.severity == severity)

    def worst(self) -> int | None:
        """The highest severity over all directions, None when nothing is assessed."""
        known = [c.severity for c in self.cells.values() if c.severity is not None]
        return max(known) if known else None

    def strengths(self) -> int:
        """How many directions have a strength written down."""
        return sum(1 for c in self.cells.values() if c.has_strength)


def split_subjects(text: str) -> list[str]:
    """«Русский язык; литература» → ['Русский язык', 'литература'] (blanks dropped)."""
    return [p.strip() for p in _SUBJECT_SPLIT.split(text or "") if p.strip()]


def school_rows(
    db: Database, include_archived: bool = False, as_of: dt.date | None = None
) -> list[SchoolRow]:
    """Every teacher (archived ones only when asked) with their latest levels, by name.

    Two plain queries (who, and the latest level per direction): 2,000 teachers load in a
    few tens of milliseconds; the texts of a cell are read on demand (:func:`cell_texts`)."""
    q = (
        select(
            Person.id,
            Person.last_name,
            Person.first_name,
            Person.middle_name,
            Person.position,
            Person.subjects,
            Person.archived,
            MentorProfile.person_id,
            MenteeProfile.person_id,
        )
        .outerjoin(MentorProfile, MentorProfile.person_id == Person.id)
        .outerjoin(MenteeProfile, MenteeProfile.person_id == Person.id)
        .order_by(Person.last_name, Person.first_name, Person.middle_name)
    )
    if not include_archived:
        q = q.where(Person.archived.is_(False))
    with db.session() as s:
        people = s.connection().execute(q).all()  # plain rows: no ORM loading step
    cells = grid_state.latest_levels(db, as_of=as_of)
    return [
        SchoolRow(
            pid,
            full_name(last, first, middle),
            position,
            subjects,
            mentor is not None,
            mentee is not None,
            archived,
            cells.get(pid, {}),
        )
        for pid, last, first, middle, position, subjects, archived, mentor, mentee in people
    ]


def cell_texts(db: Database, person_id: int) -> dict[int, tuple[str, str]]:
    """direction id → (strength, deficit) of a teacher's latest cells (for a tooltip)."""
    cells = grid_state.latest_cells(db, [person_id]).get(person_id, {})
    return {did: (c.strength, c.deficit) for did, c in cells.items()}


def top_severity(levels: list[LevelInfo]) -> int | None:
    """The severity of the worst level («выраженный дефицит»), None when no level has one."""
    known = [lv.severity for lv in levels if lv.severity is not None]
    return max(known) if known else None


def direction_sort_key(row: SchoolRow, direction_id: int) -> int:
    """Sort key of a cell in a direction, worst first when sorted descending: the severity;
    «не оценивалось» -1 and an empty cell -2, so both stay below any assessed level."""
    cell = row.cells.get(direction_id)
    if cell is None:
        return -2
    return -1 if cell.severity is None else cell.severity


def red_sort_key(row: SchoolRow, top: int | None) -> tuple[int, int, int]:
    """Sort key for «больше всего красных»: red cells, then priority flags among them, then
    the cells at the next level down."""
    if top is None:
        return (0, 0, 0)
    red = row.count_at(top)
    flagged = sum(1 for c in row.cells.values() if c.severity == top and c.priority)
    return (red, flagged, row.count_at(top - 1))


def passes_min_level(row: SchoolRow, min_severity: int | None) -> bool:
    """Whether the teacher has at least one direction at ``min_severity`` or worse (None: any)."""
    if min_severity is None:
        return True
    worst = row.worst()
    return worst is not None and worst >= min_severity
