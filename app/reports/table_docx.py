"""A single titled table as DOCX (a base on its own, outside an order's package)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from app.reports.docx_layer import DocBuilder
from app.reports.docx_tables import needs_landscape
from app.reports.page_settings import PageSettings
from app.reports.table import Column


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def write_table_docx(
    path: Path,
    title: str,
    subtitle: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    settings: PageSettings | None = None,
) -> Path:
    """Heading, optional subtitle and the table, in a landscape page when it is wide."""
    b = DocBuilder(settings, title=title)
    cells = [[_cell(v) for v in row] for row in rows]
    if needs_landscape(list(columns), b.settings.table_size, b.settings, cells):
        b.start_section(landscape=True)
    b.heading(title, space_before=0, space_after=6 if subtitle else 12)
    if subtitle:
        b.paragraph(subtitle, align="center", indent=False, space_after=12)
    b.add_table(list(columns), cells)
    return b.save(path)
