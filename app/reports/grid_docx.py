"""The diagnostic grid as DOCX: a teacher's card or the school grid, shaded by level, on
landscape pages of the shared layer, with a legend (colour is never the only signal)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.oxml.ns import qn
from docx.table import Table
from lxml import etree

from app.core.textutil import format_date
from app.reports.docx_layer import DocBuilder
from app.reports.docx_page import mm_to_twips
from app.reports.docx_text import NBSP, append_run, doc_text, text_em
from app.reports.grid_data import (
    DEFICITS_ROW,
    PRIORITY_LEGEND,
    STRENGTHS_ROW,
    GridDocument,
    Mark,
    SchoolGrid,
    TeacherCard,
    blocks,
)
from app.reports.page_settings import PageSettings
from app.reports.table import Column

GRID_FONT = 10.0
CARD_FONT = 11.0
_MAX_HEADER_MM = 45.0
# A block whose texts are all shorter than this fits on one page and is kept together; a
# longer one flows over pages (kept together, it would leave a page empty before it).
_KEEP_CHARS = 600
_EMPTY_NOTE = "Пустая клетка — по направлению диагностика не проводилась."


def _cells(table: Table, row: int) -> list[etree._Element]:
    tr = table._tbl.findall(qn("w:tr"))[row]
    return list(tr.findall(qn("w:tc")))


def _set_text(tc: etree._Element, first: str, rest: str, size: float | None) -> None:
    """Replace the text of a cell's paragraph by a bold ``first`` line and plain ``rest``."""
    p = tc.find(qn("w:p"))
    assert p is not None
    for r in p.findall(qn("w:r")):
        p.remove(r)
    if first:
        append_run(p, doc_text(first), bold=True, size=size)
    if rest:
        append_run(p, ("\n" if first else "") + doc_text(rest), size=size)


def _keep_with_next(tc: etree._Element) -> None:
    """Keep this cell's row on the page of the next row: a block of the card (header,
    strengths, deficits) moves to the next page whole when it fits there."""
    p_pr = tc.find(f"{qn('w:p')}/{qn('w:pPr')}")
    assert p_pr is not None
    p_pr.insert(1, etree.Element(qn("w:keepNext")))  # right after w:pStyle


def _size(b: DocBuilder, size: float) -> float | None:
    return None if abs(size - b.settings.table_size) < 0.01 else size


def _legend(b: DocBuilder, legend: Sequence[Mark], size: float) -> None:
    """«Условные обозначения:» then each mark on its own colour with a frame, and its name."""
    p = b.paragraph(
        "Условные обозначения:",
        align="left",
        indent=False,
        size=size,
        space_before=8,
        keep_with_next=True,
    )
    for i, mark in enumerate(legend):
        append_run(p._p, " ", size=size)
        # doc_text folds no-break spaces; these pad the mark inside its coloured frame.
        r = append_run(p._p, f"{NBSP}{doc_text(mark.mark)}{NBSP}", bold=True, size=size)
        rpr = r.find(qn("w:rPr"))
        assert rpr is not None
        bdr = etree.SubElement(rpr, qn("w:bdr"))
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "auto")):
            bdr.set(qn(f"w:{key}"), value)
        shd = etree.SubElement(rpr, qn("w:shd"))
        for key, value in (("val", "clear"), ("color", "auto"), ("fill", mark.fill)):
            shd.set(qn(f"w:{key}"), value)
        tail = ";" if i < len(legend) - 1 else "."
        append_run(p._p, f" — {doc_text(mark.name)}{tail}", size=size)
    b.paragraph(PRIORITY_LEGEND, align="left", indent=False, size=size)


