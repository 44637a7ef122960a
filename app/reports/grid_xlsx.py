"""The diagnostic grid as XLSX: a teacher's card or the school grid, cells filled by level
and carrying its mark, a legend, A4 landscape fitted to the page width."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from weakref import WeakKeyDictionary

from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.core.textutil import format_date
from app.reports.atomic import atomic_write_path
from app.reports.col_widths import line_count
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
from app.reports.table import Column
from app.reports.xlsx_table import (
    BODY_SIZE,
    BOLD_UNITS,
    CELL_BORDER,
    CELL_PADDING_PT,
    FONT_CHARSET,
    FONT_NAME,
    HEADER_FILL,
    PRINT_WIDTH_PT,
    TITLE_SIZE,
    apply_style,
    cell_text,
    least_scale,
    line_text,
    new_workbook,
    points_to_units,
    print_scale,
    repeat_first_columns,
    row_height,
    sheet_layout,
    sheet_name,
    sheet_page_setup,
    style_snapshot,
    title_row,
    units_to_points,
    wrapped_lines,
    xlsx_font,
)

CARD_LABEL_WIDTH = 18.0
CARD_COLUMN_WIDTH = 26.0
GRID_HEADINGS = ("№", "Педагог", "Должность")
LEGEND_LABEL = "Условные обозначения:"
_EMPTY_NOTE = "Пустая клетка — по направлению диагностика не проводилась."


def _fill(color: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=color, end_color=color)


# Styled once per combination, then copied: setting fonts and fills cell by cell costs
# openpyxl a millisecond a cell (two seconds for a grid of 2,000 teachers).
# The copies index the workbook's own style tables, so each sheet keeps its own.
_STYLES: WeakKeyDictionary[Worksheet, dict[tuple[object, ...], StyleArray]] = WeakKeyDictionary()


def _text(
    ws: Worksheet,
    row: int,
    col: int,
    value: str,
    *,
    bold: bool = False,
    center: bool = False,
    italic: bool = False,
    border: bool = True,
    fill: str | None = None,
    rotate: bool = False,
) -> Cell:
    cell = ws.cell(row=row, column=col, value=cell_text(value))
    cell.data_type = "s"  # the user's words, never a formula
    styles = _STYLES.setdefault(ws, {})
    key = (bold, center, italic, border, fill, rotate)
    cached = styles.get(key)
    if cached is not None:
        apply_style(cell, cached)
        return cell
    cell.font = xlsx_font(bold=bold, italic=italic)
    if border:
        cell.border = CELL_BORDER
    if fill:
        cell.fill = _fill(fill)
    cell.alignment = Alignment(
        horizontal="center" if center else None,
        vertical="center" if center or rotate else "top",
        wrap_text=True,
        text_rotation=90 if rotate else 0,
    )
    styles[key] = style_snapshot(cell)
    return cell


def _rich(cell: Cell, first: str, rest: str) -> None:
    """A bold first line (the level's mark) over the plain text, in the body font."""
    bold = InlineFont(rFont=FONT_NAME, charset=FONT_CHARSET, sz=BODY_SIZE, b=True)
    plain = InlineFont(rFont=FONT_NAME, charset=FONT_CHARSET, sz=BODY_SIZE)
    parts: list[str | TextBlock] = [TextBlock(bold, cell_text(first))]
    if rest:
        parts.append(TextBlock(plain, "\n" + cell_text(rest)))
    cell.value = CellRichText(parts)


def _merged_line(
    ws: Worksheet, row: int, text: str, ncols: int, width: float, *, italic: bool = False
) -> None:
    cell = _text(ws, row, 1, line_text(text), italic=italic, border=False)
    if ncols > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    ws.row_dimensions[row].height = row_height(wrapped_lines(str(cell.value), width))


def _legend(ws: Worksheet, row: int, legend: Sequence[Mark], ncols: int, width: float) -> int:
    """«Условные обозначения:», then per level its filled, marked cell and its name; returns
    the next free row."""
    # The label spans the whole width: in the narrow first column it would wrap and
    # spill over the first marked cell below it.
    _text(ws, row, 1, LEGEND_LABEL, bold=True, border=False)
    if ncols > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    ws.row_dimensions[row].height = row_height(wrapped_lines(LEGEND_LABEL, width, BOLD_UNITS))
    row += 1
    for mark in legend:
        _text(ws, row, 1, mark.mark, bold=True, center=True, fill=mark.fill)
        _text(ws, row, 2, mark.name, border=False)
        row += 1
    _text(ws, row, 1, "!", bold=True, center=True)
    _text(ws, row, 2, PRIORITY_LEGEND.split(" — ", 1)[1], border=False)
    if ncols > 2:
        for r in range(row - len(legend), row + 1):
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=ncols)
    return row + 1


