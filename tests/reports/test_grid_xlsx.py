"""The grid as XLSX read back with openpyxl: fills and marks per level, legend, print setup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.models.db import Database
from app.reports.col_widths import text_width
from app.reports.xlsx_table import BODY_SIZE, BOLD_UNITS, units_to_points, wrapped_lines
from app.services.documents.exports import run_export
from app.services.grid import grid_state
from app.services.grid.diagnostics import CellInput, RoundInput, save_round
from app.services.people.persons import PersonData, list_persons, save_person
from tests.prebuilt import DemoSchool

TODAY = dt.date(2026, 4, 1)
LEVEL_FILLS = {"В": "F4A6A6", "Ч": "FFE699", "Н": "B7E1A1", "—": "D9D9D9"}


def _sheet(path: Path) -> Worksheet:
    ws = load_workbook(path).active
    assert ws is not None
    return ws


def _fill(cell: object) -> str | None:
    fill = cell.fill  # type: ignore[attr-defined]
    return str(fill.fgColor.rgb)[-6:] if fill.fill_type == "solid" else None


def _find(ws: Worksheet, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not in the sheet")


def test_school_grid_cells_are_filled_by_level_and_carry_the_mark(
    demo_school: DemoSchool, tmp_path: Path
) -> None:
    # GIVEN the demo school WHEN the school grid is exported as XLSX
    db = demo_school(TODAY).db
    out = run_export(db, "grid", tmp_path / "grid.xlsx", teacher=None, round=None)
    ws = _sheet(out)
    # THEN the header row names the teachers' columns and the eleven directions
    header = [c.value for c in ws[4]]
    assert header[:3] == ["№", "Педагог", "Должность"]
    assert header[3:] == [d.label for d in grid_state.directions(db)]
    assert ws.cell(4, 4).alignment.text_rotation == 90
    # AND every body cell of a direction is filled with its level's colour and shows its mark
    names = [p.full_name for p in list_persons(db, include_archived=False)]
    seen: set[str] = set()
    for offset, name in enumerate(names, start=5):
        assert ws.cell(offset, 2).value == name
        for col in range(4, 15):
            cell = ws.cell(offset, col)
            mark = (cell.value or "").rstrip("!")
            if mark:
                seen.add(mark)
                assert _fill(cell) == LEVEL_FILLS[mark], (name, col, mark)
                assert cell.font.b
            else:
                assert _fill(cell) is None
    assert seen == {"В", "Ч", "Н", "—"}
    assert any(ws.cell(r, c).value == "В!" for r in range(5, 30) for c in range(4, 15))
    # AND under the table the counts per direction, filled like the level
    row, _ = _find(ws, "Итого «В» — выраженный дефицит")
    reds = [ws.cell(row, c).value for c in range(4, 15)]
    expected = sum(
        1
        for r in range(5, 5 + len(names))
        for c in range(4, 15)
        if (ws.cell(r, c).value or "").startswith("В")
    )
    assert sum(reds) == expected > 0 and _fill(ws.cell(row, 4)) == "F4A6A6"


def test_school_grid_legend_and_print_setup(demo_school: DemoSchool, tmp_path: Path) -> None:
    db = demo_school(TODAY).db
    ws = _sheet(run_export(db, "grid", tmp_path / "grid.xlsx", round="01.04.2026"))
    # THEN the legend pairs each filled mark with the level's name
    row, col = _find(ws, "Условные обозначения:")
    legend = {
        ws.cell(r, 1).value: (ws.cell(r, 2).value, _fill(ws.cell(r, 1)))
        for r in range(row + 1, row + 6)
    }
    assert legend == {
        "В": ("выраженный дефицит", "F4A6A6"),
        "Ч": ("частичный дефицит", "FFE699"),
        "Н": ("нет дефицита", "B7E1A1"),
        "—": ("не оценивалось", "D9D9D9"),
        "!": ("первоочередной дефицит (решать в первую очередь)", None),
    }
    # AND the title names the school and the date
    assert ws["A1"].value == "Диагностическая карта профессиональных дефицитов педагогов"
    assert ws["A2"].value == "МБОУ «Берёзовская СОШ», по состоянию на 01.04.2026"
    # AND it prints landscape at a scale that keeps its text at 10 pt or more, the header
    # row on every page, in Times
    assert ws.page_setup.orientation == "landscape"
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.scale) * BODY_SIZE / 100 >= 10
    assert ws.print_title_rows == "$4:$4"
    assert ws.freeze_panes == "D5"
    assert ws["B5"].font.name == "Times New Roman" and ws["B5"].alignment.wrap_text
    # AND the teachers' names fit their column on one line, the marks' columns are narrow
    names = [ws.cell(row=r, column=2).value for r in range(5, 30)]
    longest = max(text_width(str(n), BODY_SIZE) for n in names if n)
    assert units_to_points(ws.column_dimensions["B"].width) >= longest
    assert ws.column_dimensions["D"].width < ws.column_dimensions["C"].width / 2


def test_teacher_card_rows_fills_and_marks(demo_school: DemoSchool, tmp_path: Path) -> None:
    # GIVEN the demo's young mathematics teacher
    db = demo_school(TODAY).db
    pid = next(p.id for p in list_persons(db) if p.full_name.startswith("Смирнова"))
    # WHEN her card of the entry diagnostic is exported
    out = run_export(db, "grid", tmp_path / "card.xlsx", teacher=pid, round="16.09.2025")
    ws = _sheet(out)
    # THEN the card has the seed's shape: directions as columns, two rows under each header
    assert ws["A1"].value.startswith("Диагностическая карта профессиональных достижений")
    assert ws["A3"].value == (
        "Педагог: Смирнова Дарья Алексеевна, Учитель, Математика, Вероятность и статистика"
    )
    assert ws["A4"].value.startswith("Диагностика: 16.09.2025")
    assert [ws.cell(6, c).value for c in range(1, 8)] == [
        "Направление",
        "Научно-теоретическое",
        "Нормативное правовое",
        "Предметно-профессиональное",
        "Психолого-педагогическое (обучающиеся и родители)",
        "Учебно-методическое (содержание, методики и технологии обучения)",
        "ИКТ-компетенции",
    ]
    assert (ws["A7"].value, ws["A8"].value) == (
        "Достижения и достоинства",
        "Затруднения и дефициты",
    )
    assert ws["A10"].value == "Направление" and ws["B10"].value == "Цифровизация образования"
    # AND each deficit cell starts with the level's mark (bold) and is filled by its colour
    for row in (8, 12):
        for col in range(2, 8):
            cell = ws.cell(row, col)
            if cell.value:
                mark = str(cell.value).split("\n")[0].rstrip(" !")
                assert _fill(cell) == LEVEL_FILLS[mark]
    assert str(ws["E8"].value).startswith("В !\n")  # the priority «психолого-педагогическое»
    rich = load_workbook(out, rich_text=True).active
    assert rich is not None
    assert rich["E8"].value[0].font.b and rich["E8"].value[0].text == "В !"
    # AND the priorities are spelled out, and it prints landscape without a false header
    _find(ws, "Условные обозначения:")
    assert any(
        str(c.value).startswith("Первоочередные дефициты: Психолого-педагогическое")
        for r in ws.iter_rows()
        for c in r
        if c.value
    )
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows is None


def test_long_texts_and_word_control_characters_keep_the_file_valid(
    db: Database, tmp_path: Path
) -> None:
    # GIVEN a deficit of 12,000 characters pasted from Word with control characters
    pid = save_person(db, PersonData(last_name="Гусева", first_name="Виктория"))
    lv = {lv.mark: lv.id for lv in grid_state.levels(db)}
    dirs = [d.id for d in grid_state.directions(db)]
    pasted = ("Затруднение\x0b в работе\x07 с классом;\x0c " * 400)[:12_000]
    save_round(
        db,
        RoundInput(
            pid,
            dt.date(2026, 3, 1),
            "самодиагностика",
            "Заметки\x01",
            [CellInput(dirs[0], "Сильная сторона\x1f" * 700, pasted, lv["В"], priority=True)],
        ),
        TODAY,
    )
    # WHEN the card and the school grid are exported
    card = _sheet(run_export(db, "grid", tmp_path / "card.xlsx", teacher=pid))
    school = _sheet(run_export(db, "grid", tmp_path / "school.xlsx"))
    # THEN both open, the long text is kept whole and clean, the row height stays legal
    deficit = str(card["B8"].value)
    assert deficit.startswith("В !\nЗатруднение\nв работе с классом;")
    assert len(deficit) > 10_000 and not any(ch in deficit for ch in "\x0b\x07\x0c")
    assert "\x1f" not in str(card["B7"].value)
    assert card.row_dimensions[8].height <= 409
    assert school["D5"].value == "В!" and _fill(school["D5"]) == "F4A6A6"


def _label_width(ws: Worksheet, row: int, col: int) -> float:
    """The width (in column units) the text of the cell has: its merged range, or the column."""
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return sum(
                ws.column_dimensions[get_column_letter(c)].width
                for c in range(rng.min_col, rng.max_col + 1)
            )
    return float(ws.column_dimensions[get_column_letter(col)].width)


def test_legend_label_fits_one_line_above_the_marked_cells(
    demo_school: DemoSchool, tmp_path: Path
) -> None:
    # GIVEN the demo school's card and school grid exported as XLSX
    db = demo_school(TODAY).db
    pid = next(p.id for p in list_persons(db) if p.full_name.startswith("Смирнова"))
    for kind, teacher in (("card", pid), ("grid", None)):
        ws = _sheet(run_export(db, "grid", tmp_path / f"{kind}.xlsx", teacher=teacher))
        # WHEN the legend's label is found
        row, col = _find(ws, "Условные обозначения:")
        # THEN it has room for one line (it cannot wrap down over the red «В» cell below)
        width = _label_width(ws, row, col)
        assert wrapped_lines("Условные обозначения:", width, BOLD_UNITS) == 1, kind
        assert ws.row_dimensions[row].height is not None
        # AND the first marked cell is on the next row, on its own
        assert ws.cell(row + 1, 1).value == "В" and _fill(ws.cell(row + 1, 1)) == "F4A6A6"
