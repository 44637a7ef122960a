"""Diagnostic rounds of a teacher: saving and reading a round with its cells by direction.

Plain dataclasses in and out; every function opens its own unit of work on ``db``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from app.core.textutil import clean_multiline, clean_text
from app.errors import KuratorError, ValidationError
from app.models import DiagnosticEntry, DiagnosticLevel, DiagnosticRound, Direction, Person
from app.models.db import Database
from app.models.versioning import check_seen


@dataclass
class CellInput:
    """One direction of a round: what the teacher is strong at, where they struggle, level."""

    direction_id: int
    strength: str = ""
    deficit: str = ""
    level_id: int | None = None
    priority: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.strength or self.deficit or self.level_id is not None or self.priority)


@dataclass
class RoundInput:
    """A diagnosis of one teacher on one date; ``id`` is None for a new one."""

    person_id: int
    date: dt.date
    source: str = ""
    notes: str = ""
    cells: list[CellInput] = field(default_factory=list)
    id: int | None = None
    # The round's version when it was read: its cells and header are saved against it, and a
    # save refuses if another user changed the round (a cell or the header) since.
    version: int | None = field(default=None, compare=False)


def validate_round(db: Database, data: RoundInput, today: dt.date | None = None) -> None:
    """Raise ``ValidationError`` (field → Russian message) for a round that cannot be saved."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    if data.date is None:
        errors["date"] = "Укажите дату диагностики."
    elif data.date > today:
        errors["date"] = "Дата диагностики не может быть в будущем."
    seen: set[int] = set()
    with db.session() as s:
        person = s.get(Person, data.person_id)
        if person is None:
            errors["person"] = "Педагог не найден: возможно, его уже удалили."
        elif person.archived and data.id is None:
            errors["person"] = (
                "Педагог в архиве: верните его из архива, чтобы провести диагностику."
            )
        elif (
            person.birth_date is not None
            and data.date is not None
            and data.date < person.birth_date
        ):
            errors["date"] = "Дата диагностики раньше даты рождения педагога: проверьте год."
        known_dirs = set(s.scalars(select(Direction.id)))
        known_levels = set(s.scalars(select(DiagnosticLevel.id)))
    for cell in data.cells:
        if cell.direction_id not in known_dirs:
            errors["cells"] = "Одно из направлений удалено из справочника; обновите окно."
        elif cell.direction_id in seen:
            errors["cells"] = "Направление указано в диагностике дважды."
        seen.add(cell.direction_id)
        if cell.level_id is not None and cell.level_id not in known_levels:
            errors["cells"] = "Один из уровней удалён из справочника; обновите окно."
    if errors:
        raise ValidationError(errors)


def save_round(db: Database, data: RoundInput, today: dt.date | None = None) -> int:
    """Validate and store a round with its cells (empty cells are not stored); returns its id.

    Editing replaces the round's cells as a whole, in one transaction."""
    data.source = clean_text(data.source)
    data.notes = clean_multiline(data.notes)
    for cell in data.cells:
        cell.strength = clean_multiline(cell.strength)
        cell.deficit = clean_multiline(cell.deficit)
    validate_round(db, data, today)
    with db.session() as s:
        if data.id is None:
            r = DiagnosticRound(person_id=data.person_id)
            s.add(r)
        else:
            found = s.get(DiagnosticRound, data.id)
            if found is None:
                raise KuratorError("Эта диагностика уже удалена; сохранить изменения нельзя.")
            check_seen(found, data.version)
            r = found
            _touch(r)
        r.date = data.date
        r.source = data.source
        r.notes = data.notes
        by_dir = {e.direction_id: e for e in r.entries}
        keep = {c.direction_id for c in data.cells if not c.is_empty}
        for did, entry in by_dir.items():
            if did not in keep:
                r.entries.remove(entry)
        for cell in data.cells:
            if cell.is_empty:
                continue
            existing = by_dir.get(cell.direction_id)
            if existing is None:
                entry = DiagnosticEntry(direction_id=cell.direction_id)
                r.entries.append(entry)
            else:
                entry = existing
            entry.strength = cell.strength
            entry.deficit = cell.deficit
            entry.level_id = cell.level_id
            entry.priority = cell.priority
        s.flush()
        data.version = r.version
        return r.id


