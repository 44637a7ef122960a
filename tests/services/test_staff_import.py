"""Staff import from XLSX: header detection, row rules, duplicates, all-or-nothing apply."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.errors import KuratorError
from app.models import Person
from app.models.db import Database
from app.services.people import staff_import
from app.services.people.persons import PersonData, get_person, list_persons, save_person
from tests import xlsx_samples


def _count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Person)) or 0)


def _by_name(db: Database) -> dict[str, PersonData]:
    return {row.full_name: get_person(db, row.id) for row in list_persons(db)}


def _skipped(plan: staff_import.ImportPlan) -> dict[int, str]:
    return {s.row_number: s.reason for s in plan.skipped}


def test_header_under_title_rows_with_full_names_in_one_column(
    db: Database, tmp_path: Path
) -> None:
    # GIVEN a list whose header is on row 4 under a merged school name and a merged title
    path = xlsx_samples.make_titled_staff_xlsx(tmp_path / "staff.xlsx")

    # WHEN it is analyzed and applied
    plan = staff_import.analyze(db, path)
    result = staff_import.apply_plan(db, plan)

    # THEN the header and every column are recognised
    assert plan.header_row == 4
    assert plan.sheet_name == "Педагоги"
    assert plan.mapping == {
        1: "full_name",
        2: "position",
        3: "subjects",
        4: "experience_years",
        5: "category",
        6: "birth_date",
        7: "phone",
        8: "notes",
    }
    assert plan.headers[1] == "Ф.И.О. (полностью)"
    # AND the loadable rows, the skipped ones with Russian reasons; trailing template rows are
    # ignored silently
    assert [r.row_number for r in plan.rows] == [5, 6, 8, 10]
    skipped = _skipped(plan)
    assert set(skipped) == {7, 9, 11}
    assert "инициалы" in skipped[7] and "Сидорова А.В." in skipped[7]
    assert skipped[9] == "пустая строка"
    assert skipped[11] == "строка итогов"
    assert result.created == 4 and result.skipped == 3 and result.existing == 0
    # AND only the row with initials is a person not loaded; the others are service rows
    assert [s.row_number for s in plan.refused] == [7]
    assert [s.row_number for s in plan.service_rows] == [9, 11]
    assert (result.refused, result.service, result.repeats) == (1, 2, 0)
    # AND the saved people are cleaned up: names capitalised, spaces folded, phones as text,
    # experience as whole years, dates from date cells and from text
    people = _by_name(db)
    assert set(people) == {
        "Иванова Мария Петровна",
        "Петров Иван Сергеевич",
        "Кузнецова Ольга Николаевна",
        "Смирнов Алексей Викторович",
    }
    ivanova, petrov = people["Иванова Мария Петровна"], people["Петров Иван Сергеевич"]
    kuznetsova, smirnov = people["Кузнецова Ольга Николаевна"], people["Смирнов Алексей Викторович"]
    assert ivanova.phone == "89131234567" and ivanova.birth_date == dt.date(1980, 3, 12)
    assert ivanova.subjects == "Русский язык, литература" and ivanova.category == "Высшая"
    assert petrov.position == "Учитель" and petrov.experience_years == 12
    assert petrov.birth_date == dt.date(1975, 11, 5) and petrov.phone == "8-913-765-43-21"
    assert kuznetsova.experience_years == 15 and kuznetsova.birth_date == dt.date(1985, 9, 1)
    assert kuznetsova.phone == "89991112233" and kuznetsova.notes == "в декрете до 2026 г."
    assert smirnov.experience_years == 7 and smirnov.birth_date == dt.date(1990, 6, 1)


def test_three_column_names_and_row_level_mistakes(db: Database, tmp_path: Path) -> None:
    # GIVEN Фамилия / Имя / Отчество in three columns with typical mistakes
    path = xlsx_samples.make_three_column_xlsx(tmp_path / "three.xlsx")

    # WHEN it is analyzed
    plan = staff_import.analyze(db, path)

    # THEN the three name columns are mapped and only the good rows are planned
    assert plan.header_row == 1
    assert plan.mapping[0] == "last_name" and plan.mapping[1] == "first_name"
    assert plan.mapping[2] == "middle_name" and plan.mapping[6] == "email"
    assert [r.row_number for r in plan.rows] == [2, 3, 4, 7, 8, 10]
    skipped = _skipped(plan)
    assert "инициалы" in skipped[5]
    assert skipped[6] == "нет фамилии"
    assert skipped[9] == "заголовок раздела"
    assert set(skipped) == {5, 6, 9}
    rows = {r.row_number: r for r in plan.rows}
    # AND an impossible or future birth date costs the date, not the person
    assert rows[7].data.full_name == "Воронина Наталья Петровна"
    assert rows[7].data.birth_date is None
    assert rows[7].note == "Дата рождения «31.02.1990» не распознана — оставлена пустой"
    assert rows[8].data.birth_date is None
    assert rows[8].note == "Дата рождения «01.01.2090» в будущем — оставлена пустой"
    assert rows[3].data.middle_name == "" and rows[3].data.birth_date == dt.date(1999, 10, 5)
    assert rows[4].data.middle_name == "Гасан оглы" and rows[4].data.experience_years == 5
    # AND a bare birth year is not lost: it goes to the notes with a remark on the row
    assert rows[10].data.birth_date is None and rows[10].data.notes == "Год рождения: 1987"
    assert rows[10].data.experience_years == 0
    assert "только год рождения" in rows[10].note
    assert rows[2].data.email == "orlova@mail.ru" and rows[2].data.phone == "+7 913 000-11-22"


def test_two_row_header_under_merged_fio(db: Database, tmp_path: Path) -> None:
    # GIVEN «ФИО» merged over Фамилия/Имя/Отчество on the row below, merged section titles and
    # a position merged down over two people
    path = xlsx_samples.make_two_row_header_xlsx(tmp_path / "two_rows.xlsx")

    # WHEN it is analyzed and applied
    plan = staff_import.analyze(db, path)
    staff_import.apply_plan(db, plan)

    # THEN the header spans rows 2–3 and the name parts come from the lower row
    assert plan.header_row == 2 and plan.header_rows == 2
    assert plan.mapping == {
        1: "last_name",
        2: "first_name",
        3: "middle_name",
        4: "position",
        5: "experience_years",
        6: "birth_date",
    }
    assert plan.headers[1] == "ФИО: Фамилия"
    assert _skipped(plan) == {4: "заголовок раздела", 7: "заголовок раздела"}
    # AND the merged position belongs to both people
    people = _by_name(db)
    assert people["Морозова Татьяна Ивановна"].position == "Учитель начальных классов"
    assert people["Волкова Светлана Юрьевна"].position == "Учитель начальных классов"
    assert people["Волкова Светлана Юрьевна"].birth_date == dt.date(1988, 7, 3)
    assert people["Соколов Павел Андреевич"].experience_years == 10
    assert any("строки заголовков: 2–3" in line for line in plan.report_lines())


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (dt.datetime(2015, 9, 1), dt.date(2015, 9, 1)),
        ("01.09.2015", dt.date(2015, 9, 1)),
        ("1.9.15", dt.date(2015, 9, 1)),
        (" 01.09.2015 г. ", dt.date(2015, 9, 1)),
        ("2015-09-01", dt.date(2015, 9, 1)),
    ],
)
def test_dates_as_dates_and_as_text(
    db: Database, tmp_path: Path, cell: object, expected: dt.date
) -> None:
    # GIVEN a consent date written as a date cell or as text in one of the usual ways
    path = xlsx_samples.write_table(
        tmp_path / "dates.xlsx",
        [
            ["ФИО", "Дата согласия на обработку ПДн"],
            ["Орлова Елена Игоревна", cell],
        ],
    )

    # WHEN it is analyzed
    plan = staff_import.analyze(db, path)

    # THEN the date is read the same way
    assert plan.rows[0].data.consent_date == expected


@pytest.mark.parametrize(
    ("cell", "years"),
    [
        (15, 15),
        ("15", 15),
        ("15 лет", 15),
        ("15,5", 15),
        (15.5, 15),
        ("12 л. 3 мес.", 12),
        ("менее года", 0),
    ],
)
def test_experience_in_whole_years(db: Database, tmp_path: Path, cell: object, years: int) -> None:
    # GIVEN a стаж written as a number or as text
    path = xlsx_samples.write_table(
        tmp_path / "exp.xlsx",
        [
            ["ФИО", "Стаж"],
            ["Орлова Елена Игоревна", cell],
        ],
    )

    # WHEN it is analyzed
    plan = staff_import.analyze(db, path)

    # THEN it becomes whole years
    assert plan.rows[0].data.experience_years == years


def test_unreadable_experience_skips_the_row_with_the_value(db: Database, tmp_path: Path) -> None:
    # GIVEN a стаж nobody can read
    path = xlsx_samples.write_table(
        tmp_path / "exp.xlsx",
        [
            ["ФИО", "Стаж"],
            ["Орлова Елена Игоревна", "большой"],
            ["Белов Дмитрий Андреевич", 80],
        ],
    )

    # WHEN it is analyzed
    plan = staff_import.analyze(db, path)

    # THEN both rows are skipped with reasons that quote the cell
    assert _skipped(plan) == {
        2: "стаж «большой» не распознан — нужно число лет",
        3: "Стаж — число лет от 0 до 70 (в файле: 80)",
    }


def test_a_bad_date_loads_the_person_with_the_date_left_empty(db: Database, tmp_path: Path) -> None:
    # GIVEN dates nobody can read, a future one, a bare consent year and a child's birth date
    today = dt.date.today()
    child = today.replace(year=today.year - 10, day=min(today.day, 28))
    path = xlsx_samples.write_table(
        tmp_path / "dates.xlsx",
        [
            ["ФИО", "Должность", "Дата рождения", "Дата согласия на обработку ПДн"],
            ["Сидорова Анна Викторовна", "Учитель", "32.01.1995", "45.13.2024"],
            ["Орлова Елена Игоревна", "Учитель", "01.01.2090", 2020],
            ["Юнова Алиса Игоревна", "Вожатая", child.strftime("%d.%m.%Y"), None],
            ["Белов Дмитрий", "Учитель", dt.datetime(1999, 10, 5), dt.datetime(2090, 9, 1)],
        ],
    )

    # WHEN it is analyzed and applied
    plan = staff_import.analyze(db, path)
    lines = plan.report_lines()
    staff_import.apply_plan(db, plan)

    # THEN nobody is skipped: each bad date is left empty with a remark that quotes it
    assert plan.skipped == [] and [r.row_number for r in plan.rows] == [2, 3, 4, 5]
    notes = {r.row_number: r.note for r in plan.rows}
    assert notes[2] == (
        "Дата рождения «32.01.1995» не распознана — оставлена пустой; "
        "дата согласия «45.13.2024» не распознана — оставлена пустой"
    )
    assert notes[3] == (
        "Указан только год согласия (2020), он записан в примечание; "
        "дата рождения «01.01.2090» в будущем — оставлена пустой"
    )
    assert notes[4] == "Проверьте дату рождения: по ней человеку меньше 18 лет"
    assert notes[5] == "Дата согласия «01.09.2090» в будущем — оставлена пустой"
    assert (
        "Строка 2: Сидорова Анна Викторовна — замечание: Дата рождения «32.01.1995» "
        "не распознана — оставлена пустой; дата согласия «45.13.2024» не распознана — "
        "оставлена пустой"
    ) in lines
    # AND the people are stored with the good data kept and the bad dates empty
    people = _by_name(db)
    sidorova, orlova = people["Сидорова Анна Викторовна"], people["Орлова Елена Игоревна"]
    assert sidorova.position == "Учитель"
    assert (sidorova.birth_date, sidorova.consent_date) == (None, None)
    assert orlova.birth_date is None and orlova.notes == "Год согласия на обработку ПДн: 2020"
    assert people["Юнова Алиса Игоревна"].birth_date == child
    belov = people["Белов Дмитрий"]
    assert (belov.birth_date, belov.consent_date) == (dt.date(1999, 10, 5), None)


def test_summary_counts_people_not_loaded_apart_from_service_rows(
    db: Database, tmp_path: Path
) -> None:
    # GIVEN one person already in the base and a list with blank, section and total rows
    save_person(db, PersonData(last_name="Орлова", first_name="Елена", middle_name="Игоревна"))
    path = xlsx_samples.write_table(
        tmp_path / "counts.xlsx",
        [
            ["№", "ФИО", "Должность"],
            [None, "Учителя начальных классов"],
            [1, "Иванова Мария Петровна", "Учитель"],
            [2, "Петров Иван Сергеевич", "Учитель"],
            [None, None, None],
            [3, "Сидорова А.В.", "Учитель"],
            [4, "Орлова Елена Игоревна", "Учитель"],
            [5, "Кузнецова Ольга Николаевна", "Учитель"],
            [6, "Смирнов Алексей Викторович", "Учитель"],
            ["Итого: 6"],
        ],
    )

    # WHEN it is analyzed and applied
    plan = staff_import.analyze(db, path)
    result = staff_import.apply_plan(db, plan)

    # THEN the person with initials is the only loss; blank, section and total rows are counted
    # apart, and still listed in the report
    assert plan.summary() == (
        "Будет загружено: 4. Не загружены: 1 (см. список). Уже в базе: 1. "
        "Пустых и служебных строк: 3."
    )
    assert [s.row_number for s in plan.refused] == [6]
    assert [(s.row_number, s.service) for s in plan.skipped] == [
        (2, True),
        (5, True),
        (6, False),
        (10, True),
    ]
    lines = plan.report_lines()
    assert "Строка 2: пропущена — заголовок раздела" in lines
    assert "Строка 5: пропущена — пустая строка" in lines
    assert "Строка 10: пропущена — строка итогов" in lines
    assert lines[-1] == plan.summary()
    # AND the plan lists the refused person first, blank and service rows last
    assert [(kind, s.row_number) for kind, s in plan.not_loaded()] == [
        ("refused", 6),
        ("existing", 7),
        ("service", 2),
        ("service", 5),
        ("service", 10),
    ]
    assert result.summary() == (
        "Загружено новых: 4. Не загружены: 1. Уже были в базе: 1. Пустых и служебных строк: 3."
    )
    assert (result.created, result.skipped, result.existing) == (4, 4, 1)


def test_same_person_twice_in_the_file(db: Database, tmp_path: Path) -> None:
    # GIVEN a file with people listed twice (other case and spaces; once without birth date)
    path = xlsx_samples.make_duplicates_xlsx(tmp_path / "dups.xlsx")

    # WHEN it is analyzed and applied
    plan = staff_import.analyze(db, path)
    result = staff_import.apply_plan(db, plan)

    # THEN the repeats are skipped pointing at the first row; a namesake born on another date
    # is a different person
    assert _skipped(plan) == {4: "повтор строки 2", 6: "повтор строки 3"}
    assert result.created == 3 and _count(db) == 3
    # AND repeats are counted on their own, not as people lost
    assert plan.refused == [] and [s.row_number for s in plan.repeats] == [4, 6]
    assert result.summary() == (
        "Загружено новых: 3. Не загружены: 0. Уже были в базе: 0. "
        "Повторов в файле: 2. Пустых и служебных строк: 0."
    )
    births = sorted(p.birth_date for p in list_persons(db) if p.full_name.startswith("Иванова"))
    assert births == [dt.date(1980, 3, 12), dt.date(1990, 1, 1)]


def test_reimport_of_the_same_file_creates_nobody(db: Database, tmp_path: Path) -> None:
    # GIVEN a file already imported once
    path = xlsx_samples.make_titled_staff_xlsx(tmp_path / "staff.xlsx")
    staff_import.apply_plan(db, staff_import.analyze(db, path))
    assert _count(db) == 4

    # WHEN the same file is analyzed and applied again
    plan = staff_import.analyze(db, path)
    result = staff_import.apply_plan(db, plan)

    # THEN every person is reported as already in the base and nobody new is created
    assert plan.rows == []
    assert [e.row_number for e in plan.existing] == [5, 6, 8, 10]
    assert plan.existing[0].reason == "уже в базе: Иванова Мария Петровна, 12.03.1980 г. р."
    assert result.created == 0 and result.existing == 4
    assert _count(db) == 4
    assert plan.report_lines()[-1] == (
        "Будет загружено: 0. Не загружены: 1 (см. список). "
        "Уже в базе: 4. Пустых и служебных строк: 2."
    )


def test_person_without_birth_date_in_the_base_counts_as_existing(
    db: Database, tmp_path: Path
) -> None:
    # GIVEN Орлова entered by hand without a birth date, and archived
    pid = save_person(
        db,
        PersonData(last_name="Орлова", first_name="Елена", middle_name="Игоревна", archived=True),
    )
    path = xlsx_samples.make_three_column_xlsx(tmp_path / "three.xlsx")

    # WHEN the list that has her birth date is analyzed
    plan = staff_import.analyze(db, path)

    # THEN she is not planned again
    assert [(e.row_number, e.reason) for e in plan.existing] == [
        (2, "уже в базе: Орлова Елена Игоревна (в архиве)")
    ]
    assert 2 not in [r.row_number for r in plan.rows]
    assert get_person(db, pid).birth_date is None


def test_apply_rechecks_the_base(db: Database, tmp_path: Path) -> None:
    # GIVEN a plan made before somebody entered one of its people by hand
    path = xlsx_samples.make_titled_staff_xlsx(tmp_path / "staff.xlsx")
    plan = staff_import.analyze(db, path)
    save_person(
        db,
        PersonData(
            last_name="Смирнов",
            first_name="Алексей",
            middle_name="Викторович",
            birth_date=dt.date(1990, 6, 1),
        ),
    )

    # WHEN the plan is applied
    result = staff_import.apply_plan(db, plan)

    # THEN that person is not created twice
    assert result.created == 3 and result.existing == 1
    assert _count(db) == 4
    assert "Загружено новых: 3" in result.summary()


def test_apply_is_all_or_nothing(db: Database, tmp_path: Path) -> None:
    # GIVEN a database that refuses one person in the middle of the list
    path = xlsx_samples.make_titled_staff_xlsx(tmp_path / "staff.xlsx")
    plan = staff_import.analyze(db, path)
    with db.session() as s:
        s.execute(
            text(
                "CREATE TRIGGER refuse BEFORE INSERT ON persons "
                "WHEN NEW.last_name = 'Кузнецова' BEGIN SELECT RAISE(ABORT, 'no'); END"
            )
        )

    # WHEN the plan is applied
    with pytest.raises(KuratorError, match="ничего не загружено"):
        staff_import.apply_plan(db, plan)

    # THEN nobody was written, not even the rows before the failing one
    assert _count(db) == 0


def test_apply_refuses_an_edited_invalid_row_and_writes_nothing(
    db: Database, tmp_path: Path
) -> None:
    # GIVEN a plan in which a row was made invalid after the analysis
    path = xlsx_samples.make_titled_staff_xlsx(tmp_path / "staff.xlsx")
    plan = staff_import.analyze(db, path)
    plan.rows[2].data.first_name = ""

    # WHEN it is applied
    with pytest.raises(KuratorError, match="Строка 8: Укажите имя"):
        staff_import.apply_plan(db, plan)

    # THEN nothing was written
    assert _count(db) == 0


def test_file_without_header_gives_a_russian_error(db: Database, tmp_path: Path) -> None:
    # GIVEN data with no header row
    path = xlsx_samples.make_no_header_xlsx(tmp_path / "bare.xlsx")

    # WHEN / THEN analysis refuses with a message naming the expected columns
    with pytest.raises(KuratorError, match="Не удалось найти строку заголовков") as err:
        staff_import.analyze(db, path)
    assert "«ФИО»" in str(err.value) and "«Фамилия»" in str(err.value)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.xlsx", b"\xd0\xa4\xd0\x98\xd0\x9e;\n", "не книга Excel"),
        ("list.csv", "ФИО;Должность\n".encode(), "не книга Excel"),
        ("list.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "старом формате .xls"),
    ],
)
def test_not_an_xlsx_file(
    db: Database, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    # GIVEN a file that is not an .xlsx workbook
    path = tmp_path / name
    path.write_bytes(content)

    # WHEN / THEN analysis refuses with a Russian message
    with pytest.raises(KuratorError, match=message):
        staff_import.analyze(db, path)


def test_list_on_the_second_sheet_is_found(db: Database, tmp_path: Path) -> None:
    # GIVEN instructions on the first sheet and the list on the second
    path = xlsx_samples.make_two_sheet_xlsx(tmp_path / "book.xlsx")

    # WHEN it is analyzed without naming a sheet, and with a sheet that does not exist
    plan = staff_import.analyze(db, path)
    with pytest.raises(KuratorError, match="нет листа «Итоги»"):
        staff_import.analyze(db, path, sheet="Итоги")

    # THEN the list sheet is used
    assert plan.sheet_name == "Сотрудники"
    assert plan.sheet_names == ["Инструкция", "Сотрудники"]
    assert [r.data.full_name for r in plan.rows] == [
        "Орлова Елена Игоревна",
        "Белов Дмитрий Андреевич",
    ]


def test_mapping_chosen_by_the_user_overrides_detection(db: Database, tmp_path: Path) -> None:
    # GIVEN a list whose second column has an unhelpful header
    path = xlsx_samples.write_table(
        tmp_path / "m.xlsx",
        [
            ["ФИО", "Сведения", "Телефон"],
            ["Орлова Елена Игоревна", "Учитель", 89131234567],
        ],
    )

    # WHEN the user maps the second column to «Должность» and leaves the phone out
    plan = staff_import.analyze(db, path, mapping={0: "full_name", 1: "position"})

    # THEN the row follows that mapping
    assert plan.mapping == {0: "full_name", 1: "position"}
    assert plan.rows[0].data.position == "Учитель" and plan.rows[0].data.phone == ""
    # AND a mapping without a name column is refused
    with pytest.raises(KuratorError, match="Не выбран столбец с именами"):
        staff_import.analyze(db, path, mapping={1: "position"})


@pytest.mark.parametrize(
    ("headers", "row", "mapping"),
    [
        (
            ["№", "ФИО педагога", "Общий стаж", "Педагогический стаж"],
            [1, "Орлова Елена Игоревна", 30, 22],
            {1: "full_name", 3: "experience_years"},
        ),
        (
            ["Фамилия", "Имя Отчество", "Занимаемая должность"],
            ["Орлова", "Елена Игоревна", "Учитель"],
            {0: "last_name", 1: "first_name", 2: "position"},
        ),
        (
            ["Фамилия", "Дата присвоения категории", "Курсы повышения квалификации"],
            ["Орлова Елена Игоревна", "01.02.2020", "2023"],
            {0: "full_name"},
        ),
    ],
)
def test_header_wordings(
    db: Database, tmp_path: Path, headers: list[str], row: list[object], mapping: dict[int, str]
) -> None:
    # GIVEN headers worded as schools word them
    path = xlsx_samples.write_table(tmp_path / "h.xlsx", [headers, row])

    # WHEN the file is analyzed
    plan = staff_import.analyze(db, path)

    # THEN the columns are mapped as a person would read them and the name is split right
    assert plan.mapping == mapping
    assert plan.rows[0].data.full_name == "Орлова Елена Игоревна"


def test_section_titles_names_in_capitals_and_remarks(db: Database, tmp_path: Path) -> None:
    # GIVEN an unmerged section title, a name typed in odd case with a remark in brackets and
    # an e-mail that looks wrong
    path = xlsx_samples.write_table(
        tmp_path / "s.xlsx",
        [
            ["№", "ФИО", "Должность", "E-mail"],
            [None, "Начальные классы"],
            [1, "ИВАНОВА мария петровна (совместитель)", "Учитель", "ivanova-at-mail.ru"],
            ["Всего: 1"],
        ],
    )

    # WHEN it is analyzed
    plan = staff_import.analyze(db, path)

    # THEN the section title and the total are skipped, the name is capitalised, the remark goes
    # to the notes and the e-mail warning is shown on the row
    assert _skipped(plan) == {2: "заголовок раздела", 4: "строка итогов"}
    row = plan.rows[0]
    assert row.data.full_name == "Иванова Мария Петровна"
    assert row.data.notes == "совместитель"
    assert row.note == "Адрес e-mail выглядит неправильно (нужно имя@домен.ru)"
    assert any(
        line.startswith("Строка 3: Иванова Мария Петровна — замечание:")
        for line in plan.report_lines()
    )


def test_report_lines_in_russian(db: Database, tmp_path: Path) -> None:
    # GIVEN the titled sample
    path = xlsx_samples.make_titled_staff_xlsx(tmp_path / "staff.xlsx")

    # WHEN the report is built
    lines = staff_import.analyze(db, path).report_lines()

    # THEN it names the header row, the mapping, every skipped row and the counts
    assert lines[0] == "Файл «staff.xlsx», лист «Педагоги», строка заголовков: 4."
    assert "  A «№ п/п» → не загружается" in lines
    assert "  B «Ф.И.О. (полностью)» → ФИО (в одном столбце)" in lines
    assert any(
        line.startswith("Строка 7: не загружена — вместо имени и отчества инициалы")
        for line in lines
    )
    assert "Строка 9: пропущена — пустая строка" in lines
    assert "Строка 11: пропущена — строка итогов" in lines
    assert lines[-1] == (
        "Будет загружено: 4. Не загружены: 1 (см. список). Уже в базе: 0. "
        "Пустых и служебных строк: 2."
    )


def test_thousand_rows_are_loaded(db: Database, tmp_path: Path) -> None:
    # GIVEN the 1,000-row benchmark file
    path = xlsx_samples.make_staff_xlsx(tmp_path / "big.xlsx", 1000)

    # WHEN it is analyzed and applied
    plan = staff_import.analyze(db, path)
    result = staff_import.apply_plan(db, plan)

    # THEN every row is loaded, with dates from both date cells and text
    assert plan.header_row == 3 and plan.skipped == []
    assert result.created == 1000 and _count(db) == 1000
    assert plan.preview(3)[0].data.birth_date == dt.date(1960, 1, 1)
    assert plan.preview(3)[1].data.birth_date == dt.date(1960, 1, 8)
    assert len(plan.preview(3)) == 3


def test_positions_and_categories_in_one_case_are_written_as_a_sentence(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.xlsx_samples import write_table

    # GIVEN a list typed in lower and upper case
    path = tmp_path / "case.xlsx"
    write_table(
        path,
        [
            ["ФИО", "Должность", "Категория"],
            ["Иванова Мария Петровна", "учитель", "ВЫСШАЯ"],
            ["Петров Иван Сергеевич", "заместитель директора по УВР", "первая"],
        ],
    )
    # WHEN analysed
    plan = staff_import.analyze(db, path)
    # THEN positions read as in a document, abbreviations kept
    got = [(r.data.position, r.data.category) for r in plan.rows]
    assert got == [("Учитель", "Высшая"), ("Заместитель директора по УВР", "Первая")]
