"""The diagnostic grid as plain data for its XLSX and DOCX writers: a teacher's card or the
school's teachers × directions (``app.services.grid.grid_print`` builds them from the database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CARD_TITLE = "Диагностическая карта профессиональных достижений и дефицитов педагога"
SCHOOL_TITLE = "Диагностическая карта профессиональных дефицитов педагогов"
STRENGTHS_ROW = "Достижения и достоинства"
DEFICITS_ROW = "Затруднения и дефициты"
PRIORITY_SIGN = "!"
PRIORITY_LEGEND = f"{PRIORITY_SIGN} — первоочередной дефицит (решать в первую очередь)"
# A card shows at most this many directions side by side; more go into a second table
# (or block of rows) under the first, so each column stays wide enough to read its text.
CARD_BLOCK = 6


def blocks(n: int, size: int = CARD_BLOCK) -> list[range]:
    """``range(n)`` cut into nearly equal consecutive pieces of at most ``size``."""
    if n <= 0:
        return []
    parts = -(-n // size)
    step = -(-n // parts)
    return [range(i, min(i + step, n)) for i in range(0, n, step)]


@dataclass(frozen=True)
class Mark:
    """A level as printed: its mark in the cell, its name in the legend, its fill."""

    id: int
    name: str
    mark: str
    fill: str  # RRGGBB


@dataclass(frozen=True)
class GridDirection:
    """A direction as a column heading: the full name and the (short) label."""

    name: str
    label: str


@dataclass(frozen=True)
class CardColumn:
    """One direction of a teacher's card."""

    direction: str
    short: str
    strength: str
    deficit: str
    level: Mark | None
    priority: bool

    @property
    def mark_line(self) -> str:
        """«В», «В !» (priority) or an empty string when no level was set."""
        mark = self.level.mark if self.level else ""
        return f"{mark} {PRIORITY_SIGN}".strip() if self.priority else mark


@dataclass(frozen=True)
class TeacherCard:
    """The card of one teacher: directions as columns, strengths and deficits as rows."""

    school: str
    teacher: str
    position: str
    as_of: dt.date
    basis: str  # which diagnostic(s) the card shows, in words
    notes: str
    columns: list[CardColumn]
    legend: list[Mark]

    @property
    def title(self) -> str:
        return CARD_TITLE

    @property
    def file_title(self) -> str:
        return f"Диагностическая карта — {self.teacher}"

    @property
    def priorities(self) -> list[str]:
        """Full names of the directions marked первоочередной."""
        return [c.direction for c in self.columns if c.priority]


@dataclass(frozen=True)
class GridCell:
    """A cell of the school grid: the latest level (or none) and the priority flag."""

    level: Mark | None
    priority: bool

    @property
    def text(self) -> str:
        mark = self.level.mark if self.level else ""
        return f"{mark}{PRIORITY_SIGN}" if self.priority and mark else mark


@dataclass(frozen=True)
class GridRow:
    """A teacher of the school grid."""

    person_id: int
    name: str
    position: str
    cells: list[GridCell]


@dataclass(frozen=True)
class SchoolGrid:
    """Teachers × directions, each cell the latest level as of ``as_of``."""

    school: str
    as_of: dt.date
    directions: list[GridDirection]
    rows: list[GridRow]
    legend: list[Mark]

    @property
    def title(self) -> str:
        return SCHOOL_TITLE

    @property
    def file_title(self) -> str:
        return SCHOOL_TITLE

    def counts(self, mark: Mark) -> list[int]:
        """Per direction, how many teachers are at this level."""
        counts = [0] * len(self.directions)
        for row in self.rows:
            for i, cell in enumerate(row.cells):
                if cell.level is not None and cell.level.id == mark.id:
                    counts[i] += 1
        return counts


GridDocument = TeacherCard | SchoolGrid
