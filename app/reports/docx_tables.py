"""DOCX tables built straight as XML rows (fast), their column widths computed from the content
(``col_widths``) to fill the text width."""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Collection, Sequence

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from lxml import etree

from app.reports.col_widths import (
    ColumnFit,
    TableText,
    fit_columns,
    fitting_size,
    least_width,
    measure_table,
)
from app.reports.docx_page import TABLE_STYLE_ID, mm_to_twips
from app.reports.docx_text import append_run, doc_text
from app.reports.page_settings import PageSettings
from app.reports.table import Column

# Average width of a Times New Roman character (Cyrillic text with spaces) in ems; erring
# wide means a table rather goes landscape than squeezes its text.
CHAR_EM = 0.5
CELL_MARGIN_TWIPS = 80
# A table whose words do not fit side by side first loses half its cell margins, then its
# font shrinks by half points down to this size (a base of twelve columns on landscape).
TIGHT_MARGIN_TWIPS = 40
LEAST_TABLE_SIZE = 10.0
# A row estimated taller than this many lines may break across pages: Word clips a row
# that is kept whole but does not fit on one page.
_MAX_UNSPLIT_LINES = 25
# Wrapping columns may shrink to this share of their width before a table needs a
# landscape page (their text then takes a few more lines).
_WRAP_SQUEEZE = 0.75
_NUMERIC = re.compile(r"^\d[\d.,:/]*$")

_TAGS = (
    "tbl tblPr tblW tblInd tblBorders tblLayout tblCellMar tblLook tblGrid gridCol tr trPr "
    "tblHeader cantSplit trHeight tc tcPr tcW shd vAlign p pPr pStyle jc top left bottom right "
    "insideH insideV w type val sz space color hRule fill gridSpan tcMar"
)
_W = {name: qn(f"w:{name}") for name in _TAGS.split()}


def natural_width_twips(column: Column, font_size: float) -> int:
    """How wide ``column`` is declared to be: its width in characters at ``font_size`` plus
    padding (the weight a blank form's columns share the page by)."""
    return round(column.width * font_size * CHAR_EM * 20) + 2 * CELL_MARGIN_TWIPS


def needs_landscape(
    columns: Sequence[Column],
    font_size: float = 12.0,
    settings: PageSettings | None = None,
    rows: Sequence[Sequence[object]] = (),
) -> bool:
    """True when the columns do not fit a portrait page's text width even with the wrapping
    ones squeezed to three quarters of their declared width, or when the longest words of
    ``rows`` and headings do not fit it side by side: such a table goes landscape."""
    portrait = mm_to_twips((settings or PageSettings()).text_width_mm(landscape=False))
    least = sum(
        natural_width_twips(c, font_size) * (_WRAP_SQUEEZE if c.wrap else 1.0) for c in columns
    )
    if least > portrait:
        return True
    measured = measure_table(columns, [[doc_text(v) for v in row] for row in rows])
    return least_width(measured, font_size, padding=2 * CELL_MARGIN_TWIPS / 20) * 20 > portrait


def fit_widths(
    text: TableText, total_twips: int, font_size: float, *, margin_twips: int = CELL_MARGIN_TWIPS
) -> tuple[list[int], ColumnFit]:
    """Column widths in twips that add up to exactly ``total_twips`` for the measured
    table (see :func:`fit_columns`) with ``margin_twips`` of cell margin on each side, with
    the fit that adjusts headings and cells to them."""
    fit = fit_columns(text, total_twips / 20, font_size, padding=2 * margin_twips / 20)
    if not text.columns:
        return [], fit
    result = [max(1, math.floor(w * 20)) for w in fit.widths]
    widest = max(range(len(result)), key=lambda i: result[i])
    result[widest] += total_twips - sum(result)
    return result, fit


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, _W[tag])
    for key, value in attrs.items():
        el.set(_W[key], value)
    return el


