"""The record around a roadmap: directions and reflection, history of changes, the mentor's
diary and the self-assessment sheet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.core.textutil import clean_multiline, format_date
from app.errors import KuratorError, ValidationError
from app.models import (
    Direction,
    Pair,
    PairMentee,
    Program,
    ProgramAssessment,
    ProgramDiaryEntry,
    ProgramDirection,
    ProgramEvent,
    ProgramItem,
)
from app.models.db import Database
from app.models.versioning import check_seen
from app.services.programs import programs_items
from app.services.programs.programs import GONE, STATUSES, term_errors, validate_period

EVENT_NAMES = {
    "created": "создана",
    "prolonged": "продлена",
    "shortened": "сокращена",
    "plan_changed": "изменён план",
    "status": "смена состояния",
    "period": "изменены сроки",
    "ended_early": "прекращена досрочно",
}
FOCUS_NAMES = {"deficit": "устранение дефицита", "strength": "развитие сильной стороны"}


# --- directions and reflection ---------------------------------------------------------------


def add_direction(
    db: Database, program_id: int, direction_id: int, focus: str = "deficit", deficit: str = ""
) -> None:
    """Add a direction to the roadmap (at the end); a direction already there is left as is."""
    with db.session() as s:
        add_direction_in(s, program_id, direction_id, focus, deficit)


def add_direction_in(
    s: Session, program_id: int, direction_id: int, focus: str = "deficit", deficit: str = ""
) -> None:
    """``add_direction`` inside the caller's transaction."""
    if focus not in FOCUS_NAMES:
        raise ValidationError({"focus": "Неизвестная цель направления."})
    p = s.get(Program, program_id)
    if p is None:
        raise KuratorError(GONE)
    if s.get(Direction, direction_id) is None:
        raise ValidationError({"direction_id": "Направление удалено из справочника."})
    if any(d.direction_id == direction_id for d in p.directions):
        return
    last = max((d.sort_order for d in p.directions), default=-1)
    p.directions.append(
        ProgramDirection(
            direction_id=direction_id,
            sort_order=last + 1,
            focus=focus,
            deficit=clean_multiline(deficit),
        )
    )


def update_direction(
    db: Database, program_id: int, direction_id: int, seen: int | None = None, **changes: Any
) -> int:
    """Change focus, priority, deficit text, reflection or ``continue_next_year``; returns
    the direction's new version (for the editor's next save).

    ``seen`` is the version the editor read: refused (``StaleRecordError``, nothing written)
    when another user changed the direction since; None checks nothing."""
    with db.session() as s:
        row = update_direction_in(s, program_id, direction_id, seen, **changes)
        s.flush()
        return row.version


def update_direction_in(
    s: Session, program_id: int, direction_id: int, seen: int | None = None, **changes: Any
) -> ProgramDirection:
    """``update_direction`` inside the caller's transaction; returns the row."""
    allowed = {"focus", "priority", "deficit", "reflection", "continue_next_year", "sort_order"}
    unknown = set(changes) - allowed
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))
    if "focus" in changes and changes["focus"] not in FOCUS_NAMES:
        raise ValidationError({"focus": "Неизвестная цель направления."})
    s.flush()  # a direction added just before in this transaction is found by get()
    row = s.get(ProgramDirection, (program_id, direction_id))
    if row is None:
        raise KuratorError("Этого направления уже нет в программе.")
    check_seen(row, seen)
    for name, value in changes.items():
        setattr(row, name, clean_multiline(value) if name in ("deficit", "reflection") else value)
    return row


def remove_direction(db: Database, program_id: int, direction_id: int) -> None:
    """Take a direction out of the roadmap; refused while it still has rows."""
    with db.session() as s:
        n = (
            s.scalar(
                select(func.count())
                .select_from(ProgramItem)
                .where(
                    ProgramItem.program_id == program_id, ProgramItem.direction_id == direction_id
                )
            )
            or 0
        )
        if n:
            raise KuratorError(
                f"В этом направлении {n} мероприятий: сначала удалите или "
                "перенесите их в другое направление."
            )
        s.execute(
            delete(ProgramDirection).where(
                ProgramDirection.program_id == program_id,
                ProgramDirection.direction_id == direction_id,
            )
        )


