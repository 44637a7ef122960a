"""The roadmap of a program: adding, editing, copying, moving and deleting its rows.

Every change is saved at once (the editor saves as the curator types). Deleted rows are
returned whole so the editor's undo can put them back with the same ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import fields, replace

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.core.textutil import clean_multiline, format_date
from app.errors import KuratorError, StaleRecordError, ValidationError
from app.models import Direction, Pair, PairMentee, Program, ProgramItem
from app.models.db import Database
from app.models.versioning import caption, check_seen
from app.services.programs.programs import GONE, ItemData, item_from_row
from app.services.programs.programs_progress import MARKS

TEXT_ITEM_FIELDS = (
    "activity_kind",
    "event_form",
    "place",
    "expected_result",
    "participation",
    "reporting",
    "co_executors",
    "significance",
    "evaluation",
)
DATE_ITEM_FIELDS = ("start_date", "end_date", "mark_date")
ITEM_GONE = "Эта строка дорожной карты уже удалена; обновите программу."
_COPY_FIELDS = [f.name for f in fields(ItemData) if f.name not in ("id", "seq", "version")]


def _clean(item: ItemData) -> ItemData:
    out = replace(item)
    for name in TEXT_ITEM_FIELDS:
        setattr(out, name, clean_multiline(getattr(item, name)))
    return out


def item_errors(item: ItemData) -> dict[str, str]:
    """What makes a row impossible to save (field → Russian message)."""
    errors: dict[str, str] = {}
    if item.direction_id is None:
        errors["direction_id"] = "Укажите направление: без него мероприятие не сохраняется."
    if item.mark not in MARKS:
        errors["mark"] = "Неизвестная отметка о выполнении."
    if item.start_date and item.end_date and item.end_date < item.start_date:
        errors["end_date"] = "Окончание мероприятия раньше его начала."
    return errors


def item_warnings(item: ItemData, start: dt.date, end: dt.date) -> dict[str, str]:
    """Dates outside the program's period (saved, but flagged in the table)."""
    out: dict[str, str] = {}
    span = f"{format_date(start)} – {format_date(end)}"
    for name in DATE_ITEM_FIELDS:
        value = getattr(item, name)
        if value is not None and not start <= value <= end:
            out[name] = f"Дата {format_date(value)} вне срока программы ({span})."
    return out


def _check(s: Session, program_id: int, item: ItemData) -> Program:
    p = s.get(Program, program_id)
    if p is None:
        raise KuratorError(GONE)
    errors = item_errors(item)
    if not errors and s.get(Direction, item.direction_id) is None:
        errors["direction_id"] = "Направление удалено из справочника; выберите другое."
    if item.mentee_id is not None:
        known = s.scalar(
            select(func.count())
            .select_from(PairMentee)
            .where(PairMentee.pair_id == p.pair_id, PairMentee.person_id == item.mentee_id)
        )
        if not known:
            errors["mentee_id"] = "Этот педагог не входит в группу программы."
    if errors:
        raise ValidationError(errors)
    return p


def _write(row: ProgramItem, item: ItemData) -> None:
    for name in _COPY_FIELDS:
        setattr(row, name, getattr(item, name))


def add_item(db: Database, program_id: int, item: ItemData, after_id: int | None = None) -> int:
    """Store a new row (after ``after_id`` when given, else at the end); returns its id.

    ``ValidationError`` when it has no direction or its mark is unknown."""
    with db.session() as s:
        return add_item_in(s, program_id, item, after_id)


def add_item_in(s: Session, program_id: int, item: ItemData, after_id: int | None = None) -> int:
    """``add_item`` inside the caller's transaction."""
    item = _clean(item)
    _check(s, program_id, item)
    rows = list(
        s.scalars(
            select(ProgramItem)
            .where(ProgramItem.program_id == program_id)
            .order_by(ProgramItem.seq, ProgramItem.id)
        )
    )
    at = len(rows)
    if after_id is not None:
        at = next((i + 1 for i, r in enumerate(rows) if r.id == after_id), at)
    row = ProgramItem(program_id=program_id)
    _write(row, item)
    rows.insert(at, row)
    s.add(row)
    for i, r in enumerate(rows):
        r.seq = i
    s.flush()
    return row.id


def get_item(db: Database, item_id: int) -> ItemData:
    with db.session() as s:
        row = s.get(ProgramItem, item_id)
        if row is None:
            raise KuratorError(ITEM_GONE)
        return item_from_row(row)


def update_item(db: Database, item_id: int, seen: int | None = None, **changes: object) -> ItemData:
    """Change some fields of a row (as typed); returns the row as stored, with its new
    ``version`` for the editor's next save.

    Texts are cleaned; a mark of «выполнено» without a date gets today's. ``seen`` is the
    row's version its editor read: the change is refused (``StaleRecordError``, nothing
    written) when another user changed the row since; None checks nothing."""
    with db.session() as s:
        row = s.get(ProgramItem, item_id)
        if row is None:
            raise KuratorError(ITEM_GONE)
        check_seen(row, seen)
        item = replace(item_from_row(row), **changes)  # type: ignore[arg-type]
        if item.mark == "done" and item.mark_date is None and "mark" in changes:
            item.mark_date = dt.date.today()
        if item.mark in ("planned", "cancelled") and "mark" in changes:
            item.mark_date = None
        item = _clean(item)
        _check(s, row.program_id, item)
        _write(row, item)
        s.flush()
        return item_from_row(row)


