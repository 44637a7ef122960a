"""The two bases as tables and their export to Excel through the export registry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.errors import KuratorError
from app.models.db import Database
from app.services.documents.exports import KINDS, run_export
from app.services.pairs import bases
from app.services.pairs.bases import mentees_base, mentors_base, years_text
from app.services.people.persons import (
    MenteeData,
    MentorData,
    PersonData,
    save_person,
    set_archived,
)
from app.services.school.school import SchoolData, save_school


def _mentor(db: Database, last: str, **mentor: object) -> int:
    return save_person(
        db,
        PersonData(
            last_name=last,
            first_name="Анастасия",
            middle_name="Анатольевна",
            position="Учитель",
            subjects="Математика",
            experience_years=21,
            category="Высшая",
            phone="+7 900 123-45-67",
            email="zakharova@mail.ru",
            mentor=MentorData(**mentor),  # type: ignore[arg-type]
        ),
    )


def _mentee(db: Database, last: str, **mentee: object) -> int:
    return save_person(
        db,
        PersonData(
            last_name=last,
            first_name="Алина",
            position="Учитель начальных классов",
            experience_years=1,
            mentee=MenteeData(**mentee),  # type: ignore[arg-type]
        ),
    )


def _sheet(path: Path) -> Worksheet:
    ws = load_workbook(path).active
    assert ws is not None
    return ws


def _row(ws: Worksheet, n: int) -> dict[str, object]:
    """Data row ``n`` (1-based) of an exported base as header → value."""
    header_row = next(r for r in range(1, 6) if ws.cell(r, 1).value == "№")
    headers = [c.value for c in ws[header_row]]
    return dict(zip(headers, [c.value for c in ws[header_row + n]], strict=True))


def test_mentors_base_lists_active_mentors_sorted(db: Database) -> None:
    # GIVEN mentors (one archived), a mentee-only teacher, and names needing Russian order
    _mentor(db, "Иванова")
    _mentor(db, "Ёлкина")
    archived = _mentor(db, "Архипова")
    set_archived(db, archived, True)
    _mentee(db, "Петрова")

    # WHEN the base is built
    table = mentors_base(db)

    # THEN only active mentors are listed, numbered, with «Ё» sorted as «Е»
    assert [r[1] for r in table.rows] == [
        "Ёлкина Анастасия Анатольевна",
        "Иванова Анастасия Анатольевна",
    ]
    assert [r[0] for r in table.rows] == [1, 2]
    assert table.title == "База наставников"
    assert table.subtitle == ""


def _all_fields(db: Database) -> None:
    for base, fields_ in (("mentors", bases.MENTOR_FIELDS), ("mentees", bases.MENTEE_FIELDS)):
        bases.set_field_choices(db, base, [bases.FieldChoice(f.key, f.heading) for f in fields_])


def test_mentor_row_holds_every_field(db: Database) -> None:
    # GIVEN a base set to show every field, and a mentor with every field filled in
    _all_fields(db)
    _mentor(
        db,
        "Захарова",
        workplace="МБОУ «Знаменская СОШ»",
        competencies="Проекты",
        achievements="Учитель года — 2019",
        interests="Краеведение",
        preferred_mentee_age="до 35 лет",
        contact_time="после 15:00",
        mentee_requests="Дисциплина",
        mentees_note="Петрова А. С.",
        mentoring_form="учитель – учитель",
        program_place="Школа",
        date_in=dt.date(2025, 9, 1),
        date_out=dt.date(2026, 5, 31),
        results="Открытый урок",
        case_link="https://school.ru/kejs",
    )

    # WHEN the base is built
    table = mentors_base(db)

    # THEN the row maps each header to its value; dates stay dates
    row = dict(zip(table.headers, table.rows[0], strict=True))
    assert row == {
        "№": 1,
        "ФИО": "Захарова Анастасия Анатольевна",
        "Должность, предмет(ы)": "Учитель\nМатематика",
        "Стаж, категория": "21 год\nВысшая",
        "Контакты (телефон, e-mail)": "+7 900 123-45-67\nzakharova@mail.ru",
        "Место работы": "МБОУ «Знаменская СОШ»",
        "Ключевые компетенции": "Проекты",
        "Достижения, важные для программы": "Учитель года — 2019",
        "Интересы": "Краеведение",
        "Желаемый возраст наставляемых": "до 35 лет",
        "Удобное время для связи": "после 15:00",
        "Основные запросы наставляемых": "Дисциплина",
        "Наставляемые": "Петрова А. С.",
        "Форма наставничества": "учитель – учитель",
        "Место реализации программы": "Школа",
        "Дата вхождения в программу": dt.date(2025, 9, 1),
        "Дата выхода из программы": dt.date(2026, 5, 31),
        "Результаты": "Открытый урок",
        "Ссылка на кейс / отзыв": "https://school.ru/kejs",
    }


def test_mentees_base_row_and_school_heading(db: Database) -> None:
    # GIVEN the school's short name and year, a mentee, and a mentor-only teacher
    _all_fields(db)
    save_school(db, SchoolData(short_name="МБОУ «Знаменская СОШ»", school_year="2025/2026"))
    _mentor(db, "Захарова")
    _mentee(
        db,
        "Петрова",
        key_requests="Дисциплина на уроке",
        date_in=dt.date(2025, 9, 2),
        mentor_note="Захарова А. А.",
        mentor_workplace="МБОУ «Знаменская СОШ»",
        mentoring_form="учитель – учитель",
        program_place="Школа",
        date_out=dt.date(2026, 6, 1),
        results="Аттестация",
        case_link="отзыв на сайте",
    )

    # WHEN the base of mentees is built
    table = mentees_base(db)

    # THEN the heading names the school and year and the one mentee is listed
    assert table.title == "База наставляемых МБОУ «Знаменская СОШ»"
    assert table.subtitle == "2025/2026 учебный год"
    assert len(table.rows) == 1
    row = dict(zip(table.headers, table.rows[0], strict=True))
    assert row["ФИО"] == "Петрова Алина"
    assert row["Стаж, категория"] == "1 год"
    assert row["Контакты (телефон, e-mail)"] == ""
    assert row["Ключевые запросы"] == "Дисциплина на уроке"
    assert row["Дата вхождения в программу"] == dt.date(2025, 9, 2)
    assert row["Наставник"] == "Захарова А. А."
    assert row["Место работы наставника"] == "МБОУ «Знаменская СОШ»"
    assert row["Дата завершения программы"] == dt.date(2026, 6, 1)
    assert row["Ссылка на кейс / отзыв"] == "отзыв на сайте"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1 год"),
        (3, "3 года"),
        (5, "5 лет"),
        (11, "11 лет"),
        (21, "21 год"),
        (24, "24 года"),
        (0, "0 лет"),
    ],
)
def test_years_text(n: int, text: str) -> None:
    # GIVEN a number of years THEN the Russian word agrees with it
    assert years_text(n) == text


def test_export_mentors_base_xlsx_reads_back(db: Database, tmp_path: Path) -> None:
    # GIVEN a school and a mentor whose text carries a control character
    save_school(db, SchoolData(short_name="МБОУ «Знаменская СОШ»", school_year="2025/2026"))
    _mentor(db, "Захарова", competencies="ФГОС\x07 и проекты", date_in=dt.date(2025, 9, 1))
    out = tmp_path / "База наставников.xlsx"

    # WHEN exported through the registry
    written = run_export(db, "mentors-base", out)

    # THEN the sheet has the heading, the header and the row, printable and frozen
    assert written == out
    ws = _sheet(out)
    assert ws["A1"].value == "База наставников МБОУ «Знаменская СОШ»"
    assert ws["A2"].value == "2025/2026 учебный год"
    assert [c.value for c in ws[4]][:3] == ["№", "ФИО", "Должность, предмет(ы)"]
    row = _row(ws, 1)
    assert row["ФИО"] == "Захарова Анастасия Анатольевна"
    assert row["Ключевые компетенции"] == "ФГОС и проекты"
    assert row["Дата вхождения в программу"] == dt.datetime(2025, 9, 1)
    assert ws.freeze_panes == "A5"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.scale) * 12 / 100 >= 10  # printed at 10 pt or more
    assert ws["B5"].font.name == "Times New Roman"


def test_export_mentees_base_xlsx_reads_back(db: Database, tmp_path: Path) -> None:
    # GIVEN a mentee and no school requisites yet
    _mentee(db, "Петрова", key_requests="Работа с родителями")

    # WHEN exported (upper-case extension)
    out = run_export(db, "mentees-base", tmp_path / "наставляемые.XLSX")

    # THEN the title is the plain one and the row is there
    ws = _sheet(out)
    assert ws["A1"].value == "База наставляемых"
    assert ws.title == "Наставляемые"
    assert _row(ws, 1)["Ключевые запросы"] == "Работа с родителями"


def test_export_refuses_other_formats(db: Database, tmp_path: Path) -> None:
    # GIVEN a .pdf target: the bases exist as Excel and Word only
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "база.pdf"

    # WHEN exporting THEN the allowed formats are named and no file appears
    with pytest.raises(KuratorError) as err:
        run_export(db, "mentors-base", out)
    assert str(err.value) == "Для «База наставников» доступны форматы: .xlsx, .docx"
    assert list(folder.iterdir()) == []


def test_export_unknown_kind_and_missing_folder(db: Database, tmp_path: Path) -> None:
    # GIVEN an unknown kind / a folder that does not exist
    # WHEN exporting THEN each is a Russian message
    with pytest.raises(KuratorError, match="Неизвестный вид выгрузки «no-such-kind».*mentors-base"):
        run_export(db, "no-such-kind", tmp_path / "x.xlsx")
    with pytest.raises(KuratorError, match="Папка не найдена"):
        run_export(db, "mentees-base", tmp_path / "нет" / "x.xlsx")


def test_registry_entries_are_complete() -> None:
    # GIVEN the export registry
    # THEN each kind has a Russian title and builders for dotted lower-case extensions
    assert {"mentors-base", "mentees-base"} <= set(KINDS)
    for entry in KINDS.values():
        assert entry.title
        assert entry.extensions
        assert all(ext.startswith(".") and ext == ext.lower() for ext in entry.extensions)
