"""A printable one-sheet Excel table: title, styled header, bordered rows, A4 landscape."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from copy import copy
from decimal import Decimal
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
) -> None:
    value = line_text(text)
    cell = ws.cell(row=row, column=1, value=value)
    cell.data_type = "s"
    cell.font = xlsx_font(size, bold=bold, italic=italic)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if ncols > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
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


def sheet_page_setup(ws: Worksheet, header_row: int | None, last_row: int, last_col: str) -> None:
    """A4 landscape fitted to the width, ГОСТ margins, «Страница N из M», the print area;
    ``header_row`` repeats on every page (None: no repeated row, e.g. a sheet of blocks each
    with its own header)."""
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(
        left=20 / _MM_PER_INCH,
        right=10 / _MM_PER_INCH,
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
    frozen and repeats on every printed page; the sheet prints on A4 landscape, fitted to the
    page width. The file is replaced atomically (see ``atomic_write_path``)."""
    if not columns:
        raise ValueError("a table needs at least one column")
    ncols = len(columns)
    for i, row in enumerate(rows):
        if len(row) > ncols:
            raise ValueError(f"row {i} has {len(row)} values for {ncols} columns")

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_name(sheet_title)
    wb.properties.title = line_text(title)
    wb.properties.creator = "Куратор"

    total_width = sum(c.width for c in columns)
    row_no = 1
    title_row(ws, row_no, title, total_width, ncols, TITLE_SIZE, bold=True)
    if subtitle:
        row_no += 1
        title_row(ws, row_no, subtitle, total_width, ncols, BODY_SIZE, italic=True)
    header_row = row_no + 2  # one empty line between the titles and the table

    for col_no, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(col_no)].width = column.width
        cell = ws.cell(row=header_row, column=col_no, value=line_text(column.header))
        cell.data_type = "s"
        cell.font = xlsx_font(bold=True)
        cell.fill = PatternFill(fill_type="solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
        cell.border = CELL_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header_lines = max(wrapped_lines(line_text(c.header), c.width, BOLD_UNITS) for c in columns)
    ws.row_dimensions[header_row].height = row_height(header_lines)

    for offset, values in enumerate(rows, start=1):
        padded = list(values) + [None] * (ncols - len(values))
        lines = 1
        for col_no, (column, value) in enumerate(zip(columns, padded, strict=True), start=1):
            cell = ws.cell(row=header_row + offset, column=col_no)
            _put(cell, value, column.wrap)
            if column.wrap and cell.data_type == "s" and cell.value:
                lines = max(lines, wrapped_lines(str(cell.value), column.width))
        ws.row_dimensions[header_row + offset].height = row_height(lines)

    last_row = header_row + len(rows)
    last_col = get_column_letter(ncols)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{last_col}{last_row}"
    sheet_page_setup(ws, header_row, last_row, last_col)

    path = Path(path)
    with atomic_write_path(path) as tmp:
        wb.save(tmp)
    return path
