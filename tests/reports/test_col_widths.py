"""Column widths from content: read back from written .docx and .xlsx files."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table
from openpyxl import load_workbook

from app.reports.col_widths import (
    SOFT_HYPHEN,
    ZWSP,
    fit_columns,
    hyphenate,
    line_count,
    measure_table,
    text_width,
)
from app.reports.docx_layer import DocBuilder
from app.reports.table import Column
from app.reports.xlsx_table import (
    BODY_SIZE,
    CELL_PADDING_PT,
    PRINT_WIDTH_PT,
    row_height,
    units_to_points,
    write_table_xlsx,
)
from app.services.documents.exports import run_export
from tests.documents.pagecheck import broken_words, pages, source_words
from tests.prebuilt import DemoSchool

_BREAKS = re.compile(r"[ \n]+")


def _grid_twips(table: Table) -> list[int]:
    return [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def _margin_pt(table: Table) -> float:
    left = table._tbl.tblPr.find(f"{qn('w:tblCellMar')}/{qn('w:left')}")
    return 2 * int(left.get(qn("w:w"))) / 20


def _size_pt(table: Table, default: float) -> float:
    """The size of the body runs (explicit, or the table style's)."""
    for run in table._tbl.iter(qn("w:r")):
        sz = run.find(f"{qn('w:rPr')}/{qn('w:sz')}")
        if sz is not None:
            return int(sz.get(qn("w:val"))) / 2
    return default


def _words(text: str) -> list[str]:
    return [w for w in _BREAKS.split(text.replace(ZWSP, " ")) if w]


def _widest_piece(word: str, size: float, bold: bool = False) -> float:
    """The widest part of a word between the points where a line may break by itself."""
    parts = re.split(r"(?<=[-–—\u00ad])", word)
    return max(text_width(p.replace(SOFT_HYPHEN, "-"), size, bold) for p in parts)


def _assert_words_fit(table: Table, size: float) -> None:
    widths = [w / 20 - _margin_pt(table) for w in _grid_twips(table)]
    for r, row in enumerate(table.rows):
        for i, cell in enumerate(row.cells):
            for word in _words(cell.text):
                assert _widest_piece(word, size, bold=r == 0) <= widths[i] + 0.01, (word, i)


def test_longest_word_fits_and_free_text_gets_the_slack(tmp_path: Path) -> None:
    # GIVEN a table whose long words sit in a narrowly declared column and whose free text
    # sits in a widely declared one
    columns = [
        Column("№", 4, wrap=False),
        Column("Категория", 4),
        Column("Комментарий", 40),
        Column("Примечание", 40),
    ]
    rows = [
        [str(n), "высшая квалификационная", "Коротко.", "Очень длинный текст " * 12]
        for n in range(1, 4)
    ]
    b = DocBuilder()
    b.add_table(columns, rows)
    # WHEN written and read back
    out = b.save(tmp_path / "t.docx")
    table = docx.Document(str(out)).tables[0]
    widths = _grid_twips(table)
    # THEN the columns fill the text width exactly
    assert sum(widths) == b.text_width_twips
    # AND no word is wider than its column at the table's font size (12 pt)
    _assert_words_fit(table, 12)
    # AND «квалификационная» has its full width although the column was declared narrow
    room = widths[1] / 20 - _margin_pt(table)
    assert room >= text_width("квалификационная", 12)
    # AND the long free text has the widest column, the short comment a narrow one
    assert widths[3] == max(widths) and widths[2] < widths[3] / 3


def test_heading_word_wider_than_its_column_gets_soft_hyphens(tmp_path: Path) -> None:
    # GIVEN a landscape table of many columns with narrow content and long heading words
    heads = ["Первоочередной", "Квалификационная", "Должность"] * 4
    columns = [Column(h, 5) for h in heads]
    b = DocBuilder()
    b.start_section(landscape=True)
    b.add_table(columns, [["да"] * len(columns)])
    # WHEN written and read back
    table = docx.Document(str(b.save(tmp_path / "t.docx"))).tables[0]
    widths = [w / 20 - _margin_pt(table) for w in _grid_twips(table)]
    size = _size_pt(table, 12)
    # THEN every heading word wider than its column carries soft hyphens, and each of its
    # syllable groups fits the column; the words read the same without them
    hyphenated = 0
    for i, cell in enumerate(table.rows[0].cells):
        word = cell.text
        assert word.replace(SOFT_HYPHEN, "") == heads[i]
        if text_width(heads[i], size, bold=True) > widths[i]:
            hyphenated += 1
            assert SOFT_HYPHEN in word
            assert _widest_piece(word, size, bold=True) <= widths[i] + 0.01
        else:
            assert SOFT_HYPHEN not in word
    assert hyphenated > 0


def test_hyphenation_follows_russian_syllables() -> None:
    # GIVEN long heading words WHEN hyphenated THEN they divide between syllables, never
    # leaving one letter alone or «ь», «й» at the start of a line
    assert hyphenate("категория").split(SOFT_HYPHEN) == ["ка", "те", "го", "рия"]
    assert hyphenate("Должность").split(SOFT_HYPHEN) == ["Дол", "жность"]
    assert hyphenate("подъезд").split(SOFT_HYPHEN) == ["подъ", "езд"]
    for word in ("первоочередной", "квалификационная", "Михайлович", "предмет(ы)"):
        parts = hyphenate(word).split(SOFT_HYPHEN)
        assert "".join(parts) == word and len(parts) > 1
        assert all(len(p) >= 2 and p[0] not in "ьъйЬЪЙ" for p in parts)


def test_email_stays_whole_when_it_fits_and_breaks_after_at_when_not(tmp_path: Path) -> None:
    # GIVEN one e-mail in a table with room, and the same e-mail among many columns
    email = "konstantinopolskaya.ea@berezovka-sosh.example"
    columns = [Column("Контакты", 10), Column("Текст", 10)]
    wide = fit_columns(measure_table(columns, [[email, "слово"]]), 480, 12, padding=8)
    assert wide.cell(0, email) == email
    crowded = measure_table(columns * 6, [[email, "слово"] * 6])  # no room for whole tokens
    narrow = fit_columns(crowded, 480, 12, padding=8)
    # WHEN the cell text is adjusted THEN it breaks after «@» and «.», the letters kept
    broken = narrow.cell(0, email)
    assert broken.replace(ZWSP, "") == email
    assert "@" + ZWSP in broken


def test_mentors_base_with_data_fits_words_and_several_people_a_page(
    demo_school: DemoSchool, tmp_path: Path
) -> None:
    # GIVEN the demo school's base of mentors WHEN printed as DOCX
    db = demo_school().db
    out = run_export(db, "mentors-base", tmp_path / "base.docx")
    document = docx.Document(str(out))
    table = document.tables[0]
    size = _size_pt(table, 12)
    # THEN it is landscape, the table fills the text width and no word outgrows its column
    section = document.sections[-1]
    assert section.page_width > section.page_height
    assert sum(_grid_twips(table)) == round(
        (section.page_width - section.left_margin - section.right_margin) / 635
    )
    assert 10 <= size <= 12
    _assert_words_fit(table, size)
    # AND no body row is so tall that a landscape page holds only one person
    widths = [w / 20 - _margin_pt(table) for w in _grid_twips(table)]
    tallest = max(
        line_count(cell.text, widths[i], size)
        for row in table.rows[1:]
        for i, cell in enumerate(row.cells)
    )
    page_lines = (section.page_height - section.top_margin - section.bottom_margin) / 12700
    assert tallest * size * 1.15 < page_lines / 2


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice/poppler not installed",
)
def test_bases_render_without_broken_words(demo_school: DemoSchool, tmp_path: Path) -> None:
    # GIVEN the demo school's bases of mentors and mentees as DOCX
    db = demo_school().db
    files = [
        run_export(db, "mentors-base", tmp_path / "mentors.docx"),
        run_export(db, "mentees-base", tmp_path / "mentees.docx"),
    ]
    # WHEN LibreOffice renders them (own profile: other instances may be running)
    profile = f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"
    convert = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir"]
    subprocess.run([*convert, str(tmp_path), *map(str, files)], check=True, capture_output=True)
    for src in files:
        printed = pages(tmp_path / (src.stem + ".pdf"))
        # THEN no word is broken inside, and the pages hold several people each
        assert broken_words(printed, source_words(src)) == []
        people = len(docx.Document(str(src)).tables[0].rows) - 1
        assert len(printed) * 2 <= people + 1


