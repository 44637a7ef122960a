"""Format-neutral description of a printed table (columns, rows), shared by XLSX and DOCX writers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One table column: header text, declared width in characters, whether long text wraps.

    The printed width comes from the content (``col_widths``); the declared width shares
    the room of a blank form and of columns left empty."""

    header: str
    width: float
    wrap: bool = True


@dataclass(frozen=True)
class PrintedTable:
    """A table ready for any writer (a base of mentors, the pairs list, a month plan): the
    writers size the columns from the content; row values are plain ``str``, ``int`` or
    ``datetime.date`` (None for an empty date)."""

    sheet_title: str
    title: str
    subtitle: str
    columns: list[Column]
    rows: list[list[object]]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]
