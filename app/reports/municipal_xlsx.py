"""The municipal heat map and the severe-deficit list as Excel sheets (one sheet each)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter

from app.reports.atomic import atomic_write_path
from app.reports.municipal_data import (
    HEAT_LEGEND,
    HEAT_TITLE,
    SEVERE_COLUMNS,
    HeatMap,
    SevereTeacher,
    severe_rows,
)
from app.reports.xlsx_table import (
    BODY_SIZE,
    BOLD_UNITS,
    CELL_BORDER,
    HEADER_FILL,
    TITLE_SIZE,
    cell_text,
    line_text,
    row_height,
    sheet_name,
    sheet_page_setup,
    title_row,
    wrapped_lines,
    write_table_xlsx,
    xlsx_font,
)

SEVERE_TITLE = "Педагоги с выраженным дефицитом по направлению «{direction}»"


def _fill(color: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=color, end_color=color)


def write_heat_xlsx(heat: HeatMap, path: Path) -> Path:
    """The map on one sheet: schools down, directions across, the total row last, cells
    coloured with the grid's level colours, the legend under it; returns ``path``."""
    columns, rows, fills = heat.table()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_name("Дефициты по школам")
    wb.properties.title = HEAT_TITLE
    wb.properties.creator = "Куратор"
    total_width = sum(c.width for c in columns)
    title_row(
        ws, 1, f"{HEAT_TITLE} ({heat.as_of})", total_width, len(columns), TITLE_SIZE, bold=True
    )
    header = 3
    for col, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = column.width
        cell = ws.cell(row=header, column=col, value=line_text(column.header))
        cell.font = xlsx_font(bold=True)
        cell.fill = _fill(HEADER_FILL)
        cell.border = CELL_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[header].height = row_height(
        max(wrapped_lines(c.header, c.width, BOLD_UNITS) for c in columns)
    )
    last = header + len(rows)
    for r, (values, row_fills) in enumerate(zip(rows, fills, strict=True), start=header + 1):
        for col, (value, fill) in enumerate(zip(values, row_fills, strict=True), start=1):
            cell = ws.cell(row=r, column=col, value=cell_text(value))
            cell.font = xlsx_font(bold=r == last)
            cell.border = CELL_BORDER
            cell.alignment = Alignment(
                horizontal="left" if col == 1 else "center", vertical="center", wrap_text=True
            )
            if fill:
                cell.fill = _fill(fill)
        # a cell holds two lines (В over Ч); a long school name may take more
        ws.row_dimensions[r].height = row_height(
            max(wrapped_lines(str(values[0]), columns[0].width), 2)
        )
    note = last + 2
    title_row(ws, note, HEAT_LEGEND, total_width, len(columns), BODY_SIZE, italic=True)
    for col, (name, fill) in enumerate(heat.legend, start=2):
        cell = ws.cell(row=note + 1, column=col, value=name)
        cell.fill = _fill(fill)
        cell.border = CELL_BORDER
        cell.font = xlsx_font()
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[note + 1].height = row_height(2)
    ws.freeze_panes = ws.cell(row=header + 1, column=2)
    sheet_page_setup(ws, header, note + 1, get_column_letter(len(columns)))
    path = Path(path)
    with atomic_write_path(path) as tmp:
        wb.save(tmp)
    return path


def write_severe_xlsx(direction: str, teachers: list[SevereTeacher], path: Path) -> Path:
    """The course group: teachers with a severe deficit in ``direction`` across the schools."""
    return write_table_xlsx(
        path,
        "Выраженный дефицит",
        SEVERE_TITLE.format(direction=direction),
        SEVERE_COLUMNS,
        severe_rows(teachers),
        subtitle=f"Всего педагогов: {len(teachers)}",
    )
