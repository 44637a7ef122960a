"""The school year (учебный год): 1 September to 31 August, written «2026/2027»."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_TEXT = re.compile(r"(\d{4})/(\d{4})")


@dataclass(frozen=True, order=True)
class SchoolYear:
    """A school year by the calendar year of its September; ``str()`` gives «2026/2027»."""

    first: int

    @classmethod
    def of(cls, day: dt.date) -> SchoolYear:
        """The school year a date falls in: September starts a new one."""
        return cls(day.year if day.month >= 9 else day.year - 1)

    @classmethod
    def current(cls, today: dt.date | None = None) -> SchoolYear:
        """The school year of ``today`` (the computer's date when not given)."""
        return cls.of(today or dt.date.today())

    @classmethod
    def parse(cls, text: str) -> SchoolYear:
        """«2026/2027» → the year; ``ValueError`` for anything else,
        including two years that do not follow each other."""
        match = _TEXT.fullmatch(text or "")
        if not match or int(match.group(2)) != int(match.group(1)) + 1:
            raise ValueError(f"not a school year: {text!r}")
        return cls(int(match.group(1)))

    @property
    def start(self) -> dt.date:
        """1 September of the year."""
        return dt.date(self.first, 9, 1)

    @property
    def end(self) -> dt.date:
        """31 August of the next calendar year."""
        return dt.date(self.first + 1, 8, 31)

    def bounds(self) -> tuple[dt.date, dt.date]:
        """(1 September, 31 August)."""
        return self.start, self.end

    def __str__(self) -> str:
        return f"{self.first}/{self.first + 1}"