def _touch(r: DiagnosticRound) -> None:
    """Move the round's version on: its cells are rows of their own, so a change of a cell
    alone would leave the round's version as it was and another user's save unchecked."""
    r.version = r.version + 1


def get_round(db: Database, round_id: int) -> RoundInput:
    """A stored round with its non-empty cells; ``KuratorError`` if it is gone."""
    with db.session() as s:
        r = s.get(DiagnosticRound, round_id)
        if r is None:
            raise KuratorError("Эта диагностика уже удалена.")
        cells = [
            CellInput(e.direction_id, e.strength, e.deficit, e.level_id, e.priority)
            for e in r.entries
        ]
        return RoundInput(r.person_id, r.date, r.source, r.notes, cells, r.id, r.version)


@dataclass(frozen=True)
class RoundRow:
    """A line of a teacher's list of diagnostics."""

    id: int
    person_id: int
    date: dt.date
    source: str
    notes: str


def list_rounds(db: Database, person_id: int | None = None) -> list[RoundRow]:
    """Rounds of one teacher (or of everyone), oldest first."""
    with db.session() as s:
        q = select(DiagnosticRound).order_by(DiagnosticRound.date, DiagnosticRound.id)
        if person_id is not None:
            q = q.where(DiagnosticRound.person_id == person_id)
        return [RoundRow(r.id, r.person_id, r.date, r.source, r.notes) for r in s.scalars(q)]


def delete_round(db: Database, round_id: int, seen: int | None = None) -> None:
    """Delete a round with its cells (the UI asks first). Refused (``StaleRecordError``,
    nothing deleted) when another user changed the round or its cells after the card read
    version ``seen`` (None checks nothing); a round already gone is left so."""
    with db.session() as s:
        r = s.get(DiagnosticRound, round_id)
        if r is not None:
            check_seen(r, seen)
            s.delete(r)


def save_cell(db: Database, round_id: int, cell: CellInput, seen: int | None = None) -> int:
    """Store one direction of a stored round as typed (the grid saves each edited cell at
    once); an empty cell removes the stored one. Texts are cleaned like in ``save_round``.

    ``seen`` is the round's version the card read (or got back from its last save): the
    save is refused (``StaleRecordError``, nothing written) when another user changed the
    round since; None checks nothing. Returns the round's new version, for the next save."""
    cell.strength = clean_multiline(cell.strength)
    cell.deficit = clean_multiline(cell.deficit)
    with db.session() as s:
        r = s.get(DiagnosticRound, round_id)
        if r is None:
            raise KuratorError("Эта диагностика уже удалена; сохранить изменения нельзя.")
        if s.get(Direction, cell.direction_id) is None:
            raise KuratorError("Это направление удалено из справочника; обновите окно.")
        if cell.level_id is not None and s.get(DiagnosticLevel, cell.level_id) is None:
            raise KuratorError("Этот уровень удалён из справочника; обновите окно.")
        check_seen(r, seen)
        _touch(r)
        existing = next((e for e in r.entries if e.direction_id == cell.direction_id), None)
        if cell.is_empty:
            if existing is not None:
                r.entries.remove(existing)
        else:
            if existing is None:
                existing = DiagnosticEntry(direction_id=cell.direction_id)
                r.entries.append(existing)
            existing.strength = cell.strength
            existing.deficit = cell.deficit
            existing.level_id = cell.level_id
            existing.priority = cell.priority
        s.flush()
        return r.version


def save_round_header(
    db: Database,
    round_id: int,
    date: dt.date,
    source: str,
    notes: str,
    today: dt.date | None = None,
    seen: int | None = None,
) -> None:
    """Change a stored round's date, source and notes, keeping its cells.

    ``seen`` is the round's version the dialog opened with: refused (``StaleRecordError``,
    nothing written) when another user changed the round since; None checks nothing."""
    data = get_round(db, round_id)
    data.date, data.source, data.notes = date, source, notes
    if seen is not None:
        data.version = seen
    save_round(db, data, today)