def _card(b: DocBuilder, card: TeacherCard) -> None:
    size = min(CARD_FONT, b.settings.table_size)
    b.heading(card.title, space_before=0, space_after=4)
    b.paragraph(card.school, align="center", indent=False, space_after=8)
    b.paragraph(
        f"Педагог: {card.teacher}" + (f", {card.position}" if card.position else ""),
        align="left",
        indent=False,
    )
    b.paragraph(card.basis, align="left", indent=False, space_after=8)
    for n, block in enumerate(blocks(len(card.columns))):
        if n:
            b.paragraph(indent=False, size=6)  # a little air between the two tables
        cols = [card.columns[i] for i in block]
        columns = [Column("Направление", 22)] + [Column(c.direction, 24) for c in cols]
        rows = [
            [STRENGTHS_ROW] + [c.strength for c in cols],
            [DEFICITS_ROW]
            + [c.mark_line + "\n" + c.deficit if c.mark_line else c.deficit for c in cols],
        ]
        deficit_fills: list[str | None] = [None]
        deficit_fills += [c.level.fill if c.level else None for c in cols]
        fills: list[list[str | None]] = [[], deficit_fills]
        table = b.add_table(columns, rows, size, fills=fills, bold=[0])
        run_size = _size(b, size)
        for tc, c in zip(_cells(table, 2)[1:], cols, strict=True):
            if c.mark_line:
                _set_text(tc, c.mark_line, c.deficit, run_size)
        for tc in (_cells(table, 1)[0], _cells(table, 2)[0]):
            _set_text(tc, doc_text(tc.xpath("string(.)")), "", run_size)
        if max((len(c.strength) + len(c.deficit) for c in cols), default=0) <= _KEEP_CHARS:
            for tc in _cells(table, 0) + _cells(table, 1):
                _keep_with_next(tc)
    if card.priorities:
        b.paragraph(
            "Первоочередные дефициты: " + "; ".join(card.priorities) + ".",
            align="left",
            indent=False,
            space_before=8,
        )
    if card.notes:
        b.paragraph("Примечания: " + card.notes, align="left", indent=False, space_before=4)
    _legend(b, card.legend, size)


def _vertical_header(table: Table, columns: range, labels: Sequence[str], size: float) -> None:
    """Turn the header cells of ``columns`` to read bottom-up and make the row tall enough
    for the longest label (longer ones wrap onto a second line)."""
    header = table._tbl.findall(qn("w:tr"))[0]
    longest = max((text_em(label) for label in labels), default=1.0)
    height_mm = min(longest * size * 1.1 * 25.4 / 72 + 4, _MAX_HEADER_MM)
    tr_pr = header.find(qn("w:trPr"))
    assert tr_pr is not None
    tr_height = etree.SubElement(tr_pr, qn("w:trHeight"))
    tr_height.set(qn("w:val"), str(mm_to_twips(height_mm)))
    tr_height.set(qn("w:hRule"), "atLeast")
    tr_pr.insert(0, tr_height)  # schema order: cantSplit, trHeight, tblHeader
    tr_pr.insert(0, tr_pr.find(qn("w:cantSplit")))
    tcs = header.findall(qn("w:tc"))
    for i in columns:
        tc_pr = tcs[i].find(qn("w:tcPr"))
        assert tc_pr is not None
        direction = etree.Element(qn("w:textDirection"))
        direction.set(qn("w:val"), "btLr")
        v_align = tc_pr.find(qn("w:vAlign"))
        assert v_align is not None
        v_align.addprevious(direction)


def _school(b: DocBuilder, grid: SchoolGrid) -> None:
    size = min(GRID_FONT, b.settings.table_size)
    b.heading(grid.title, space_before=0, space_after=4)
    b.paragraph(
        f"{grid.school}, по состоянию на {format_date(grid.as_of)}",
        align="center",
        indent=False,
        space_after=8,
    )
    first = 3
    columns = [Column("№", 3, wrap=False), Column("Педагог", 24), Column("Должность", 16)]
    columns += [Column(d.label, 7) for d in grid.directions]
    rows: list[list[str]] = []
    fills: list[list[str | None]] = []
    blank: list[str | None] = [None] * first
    for n, row in enumerate(grid.rows, start=1):
        rows.append([str(n), row.name, row.position] + [c.text for c in row.cells])
        fills.append(blank + [c.level.fill if c.level else None for c in row.cells])
    for mark in grid.legend:
        rows.append(
            ["", f"Итого «{mark.mark}» — {mark.name}", ""] + [str(v) for v in grid.counts(mark)]
        )
        fills.append(blank + [mark.fill] * len(grid.directions))
    dir_cols = range(first, first + len(grid.directions))
    table = b.add_table(
        columns, rows, size, centered=dir_cols, fills=fills, bold=dir_cols, rotated=dir_cols
    )
    _vertical_header(table, dir_cols, [d.label for d in grid.directions], size)
    _legend(b, grid.legend, size)
    b.paragraph(_EMPTY_NOTE, align="left", indent=False, size=size)
    named = [f"{d.label} — {d.name}" for d in grid.directions if d.label != d.name]
    if named:
        b.paragraph(
            "Направления: " + "; ".join(named) + ".",
            align="left",
            indent=False,
            size=size,
            space_before=4,
        )


def write_grid_docx(
    path: Path, document: GridDocument, settings: PageSettings | None = None
) -> Path:
    """Write the card or the school grid to ``path`` (atomically) on landscape A4."""
    b = DocBuilder(settings, title=document.file_title)
    b.start_section(landscape=True)
    if isinstance(document, TeacherCard):
        _card(b, document)
    else:
        _school(b, document)
    return b.save(path)
