"""A printable one-sheet Excel table: title, styled header, bordered rows, A4 landscape."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Collection, Sequence
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from app.core.textutil import clean_multiline, clean_text
from app.reports.atomic import atomic_write_path
from app.reports.col_widths import (
    ColumnFit,
    fit_columns,
    least_width,
    line_count,
    measure_table,
    natural_width,
)
from app.reports.table import Column

FONT_NAME = "Times New Roman"
# Windows charset 204 (RUSSIAN_CHARSET): old Excel versions otherwise may pick a font
# substitute without Cyrillic glyphs.
FONT_CHARSET = 204
BODY_SIZE = 12
TITLE_SIZE = 14
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
HEADER_FILL = "D9E1F2"
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_MM_PER_INCH = 25.4
# Row heights are set explicitly: Excel and LibreOffice do not re-measure wrapped text in a
# generated file. One Times New Roman character ≈ 1 width unit (a Calibri 11 digit) at 12 pt;
# erring wide leaves white space rather than clipped text.
_BODY_UNITS = 1.0
_UNITS_PER_CHAR = {BODY_SIZE: _BODY_UNITS, TITLE_SIZE: 1.2}
_LINE_HEIGHT_PT = {BODY_SIZE: 15.75, TITLE_SIZE: 18.75}
_MAX_ROW_HEIGHT_PT = 409.0
BOLD_UNITS = 1.1
# A working spreadsheet is not bound into the order's file: narrow side margins leave the
# columns room to keep their words whole at 10 pt.
_LEFT_MM, _RIGHT_MM = 12, 8
# The printed sheet: A4 landscape less the margins below, in points; the body text must
# print at least this size, so the sheet is never scaled below LEAST_PRINTED / BODY_SIZE.
PRINT_WIDTH_PT = (297 - _LEFT_MM - _RIGHT_MM) / _MM_PER_INCH * 72
LEAST_PRINTED_PT = 10.0
# Padding of a spreadsheet cell's text (both sides, with a little to spare), in points.
CELL_PADDING_PT = 5.5
# Excel and LibreOffice measure a column in widths of a digit of the Normal style's font,
# which every sheet sets to the body font: a Times New Roman digit is half an em.
_DIGIT_PT = 0.5 * BODY_SIZE
# A sheet wider than the page prints its first columns (the number, the name) on each page.
_REPEATED = 2
# Columns may be squeezed this much below their longest words: the metric measures 3 % wide.
_SQUEEZE = 1.025


def xlsx_font(size: int = BODY_SIZE, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT_NAME, charset=FONT_CHARSET, size=size, bold=bold, italic=italic)


_THIN = Side(style="thin", color="000000")
CELL_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def sheet_name(title: str) -> str:
    """A valid worksheet name: no ``[]:*?/\\``, at most 31 characters, never empty."""
    name = _SHEET_BAD.sub(" ", line_text(title)).strip().strip("'")
    return name[:31].strip() or "Лист1"


def line_text(value: object) -> str:
    """One-line text safe for the file (titles, headers): see :func:`cell_text`."""
    return _SURROGATES.sub("", clean_text(value))[:MAX_CELL_CHARS]


def cell_text(value: object) -> str:
    """Text safe for the file: no XML-illegal characters or lone surrogates, Excel's length."""
    text = _SURROGATES.sub("", clean_multiline(value))
    return text[:MAX_CELL_CHARS]


def _put(cell: Cell, value: object, wrap: bool) -> None:
    """Write a plain value with its natural Excel type and the table's body style."""
    horizontal: str | None = None
    if value is None:
        cell.value = None
    elif isinstance(value, bool):
        cell.value = "да" if value else "нет"
        horizontal = "center"
    elif isinstance(value, dt.datetime):
        cell.value = value
        cell.number_format = DATETIME_FORMAT
        horizontal = "center"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        horizontal = "center"
    elif isinstance(value, int | float | Decimal):
        cell.value = value
        horizontal = "center"
    else:
        cell.value = cell_text(value)
        # Text starting with "=" is the user's words, never a formula.
        cell.data_type = "s"
    cell.font = xlsx_font()
    cell.border = CELL_BORDER
    cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=wrap)