# --- history -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    id: int
    date: dt.date
    kind: str
    reason: str
    details: dict[str, Any]

    @property
    def kind_name(self) -> str:
        return EVENT_NAMES.get(self.kind, self.kind)

    @property
    def summary(self) -> str:
        """«срок окончания: 31.05.2027 → 30.06.2027» and the like."""
        parts = []
        for key, value in self.details.items():
            if isinstance(value, list) and len(value) == 2:
                label = {
                    "end_date": "окончание",
                    "start_date": "начало",
                    "status": "состояние",
                }.get(key, key)
                old, new = (
                    format_date(dt.date.fromisoformat(v))
                    if key.endswith("date") and isinstance(v, str)
                    else STATUSES.get(str(v), str(v))
                    if key == "status"
                    else str(v)
                    for v in value
                )
                parts.append(f"{label}: {old} → {new}")
        return "; ".join(parts)


def history(db: Database, program_id: int) -> list[EventRow]:
    with db.session() as s:
        q = (
            select(ProgramEvent)
            .where(ProgramEvent.program_id == program_id)
            .order_by(ProgramEvent.date, ProgramEvent.id)
        )
        return [EventRow(e.id, e.date, e.kind, e.reason, dict(e.details)) for e in s.scalars(q)]


def change_period(
    db: Database,
    program_id: int,
    start: dt.date | None,
    end: dt.date | None,
    reason: str,
    date: dt.date | None = None,
    shift_plan: bool = False,
) -> str:
    """Prolong, shorten or move the program (agreed with the curator): the change and its
    reason go into the history. With ``shift_plan`` the planned rows move with the start,
    in the same transaction as the new dates. The period must stay within the pair's term:
    to go beyond it the pair is prolonged first (``pairs.change_end_date``).
    Returns the event kind recorded."""
    reason = clean_multiline(reason)
    errors = validate_period(start, end)
    if not reason:
        errors["reason"] = "Укажите причину изменения сроков."
    if errors:
        raise ValidationError(errors)
    assert start is not None and end is not None
    with db.session() as s:
        p = s.get(Program, program_id)
        if p is None:
            raise KuratorError(GONE)
        pair = s.get(Pair, p.pair_id)
        assert pair is not None
        errors = term_errors(pair, start, end)
        if errors:
            raise ValidationError(errors)
        old_start, old_end = p.start_date, p.end_date
        if (old_start, old_end) == (start, end):
            raise ValidationError({"end_date": "Сроки не изменились."})
        kind = (
            "prolonged"
            if end > old_end and start == old_start
            else "shortened"
            if end < old_end and start == old_start
            else "period"
        )
        details: dict[str, Any] = {}
        if start != old_start:
            details["start_date"] = [old_start.isoformat(), start.isoformat()]
        if end != old_end:
            details["end_date"] = [old_end.isoformat(), end.isoformat()]
        p.start_date, p.end_date = start, end
        s.add(
            ProgramEvent(
                program_id=program_id,
                date=date or dt.date.today(),
                kind=kind,
                reason=reason,
                details=details,
            )
        )
        if shift_plan and start != old_start:
            programs_items.shift_items_in(s, program_id, (start - old_start).days)
        return kind


def close_for_pair(s: Session, pair_id: int, on: dt.date, reason: str) -> list[int]:
    """Mark the pair's draft and active programs «прекращена досрочно» on ``on`` (called by
    ``pairs.end_early`` inside its transaction); each gets a history event with the reason.
    Returns the ids closed.

    The programs keep their roadmap and diary; an end date after ``on`` becomes ``on``
    (the change kept in the event). Reviving the pair later does not
    revive its programs: the curator sets the program's state again in its note."""
    closed: list[int] = []
    q = (
        select(Program)
        .where(Program.pair_id == pair_id, Program.status.in_(("draft", "active")))
        .order_by(Program.id)
    )
    for p in s.scalars(q):
        details: dict[str, Any] = {"status": [p.status, "ended_early"]}
        if p.start_date <= on < p.end_date:  # the program stops where the pair stopped
            details["end_date"] = [p.end_date.isoformat(), on.isoformat()]
            p.end_date = on
        s.add(
            ProgramEvent(
                program_id=p.id,
                date=on,
                kind="ended_early",
                reason=clean_multiline(reason),
                details=details,
            )
        )
        p.status = "ended_early"
        closed.append(p.id)
    return closed


def record_plan_change(db: Database, program_id: int, date: dt.date, reason: str) -> int:
    """A change of the plan agreed with the curator (what and why), kept in the history."""
    reason = clean_multiline(reason)
    if not reason:
        raise ValidationError({"reason": "Опишите, что изменено в плане и почему."})
    with db.session() as s:
        if s.get(Program, program_id) is None:
            raise KuratorError(GONE)
        e = ProgramEvent(
            program_id=program_id, date=date, kind="plan_changed", reason=reason, details={}
        )
        s.add(e)
        s.flush()
        return e.id