def test_pairs_xlsx_prints_at_ten_points_with_rows_fitted(
    demo_school: DemoSchool, tmp_path: Path
) -> None:
    # GIVEN the demo school's pairs list WHEN exported as XLSX
    db = demo_school().db
    ws = load_workbook(run_export(db, "pairs", tmp_path / "pairs.xlsx")).active
    assert ws is not None
    # THEN it prints at a set scale (not fitted to the width) that keeps 12 pt text at 10 pt
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.scale) * BODY_SIZE / 100 >= 10
    # AND the columns fit the landscape page at that scale
    total = sum(units_to_points(ws.column_dimensions[c.column_letter].width) for c in ws[4])
    assert total * int(ws.page_setup.scale) / 100 <= PRINT_WIDTH_PT + 1
    # AND each row is as tall as its longest wrapped cell, no taller
    rooms = [units_to_points(ws.column_dimensions[c.column_letter].width) for c in ws[4]]
    for r in range(5, ws.max_row + 1):
        lines = max(
            (
                line_count(str(cell.value), rooms[i] - CELL_PADDING_PT, BODY_SIZE)
                for i, cell in enumerate(ws[r])
                if isinstance(cell.value, str) and cell.alignment.wrap_text
            ),
            default=1,
        )
        assert ws.row_dimensions[r].height == row_height(lines)
    # AND the one long free text, the directions and deficits, gets the slack: its column
    # is the widest by far, so any two pairs share a printed page under the heading
    heads = [str(c.value) for c in ws[4]]
    directions = heads.index("Направления и дефициты")
    assert rooms[directions] >= 2.5 * max(w for i, w in enumerate(rooms) if i != directions)
    page = (210 - 30) / 25.4 * 72 * 100 / int(ws.page_setup.scale)
    heading = ws.row_dimensions[4].height
    assert all(
        ws.row_dimensions[r].height <= (page - heading) / 2 for r in range(5, ws.max_row + 1)
    )


