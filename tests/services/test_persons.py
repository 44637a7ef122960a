"""The participants registry: validation, profiles, duplicates, archive, delete rules."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.school_year import SchoolYear
from app.errors import KuratorError, ValidationError
from app.services.people import persons
from app.services.people.persons import MenteeData, MentorData, PersonData
from app.services.school import school


def test_save_and_read_back_with_both_profiles(db) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a teacher who is a mentor and a mentee (reverse mentoring)
    data = PersonData(
        last_name="  Захарова ",
        first_name="Анастасия",
        middle_name="Анатольевна",
        position="Заместитель директора по УВР",
        subjects="Математика",
        experience_years=18,
        birth_date=dt.date(1980, 3, 5),
        consent_date=dt.date(2025, 9, 1),
        notes="строка 1\r\nстрока\x0b 2",
        mentor=MentorData(competencies="ИКТ", date_in=dt.date(2025, 9, 1)),
        mentee=MenteeData(key_requests="Цифровые инструменты"),
    )
    # WHEN saved
    pid = persons.save_person(db, data)
    back = persons.get_person(db, pid)
    # THEN every field comes back, cleaned
    assert back.last_name == "Захарова"
    assert back.full_name == "Захарова Анастасия Анатольевна"
    assert back.notes == "строка 1\nстрока\n2"
    assert back.mentor is not None and back.mentor.competencies == "ИКТ"
    assert back.mentee is not None and back.mentee.key_requests == "Цифровые инструменты"
    row = persons.list_persons(db)[0]
    assert row.roles == "наставник, наставляемый"
    # AND removing a profile removes it from that base
    back.mentee = None
    persons.save_person(db, back)
    assert persons.get_person(db, pid).mentee is None


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        (PersonData(first_name="Анна"), "last_name", "фамилию"),
        (PersonData(last_name="Петрова"), "first_name", "имя"),
        (
            PersonData(last_name="Петрова", first_name="Анна", birth_date=dt.date(2999, 1, 1)),
            "birth_date",
            "в будущем",
        ),
        (
            PersonData(last_name="Петрова", first_name="Анна", experience_years=90),
            "experience_years",
            "Стаж",
        ),
        (PersonData(last_name="Петрова2", first_name="Анна"), "last_name", "цифр"),
        (
            PersonData(
                last_name="Петрова",
                first_name="Анна",
                mentor=MentorData(date_in=dt.date(2025, 9, 1), date_out=dt.date(2025, 1, 1)),
            ),
            "mentor.date_out",
            "раньше",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_for_the_field(db, data, field, text) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as err:
        persons.save_person(db, data)
    assert text in err.value.errors[field]
    assert persons.list_persons(db) == []


def test_phone_and_email_give_warnings_not_errors() -> None:
    warnings = persons.validate(
        PersonData(last_name="А", first_name="Б", phone="12-34", email="mail.ru")
    )
    assert set(warnings.items) == {"phone", "email"}
    ok = persons.validate(
        PersonData(last_name="А", first_name="Б", phone="+7 (913) 123-45-67", email="a@school.ru")
    )
    assert ok.items == {}


def test_probable_duplicate_same_name_and_birth_date(db) -> None:  # type: ignore[no-untyped-def]
    persons.save_person(
        db, PersonData(last_name="Ёлкина", first_name="Ольга", birth_date=dt.date(1990, 1, 2))
    )
    same = PersonData(last_name="елкина", first_name="ольга", birth_date=dt.date(1990, 1, 2))
    other_birth = PersonData(last_name="Елкина", first_name="Ольга", birth_date=dt.date(1991, 1, 2))
    assert len(persons.find_duplicates(db, same)) == 1
    assert persons.find_duplicates(db, other_birth) == []
    assert "уже есть в базе" in persons.duplicate_message(persons.find_duplicates(db, same))


def test_archive_and_delete_rules(db) -> None:  # type: ignore[no-untyped-def]
    used = persons.save_person(db, PersonData(last_name="Захарова", first_name="Анна"))
    free = persons.save_person(db, PersonData(last_name="Орлов", first_name="Иван"))
    school.save_school(db, school.SchoolData(curator_id=used))
    # a used person cannot be deleted, the message points to the archive
    with pytest.raises(KuratorError, match="архив"):
        persons.delete_person(db, used)
    persons.set_archived(db, used, True)
    assert [r.full_name for r in persons.list_persons(db, include_archived=False)] == ["Орлов Иван"]
    # an unused person is deleted
    persons.delete_person(db, free)
    assert [r.id for r in persons.list_persons(db)] == [used]


def test_school_requisites_required_for_documents(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KuratorError, match="реквизиты школы"):
        school.require_complete(db)
    with pytest.raises(ValidationError):
        school.save_school(db, school.SchoolData(school_year="2025-2026"))
    cur = persons.save_person(db, PersonData(last_name="Захарова", first_name="Анна"))
    school.save_school(
        db,
        school.SchoolData(
            full_name="МБОУ «Знаменская СОШ»",
            short_name="МБОУ «Знаменская СОШ»",
            locality="с. Знаменка",
            founder="Комитет по образованию",
            director_last_name="Шевченко",
            director_first_name="Елена",
            director_middle_name="Михайловна",
            curator_id=cur,
            secretary_id=cur,
            school_year="2025/2026",
        ),
    )
    data = school.require_complete(db)
    assert data.director_signature == "Е.М.\u00a0Шевченко"
    assert str(SchoolYear.of(dt.date(2026, 8, 31))) == "2025/2026"
    assert str(SchoolYear.of(dt.date(2026, 9, 1))) == "2026/2027"


def test_duplicate_message_ends_the_birth_date_with_one_full_stop(db) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a person with a birth date, and one archived without it
    persons.save_person(
        db, PersonData(last_name="Орлова", first_name="Елена", birth_date=dt.date(1990, 3, 15))
    )
    # WHEN the duplicate warning is built for each
    dated = persons.duplicate_message(
        persons.find_duplicates(
            db, PersonData(last_name="Орлова", first_name="Елена", birth_date=dt.date(1990, 3, 15))
        )
    )
    archived = persons.duplicate_message(
        [
            persons.PersonRow(
                id=9,
                full_name="Орлов Иван",
                position="",
                subjects="",
                experience_years=None,
                category="",
                phone="",
                email="",
                birth_date=None,
                is_mentor=False,
                is_mentee=False,
                archived=True,
            )
        ]
    )
    # THEN «г. р.» is not followed by a second full stop, and other endings get one
    assert dated == (
        "Похоже, этот человек уже есть в базе: Орлова Елена, 15.03.1990 г. р. Всё равно сохранить?"
    )
    assert archived == (
        "Похоже, этот человек уже есть в базе: Орлов Иван (в архиве). Всё равно сохранить?"
    )


def test_end_date_before_start_names_the_field_as_each_tab_labels_it() -> None:
    # GIVEN a mentor and a mentee profile whose end dates come before their start dates
    start, end = dt.date(2025, 9, 1), dt.date(2025, 1, 1)
    data = PersonData(
        last_name="Петрова",
        first_name="Анна",
        mentor=MentorData(date_in=start, date_out=end),
        mentee=MenteeData(date_in=start, date_out=end),
    )
    # WHEN validated
    with pytest.raises(ValidationError) as err:
        persons.validate(data)
    # THEN the mentor tab says «Дата выхода», the mentee tab «Дата завершения»
    assert err.value.errors["mentor.date_out"] == "Дата выхода раньше даты вхождения."
    assert err.value.errors["mentee.date_out"] == "Дата завершения раньше даты вхождения."


def test_a_birth_date_younger_than_eighteen_is_a_warning() -> None:
    # GIVEN birth dates 18 years ago tomorrow, and exactly 18 years ago
    today = dt.date(2025, 10, 1)
    young = PersonData(last_name="Юнова", first_name="Алиса", birth_date=dt.date(2007, 10, 2))
    adult = PersonData(last_name="Юнова", first_name="Алиса", birth_date=dt.date(2007, 10, 1))
    # WHEN validated
    warned = persons.validate(young, today).items
    passed = persons.validate(adult, today).items
    # THEN only the first one gets the soft warning on the birth date
    assert warned == {"birth_date": "Проверьте дату рождения: по ней человеку меньше 18 лет."}
    assert passed == {}
