"""Format-neutral description of a printed table (columns), shared by XLSX and DOCX writers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One table column: header text, width in characters, whether long text wraps."""

    header: str
    width: float
    wrap: bool = True