# --- the mentor's diary --------------------------------------------------------------------


@dataclass
class DiaryEntry:
    date: dt.date
    topic: str = ""
    work_form: str = ""
    outcome: str = ""
    recommendations: str = ""
    id: int | None = None
    # The line's version when read: a save over another user's newer change is refused.
    version: int | None = None


DIARY_GONE = "Эта запись дневника уже удалена."
_DIARY_TEXT = ("topic", "work_form", "outcome", "recommendations")


def diary(db: Database, program_id: int) -> list[DiaryEntry]:
    with db.session() as s:
        q = (
            select(ProgramDiaryEntry)
            .where(ProgramDiaryEntry.program_id == program_id)
            .order_by(ProgramDiaryEntry.date, ProgramDiaryEntry.id)
        )
        return [
            DiaryEntry(e.date, e.topic, e.work_form, e.outcome, e.recommendations, e.id, e.version)
            for e in s.scalars(q)
        ]


def save_diary_entry(db: Database, program_id: int, entry: DiaryEntry) -> int:
    """Add or change a diary line; ``ValidationError`` without a date or a topic.

    A changed line is saved against ``entry.version`` (the one its editor read): refused
    (``StaleRecordError``, nothing written) when another user changed it since."""
    errors = {}
    if entry.date is None:
        errors["date"] = "Укажите дату записи."
    if not clean_multiline(entry.topic):
        errors["topic"] = "Укажите тему встречи."
    if errors:
        raise ValidationError(errors)
    with db.session() as s:
        if s.get(Program, program_id) is None:
            raise KuratorError(GONE)
        if entry.id is None:
            row = ProgramDiaryEntry(program_id=program_id)
            s.add(row)
        else:
            found = s.get(ProgramDiaryEntry, entry.id)
            if found is None:
                raise KuratorError(DIARY_GONE)
            check_seen(found, entry.version)
            row = found
        row.date = entry.date
        for name in _DIARY_TEXT:
            setattr(row, name, clean_multiline(getattr(entry, name)))
        s.flush()
        return row.id


def delete_diary_entry(db: Database, entry_id: int, seen: int | None = None) -> None:
    """Delete a diary line; refused (``StaleRecordError``) when another user changed it
    after its editor read version ``seen`` (None checks nothing). A line already gone is
    left so."""
    with db.session() as s:
        row = s.get(ProgramDiaryEntry, entry_id)
        if row is not None:
            check_seen(row, seen)
            s.delete(row)


# --- the self-assessment sheet ---------------------------------------------------------------


@dataclass
class Assessment:
    person_id: int
    direction_id: int
    level_start_id: int | None = None
    level_end_id: int | None = None
    comment: str = ""
    # The mark's version when read; 0: read as not stored yet (a mark another user stored
    # since is then not overwritten); None checks nothing.
    version: int | None = None


def assessments(db: Database, program_id: int) -> list[Assessment]:
    with db.session() as s:
        q = select(ProgramAssessment).where(ProgramAssessment.program_id == program_id)
        return [
            Assessment(
                a.person_id,
                a.direction_id,
                a.level_start_id,
                a.level_end_id,
                a.comment,
                a.version,
            )
            for a in s.scalars(q)
        ]


def save_assessment(db: Database, program_id: int, a: Assessment) -> int:
    """Store one mentee's levels in one direction (replacing what was there); returns the
    mark's new version.

    Saved against ``a.version`` (see ``Assessment``): refused (``StaleRecordError``, nothing
    written) when another user stored or changed the mark since."""
    with db.session() as s:
        p = s.get(Program, program_id)
        if p is None:
            raise KuratorError(GONE)
        member = s.get(PairMentee, (p.pair_id, a.person_id))
        if member is None:
            raise ValidationError({"person_id": "Этот педагог не участвует в программе."})
        row = s.scalars(
            select(ProgramAssessment).where(
                ProgramAssessment.program_id == program_id,
                ProgramAssessment.person_id == a.person_id,
                ProgramAssessment.direction_id == a.direction_id,
            )
        ).first()
        if row is None:
            row = ProgramAssessment(
                program_id=program_id, person_id=a.person_id, direction_id=a.direction_id
            )
            s.add(row)
        else:
            check_seen(row, a.version)
        row.level_start_id = a.level_start_id
        row.level_end_id = a.level_end_id
        row.comment = clean_multiline(a.comment)
        s.flush()
        return row.version