def _measured(value: object) -> str:
    """The text a value shows in its cell, for measuring (a date as ДД.ММ.ГГГГ)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return cell_text(value)


def wrapped_lines(text: str, width: float, units_per_char: float = _BODY_UNITS) -> int:
    """How many lines ``text`` takes in a wrapping cell ``width`` units wide (greedy by words,
    as spreadsheets wrap; an over-long word is counted as broken)."""
    capacity = max((width - 1) / units_per_char, 1.0)
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split(" "):
            size = float(len(word))
            if used == 0:
                used = size
            elif used + 1 + size <= capacity:
                used += 1 + size
            else:
                lines += 1
                used = size
            while used > capacity:
                lines += 1
                used -= capacity
        total += lines
    return total


def points_to_units(points: float) -> float:
    """A column width in points as the sheet's width units (rounded down to a hundredth)."""
    return math.floor(max(points, 0.0) / _DIGIT_PT * 100) / 100


def units_to_points(units: float) -> float:
    """The sheet's column width units as points (the inverse of :func:`points_to_units`)."""
    return units * _DIGIT_PT


def new_workbook() -> Workbook:
    """An empty workbook whose Normal style is the body font: column widths are counted in
    its digits (in Excel and LibreOffice alike, whatever fonts the computer has)."""
    wb = Workbook()
    for style in wb._named_styles:
        if style.name == "Normal":
            style.font = xlsx_font()
    return wb


@dataclass(frozen=True)
class SheetLayout:
    """Column widths (Excel units) and the print scale (percent) of one sheet, with the fit
    that breaks over-wide heading words."""

    widths: list[float]
    scale: int
    fit: ColumnFit
    across: bool = False  # wider than the page: printed on more pages across

    def first_page_columns(self) -> int:
        """How many leading columns print on the first page (all of them unless ``across``)."""
        if not self.across:
            return len(self.widths)
        room = PRINT_WIDTH_PT * 100 / self.scale * 0.97  # a spreadsheet rounds its widths
        count, used = 0, 0.0
        for width in self.widths:
            used += units_to_points(width)
            if used > room:
                break
            count += 1
        return max(count, 1)

    def text_lines(self, i: int, text: str, bold: bool = False) -> int:
        """Lines ``text`` takes in column ``i``, wrapped by words."""
        return line_count(text, self.fit.room(i), BODY_SIZE, bold)


def least_scale(size: float = BODY_SIZE) -> int:
    """The smallest print scale (percent) at which ``size`` prints at least 10 pt."""
    return math.ceil(LEAST_PRINTED_PT / size * 100)


def sheet_layout(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    rotated: Collection[int] = (),
    bold: Collection[int] = (),
) -> SheetLayout:
    """Widths from the content (see ``col_widths``) for a sheet printed on A4 landscape: a
    table that fits the page prints at 100 %, a wider one is shrunk only down to the scale
    at which its text still prints at 10 pt, and the columns share that width (long text
    wraps, no word is cut; headings are divided at syllables)."""
    widest = PRINT_WIDTH_PT * 100 / least_scale()
    text = measure_table(columns, rows, bold=bold, rotated=rotated, break_body=False)
    natural = natural_width(text, BODY_SIZE, padding=CELL_PADDING_PT)
    least = least_width(text, BODY_SIZE, padding=CELL_PADDING_PT, hyphenated=True)
    # Words are never cut: columns that cannot keep them at 10 pt on one page run on to
    # a second page across rather than shrink the text or break the words.
    # (Squeezing by less than the metric's safety margin costs no word.)
    total = min(max(natural, PRINT_WIDTH_PT), widest)
    if least > total * _SQUEEZE:
        total = least
    fit = fit_columns(text, total, BODY_SIZE, padding=CELL_PADDING_PT)
    widths = [points_to_units(w) for w in fit.widths]
    return SheetLayout(widths, print_scale(widths), fit, across=total > widest)


def print_scale(widths: Sequence[float]) -> int:
    """The print scale (percent) that fits columns of ``widths`` (Excel units) on the page,
    never below :func:`least_scale` (the sheet then prints on more pages across)."""
    printed = sum(units_to_points(w) for w in widths)
    return max(least_scale(), min(100, math.floor(PRINT_WIDTH_PT / printed * 100)))


def row_height(lines: int, size: int = BODY_SIZE) -> float:
    return min(lines * _LINE_HEIGHT_PT[size] + 2, _MAX_ROW_HEIGHT_PT)