def test_xlsx_heading_word_too_wide_is_divided_with_a_hyphen(tmp_path: Path) -> None:
    # GIVEN a sheet of many columns whose long heading words outgrow their columns
    heads = ["Квалификационная категория", "Первоочередной дефицит"] * 6
    columns = [Column(h, 5) for h in heads]
    out = write_table_xlsx(tmp_path / "t.xlsx", "Лист", "Таблица", columns, [["да"] * 12])
    ws = load_workbook(out).active
    assert ws is not None
    # WHEN read back THEN a too-wide word is cut at a syllable with «-» and a line break,
    # each line fits the column, and the heading reads the same joined back
    divided = 0
    for cell, head in zip(ws[3], heads, strict=True):
        text = str(cell.value)
        assert text.replace("-\n", "") == head
        if "-\n" in text:
            divided += 1
        room = units_to_points(ws.column_dimensions[cell.column_letter].width) - CELL_PADDING_PT
        for line in text.split("\n"):
            for word in line.split():
                assert text_width(word, BODY_SIZE, bold=True) <= room + 0.01
    assert divided > 0


def test_xlsx_too_wide_for_whole_words_runs_on_a_page_across(tmp_path: Path) -> None:
    # GIVEN a sheet of fourteen columns of long words: at 10 pt they cannot share one page
    columns = [Column("№", 3)] + [Column(f"Столбец {i}", 10) for i in range(1, 14)]
    row: list[object] = [1] + ["обществознание муниципального"] * 13
    out = write_table_xlsx(tmp_path / "t.xlsx", "Лист", "Широкая таблица", columns, [row])
    ws = load_workbook(out).active
    assert ws is not None
    # WHEN read back THEN the text still prints at 10 pt and no column is narrower than its
    # longest word: the sheet runs on to a page across, the number and first column repeated
    assert int(ws.page_setup.scale) * BODY_SIZE / 100 >= 10
    room = [
        units_to_points(ws.column_dimensions[c.column_letter].width) - CELL_PADDING_PT
        for c in ws[3]
    ]
    widest_word = text_width("муниципального", BODY_SIZE)
    assert all(r >= widest_word for r in room[1:])
    assert ws.print_title_cols == "$A:$B"
    assert ws.page_setup.pageOrder == "overThenDown"
    # AND the title stands over the first page's columns only, clear of the repeated ones
    # (neither the page edge nor a repeated column cuts it)
    merged = [str(r) for r in ws.merged_cells.ranges if str(r).endswith("1")]
    assert len(merged) == 1 and merged[0].startswith("C1:") and merged[0] != "C1:N1"
    assert ws["C1"].value == "Широкая таблица" and ws["A1"].value is None