def _table_props(tbl: etree._Element, total: int, borders: bool, margin: int) -> None:
    pr = _sub(tbl, "tblPr")
    _sub(pr, "tblW", w=str(total), type="dxa")
    _sub(pr, "tblInd", w="0", type="dxa")
    edge = "single" if borders else "nil"
    box = _sub(pr, "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if borders:
            _sub(box, side, val=edge, sz="4", space="0", color="auto")
        else:
            _sub(box, side, val=edge)
    _sub(pr, "tblLayout", type="fixed")
    mar = _sub(pr, "tblCellMar")
    _sub(mar, "top", w="0", type="dxa")
    _sub(mar, "left", w=str(margin), type="dxa")
    _sub(mar, "bottom", w="0", type="dxa")
    _sub(mar, "right", w=str(margin), type="dxa")
    look = _sub(pr, "tblLook", val="04A0")
    look.set(qn("w:firstRow"), "1")
    look.set(qn("w:noHBand"), "0")
    look.set(qn("w:noVBand"), "1")


def _estimated_lines(
    texts: Sequence[str], widths: Sequence[int], font_size: float, padding: int
) -> int:
    """The most lines a cell of the row takes, by characters of an average width: enough
    to tell a row too tall to keep on one page, and cheap for tables of thousands of rows."""
    char_twips = font_size * CHAR_EM * 20
    most = 1
    for text, width in zip(texts, widths, strict=False):
        fit = max(1, int((width - padding) / char_twips))
        lines = sum(max(1, math.ceil(len(line) / fit)) for line in text.split("\n"))
        most = max(most, lines)
    return most


class _Cells:
    """Builds the ``w:tc`` cells of one table. Each distinct cell (column, shading,
    alignment, text) is built once and copied: a school grid has 20,000 cells of a few
    hundred kinds, and a C-level copy is several times cheaper than building the dozen
    elements of a cell from Python."""

    def __init__(self, widths: Sequence[int], size: float | None) -> None:
        self.widths = widths
        self.size = size
        self._built: dict[tuple[int, str | None, bool, bool, bool, str], etree._Element] = {}

    def _build(
        self, i: int, fill: str | None, header: bool, center: bool, bold: bool, text: str
    ) -> etree._Element:
        tc = _sub(OxmlElement("w:tr"), "tc")
        tc_pr = _sub(tc, "tcPr")
        _sub(tc_pr, "tcW", w=str(self.widths[i]), type="dxa")
        if fill:
            _sub(tc_pr, "shd", val="clear", color="auto", fill=fill)
        _sub(tc_pr, "vAlign", val="center" if header else "top")
        p = _sub(tc, "p")
        p_pr = _sub(p, "pPr")
        _sub(p_pr, "pStyle", val=TABLE_STYLE_ID)
        if center:
            _sub(p_pr, "jc", val="center")
        if text:
            append_run(p, text, bold=bold, size=self.size)
        return tc

    def add(
        self,
        tr: etree._Element,
        i: int,
        text: str,
        fill: str | None,
        *,
        header: bool,
        center: bool,
        bold: bool,
    ) -> None:
        key = (i, fill, header, center, bold, text)
        built = self._built.get(key)
        if built is None:
            built = self._built[key] = self._build(*key)
        tr.append(copy.deepcopy(built))


def _row(
    tbl: etree._Element,
    texts: Sequence[str],
    cells: _Cells,
    *,
    header: bool,
    centered: Collection[int],
    bold: Collection[int],
    cant_split: bool,
    min_height: int,
    fills: Sequence[str | None] = (),
) -> None:
    tr = _sub(tbl, "tr")
    if header or cant_split or min_height:
        tr_pr = _sub(tr, "trPr")
        if cant_split:
            _sub(tr_pr, "cantSplit")
        if min_height:
            _sub(tr_pr, "trHeight", val=str(min_height), hRule="atLeast")
        if header:
            _sub(tr_pr, "tblHeader")
    for i in range(len(cells.widths)):
        text = texts[i] if i < len(texts) else ""
        fill = fills[i] if i < len(fills) else None
        center = header or i in centered or _NUMERIC.match(text) is not None
        cells.add(tr, i, text, fill, header=header, center=center, bold=header or i in bold)


def build_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    width_twips: int,
    *,
    font_size: float,
    style_size: float,
    header: bool = True,
    borders: bool = True,
    keep_rows: bool = True,
    centered: Collection[int] = (),
    min_row_height_mm: float = 0.0,
    fills: Sequence[Sequence[str | None]] | None = None,
    bold: Collection[int] = (),
    rotated: Collection[int] = (),
    proportional: bool = False,
    spanned: Collection[int] = (),
) -> etree._Element:
    """A ``w:tbl`` element (not yet placed in a document) exactly ``width_twips`` wide.

    The header row (bold, centred, repeated on every page) is built from the column headers
    when ``header`` is true. Each value passes :func:`doc_text`; ``\\n`` gives line breaks.
    Cells whose text is a number or a date are centred, as are the ``centered`` columns.
    ``keep_rows`` keeps a row on one page unless it is too tall to fit one. Rows are written
    as XML in one pass: no ``table.cell(r, c)`` look-ups, which are quadratic.

    Column widths come from the content (see :func:`fit_widths`); the headings of the
    ``rotated`` columns are turned by the caller and do not widen them, nor do the rows
    ``spanned`` (indices into ``rows``) that the caller merges into one cell across the
    table; ``proportional`` shares the width by the columns' declared widths instead
    (side-by-side stamps).

    ``fills`` (parallel to ``rows``) shades body cells: per cell a colour ``RRGGBB`` or None;
    the body cells of the ``bold`` columns are bold."""
    for values in rows:
        if len(values) > len(columns):
            raise ValueError(f"row has {len(values)} values for {len(columns)} columns")
    # The same few values (marks, numbers, positions) fill most cells of a big table.
    cleaned: dict[str, str] = {}

    def text_of(value: object) -> str:
        if not isinstance(value, str):
            return doc_text(value)
        text = cleaned.get(value)
        if text is None:
            text = cleaned[value] = doc_text(value)
        return text

    texts = [[text_of(v) for v in values] for values in rows]
    skip = frozenset(spanned)
    bold = frozenset(bold)
    margin = CELL_MARGIN_TWIPS if borders else 0
    if proportional:
        widths = _proportional(columns, width_twips)
        fit = ColumnFit([w / 20 for w in widths], 2 * margin / 20, font_size, [0.0] * len(widths))
    else:
        measured = measure_table(
            columns,
            [t for n, t in enumerate(texts) if n not in skip] if skip else texts,
            header=header,
            bold=bold,
            rotated=rotated,
        )
        font_size, padding = fitting_size(
            measured,
            width_twips / 20,
            font_size,
            least_size=LEAST_TABLE_SIZE,
            paddings=(2 * margin / 20, 2 * min(margin, TIGHT_MARGIN_TWIPS) / 20),
        )
        margin = round(padding * 10)
        widths, fit = fit_widths(measured, width_twips, font_size, margin_twips=margin)
    size = None if abs(font_size - style_size) < 0.01 else font_size
    tbl = OxmlElement("w:tbl")
    _table_props(tbl, sum(widths), borders, margin)
    grid = _sub(tbl, "tblGrid")
    for width in widths:
        _sub(grid, "gridCol", w=str(width))
    min_height = mm_to_twips(min_row_height_mm) if min_row_height_mm > 0 else 0
    centered = frozenset(centered)
    cells = _Cells(widths, size)
    if header:
        heads = [fit.heading(i, doc_text(c.header)) for i, c in enumerate(columns)]
        _row(
            tbl,
            heads,
            cells,
            header=True,
            centered=centered,
            bold=bold,
            cant_split=True,
            min_height=0,
        )
    padding = 2 * margin
    for n, row_texts in enumerate(texts):
        if not proportional and n not in skip:
            row_texts = [fit.cell(i, text, i in bold) for i, text in enumerate(row_texts)]
        split_ok = _estimated_lines(row_texts, widths, font_size, padding) > _MAX_UNSPLIT_LINES
        _row(
            tbl,
            row_texts,
            cells,
            header=False,
            centered=centered,
            bold=bold,
            cant_split=keep_rows and not split_ok,
            min_height=min_height,
            fills=fills[n] if fills is not None and n < len(fills) else (),
        )
    return tbl


