"""Read-only view of the diagnostic grid: directions, levels and each teacher's latest cells.

Shared by the grid itself, mentor suggestions and reports, so "the latest level" means the
same thing everywhere: for each direction, the cell of the most recent round (by date, then
by record number) that has that direction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from app.models import DiagnosticEntry, DiagnosticLevel, DiagnosticRound, Direction
from app.models.db import Database


@dataclass(frozen=True)
class DirectionInfo:
    """A column of the grid."""

    id: int
    name: str
    short_name: str
    sort_order: int
    hidden: bool

    @property
    def label(self) -> str:
        """The short heading when there is one, else the full name."""
        return self.short_name or self.name


@dataclass(frozen=True)
class LevelInfo:
    """A level of a deficit; ``severity`` None means «не оценивалось»."""

    id: int
    name: str
    mark: str
    color: str
    severity: int | None
    sort_order: int


@dataclass(frozen=True)
class CellState:
    """The latest known state of one teacher in one direction."""

    direction_id: int
    round_id: int
    round_date: dt.date
    strength: str
    deficit: str
    level_id: int | None
    severity: int | None
    priority: bool


def directions(db: Database, include_hidden: bool = False) -> list[DirectionInfo]:
    """Directions in the curator's order (hidden ones only when asked)."""
    with db.session() as s:
        q = select(Direction).order_by(Direction.sort_order, Direction.id)
        if not include_hidden:
            q = q.where(Direction.hidden.is_(False))
        return [DirectionInfo(d.id, d.name, d.short_name, d.sort_order, d.hidden)
                for d in s.scalars(q)]


def levels(db: Database) -> list[LevelInfo]:
    """Levels in legend order."""
    with db.session() as s:
        q = select(DiagnosticLevel).order_by(DiagnosticLevel.sort_order, DiagnosticLevel.id)
        return [LevelInfo(lv.id, lv.name, lv.mark, lv.color, lv.severity, lv.sort_order)
                for lv in s.scalars(q)]


def latest_cells(
    db: Database, person_ids: Iterable[int] | None = None, as_of: dt.date | None = None
) -> dict[int, dict[int, CellState]]:
    """person id → direction id → the latest cell (rounds after ``as_of`` are ignored).

    One query over all rounds; newer rounds overwrite older ones while walking in order."""
    wanted = None if person_ids is None else set(person_ids)
    with db.session() as s:
        q = (
            select(DiagnosticRound.person_id, DiagnosticRound.id, DiagnosticRound.date,
                   DiagnosticEntry.direction_id, DiagnosticEntry.strength,
                   DiagnosticEntry.deficit, DiagnosticEntry.level_id,
                   DiagnosticLevel.severity, DiagnosticEntry.priority)
            .join(DiagnosticEntry, DiagnosticEntry.round_id == DiagnosticRound.id)
            .outerjoin(DiagnosticLevel, DiagnosticLevel.id == DiagnosticEntry.level_id)
            .order_by(DiagnosticRound.date, DiagnosticRound.id)
        )
        if as_of is not None:
            q = q.where(DiagnosticRound.date <= as_of)
        if wanted is not None and len(wanted) < 500:
            q = q.where(DiagnosticRound.person_id.in_(wanted))
        out: dict[int, dict[int, CellState]] = {}
        for pid, rid, rdate, did, strength, deficit, level_id, severity, priority in s.execute(q):
            if wanted is not None and pid not in wanted:
                continue
            out.setdefault(pid, {})[did] = CellState(
                did, rid, rdate, strength, deficit, level_id, severity, bool(priority)
            )
        return out
