"""The base of mentors and the base of mentees as plain tables (columns + rows) for printing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.models import MenteeProfile, MentorProfile, Person
from app.models.db import Database
from app.reports.table import Column
from app.services.school import get_school
from app.services.textutil import full_name, name_key

MENTORS_TITLE = "База наставников"
MENTEES_TITLE = "База наставляемых"


@dataclass(frozen=True)
class BaseTable:
    """A base ready for any writer: widths are in characters (relative weights elsewhere);
    row values are plain ``str``, ``int`` or ``datetime.date`` (None for an empty date)."""

    sheet_title: str
    title: str
    subtitle: str
    columns: list[Column]
    rows: list[list[object]]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


# Columns shared by both bases: who the teacher is. Widths keep a whole base readable on
# one A4 landscape page width (about 8 pt after fitting).
_PERSON_COLUMNS = [
    Column("№", 4, wrap=False),
    Column("ФИО", 16),
    Column("Должность, предмет(ы)", 14),
    Column("Стаж, категория", 12),
    Column("Контакты (телефон, e-mail)", 17),
]

MENTOR_COLUMNS = _PERSON_COLUMNS + [
    Column("Место работы", 13),
    Column("Ключевые компетенции", 16),
    Column("Достижения, важные для программы", 16),
    Column("Интересы", 12),
    Column("Желаемый возраст наставляемых", 13),
    Column("Удобное время для связи", 11),
    Column("Основные запросы наставляемых", 14),
    Column("Наставляемые", 14),
    Column("Форма наставничества", 14),
    Column("Место реализации программы", 12),
    Column("Дата вхождения в программу", 12, wrap=False),
    Column("Дата выхода из программы", 12, wrap=False),
    Column("Результаты", 14),
    Column("Ссылка на кейс / отзыв", 12),
]

MENTEE_COLUMNS = _PERSON_COLUMNS + [
    Column("Ключевые запросы", 26),
    Column("Дата вхождения в программу", 12, wrap=False),
    Column("Наставник", 18),
    Column("Место работы наставника", 16),
    Column("Форма наставничества", 14),
    Column("Место реализации программы", 14),
    Column("Дата завершения программы", 12, wrap=False),
    Column("Результаты", 22),
    Column("Ссылка на кейс / отзыв", 14),
]


def years_text(n: int) -> str:
    """«1 год», «3 года», «11 лет»."""
    tail = n % 100
    if 11 <= tail <= 14:
        word = "лет"
    elif n % 10 == 1:
        word = "год"
    elif 2 <= n % 10 <= 4:
        word = "года"
    else:
        word = "лет"
    return f"{n} {word}"


def _lines(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _person_cells(number: int, p: Person) -> list[object]:
    experience = years_text(p.experience_years) if p.experience_years is not None else ""
    return [
        number,
        full_name(p.last_name, p.first_name, p.middle_name),
        _lines(p.position, p.subjects),
        _lines(experience, p.category),
        _lines(p.phone, p.email),
    ]


def _sort_key(p: Person) -> tuple[str, int]:
    # Python order rather than SQLite's byte order, so «Ёлкина» sits among the «Е».
    return name_key(p.last_name, p.first_name, p.middle_name), p.id


def _heading(db: Database, base_title: str) -> tuple[str, str]:
    """«База наставников МБОУ «…»» and «2025/2026 учебный год» when the requisites have them."""
    school = get_school(db)
    title = f"{base_title} {school.short_name}" if school.short_name else base_title
    subtitle = f"{school.school_year} учебный год" if school.school_year else ""
    return title, subtitle


def mentors_base(db: Database) -> BaseTable:
    """Every non-archived person with a mentor profile, sorted by full name."""
    title, subtitle = _heading(db, MENTORS_TITLE)
    with db.session() as s:
        found = s.execute(
            select(Person, MentorProfile)
            .join(MentorProfile, MentorProfile.person_id == Person.id)
            .where(Person.archived.is_(False))
        ).all()
        rows: list[list[object]] = []
        for number, (p, m) in enumerate(sorted(found, key=lambda t: _sort_key(t[0])), start=1):
            rows.append(
                _person_cells(number, p)
                + [
                    m.workplace,
                    m.competencies,
                    m.achievements,
                    m.interests,
                    m.preferred_mentee_age,
                    m.contact_time,
                    m.mentee_requests,
                    m.mentees_note,
                    m.mentoring_form,
                    m.program_place,
                    m.date_in,
                    m.date_out,
                    m.results,
                    m.case_link,
                ]
            )
    return BaseTable("Наставники", title, subtitle, list(MENTOR_COLUMNS), rows)


def mentees_base(db: Database) -> BaseTable:
    """Every non-archived person with a mentee profile, sorted by full name."""
    title, subtitle = _heading(db, MENTEES_TITLE)
    with db.session() as s:
        found = s.execute(
            select(Person, MenteeProfile)
            .join(MenteeProfile, MenteeProfile.person_id == Person.id)
            .where(Person.archived.is_(False))
        ).all()
        rows: list[list[object]] = []
        for number, (p, m) in enumerate(sorted(found, key=lambda t: _sort_key(t[0])), start=1):
            rows.append(
                _person_cells(number, p)
                + [
                    m.key_requests,
                    m.date_in,
                    m.mentor_note,
                    m.mentor_workplace,
                    m.mentoring_form,
                    m.program_place,
                    m.date_out,
                    m.results,
                    m.case_link,
                ]
            )
    return BaseTable("Наставляемые", title, subtitle, list(MENTEE_COLUMNS), rows)