def _proportional(columns: Sequence[Column], total_twips: int) -> list[int]:
    """Widths in twips shared by the columns' declared widths, adding up to the total."""
    weight = sum(c.width for c in columns) or 1.0
    result = [max(1, math.floor(total_twips * c.width / weight)) for c in columns]
    if result:
        result[-1] += total_twips - sum(result)
    return result


# Children of ``w:tcPr`` that must come before ``w:tcBorders`` (the schema's order).
_BEFORE_BORDERS = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge")


def _cell_borders(tc: etree._Element, **sides: str) -> None:
    """Give the cell ``tc`` borders of its own: side → ``"single"`` (a thin line) or
    ``"nil"``; the sides not named keep what they had."""
    tc_pr = tc.find(qn("w:tcPr"))
    if tc_pr is None:
        tc_pr = OxmlElement("w:tcPr")
        tc.insert(0, tc_pr)
    box = tc_pr.find(qn("w:tcBorders"))
    if box is None:
        box = OxmlElement("w:tcBorders")
        before = [el for el in tc_pr if etree.QName(el).localname in _BEFORE_BORDERS]
        tc_pr.insert(tc_pr.index(before[-1]) + 1 if before else 0, box)
    lines = {etree.QName(el).localname: el for el in box}
    for side, value in sides.items():
        line = OxmlElement(f"w:{side}")
        line.set(_W["val"], value)
        if value != "nil":
            line.set(_W["sz"], "4")
            line.set(_W["space"], "0")
            line.set(_W["color"], "auto")
        lines[side] = line
    for el in list(box):
        box.remove(el)
    for side in ("top", "left", "bottom", "right"):  # the schema's order
        if side in lines:
            box.append(lines[side])


