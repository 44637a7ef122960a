"""The half-year report (справка) on mentoring as DOCX, through the shared layer, with charts."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table

from app.reports import charts
from app.reports.docx_layer import DocBuilder
from app.reports.docx_text import list_items
from app.reports.page_settings import PageSettings
from app.reports.table import Column

BEFORE_COLOR = "F4A6A6"  # the grid's «выраженный дефицит» red, light enough under black digits
AFTER_COLOR = "9DC3E6"
CHART_KEY = "Число под столбцами диаграммы — номер строки в таблице ниже (графа «№»)."
SCORE_COLORS = {"mentee": "A9D18E", "mentor": "FFD966"}
# The recommendations are a dash list after this sentence, punctuated as the orders' lists.
RECOMMENDATIONS_LEAD = "По итогам мониторинга рекомендуется:"


@dataclass
class TableBlock:
    """A titled table: ``caption`` above it, optional ``fills`` (cell colours) and a note."""

    caption: str
    columns: list[Column]
    rows: list[list[str]]
    fills: list[list[str | None]] | None = None
    note: str = ""


@dataclass
class ChartBlock:
    """A bar chart (PNG bytes) with its caption; the table under it names the bars."""

    caption: str
    png: bytes
    table: TableBlock


@dataclass
class Section:
    """A numbered part of the report: paragraphs, then tables and charts in order."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    blocks: list[TableBlock | ChartBlock] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)  # paragraphs after the blocks


@dataclass
class HalfYearReport:
    """Everything printed in the report (built by ``services.halfyear_report``)."""

    org_name: str
    founder: str
    title: str  # «О результатах …» (the document kind «СПРАВКА» is printed above it)
    date_place: str  # «20.12.2026, с. Берёзовка»
    sections: list[Section]
    conclusions: list[str]
    recommendations: list[str]
    signer_position: str
    signer_name: str
    acquaintance: list[str]


def _shade(table: Table, fills: list[list[str | None]] | None) -> None:
    """Shade body cells (``fills`` parallel to the rows, colours ``RRGGBB``): the colour
    key of a chart. The tables here are a few rows, so cell look-ups are cheap."""
    for r, row_fills in enumerate(fills or [], start=1):
        cells = table.rows[r].cells
        for c, fill in enumerate(row_fills):
            if fill:
                shd = OxmlElement("w:shd")
                shd.set(qn("w:val"), "clear")
                shd.set(qn("w:color"), "auto")
                shd.set(qn("w:fill"), fill)
                tc_pr = cells[c]._tc.get_or_add_tcPr()
                tc_pr.insert(1, shd)  # after w:tcW, as the schema orders it


def _table(b: DocBuilder, t: TableBlock) -> None:
    b.paragraph(
        t.caption,
        align="left",
        indent=False,
        italic=True,
        space_before=6,
        space_after=3,
        keep_with_next=True,
    )
    _shade(b.add_table(t.columns, t.rows), t.fills)
    if t.note:
        b.paragraph(t.note, indent=False, size=b.settings.table_size, space_before=3)


def _chart(b: DocBuilder, c: ChartBlock) -> None:
    b.paragraph(
        c.caption,
        align="left",
        indent=False,
        italic=True,
        space_before=6,
        space_after=3,
        keep_with_next=True,
    )
    p = b.paragraph("", align="center", indent=False, keep_with_next=True)
    width = min(160.0, b.settings.text_width_mm(landscape=False))
    p.add_run().add_picture(io.BytesIO(c.png), width=Mm(width))
    # The bars carry only numbers (no Cyrillic font in the picture): say where the names are.
    b.paragraph(
        CHART_KEY,
        indent=False,
        italic=True,
        size=b.settings.table_size,
        space_after=3,
        keep_with_next=True,
    )
    _shade(b.add_table(c.table.columns, c.table.rows), c.table.fills)
    if c.table.note:
        b.paragraph(c.table.note, indent=False, size=b.settings.table_size, space_before=3)


def write_halfyear_report(
    report: HalfYearReport, path: Path, settings: PageSettings | None = None
) -> Path:
    """Write the report to ``path`` atomically; returns ``path``."""
    b = DocBuilder(settings, title="Справка " + report.title[:1].lower() + report.title[1:])
    b.requisites(report.org_name, report.founder)
    b.doc_kind("СПРАВКА")
    b.paragraph(report.date_place, align="center", indent=False, space_after=6)
    b.title(report.title, centered=True)
    for n, section in enumerate(report.sections, start=1):
        b.paragraph(
            f"{n}. {section.heading}", bold=True, indent=False, space_before=6, keep_with_next=True
        )
        for text in section.paragraphs:
            b.paragraph(text)
        for block in section.blocks:
            if isinstance(block, ChartBlock):
                _chart(b, block)
            else:
                _table(b, block)
        for text in section.closing:
            b.paragraph(text)
    n = len(report.sections) + 1
    b.paragraph(f"{n}. Выводы", bold=True, indent=False, space_before=6, keep_with_next=True)
    for text in report.conclusions:
        b.paragraph(text)
    b.paragraph(
        f"{n + 1}. Рекомендации", bold=True, indent=False, space_before=6, keep_with_next=True
    )
    if report.recommendations:
        b.paragraph(RECOMMENDATIONS_LEAD, keep_with_next=True)
        b.sub_list(list_items(report.recommendations))
    b.signature(report.signer_position, report.signer_name)
    if report.acquaintance:
        b.acquaintance(report.acquaintance, heading="Со справкой ознакомлен(а):")
    return b.save(path)


def chart_png(
    values: list[list[float]],
    colors: list[str],
    max_value: float | None = None,
    integer: bool = False,
    bar_colors: list[str] | None = None,
) -> bytes:
    """Bars for ``values`` (one list per series) in ``colors`` (or, for a single series,
    one colour per bar in ``bar_colors``)."""
    series = [charts.Series(v, c) for v, c in zip(values, colors, strict=True)]
    if bar_colors and len(series) == 1:
        series = [charts.Series(values[0], colors[0], bar_colors)]
    return charts.bar_chart(series, max_value=max_value, integer=integer)
