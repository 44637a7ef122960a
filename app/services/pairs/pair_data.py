"""The plain data of pairs and groups: list rows and the edit dialog's record.

The values that cross modules (lists, documents, the dialog, the checks); ``pairs`` reads and
saves them. Import them from here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PersonRef:
    """A participant of a pair as documents need them: full name, position and name parts."""

    id: int
    full_name: str
    position: str
    last_name: str
    first_name: str
    middle_name: str
    archived: bool = False


@dataclass(frozen=True)
class DirectionRef:
    """A direction the pair works on, with the deficit text picked from the grid."""

    direction_id: int
    name: str
    deficit: str


@dataclass(frozen=True)
class PairRow:
    """One pair or group as a list, an export or an order reads it.

    ``mentees`` is in name order; a pair has exactly one, a group several; ``directions`` in
    the curator's order of the grid. Dates are
    inclusive. ``status`` is a key of ``STATUS_LABELS`` (``status_label`` its Russian word).
    ``school_year`` is the year the pair starts in («2026/2027»)."""

    id: int
    is_group: bool
    mentor_id: int
    mentor_name: str
    mentor_position: str
    mentor: PersonRef
    mentees: tuple[PersonRef, ...]
    form: str
    kinds: tuple[str, ...]
    role_model: str
    start_date: dt.date
    end_date: dt.date
    status: str
    status_label: str
    mode: str
    schedule: str
    consent_date: dt.date | None
    allowance: str
    order_number: str
    order_date: dt.date | None
    directions: tuple[DirectionRef, ...]
    end_reason: str
    duration_reason: str
    notes: str
    school_year: str

    @property
    def mentee_names(self) -> str:
        """«Петров Пётр Петрович, Сидорова Анна Ивановна»."""
        return ", ".join(m.full_name for m in self.mentees)


@dataclass
class DirectionPick:
    """A direction chosen in the dialog and the deficit text it addresses."""

    direction_id: int
    deficit: str = ""


@dataclass
class PairData:
    """A pair as the edit dialog sees it; ``id`` is None for a new one.

    ``duration_confirmed`` and ``duration_reason`` are required together when the program is
    shorter than 3 months or longer than a year; ``end_reason`` when the status is
    ``ended_early``."""

    mentor_id: int | None = None
    mentee_ids: list[int] = field(default_factory=list)
    is_group: bool = False
    form: str = ""
    kinds: list[str] = field(default_factory=list)
    role_model: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    status: str = "planned"
    schedule: str = ""
    mode: str = ""
    consent_date: dt.date | None = None
    allowance: str = ""
    order_number: str = ""
    order_date: dt.date | None = None
    notes: str = ""
    directions: list[DirectionPick] = field(default_factory=list)
    duration_confirmed: bool = False
    duration_reason: str = ""
    end_reason: str = ""
    id: int | None = None
    # «приказом № 127 от 25.09.2026» when a signed pairs order fixes the pair (read-only:
    # the order number and date then come from that order and cannot be typed over)
    fixed_by: str = ""
    # the end date planned before an early end (read-only; the dialog puts it back when the
    # status leaves «прекращена досрочно», as ``set_status`` does)
    planned_end: dt.date | None = None
    # The record's version when it was read: saving refuses if another user changed it
    # since. Not part of equality: two reads of the same content are the same data.
    version: int | None = field(default=None, compare=False)