def append_borderless_row(tbl: etree._Element, blocks: Sequence[etree._Element]) -> etree._Element:
    """Append to ``tbl`` a row that never splits, of one cell across the whole table with no
    borders and no side padding, holding ``blocks`` (paragraphs, moved in); returns the row.

    The row above keeps its bottom line as a border of its own, so the table still looks
    closed above the new row."""
    grid = tbl.find(qn("w:tblGrid"))
    widths = [int(col.get(qn("w:w"))) for col in grid.findall(qn("w:gridCol"))]
    rows = tbl.findall(qn("w:tr"))
    if rows:
        for tc in rows[-1].findall(qn("w:tc")):
            _cell_borders(tc, bottom="single")
    tr = _sub(tbl, "tr")
    _sub(_sub(tr, "trPr"), "cantSplit")
    tc = _sub(tr, "tc")
    tc_pr = _sub(tc, "tcPr")
    _sub(tc_pr, "tcW", w=str(sum(widths)), type="dxa")
    if len(widths) > 1:
        _sub(tc_pr, "gridSpan", val=str(len(widths)))
    _cell_borders(tc, top="nil", left="nil", bottom="nil", right="nil")
    margins = _sub(tc_pr, "tcMar")
    _sub(margins, "left", w="0", type="dxa")
    _sub(margins, "right", w="0", type="dxa")
    for block in blocks:
        tc.append(block)
    if not blocks:
        _sub(tc, "p")  # a cell must hold a paragraph
    return tr
