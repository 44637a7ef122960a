"""The grid as DOCX read back with python-docx: cell shading, marks, legend, landscape,
repeated header; and the shared table layer's shading on its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table, _Cell

from app.models.db import Database
from app.reports.docx_layer import DocBuilder
from app.reports.table import Column
from app.services.documents.exports import run_export
from app.services.grid import grid_state
from app.services.grid.diagnostics import CellInput, RoundInput, save_round
from app.services.people.persons import PersonData, list_persons, save_person
from tests.prebuilt import DemoSchool

TODAY = dt.date(2026, 4, 1)
LEVEL_FILLS = {"В": "F4A6A6", "Ч": "FFE699", "Н": "B7E1A1", "—": "D9D9D9"}


def _shading(cell: _Cell) -> str | None:
    shd = cell._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    return None if shd is None else shd.get(qn("w:fill"))


def _repeats_header(table: Table) -> bool:
    return table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def test_shared_table_shades_the_cells_it_is_given(tmp_path: Path) -> None:
    # GIVEN a builder WHEN a table is added with fills for some body cells
    b = DocBuilder()
    table = b.add_table(
        [Column("А", 10), Column("Б", 10)],
        [["1", "2"], ["3", "4"]],
        fills=[[None, "FFE699"], ["B7E1A1"]],
    )
    b.save(tmp_path / "t.docx")
    table = docx.Document(str(tmp_path / "t.docx")).tables[0]
    # THEN exactly those cells carry w:shd with the colour, the header none
    assert [[_shading(c) for c in row.cells] for row in table.rows] == [
        [None, None],
        [None, "FFE699"],
        ["B7E1A1", None],
    ]
    assert table.cell(1, 1).text == "2"


def test_school_grid_shading_marks_and_page(demo_school: DemoSchool, tmp_path: Path) -> None:
    # GIVEN the demo school WHEN the school grid is exported as DOCX for a date
    db = demo_school(TODAY).db
    out = run_export(db, "grid", tmp_path / "grid.docx", round="01.04.2026")
    document = docx.Document(str(out))
    table = document.tables[0]
    # THEN the header names the directions (turned to read upwards) and repeats on each page
    header = [c.text for c in table.rows[0].cells]
    assert header[:3] == ["№", "Педагог", "Должность"]
    assert header[3:] == [d.label for d in grid_state.directions(db)]
    assert _repeats_header(table)
    turned = table.rows[0].cells[3]._tc.find(f"{qn('w:tcPr')}/{qn('w:textDirection')}")
    assert turned is not None and turned.get(qn("w:val")) == "btLr"
    # AND each teacher's cell shows the mark, shaded with the level's colour
    names = [p.full_name for p in list_persons(db, include_archived=False)]
    seen = set()
    for row, name in zip(table.rows[1:], names, strict=False):
        cells = row.cells
        assert cells[1].text == name
        for cell in cells[3:]:
            mark = cell.text.rstrip("!")
            assert _shading(cell) == (LEVEL_FILLS[mark] if mark else None), (name, mark)
            seen.add(mark)
    assert {"В", "Ч", "Н", "—"} <= seen
    marks = [c for row in table.rows[1:] for c in row.cells[3:] if c.text]
    assert all(r.bold for c in marks for r in c.paragraphs[0].runs)
    # AND the counts per direction close the table
    # (a dash between words is held to the word before it by a no-break space)
    totals = {
        row.cells[1].text.replace("\u00a0", " "): row
        for row in table.rows
        if row.cells[1].text.startswith("Итого")
    }
    assert list(totals) == [
        "Итого «В» — выраженный дефицит",
        "Итого «Ч» — частичный дефицит",
        "Итого «Н» — нет дефицита",
        "Итого «—» — не оценивалось",
    ]
    red = totals["Итого «В» — выраженный дефицит"]
    assert _shading(red.cells[3]) == "F4A6A6"
    assert sum(int(c.text) for c in red.cells[3:]) == sum(
        1 for row in table.rows[1 : len(names) + 1] for c in row.cells[3:] if c.text.startswith("В")
    )
    # AND the page is landscape A4, titled with the school and the date, with a legend
    section = document.sections[-1]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width is not None and section.page_height is not None
    assert section.page_width > section.page_height
    text = _text(out)
    assert "Диагностическая карта профессиональных дефицитов педагогов" in text
    assert "МБОУ «Берёзовская СОШ», по состоянию на 01.04.2026" in text
    assert (
        "Условные обозначения: В — выраженный дефицит; Ч — частичный дефицит; "
        "Н — нет дефицита; — — не оценивалось."
    ) in text.replace("\u00a0", "")
    assert "!\u00a0— первоочередной дефицит" in text  # the dash never starts a line


def test_legend_marks_are_shaded_with_their_colour(demo_school: DemoSchool, tmp_path: Path) -> None:
    db = demo_school(TODAY).db
    document = docx.Document(str(run_export(db, "grid", tmp_path / "grid.docx")))
    legend = next(p for p in document.paragraphs if p.text.startswith("Условные"))
    shaded = {
        r.text.strip("\u00a0"): r._r.find(f"{qn('w:rPr')}/{qn('w:shd')}").get(qn("w:fill"))
        for r in legend.runs
        if r._r.find(f"{qn('w:rPr')}/{qn('w:shd')}") is not None
    }
    assert shaded == LEVEL_FILLS


def test_teacher_card_shape_shading_and_priority(demo_school: DemoSchool, tmp_path: Path) -> None:
    # GIVEN the demo's young mathematics teacher
    db = demo_school(TODAY).db
    pid = next(p.id for p in list_persons(db) if p.full_name.startswith("Смирнова"))
    # WHEN her card of the entry diagnostic is exported as DOCX
    out = run_export(db, "grid", tmp_path / "card.docx", teacher=pid, round="16.09.2025")
    document = docx.Document(str(out))
    # THEN two tables (6 + 5 directions) of three rows: header, strengths, deficits
    first, second = document.tables
    assert len(first.columns) == 7 and len(second.columns) == 6
    assert [len(t.rows) for t in (first, second)] == [3, 3]
    assert first.rows[0].cells[4].text == "Психолого-педагогическое (обучающиеся и родители)"
    assert [first.rows[r].cells[0].text for r in (1, 2)] == [
        "Достижения и достоинства",
        "Затруднения и дефициты",
    ]
    assert _repeats_header(first) and _repeats_header(second)
    # (each block stays on one page when it fits: its first two rows keep with the next)
    keep = f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:keepNext')}"
    assert [second.rows[r].cells[1]._tc.find(keep) is not None for r in (0, 1, 2)] == [
        True,
        True,
        False,
    ]
    # AND deficit cells open with the bold mark and are shaded by level; strengths are not
    psych = first.rows[2].cells[4]
    assert psych.text.startswith("В !\n") and _shading(psych) == "F4A6A6"
    assert psych.paragraphs[0].runs[0].bold and psych.paragraphs[0].runs[0].text == "В !"
    for table in (first, second):
        for cell in table.rows[2].cells[1:]:
            mark = cell.text.split("\n")[0].rstrip(" !")
            assert _shading(cell) == (LEVEL_FILLS[mark] if mark else None)
        assert all(_shading(c) is None for c in table.rows[1].cells)
    text = _text(out)
    assert "Педагог: Смирнова Дарья Алексеевна, Учитель" in text
    assert "Диагностика: 16.09.2025" in text
    assert (
        "Первоочередные дефициты: Психолого-педагогическое (обучающиеся и родители); "
        "Учебно-методическое (содержание, методики и технологии обучения)."
    ) in text
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE


def test_long_texts_and_word_control_characters(db: Database, tmp_path: Path) -> None:
    # GIVEN 12,000 characters pasted from Word with control characters, in a strength and
    # a deficit
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
            [CellInput(dirs[0], "Сильная сторона\x1f " * 700, pasted, lv["Ч"])],
        ),
        TODAY,
    )
    # WHEN the card and the school grid are exported
    card = docx.Document(str(run_export(db, "grid", tmp_path / "card.docx", teacher=pid)))
    school = docx.Document(str(run_export(db, "grid", tmp_path / "s.docx", round="01.04.2026")))
    # THEN both open, the texts are whole and clean, and the tall row may break across pages
    deficit = card.tables[0].rows[2].cells[1]
    assert deficit.text.startswith("Ч\nЗатруднение\nв работе с классом;")
    assert len(deficit.text) > 10_000 and _shading(deficit) == "FFE699"
    assert not any(
        ch in deficit.text + card.tables[0].rows[1].cells[1].text for ch in "\x0b\x07\x0c\x1f"
    )
    assert card.tables[0].rows[2]._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is None
    keep = f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:keepNext')}"
    assert card.tables[0].rows[0].cells[1]._tc.find(keep) is None  # flows, no empty page
    assert school.tables[0].rows[1].cells[3].text == "Ч"
