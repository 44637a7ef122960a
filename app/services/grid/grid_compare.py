"""Before/after: how a teacher's (or the whole school's) deficits changed between two
diagnostics, direction by direction, with the counts the curator reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from app.core.textutil import format_date
from app.errors import KuratorError
from app.models import DiagnosticEntry, DiagnosticLevel, DiagnosticRound
from app.models.db import Database
from app.services.grid import grid_state
from app.services.grid.grid_state import CellState
from app.services.people import persons

IMPROVED = "improved"
WORSE = "worse"
SAME = "same"
NO_DATA = "no_data"  # one side has no assessed level: nothing to compare


@dataclass(frozen=True)
class Change:
    """One direction of one teacher: the level before and after and what it means."""

    direction_id: int
    before_level_id: int | None
    after_level_id: int | None
    before_severity: int | None
    after_severity: int | None
    status: str


@dataclass
class ChangeCounts:
    """How many cells improved, got worse, stayed, or could not be compared."""

    improved: int = 0
    worse: int = 0
    same: int = 0
    no_data: int = 0

    def add(self, status: str) -> None:
        if status == IMPROVED:
            self.improved += 1
        elif status == WORSE:
            self.worse += 1
        elif status == SAME:
            self.same += 1
        else:
            self.no_data += 1

    def text(self) -> str:
        """«улучшилось: 5, ухудшилось: 1, без изменений: 20» (+ «не с чем сравнить: N»)."""
        out = f"улучшилось: {self.improved}, ухудшилось: {self.worse}, без изменений: {self.same}"
        if self.no_data:
            out += f", не с чем сравнить: {self.no_data}"
        return out


@dataclass
class PersonChanges:
    """One teacher's changes by direction id (directions empty on both sides are left out)."""

    person_id: int
    full_name: str
    changes: dict[int, Change] = field(default_factory=dict)
    counts: ChangeCounts = field(default_factory=ChangeCounts)


@dataclass
class Comparison:
    """The whole answer: what was compared, per teacher, and the totals."""

    before_label: str
    after_label: str
    persons: list[PersonChanges] = field(default_factory=list)
    counts: ChangeCounts = field(default_factory=ChangeCounts)


def change_status(before: int | None, after: int | None) -> str:
    """Lower severity is better; «не оценивалось» or a missing cell on either side is NO_DATA."""
    if before is None or after is None:
        return NO_DATA
    if after < before:
        return IMPROVED
    if after > before:
        return WORSE
    return SAME


_Cell = tuple[int | None, int | None]  # level id, severity


def _compare(
    person_id: int,
    name: str,
    before: dict[int, _Cell],
    after: dict[int, _Cell],
    direction_ids: list[int],
) -> PersonChanges:
    out = PersonChanges(person_id, name)
    for did in direction_ids:
        b, a = before.get(did), after.get(did)
        if b is None and a is None:
            continue
        b_level, b_sev = b if b is not None else (None, None)
        a_level, a_sev = a if a is not None else (None, None)
        status = change_status(b_sev, a_sev)
        out.changes[did] = Change(did, b_level, a_level, b_sev, a_sev, status)
        out.counts.add(status)
    return out


def _round_cells(db: Database, round_id: int) -> tuple[DiagnosticRound, dict[int, _Cell]]:
    with db.session() as s:
        r = s.get(DiagnosticRound, round_id)
        if r is None:
            raise KuratorError("Одна из выбранных диагностик уже удалена; обновите окно.")
        q = (
            select(DiagnosticEntry.direction_id, DiagnosticEntry.level_id, DiagnosticLevel.severity)
            .outerjoin(DiagnosticLevel, DiagnosticLevel.id == DiagnosticEntry.level_id)
            .where(DiagnosticEntry.round_id == round_id)
        )
        cells = {did: (lvl, sev) for did, lvl, sev in s.execute(q)}
        s.expunge(r)
        return r, cells


def round_label(date: dt.date, source: str) -> str:
    """«15.09.2025, самодиагностика»."""
    return format_date(date) + (f", {source}" if source else "")


def compare_rounds(db: Database, before_id: int, after_id: int) -> Comparison:
    """Two rounds of one teacher, over the directions shown in the grid."""
    before, b_cells = _round_cells(db, before_id)
    after, a_cells = _round_cells(db, after_id)
    if before.person_id != after.person_id:
        raise KuratorError("Сравнивать можно только диагностики одного педагога.")
    name = persons.get_person(db, before.person_id).full_name
    dirs = [d.id for d in grid_state.directions(db)]
    pc = _compare(before.person_id, name, b_cells, a_cells, dirs)
    return Comparison(
        round_label(before.date, before.source),
        round_label(after.date, after.source),
        [pc],
        pc.counts,
    )


def _as_pairs(cells: dict[int, CellState]) -> dict[int, _Cell]:
    return {did: (c.level_id, c.severity) for did, c in cells.items()}


def compare_dates(
    db: Database, before: dt.date, after: dt.date, include_archived: bool = False
) -> Comparison:
    """The whole school: every teacher's latest cells as of ``before`` against those as of
    ``after``. Teachers with no data on either date are left out."""
    if after < before:
        raise KuratorError("Вторая дата раньше первой: поменяйте их местами.")
    dirs = [d.id for d in grid_state.directions(db)]
    then = grid_state.latest_cells(db, as_of=before)
    now = grid_state.latest_cells(db, as_of=after)
    out = Comparison(format_date(before), format_date(after))
    for p in persons.list_persons(db, include_archived=include_archived):
        if p.id not in then and p.id not in now:
            continue
        pc = _compare(
            p.id, p.full_name, _as_pairs(then.get(p.id, {})), _as_pairs(now.get(p.id, {})), dirs
        )
        if not pc.changes:
            continue
        out.persons.append(pc)
        for ch in pc.changes.values():
            out.counts.add(ch.status)
    return out
