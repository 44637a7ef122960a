"""Monitoring indicators per program and period (two stages), and deficits before/after.

Stage 1 (the process) is entered by the curator; stage 2 (the influence) adds figures the
app computes: the mentees' deficits at the start and at the end of the period from the grid,
satisfaction and the «plans to become a mentor / mentee» answers from the questionnaires."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from sqlalchemy import select

from app.core.textutil import clean_multiline, clean_text
from app.errors import KuratorError, StaleRecordError, ValidationError
from app.models import PairMentee, Program, ProgramDirection
from app.models.db import Database
from app.models.monitoring import MonitoringRecord
from app.services.grid import grid_state
from app.services.grid.grid_compare import IMPROVED, change_status

# The starting diagnostics are made in a program's first weeks: cells up to this many days
# after the start count as «before».
START_GRACE_DAYS = 30

COUNT_FIELDS = (
    "exam_pupils",
    "exam_passed",
    "olympiad_participants",
    "olympiad_winners",
    "open_lessons",
    "competitions",
    "publications",
    "wants_mentor",
    "wants_mentee",
)
TEXT_FIELDS = ("pupils_dynamics", "joint_projects", "risks", "activity_notes", "influence_notes")
LABELS = {
    "exams": "Какие работы (ВПР, ОГЭ, ЕГЭ)",
    "exam_pupils": "Учеников наставляемого писали",
    "exam_passed": "Из них успешно",
    "olympiad_participants": "Участников олимпиад",
    "olympiad_winners": "Победителей и призёров",
    "pupils_dynamics": "Динамика успеваемости учеников",
    "joint_projects": "Совместные проекты",
    "risks": "Риски программы",
    "open_lessons": "Открытых уроков",
    "competitions": "Конкурсов",
    "publications": "Публикаций",
    "activity_notes": "Другая профессиональная активность",
    "wants_mentor": "Планируют стать наставниками",
    "wants_mentee": "Планируют стать наставляемыми",
    "influence_notes": "Влияние на участников (мотивация, адаптация, инновации)",
}


@dataclass
class Indicators:
    """What the curator enters for one program and period (None: not entered), and the
    version of the stored record it was read from (0: nothing stored; not compared)."""

    exams: str = ""
    exam_pupils: int | None = None
    exam_passed: int | None = None
    olympiad_participants: int | None = None
    olympiad_winners: int | None = None
    pupils_dynamics: str = ""
    joint_projects: str = ""
    risks: str = ""
    open_lessons: int | None = None
    competitions: int | None = None
    publications: int | None = None
    activity_notes: str = ""
    wants_mentor: int | None = None
    wants_mentee: int | None = None
    influence_notes: str = ""
    version: int = field(default=0, compare=False)

    @property
    def exam_share(self) -> float | None:
        """Share (0–1) of the mentee's pupils who passed, None when not entered."""
        if not self.exam_pupils or self.exam_passed is None:
            return None
        return self.exam_passed / self.exam_pupils

    @property
    def empty(self) -> bool:
        return self == Indicators()


def indicator_errors(data: Indicators) -> dict[str, str]:
    """Field → Russian message: counts are whole numbers ≥ 0, parts not above their whole."""
    errors: dict[str, str] = {}
    for name in COUNT_FIELDS:
        value = getattr(data, name)
        if value is not None and (not isinstance(value, int) or value < 0):
            errors[name] = "Нужно целое число не меньше нуля."
    if (
        data.exam_passed is not None
        and data.exam_pupils is not None
        and data.exam_passed > data.exam_pupils
        and "exam_passed" not in errors
    ):
        errors["exam_passed"] = "Успешно написавших не может быть больше, чем писавших."
    if (
        data.olympiad_winners is not None
        and data.olympiad_participants is not None
        and data.olympiad_winners > data.olympiad_participants
    ):
        errors["olympiad_winners"] = "Победителей не может быть больше, чем участников."
    return errors


