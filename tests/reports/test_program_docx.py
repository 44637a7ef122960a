"""The printed program read back: sections and orientation, repeated header, group copies."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from app.errors import KuratorError
from app.services.documents.exports import run_export
from app.services.programs import programs, programs_items
from app.services.programs.programs import ItemData
from app.services.programs.programs_document import export_program
from app.services.school.school import SchoolData, save_school
from tests.services.program_fixtures import direction_ids, make_pair

SCHOOL = "Муниципальное бюджетное общеобразовательное учреждение «Тестовая СОШ»"


def _school(db) -> None:
    save_school(
        db, SchoolData(full_name=SCHOOL, short_name="МБОУ «Тестовая СОШ»", locality="с. Тестовое")
    )


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def _program(db, mentees: int = 1) -> tuple[int, list[int]]:
    _school(db)
    pair_id, ids = make_pair(db, mentees=mentees)
    pid = programs.create_program(db, pair_id, fill=False)
    programs.update_note(db, pid, "goal", "Освоить построение урока")
    programs.update_note(db, pid, "tasks", ["Изучить ФГОС", "Провести открытый урок"])
    return pid, ids


def test_pair_program_has_title_note_landscape_roadmap_and_signatures(db, tmp_path) -> None:
    # GIVEN a pair's program with two rows, one done, one with Word's control characters
    pid, _ = _program(db)
    d = direction_ids(db)[4]
    a = programs_items.add_item(
        db, pid, ItemData(d, activity_kind="Семинар по ФГОС", start_date=dt.date(2026, 9, 10))
    )
    programs_items.update_item(db, a, mark="done", mark_date=dt.date(2026, 9, 10))
    programs_items.add_item(db, pid, ItemData(d, activity_kind="Открытый\x0b урок\x07 " * 40))
    # WHEN it is printed
    out = export_program(db, pid, tmp_path / "программа.docx")
    doc = docx.Document(str(out))
    texts = _texts(doc)
    # THEN the title page, the note and the signatures are there
    assert SCHOOL in texts[0]
    assert "ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА" in texts
    assert any(t.startswith("Наставник: Кузнецова Елена Андреевна") for t in texts)
    assert "ПОЯСНИТЕЛЬНАЯ ЗАПИСКА" in texts
    assert "Цель: Освоить построение урока" in texts
    assert "2. Провести открытый урок" in texts
    # (the signatures are the roadmap's last row)
    signed = [p.text for p in doc.tables[-1].rows[-1].cells[0].paragraphs]
    assert any(t.startswith("Наставник\t") and "Е.А.\u00a0Кузнецова" in t for t in signed)
    assert any(t.startswith("Наставляемый\t") and "Смирнова" in t for t in signed)
    # AND the roadmap is in a landscape section after a portrait one
    orientations = [s.orientation for s in doc.sections]
    assert orientations[:2] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    roadmap = doc.tables[-1]
    header = roadmap.rows[0]
    assert header._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert [c.text for c in header.cells][:3] == ["№", "Вид деятельности", "Форма мероприятия"]
    assert len(header.cells) == 11
    # AND the direction heading row spans the table, the done row shows its date
    heading = roadmap.rows[1]._tr
    assert heading.find(f"{qn('w:tc')}/{qn('w:tcPr')}/{qn('w:gridSpan')}").get(qn("w:val")) == "11"
    assert (
        "Дисциплина" in roadmap.rows[1].cells[0].text
        or "Построение" in roadmap.rows[1].cells[0].text
    )
    done = roadmap.rows[2].cells
    assert done[1].text == "Семинар по ФГОС" and done[8].text == "выполнено 10.09.2026"
    assert (
        "\x0b" not in roadmap.rows[3].cells[1].text
        and "Открытый\nурок" in roadmap.rows[3].cells[1].text
    )


def test_group_prints_one_copy_per_mentee_with_common_part_and_own_module(db, tmp_path) -> None:
    # GIVEN a group of three with one common row and one own row per mentee
    pid, mentees = _program(db, mentees=3)
    d = direction_ids(db)[4]
    programs_items.add_item(db, pid, ItemData(d, activity_kind="Общий семинар"))
    for m in mentees:
        programs_items.add_item(db, pid, ItemData(d, mentee_id=m, activity_kind=f"Урок {m}"))
    # WHEN it is printed
    doc = docx.Document(str(export_program(db, pid, tmp_path / "группа.docx")))
    # THEN there are three copies (mentees by name), each with the common row and its module
    in_order = [m.id for m in programs.get_program(db, pid).mentees]
    assert sorted(in_order) == sorted(mentees)
    assert _texts(doc).count("ПОЯСНИТЕЛЬНАЯ ЗАПИСКА") == 3
    roadmaps = [t for t in doc.tables if len(t.columns) == 11]
    assert len(roadmaps) == 3
    for table, mentee in zip(roadmaps, in_order, strict=True):
        kinds = [r.cells[1].text for r in table.rows[1:] if len(r._tr.findall(qn("w:tc"))) > 1]
        assert kinds == ["Общий семинар", f"Урок {mentee}"]
        assert any("Индивидуальный модуль" in r.cells[0].text for r in table.rows)
    orientations = [s.orientation for s in doc.sections]
    assert orientations.count(WD_ORIENT.LANDSCAPE) == 3


def test_printing_needs_the_school_name(db, tmp_path) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    with pytest.raises(KuratorError, match="наименование школы"):
        export_program(db, pid, tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_export_registry_asks_for_the_id(db, tmp_path) -> None:
    with pytest.raises(KuratorError, match="--id N"):
        run_export(db, "program", tmp_path / "p.docx")


def test_command_line_export(ws, tmp_path) -> None:
    pid, _ = _program(ws.db)
    root = ws.paths.root
    ws.close(backup=False)
    out = tmp_path / "cli.docx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "export",
            "program",
            "--id",
            str(pid),
            "--data-dir",
            str(root),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert "ПОЯСНИТЕЛЬНАЯ ЗАПИСКА" in _texts(docx.Document(str(out)))