def _card(ws: Worksheet, card: TeacherCard) -> None:
    ncols = 1 + max((len(b) for b in blocks(len(card.columns))), default=1)
    # Six directions side by side would print below 10 pt: their columns narrow instead.
    widest = PRINT_WIDTH_PT * 100 / least_scale() - units_to_points(CARD_LABEL_WIDTH)
    column_width = min(CARD_COLUMN_WIDTH, points_to_units(widest / max(ncols - 1, 1)) - 0.01)
    ws.column_dimensions["A"].width = CARD_LABEL_WIDTH
    for col in range(2, ncols + 1):
        ws.column_dimensions[get_column_letter(col)].width = column_width
    total = CARD_LABEL_WIDTH + column_width * (ncols - 1)
    room = units_to_points(column_width) - CELL_PADDING_PT

    def lines(text: str, bold: bool = False) -> int:
        return line_count(text, room, BODY_SIZE, bold)

    title_row(ws, 1, card.title, total, ncols, TITLE_SIZE, bold=True)
    title_row(ws, 2, card.school, total, ncols, BODY_SIZE, italic=True)
    person = f"Педагог: {card.teacher}" + (f", {card.position}" if card.position else "")
    _merged_line(ws, 3, person, ncols, total)
    _merged_line(ws, 4, card.basis, ncols, total)
    row = 6
    for block in blocks(len(card.columns)):
        cols = [card.columns[i] for i in block]
        _text(ws, row, 1, "Направление", bold=True, center=True, fill=HEADER_FILL)
        heading = 1
        for j, c in enumerate(cols, start=2):
            _text(ws, row, j, c.direction, bold=True, center=True, fill=HEADER_FILL)
            heading = max(heading, lines(c.direction, bold=True))
        ws.row_dimensions[row].height = row_height(heading)
        _text(ws, row + 1, 1, STRENGTHS_ROW, bold=True)
        _text(ws, row + 2, 1, DEFICITS_ROW, bold=True)
        strong, weak = 2, 2
        for j, c in enumerate(cols, start=2):
            _text(ws, row + 1, j, c.strength)
            strong = max(strong, lines(cell_text(c.strength)))
            cell = _text(ws, row + 2, j, c.deficit, fill=c.level.fill if c.level else None)
            if c.mark_line:
                _rich(cell, c.mark_line, c.deficit)
            text = (c.mark_line + "\n" if c.mark_line else "") + cell_text(c.deficit)
            weak = max(weak, lines(text))
        ws.row_dimensions[row + 1].height = row_height(strong)
        ws.row_dimensions[row + 2].height = row_height(weak)
        row += 4
    if card.priorities:
        _merged_line(
            ws, row, "Первоочередные дефициты: " + "; ".join(card.priorities) + ".", ncols, total
        )
        row += 1
    if card.notes:
        _merged_line(ws, row, "Примечания: " + card.notes, ncols, total)
        row += 1
    last = _legend(ws, row + 1, card.legend, ncols, total) - 1
    # Each block of the card has its own header: repeating the first one would mislabel
    # the second block's columns on a following page.
    scale = print_scale([CARD_LABEL_WIDTH] + [column_width] * (ncols - 1))
    sheet_page_setup(ws, None, last, get_column_letter(ncols), scale)


