"""The shared Excel table writer and the atomic file writing under it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.errors import KuratorError
from app.reports import atomic
from app.reports.atomic import atomic_write_path
from app.reports.col_widths import line_count, text_width
from app.reports.xlsx_table import (
    BODY_SIZE,
    CELL_PADDING_PT,
    Column,
    row_height,
    sheet_name,
    units_to_points,
    wrapped_lines,
    write_table_xlsx,
)

COLUMNS = [
    Column("№", 5, wrap=False),
    Column("ФИО", 24),
    Column("Дата вхождения в программу", 14, wrap=False),
    Column("Стаж, лет", 8, wrap=False),
    Column("Ключевые компетенции", 30),
]
ROWS: list[list[object]] = [
    [1, "Захарова Анастасия Анатольевна", dt.date(2025, 9, 1), 21, "Проектная деятельность"],
    [2, "Ёлкин Иван Петрович", None, None, "=СУММ(A1:A2)"],
]


def _sheet(path: Path) -> Worksheet:
    ws = load_workbook(path).active
    assert ws is not None
    return ws


def _write(
    path: Path, rows: list[list[object]] = ROWS, subtitle: str = "2025/2026 учебный год"
) -> Path:
    return write_table_xlsx(
        path,
        "Наставники",
        "База наставников МБОУ «Знаменская СОШ»",
        COLUMNS,
        rows,
        subtitle=subtitle,
    )


def test_titles_header_and_rows_read_back(tmp_path: Path) -> None:
    # GIVEN a table with a title, a subtitle and two rows
    out = tmp_path / "база.xlsx"

    # WHEN it is written
    written = _write(out)

    # THEN titles sit above an empty line, then the header and the rows with their types
    assert written == out
    ws = _sheet(out)
    assert ws.title == "Наставники"
    assert ws["A1"].value == "База наставников МБОУ «Знаменская СОШ»"
    assert ws["A2"].value == "2025/2026 учебный год"
    assert ws["A3"].value is None
    assert [c.value for c in ws[4]] == [c.header for c in COLUMNS]
    assert [c.value for c in ws[5]][:2] == [1, "Захарова Анастасия Анатольевна"]
    assert ws["C5"].value.date() == dt.date(2025, 9, 1)
    assert ws["C5"].number_format == "DD.MM.YYYY"
    assert ws["D5"].value == 21
    assert ws["C6"].value is None
    assert "A1:E1" in {str(r) for r in ws.merged_cells.ranges}


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    # GIVEN a cell text that begins with "=" (typed by the curator, not a formula)
    out = _write(tmp_path / "t.xlsx")

    # WHEN the file is read back
    cell = _sheet(out)["E6"]

    # THEN it is the same text, stored as a string
    assert cell.value == "=СУММ(A1:A2)"
    assert cell.data_type == "s"


def test_header_style_fonts_and_widths(tmp_path: Path) -> None:
    # GIVEN a written table
    ws = _sheet(_write(tmp_path / "t.xlsx"))

    # THEN the header is bold, filled, bordered, wrapped and centred
    header = ws["B4"]
    assert header.font.b is True
    assert header.fill.fill_type == "solid"
    assert header.border.left.style == "thin" and header.border.bottom.style == "thin"
    assert header.alignment.wrap_text is True
    assert header.alignment.horizontal == "center"
    # AND every used cell names a Cyrillic-capable font explicitly
    for ref in ("A1", "A2", "B4", "B5", "E6"):
        assert ws[ref].font.name == "Times New Roman"
        assert ws[ref].font.charset == 204
    # AND data cells have borders; wrapping follows the column setting
    assert ws["B5"].border.top.style == "thin"
    assert ws["B5"].alignment.wrap_text is True
    assert not ws["A5"].alignment.wrap_text
    # AND the widths come from the content: the full name stays on one line
    name = text_width("Захарова Анастасия Анатольевна", BODY_SIZE)
    assert units_to_points(ws.column_dimensions["B"].width) >= name + CELL_PADDING_PT


def test_frozen_header_and_print_setup(tmp_path: Path) -> None:
    # GIVEN a written table
    ws = _sheet(_write(tmp_path / "t.xlsx"))

    # THEN the rows above the data are frozen and the header repeats on every page
    assert ws.freeze_panes == "A5"
    assert ws.print_title_rows == "$4:$4"
    assert ws.print_area == "'Наставники'!$A$1:$E$6"
    # AND the page is A4 landscape at full size (a narrow table needs no shrinking)
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.scale) == 100


def test_without_subtitle_header_moves_up(tmp_path: Path) -> None:
    # GIVEN no subtitle and no rows
    out = _write(tmp_path / "t.xlsx", rows=[], subtitle="")

    # WHEN read back
    ws = _sheet(out)

    # THEN the header is the third row and still frozen and printed
    assert [c.value for c in ws[3]] == [c.header for c in COLUMNS]
    assert ws.freeze_panes == "A4"
    assert ws.print_area == "'Наставники'!$A$1:$E$3"


def test_control_characters_are_removed(tmp_path: Path) -> None:
    # GIVEN text pasted from Word with control characters in a cell, the title and a header
    rows: list[list[object]] = [
        [1, "Иванов\x07 Иван\x0b\ud800", None, None, "строка 1\r\nстрока\x00 2"]
    ]
    out = tmp_path / "t.xlsx"

    # WHEN written with the general builder
    write_table_xlsx(out, "Лист", "Заголовок\x1f", [Column("Имя\x01", 20)] + COLUMNS[1:], rows)

    # THEN the file opens and only the control characters are gone
    ws = _sheet(out)
    assert ws["A1"].value == "Заголовок"
    assert ws["A3"].value == "Имя"
    assert ws["B4"].value == "Иванов Иван"
    assert ws["E4"].value == "строка 1\nстрока 2"


def test_long_wrapped_text_gets_taller_row(tmp_path: Path) -> None:
    # GIVEN one short row and one with a long text in a wrapping column
    rows: list[list[object]] = [
        [1, "А", None, None, "коротко"],
        [2, "Б", None, None, "очень длинный текст " * 10],
    ]

    # WHEN written
    ws = _sheet(_write(tmp_path / "t.xlsx", rows=rows))

    # THEN the long row is as tall as its wrapped lines, so the whole text is printed
    room = units_to_points(ws.column_dimensions["E"].width) - CELL_PADDING_PT
    lines = line_count(str(ws["E6"].value), room, BODY_SIZE)
    assert lines > 1
    assert ws.row_dimensions[6].height == row_height(lines)
    assert ws.row_dimensions[5].height == row_height(1)


def test_text_taller_than_a_row_runs_on_to_continuation_rows(tmp_path: Path) -> None:
    # GIVEN a pair whose deficits run to far more lines than Excel's 409-pt row can show
    deficit = "Психолого-педагогическое: " + " ".join(
        f"затрудняется в общении с родителями, случай {i}." for i in range(400)
    )
    columns = [
        Column("№", 4, wrap=False),
        Column("Наставник, должность", 24),
        Column("Направления и дефициты", 40),
        Column("Начало", 11, wrap=False),
    ]
    rows: list[list[object]] = [
        [1, "Васильев Сергей Михайлович, учитель", deficit, dt.date(2026, 10, 1)],
        [2, "Кузнецова Елена Андреевна, учитель", "ИКТ-компетенции: коротко", None],
    ]

    # WHEN written and read back
    out = write_table_xlsx(tmp_path / "pairs.xlsx", "Пары", "Пары", columns, rows)
    ws = _sheet(out)

    # THEN no row is taller than Excel's limit, and every row is tall enough for the
    # wrapped text of each of its cells (nothing is cut at the bottom of a cell)
    rooms = [units_to_points(ws.column_dimensions[c].width) - CELL_PADDING_PT for c in "ABCD"]
    for r in range(3, ws.max_row + 1):
        height = ws.row_dimensions[r].height
        assert height is not None and height <= 409
        for i, cell in enumerate(ws[r]):
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                bold = r == 3
                assert height >= row_height(line_count(cell.value, rooms[i], BODY_SIZE, bold))
    # AND the long text is whole, spread over the first record's rows, the others empty
    record = [r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value != 2]
    assert len(record) > 1
    parts = [str(ws.cell(r, 3).value) for r in record]
    assert " ".join(parts).split() == deficit.split()
    assert ws.cell(record[0], 2).value == "Васильев Сергей Михайлович, учитель"
    assert ws.cell(record[0], 4).value == dt.datetime(2026, 10, 1)
    assert all(ws.cell(r, c).value is None for r in record[1:] for c in (1, 2, 4))
    # AND it reads as one record: ruled round its edges, not between its rows
    assert ws.cell(record[0], 3).border.top.style == "thin"
    assert all(ws.cell(r, 2).border.top.style is None for r in record[1:])
    assert ws.cell(record[-1], 2).border.bottom.style == "thin"
    assert all(ws.cell(r, c).border.left.style == "thin" for r in record for c in (1, 2, 3, 4))
    # AND the next pair follows on its own row
    assert ws.cell(record[-1] + 1, 1).value == 2
    assert ws.cell(record[-1] + 1, 3).value == "ИКТ-компетенции: коротко"


def test_wrapped_lines_counts_words_and_breaks() -> None:
    # GIVEN texts and a column 11 units wide (10 characters per line)
    # THEN words wrap greedily and explicit line breaks count
    assert wrapped_lines("один два", 11) == 1
    assert wrapped_lines("один два три", 11) == 2
    assert wrapped_lines("один\nдва", 11) == 2
    assert wrapped_lines("", 11) == 1


def test_sheet_name_is_made_valid() -> None:
    # GIVEN titles Excel would refuse as sheet names
    # THEN forbidden characters are replaced and the length is capped at 31
    assert sheet_name("Пары/группы: 2025") == "Пары группы  2025"
    assert len(sheet_name("Я" * 40)) == 31
    assert sheet_name("\x07") == "Лист1"


def test_row_longer_than_columns_is_refused(tmp_path: Path) -> None:
    # GIVEN a row with more values than columns
    # WHEN writing THEN it is a programming error and nothing is written
    with pytest.raises(ValueError):
        write_table_xlsx(tmp_path / "t.xlsx", "Лист", "T", [Column("A", 5)], [[1, 2]])
    assert list(tmp_path.iterdir()) == []


def test_rewrite_replaces_file_and_leaves_no_temp_files(tmp_path: Path) -> None:
    # GIVEN an existing export
    out = _write(tmp_path / "база.xlsx")

    # WHEN it is exported again with other rows
    _write(out, rows=[[7, "Новая строка", None, None, ""]])

    # THEN the folder holds only the new file
    assert [p.name for p in tmp_path.iterdir()] == ["база.xlsx"]
    assert _sheet(out)["A5"].value == 7


def test_file_open_elsewhere_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN an existing export and a rename that fails as it does for a file open in Excel
    out = _write(tmp_path / "база.xlsx")
    before = out.read_bytes()

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", locked)

    # WHEN exporting again
    with pytest.raises(KuratorError) as err:
        _write(out, rows=[])

    # THEN the user reads what to do, the old file is intact and no temp file is left
    assert "открыт в другой программе (Word/Excel)" in str(err.value)
    assert "Закройте его и повторите" in str(err.value)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["база.xlsx"]


def test_failure_while_writing_keeps_old_file(tmp_path: Path) -> None:
    # GIVEN an existing file
    target = tmp_path / "doc.docx"
    target.write_bytes(b"old")

    # WHEN the writer fails halfway through
    with pytest.raises(RuntimeError), atomic_write_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("builder failed")

    # THEN the old content is intact and the temp file is gone
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.docx"]


def test_disk_error_while_writing_becomes_russian_message(tmp_path: Path) -> None:
    # GIVEN a writer that hits a disk error (full disk, stick pulled out)
    target = tmp_path / "doc.xlsx"

    # WHEN the error happens inside the block
    with pytest.raises(KuratorError) as err, atomic_write_path(target):
        raise OSError(28, "No space left on device")

    # THEN it is reported in Russian and nothing is left behind
    assert str(err.value).startswith(f"Не удалось записать файл {target}")
    assert list(tmp_path.iterdir()) == []


def test_temp_file_is_in_target_folder_with_same_extension(tmp_path: Path) -> None:
    # GIVEN a target
    target = tmp_path / "отчёт.xlsx"

    # WHEN a temp path is handed out
    with atomic_write_path(target) as tmp:
        seen = tmp
        tmp.write_bytes(b"data")
        # THEN it lives beside the target (same disk, so the rename is atomic)
        assert tmp.parent == tmp_path and tmp.suffix == ".xlsx" and tmp != target

    # AND afterwards only the target exists, with the written bytes and normal permissions
    assert not seen.exists()
    assert target.read_bytes() == b"data"
    if os.name == "posix":
        umask = os.umask(0)
        os.umask(umask)
        assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    # GIVEN a target in a folder that does not exist
    target = tmp_path / "нет" / "t.xlsx"

    # WHEN writing THEN the user is told which folder is missing
    with pytest.raises(KuratorError, match="Папка не найдена: .*нет"):
        _write(target)
    assert not (tmp_path / "нет").exists()


def test_folder_as_target_is_refused(tmp_path: Path) -> None:
    # GIVEN a folder where the file should go
    target = tmp_path / "база.xlsx"
    target.mkdir()

    # WHEN writing THEN the message says it is a folder and nothing changes
    with pytest.raises(KuratorError, match="это папка"):
        _write(target)
    assert [p.name for p in tmp_path.iterdir()] == ["база.xlsx"]