def title_row(
    ws: Worksheet,
    row: int,
    text: str,
    total_width: float,
    ncols: int,
    size: int,
    bold: bool = False,
    italic: bool = False,
    first: int = 1,
) -> None:
    """A title centred over columns ``first`` … ``ncols``, as tall as its wrapped lines."""
    value = line_text(text)
    cell = ws.cell(row=row, column=first, value=value)
    cell.data_type = "s"
    cell.font = xlsx_font(size, bold=bold, italic=italic)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if ncols > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=ncols)
    lines = wrapped_lines(value, total_width, _UNITS_PER_CHAR[size])
    ws.row_dimensions[row].height = row_height(lines, size)


def style_snapshot(cell: Cell) -> StyleArray:
    """A copy of ``cell``'s whole style (font, border, fill, alignment) to stamp on others
    with :func:`apply_style`.

    openpyxl has no public way to copy a style as one piece: assigning font, border, fill
    and alignment one by one costs about a millisecond a cell (seconds for a big grid),
    while copying the cell's style array (``_style``, indices into the workbook's style
    tables) is nearly free. The indices belong to one workbook: apply a snapshot only to
    cells of the workbook it was taken from."""
    return copy(cell._style)


def apply_style(cell: Cell, style: StyleArray) -> None:
    """Give ``cell`` the style taken by :func:`style_snapshot` (same workbook only)."""
    cell._style = copy(style)


def sheet_page_setup(
    ws: Worksheet, header_row: int | None, last_row: int, last_col: str, scale: int = 100
) -> None:
    """A4 landscape printed at ``scale`` percent (set, not fitted to the page: fitting a
    wide sheet to the width would shrink its text below 10 pt), ГОСТ margins, «Страница N
    из M», the print area; ``header_row`` repeats on every page (None: no repeated row, e.g.
    a sheet of blocks each with its own header)."""
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.scale = scale
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(
        left=_LEFT_MM / _MM_PER_INCH,
        right=_RIGHT_MM / _MM_PER_INCH,
        top=15 / _MM_PER_INCH,
        bottom=15 / _MM_PER_INCH,
        header=8 / _MM_PER_INCH,
        footer=8 / _MM_PER_INCH,
    )
    ws.oddFooter.center.text = "Страница &P из &N"
    ws.oddFooter.center.font = f"{FONT_NAME},Regular"
    ws.oddFooter.center.size = 10
    if header_row is not None:
        ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:{last_col}{last_row}"


def repeat_first_columns(ws: Worksheet, count: int) -> None:
    """A sheet wider than the page: its first ``count`` columns (the number, the name) are
    printed again on each page across, and the pages run across before down, so a row's
    halves lie side by side."""
    if count > 0:
        ws.print_title_cols = f"A:{get_column_letter(count)}"
    ws.page_setup.pageOrder = "overThenDown"