def _school(ws: Worksheet, grid: SchoolGrid) -> None:
    first = len(GRID_HEADINGS) + 1
    ncols = len(GRID_HEADINGS) + len(grid.directions)
    columns = [Column(h, w) for h, w in zip(GRID_HEADINGS, (5, 30, 22), strict=True)]
    columns += [Column(d.label, 6) for d in grid.directions]
    texts = [
        [str(n), cell_text(r.name), cell_text(r.position)] + [c.text for c in r.cells]
        for n, r in enumerate(grid.rows, start=1)
    ]
    dirs = range(first - 1, ncols)
    layout = sheet_layout(columns, texts, rotated=dirs, bold=dirs)
    widths = layout.widths
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    total = sum(widths)
    title_row(ws, 1, grid.title, total, ncols, TITLE_SIZE, bold=True)
    title_row(
        ws,
        2,
        f"{grid.school}, по состоянию на {format_date(grid.as_of)}",
        total,
        ncols,
        BODY_SIZE,
        italic=True,
    )
    header = 4
    for col, title in enumerate(GRID_HEADINGS, start=1):
        _text(ws, header, col, title, bold=True, center=True, fill=HEADER_FILL)
    longest = 1
    for j, d in enumerate(grid.directions, start=first):
        _text(ws, header, j, d.label, bold=True, fill=HEADER_FILL, rotate=True)
        longest = max(longest, len(line_text(d.label)))
    # Turned text: the row's height is the line's length (about 7 points a letter).
    ws.row_dimensions[header].height = min(longest * 7.0 + 10, 200.0)
    row = header
    for n, r in enumerate(grid.rows, start=1):
        row += 1
        cell = ws.cell(row=row, column=1, value=n)
        cell.font, cell.border = xlsx_font(), CELL_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="top")
        _text(ws, row, 2, r.name)
        _text(ws, row, 3, r.position)
        lines = max(
            layout.text_lines(1, cell_text(r.name)), layout.text_lines(2, cell_text(r.position))
        )
        for j, c in enumerate(r.cells, start=first):
            _text(
                ws, row, j, c.text, bold=True, center=True, fill=c.level.fill if c.level else None
            )
        ws.row_dimensions[row].height = row_height(lines)
    for mark in grid.legend:
        row += 1
        _text(ws, row, 1, f"Итого «{mark.mark}» — {mark.name}", bold=True)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=first - 1)
        for j, count in enumerate(grid.counts(mark), start=first):
            cell = ws.cell(row=row, column=j, value=count)
            cell.font, cell.border, cell.fill = xlsx_font(bold=True), CELL_BORDER, _fill(mark.fill)
            cell.alignment = Alignment(horizontal="center", vertical="center")
    row = _legend(ws, row + 2, grid.legend, ncols, total)
    _merged_line(ws, row, _EMPTY_NOTE, ncols, total)
    named = [f"{d.label} — {d.name}" for d in grid.directions if d.label != d.name]
    if named:
        row += 1
        _merged_line(ws, row, "Направления: " + "; ".join(named) + ".", ncols, total)
    ws.freeze_panes = ws.cell(row=header + 1, column=first)
    sheet_page_setup(ws, header, row, get_column_letter(ncols), layout.scale)
    if layout.across:
        repeat_first_columns(ws, 2)


def write_grid_xlsx(path: Path, document: GridDocument) -> Path:
    """Write the card or the school grid to a new .xlsx at ``path`` (atomically)."""
    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_name("Карта" if isinstance(document, TeacherCard) else "Педагоги")
    wb.properties.title = line_text(document.file_title)
    wb.properties.creator = "Куратор"
    if isinstance(document, TeacherCard):
        _card(ws, document)
    else:
        _school(ws, document)
    path = Path(path)
    with atomic_write_path(path) as tmp:
        wb.save(tmp)
    return path