def period_errors(start: dt.date | None, end: dt.date | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if start is None:
        errors["date_from"] = "Укажите начало периода."
    if end is None:
        errors["date_to"] = "Укажите конец периода."
    if start and end and end < start:
        errors["date_to"] = "Конец периода раньше его начала."
    return errors


def _from_row(r: MonitoringRecord) -> Indicators:
    return Indicators(**{f.name: getattr(r, f.name) for f in fields(Indicators)})


def get_indicators(db: Database, program_id: int, start: dt.date, end: dt.date) -> Indicators:
    """The indicators entered for exactly this program and period (empty if none)."""
    with db.session() as s:
        r = s.scalar(
            select(MonitoringRecord).where(
                MonitoringRecord.program_id == program_id,
                MonitoringRecord.period_start == start,
                MonitoringRecord.period_end == end,
            )
        )
        return _from_row(r) if r is not None else Indicators()


def save_indicators(
    db: Database,
    program_id: int,
    start: dt.date,
    end: dt.date,
    data: Indicators,
    seen: int | None = None,
) -> int:
    """Save (create or replace) the indicators of a program for a period; empty ones remove
    the record. Returns the record's new version (0: no record stored).

    ``seen`` is the version the editor read (0: it read no record; None checks nothing):
    refused (``StaleRecordError``, nothing written) when another user stored, changed or
    removed the record since."""
    errors = {**period_errors(start, end), **indicator_errors(data)}
    if errors:
        raise ValidationError(errors)
    with db.session() as s:
        if s.get(Program, program_id) is None:
            raise KuratorError("Программа не найдена: возможно, её уже удалили.")
        r = s.scalar(
            select(MonitoringRecord).where(
                MonitoringRecord.program_id == program_id,
                MonitoringRecord.period_start == start,
                MonitoringRecord.period_end == end,
            )
        )
        if seen is not None and (0 if r is None else r.version) != seen:
            raise StaleRecordError(f"Показатели мониторинга за {start:%d.%m.%Y} – {end:%d.%m.%Y}")
        if data.empty:
            if r is not None:
                s.delete(r)
            return 0
        if r is None:
            r = MonitoringRecord(program_id=program_id, period_start=start, period_end=end)
            s.add(r)
        r.exams = clean_text(data.exams)
        for name in COUNT_FIELDS:
            setattr(r, name, getattr(data, name))
        for name in TEXT_FIELDS:
            setattr(r, name, clean_multiline(getattr(data, name)))
        s.flush()
        return r.version


def indicators_for_period(db: Database, start: dt.date, end: dt.date) -> dict[int, Indicators]:
    """Program id → the indicators whose period overlaps ``start``–``end`` (the one ending
    latest when there are several)."""
    with db.session() as s:
        q = (
            select(MonitoringRecord)
            .where(MonitoringRecord.period_start <= end, MonitoringRecord.period_end >= start)
            .order_by(MonitoringRecord.period_end, MonitoringRecord.id)
        )
        return {r.program_id: _from_row(r) for r in s.scalars(q)}


# --- deficits before / after ---------------------------------------------------------------


@dataclass
class DeficitRow:
    """A direction: mentees with a deficit (severity above 0) before and after, and how many
    cells got better."""

    direction_id: int
    name: str
    before: int = 0
    after: int = 0
    improved: int = 0
    compared: int = 0


def deficits(db: Database, program_ids: Iterable[int], as_of: dt.date) -> list[DeficitRow]:
    """Deficits of the programs' mentees by the programs' deficit directions: at the start
    (cells up to ``START_GRACE_DAYS`` after each program's start) against ``as_of``; rows
    in the grid's direction order, directions nobody was assessed in left out."""
    wanted = set(program_ids)
    with db.session() as s:
        progs = [p for p in s.scalars(select(Program)) if p.id in wanted]
        mentees: dict[int, list[int]] = {}
        for pm in s.scalars(select(PairMentee)):
            mentees.setdefault(pm.pair_id, []).append(pm.person_id)
        dirs: dict[int, list[int]] = {}
        for d in s.scalars(select(ProgramDirection).where(ProgramDirection.focus == "deficit")):
            dirs.setdefault(d.program_id, []).append(d.direction_id)
        plan = [(p.start_date, mentees.get(p.pair_id, []), dirs.get(p.id, [])) for p in progs]
    info = {d.id: d for d in grid_state.directions(db, include_hidden=True)}
    rows: dict[int, DeficitRow] = {}
    after_cells = grid_state.latest_cells(db, {m for _, ms, _ in plan for m in ms}, as_of)
    for start, people, dir_ids in plan:
        before_cells = grid_state.latest_cells(
            db, people, min(as_of, start + dt.timedelta(days=START_GRACE_DAYS))
        )
        for pid in people:
            for did in dir_ids:
                b = before_cells.get(pid, {}).get(did)
                a = after_cells.get(pid, {}).get(did)
                if b is None and a is None or did not in info:
                    continue
                row = rows.setdefault(did, DeficitRow(did, info[did].name))
                b_sev = b.severity if b else None
                a_sev = a.severity if a else None
                row.before += 1 if b_sev else 0
                row.after += 1 if a_sev else 0
                if b is not None and a is not None and b.round_id != a.round_id:
                    status = change_status(b_sev, a_sev)
                    row.compared += 1 if b_sev is not None and a_sev is not None else 0
                    row.improved += 1 if status == IMPROVED else 0
    return sorted(rows.values(), key=lambda r: (info[r.direction_id].sort_order, r.direction_id))