def delete_items(
    db: Database, item_ids: list[int], seen: Mapping[int, int | None] | None = None
) -> list[tuple[int, ItemData]]:
    """Delete rows; returns (program id, row) of each, for undo.

    ``seen`` maps a row's id to the version its editor holds: when another user changed any
    of the rows since, none is deleted (``StaleRecordError`` naming the row). A row already
    gone is skipped (nothing of it is left to lose)."""
    seen = seen or {}
    out: list[tuple[int, ItemData]] = []
    with db.session() as s:
        for item_id in item_ids:
            row = s.get(ProgramItem, item_id)
            if row is not None:
                check_seen(row, seen.get(item_id))
                out.append((row.program_id, item_from_row(row)))
                s.delete(row)
    return out


def restore_items(db: Database, deleted: list[tuple[int, ItemData]]) -> None:
    """Put deleted rows back with their ids, places and versions (undo of ``delete_items``).

    Refused (``StaleRecordError``, nothing restored) when a row of that id exists again —
    another user restored or re-created it since."""
    with db.session() as s:
        for program_id, item in deleted:
            if s.get(Program, program_id) is None:
                raise KuratorError(GONE)
            existing = s.get(ProgramItem, item.id) if item.id is not None else None
            if existing is not None:
                raise StaleRecordError(caption(ProgramItem.__tablename__, existing))
            row = ProgramItem(program_id=program_id, id=item.id, seq=item.seq)
            _write(row, item)
            s.add(row)
            if item.version:  # the mapper numbers a new row 1: give back the deleted one's
                s.flush()
                s.execute(
                    update(ProgramItem)
                    .where(ProgramItem.id == row.id)
                    .values(version=item.version)
                    .execution_options(synchronize_session=False)
                )


def move_item(db: Database, item_id: int, delta: int, seen: int | None = None) -> bool:
    """Move a row up (-1) or down (+1) among the rows of its direction and module; False
    when it is already first or last there.

    ``seen`` is the row's version its editor holds: refused (``StaleRecordError``) when
    another user changed the row since; None checks nothing."""
    with db.session() as s:
        row = s.get(ProgramItem, item_id)
        if row is None:
            raise KuratorError(ITEM_GONE)
        check_seen(row, seen)
        siblings = list(
            s.scalars(
                select(ProgramItem)
                .where(
                    ProgramItem.program_id == row.program_id,
                    ProgramItem.direction_id == row.direction_id,
                )
                .order_by(ProgramItem.seq, ProgramItem.id)
            )
        )
        siblings = [r for r in siblings if r.mentee_id == row.mentee_id]
        i = siblings.index(row)
        j = i + delta
        if not 0 <= j < len(siblings):
            return False
        other = siblings[j]
        if row.seq == other.seq:  # old rows without a proper order: renumber first
            _renumber(s, row.program_id)
        row.seq, other.seq = other.seq, row.seq
        return True


def _renumber(s: Session, program_id: int) -> None:
    rows = s.scalars(
        select(ProgramItem)
        .where(ProgramItem.program_id == program_id)
        .order_by(ProgramItem.seq, ProgramItem.id)
    )
    for i, r in enumerate(rows):
        r.seq = i
    s.flush()


def copy_item(db: Database, item_id: int, seen: int | None = None) -> int:
    """A copy of a row right under it, marked as planned; returns the new id.

    ``seen`` is the row's version its editor holds: refused (``StaleRecordError``) when
    another user changed the row since (the copy would not be what the curator sees)."""
    with db.session() as s:
        row = s.get(ProgramItem, item_id)
        if row is None:
            raise KuratorError(ITEM_GONE)
        check_seen(row, seen)
        item = item_from_row(row)
        program_id = row.program_id
    copy = replace(item, id=None, mark="planned", mark_date=None, evaluation="")
    return add_item(db, program_id, copy, after_id=item_id)


def copy_to_mentees(
    db: Database,
    program_id: int,
    item_ids: list[int],
    mentee_ids: list[int],
    seen: Mapping[int, int | None] | None = None,
) -> list[int]:
    """Modular copies: each of ``item_ids`` copied into the module of each mentee (marks
    reset to planned). Returns the new ids.

    ``seen`` maps a row's id to the version its editor holds: when another user changed any
    of the rows since, nothing is copied (``StaleRecordError`` naming the row: the copies
    would not be what the curator sees)."""
    seen = seen or {}
    with db.session() as s:
        p = s.get(Program, program_id)
        if p is None:
            raise KuratorError(GONE)
        pair = s.get(Pair, p.pair_id)
        members = {m.person_id for m in pair.mentees} if pair else set()
        items: list[ItemData] = []
        for item_id in item_ids:
            row = s.get(ProgramItem, item_id)
            if row is None:
                raise KuratorError(ITEM_GONE)
            check_seen(row, seen.get(item_id))
            items.append(item_from_row(row))
    strangers = [m for m in mentee_ids if m not in members]
    if strangers:
        raise ValidationError({"mentee_id": "Этот педагог не входит в группу программы."})
    new_ids: list[int] = []
    for mentee in mentee_ids:
        for item in items:
            copy = replace(
                item, id=None, mentee_id=mentee, mark="planned", mark_date=None, evaluation=""
            )
            new_ids.append(add_item(db, program_id, copy))
    return new_ids


def shift_items(db: Database, program_id: int, days: int) -> int:
    """Move every planned row's dates by ``days`` (after the program's start moved);
    returns how many rows changed."""
    with db.session() as s:
        return shift_items_in(s, program_id, days)


def shift_items_in(s: Session, program_id: int, days: int) -> int:
    """``shift_items`` inside the caller's transaction."""
    delta = dt.timedelta(days=days)
    n = 0
    for row in s.scalars(select(ProgramItem).where(ProgramItem.program_id == program_id)):
        if row.mark not in ("planned", "moved"):
            continue
        row.start_date = row.start_date + delta if row.start_date else None
        row.end_date = row.end_date + delta if row.end_date else None
        n += 1
    return n
