"""Progress of a roadmap: share of items done and the overdue ones, as of a date (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from app.core.textutil import format_date

MARKS = {
    "planned": "запланировано",
    "done": "выполнено",
    "moved": "перенесено",
    "cancelled": "отменено",
}


class ItemDates(NamedTuple):
    """What progress needs of a roadmap row: its mark and dates. A named tuple: the
    programs list builds one for every roadmap row of every program (4,500 in a big
    school) each time «Сегодня» is shown."""

    mark: str
    start_date: dt.date | None
    end_date: dt.date | None
    mark_date: dt.date | None

    @property
    def due(self) -> dt.date | None:
        """When the item should be done: the new date of a moved item, else its end date,
        else its start date; None when it has no dates."""
        if self.mark == "moved" and self.mark_date is not None:
            return self.mark_date
        return self.end_date or self.start_date

    def overdue(self, as_of: dt.date) -> bool:
        """Planned (or moved) and due before ``as_of``."""
        due = self.due
        return self.mark in ("planned", "moved") and due is not None and due < as_of


@dataclass(frozen=True)
class Progress:
    """Counts of a roadmap; ``percent`` is done out of the items not cancelled."""

    total: int
    done: int
    cancelled: int
    overdue: int

    @property
    def percent(self) -> int:
        counted = self.total - self.cancelled
        return round(100 * self.done / counted) if counted else 0


def progress(items: Iterable[ItemDates], as_of: dt.date) -> Progress:
    """Progress of ``items`` as of ``as_of``."""
    total = done = cancelled = overdue = 0
    for item in items:
        total += 1
        if item.mark == "done":
            done += 1
        elif item.mark == "cancelled":
            cancelled += 1
        elif item.overdue(as_of):
            overdue += 1
    return Progress(total, done, cancelled, overdue)


def mark_text(mark: str, mark_date: dt.date | None) -> str:
    """«выполнено 12.10.2026», «перенесено на 20.11.2026», «запланировано»."""
    name = MARKS.get(mark, mark)
    if mark_date is None or mark in ("planned", "cancelled"):
        return name
    day = format_date(mark_date)
    return f"{name} на {day}" if mark == "moved" else f"{name} {day}"
