"""Read-only view of the diagnostic grid: directions, levels and each teacher's latest cells.

Shared by the grid itself, mentor suggestions and reports, so "the latest level" means the
same thing everywhere: for each direction, the cell of the most recent round (by date, then
by record number) that has that direction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.sql.elements import ClauseElement

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
        return [
            DirectionInfo(d.id, d.name, d.short_name, d.sort_order, d.hidden) for d in s.scalars(q)
        ]


def levels(db: Database) -> list[LevelInfo]:
    """Levels in legend order."""
    with db.session() as s:
        q = select(DiagnosticLevel).order_by(DiagnosticLevel.sort_order, DiagnosticLevel.id)
        return [
            LevelInfo(lv.id, lv.name, lv.mark, lv.color, lv.severity, lv.sort_order)
            for lv in s.scalars(q)
        ]


def latest_cells(
    db: Database, person_ids: Iterable[int] | None = None, as_of: dt.date | None = None
) -> dict[int, dict[int, CellState]]:
    """person id → direction id → the latest cell (rounds after ``as_of`` are ignored).

    One query over all rounds; newer rounds overwrite older ones while walking in order."""
    wanted = None if person_ids is None else set(person_ids)
    with db.session() as s:
        q = (
            select(
                DiagnosticRound.person_id,
                DiagnosticRound.id,
                DiagnosticRound.date,
                DiagnosticEntry.direction_id,
                DiagnosticEntry.strength,
                DiagnosticEntry.deficit,
                DiagnosticEntry.level_id,
                DiagnosticLevel.severity,
                DiagnosticEntry.priority,
            )
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


class LevelCell(NamedTuple):
    """The latest level of one teacher in one direction, without the texts (for views of
    thousands of teachers; the texts come from :func:`latest_cells` for one teacher).
    A named tuple: 22,000 of them are built in a few milliseconds."""

    direction_id: int
    round_date: dt.date
    level_id: int | None
    severity: int | None
    priority: bool
    has_strength: bool
    has_deficit: bool


def latest_levels(db: Database, as_of: dt.date | None = None) -> dict[int, dict[int, LevelCell]]:
    """person id → direction id → the latest level: the same cell :func:`latest_cells`
    picks (most recent round by date, then record number), without the texts.

    Built for 2,000 teachers × 11 directions in a few tens of milliseconds: one plain scan
    of the cells (four integers a row, the flags packed into one) read through the driver
    without SQLAlchemy's per-row processing; the rounds (one row each) are put in order in
    Python and the cells replayed oldest first, newer ones overwriting older."""
    flags = (
        cast(DiagnosticEntry.priority, Integer)
        + 2 * cast(func.length(DiagnosticEntry.strength) > 0, Integer)
        + 4 * cast(func.length(DiagnosticEntry.deficit) > 0, Integer)
    )
    cells_q = select(
        DiagnosticEntry.round_id, DiagnosticEntry.direction_id, DiagnosticEntry.level_id, flags
    )
    rounds_q = select(DiagnosticRound.id, DiagnosticRound.person_id, DiagnosticRound.date)
    if as_of is not None:
        rounds_q = rounds_q.where(DiagnosticRound.date <= as_of)
    with db.session() as s:
        conn = s.connection()
        severity: dict[int, int | None] = {
            lid: sev
            for lid, sev in conn.execute(select(DiagnosticLevel.id, DiagnosticLevel.severity))
        }

        def raw(stmt: ClauseElement) -> list[Any]:
            if conn.dialect.name != "sqlite":  # a server: its driver's rows are cheap enough
                return [tuple(row) for row in conn.execute(stmt)]  # type: ignore[call-overload]
            # The driver's own cursor: plain tuples, no per-row Row objects.
            sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
            cursor = conn.connection.cursor()
            try:
                cursor.execute(sql)
                return list(cursor.fetchall())
            finally:
                cursor.close()

        rounds = raw(rounds_q)
        cells = raw(cells_q)
    # SQLite keeps dates as ISO text; sorting it sorts the dates, and the C parser is far
    # cheaper than the ORM's.
    rounds.sort(key=lambda r: (r[2], r[0]))
    order = {
        rid: (pos, pid, date if isinstance(date, dt.date) else dt.date.fromisoformat(date))
        for pos, (rid, pid, date) in enumerate(rounds)
    }
    known = [c for c in cells if c[0] in order]
    known.sort(key=lambda c: order[c[0]][0])
    latest: dict[int, dict[int, Any]] = {}
    for cell in known:
        latest.setdefault(order[cell[0]][1], {})[cell[1]] = cell
    new = tuple.__new__  # LevelCell(...) without the generated __new__'s Python frame
    return {
        pid: {
            did: new(
                LevelCell,
                (
                    did,
                    order[rid][2],
                    lid,
                    severity.get(lid),
                    bits & 1 == 1,
                    bits & 2 == 2,
                    bits & 4 == 4,
                ),
            )
            for did, (rid, _did, lid, bits) in by_dir.items()
        }
        for pid, by_dir in latest.items()
    }