def max_row_lines(size: int = BODY_SIZE) -> int:
    """The most wrapped lines one row can show: Excel caps a row at 409 points."""
    return int((_MAX_ROW_HEIGHT_PT - 2) // _LINE_HEIGHT_PT[size])


def split_lines(text: str, lines: Callable[[str], int], most: int) -> list[str]:
    """``text`` cut between words (at line breaks where it can) into pieces that each take
    at most ``most`` lines as counted by ``lines``; joined back with line breaks and spaces
    they give the whole text. A single word is never cut."""
    pieces: list[str] = []
    current = ""
    for paragraph in text.split("\n"):
        joined = f"{current}\n{paragraph}" if current else paragraph
        if lines(joined) <= most:
            current = joined
            continue
        if current:
            pieces.append(current)
        current = ""
        for word in paragraph.split(" "):
            joined = f"{current} {word}" if current else word
            if current and lines(joined) > most:
                pieces.append(current)
                joined = word
            current = joined
    pieces.append(current)
    return pieces


def _record_rows(
    ws: Worksheet,
    first: int,
    columns: Sequence[Column],
    values: Sequence[object],
    layout: SheetLayout,
) -> int:
    """Write one record from row ``first``; returns its last row.

    A record whose text needs more lines than a row can show (Excel cuts a row at 409
    points, and the cut text is lost on paper) runs on to continuation rows: each long
    text is cut between words into pieces a row can hold, the other cells stay empty
    below their value, and only the record's outer edges are ruled, so it reads as one
    tall row that may also break between pages."""
    ncols = len(columns)
    padded = list(values) + [None] * (ncols - len(values))
    most = max_row_lines()
    parts: list[Sequence[object]] = []
    for i, (column, value) in enumerate(zip(columns, padded, strict=True)):
        text = cell_text(value) if isinstance(value, str) else ""
        if column.wrap and text and layout.text_lines(i, text) > most:
            parts.append(split_lines(text, partial(layout.text_lines, i), most))
        else:
            parts.append([value])
    count = max(len(p) for p in parts)
    for k in range(count):
        row = first + k
        lines = 1
        for col_no, (column, pieces) in enumerate(zip(columns, parts, strict=True), start=1):
            cell = ws.cell(row=row, column=col_no)
            _put(cell, pieces[k] if k < len(pieces) else None, column.wrap)
            if count > 1:
                cell.border = Border(
                    left=_THIN,
                    right=_THIN,
                    top=_THIN if k == 0 else Side(),
                    bottom=_THIN if k == count - 1 else Side(),
                )
            if column.wrap and cell.data_type == "s" and cell.value:
                lines = max(lines, layout.text_lines(col_no - 1, str(cell.value)))
        ws.row_dimensions[row].height = row_height(lines)
    return first + count - 1


def write_table_xlsx(
    path: Path,
    sheet_title: str,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    subtitle: str = "",
) -> Path:
    """Write ``rows`` under ``columns`` to a new .xlsx file at ``path``; returns ``path``.

    Values keep their type: dates become real Excel dates shown as ДД.ММ.ГГГГ, numbers stay
    numbers, text is cleaned of characters the file format cannot hold. The header row is
    frozen and repeats on every printed page; the sheet prints on A4 landscape, its widths
    from the content (see :func:`sheet_layout`), its text never below 10 pt, each row as
    tall as its text. The file is replaced atomically (see ``atomic_write_path``)."""
    if not columns:
        raise ValueError("a table needs at least one column")
    ncols = len(columns)
    for i, row in enumerate(rows):
        if len(row) > ncols:
            raise ValueError(f"row {i} has {len(row)} values for {ncols} columns")

    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_name(sheet_title)
    wb.properties.title = line_text(title)
    wb.properties.creator = "Куратор"

    texts = [[_measured(v) for v in row] for row in rows]
    layout = sheet_layout(columns, texts)
    # The titles stand over the first printed page (the whole table when it fits one),
    # clear of the columns printed again on the pages across.
    title_cols = layout.first_page_columns()
    first = _REPEATED + 1 if layout.across and title_cols > _REPEATED + 1 else 1
    total_width = sum(layout.widths[first - 1 : title_cols])
    row_no = 1
    title_row(ws, row_no, title, total_width, title_cols, TITLE_SIZE, bold=True, first=first)
    if subtitle:
        row_no += 1
        title_row(
            ws, row_no, subtitle, total_width, title_cols, BODY_SIZE, italic=True, first=first
        )
    header_row = row_no + 2  # one empty line between the titles and the table

    header_lines = 1
    for i, column in enumerate(columns):
        ws.column_dimensions[get_column_letter(i + 1)].width = layout.widths[i]
        heading = layout.fit.heading_lines(i, line_text(column.header))
        cell = ws.cell(row=header_row, column=i + 1, value=heading)
        cell.data_type = "s"
        cell.font = xlsx_font(bold=True)
        cell.fill = PatternFill(fill_type="solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
        cell.border = CELL_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header_lines = max(header_lines, layout.text_lines(i, heading, bold=True))
    ws.row_dimensions[header_row].height = row_height(header_lines)

    row_no = header_row
    for values in rows:
        row_no = _record_rows(ws, row_no + 1, columns, values, layout)

    last_row = row_no
    last_col = get_column_letter(ncols)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{last_col}{last_row}"
    sheet_page_setup(ws, header_row, last_row, last_col, layout.scale)
    if layout.across:
        repeat_first_columns(ws, min(_REPEATED, ncols - 1))

    path = Path(path)
    with atomic_write_path(path) as tmp:
        wb.save(tmp)
    return path
