"""The base of mentors and the base of mentees as plain tables (columns + rows) for printing."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.core.textutil import full_name, name_key
from app.errors import KuratorError
from app.models import AppSetting, MenteeProfile, MentorProfile, Person
from app.models.db import Database
from app.reports.table import Column, PrintedTable
from app.services.pairs.pairs_table import current_links
from app.services.school.school import get_school

MENTORS_TITLE = "База наставников"
MENTEES_TITLE = "База наставляемых"


@dataclass(frozen=True)
class BaseField:
    """One column a base can show: a stable key, its default heading and width, the getter."""

    key: str
    heading: str
    width: float
    get: Callable[[Person, Any], object]
    wrap: bool = True


@dataclass(frozen=True)
class FieldChoice:
    """The curator's choice for one column: which field, under which heading."""

    key: str
    heading: str


def _experience(p: Person) -> str:
    return years_text(p.experience_years) if p.experience_years is not None else ""


# Columns shared by both bases: who the teacher is. The number column is always first.
_PERSON_FIELDS = [
    BaseField(
        "full_name", "ФИО", 16, lambda p, m: full_name(p.last_name, p.first_name, p.middle_name)
    ),
    BaseField("position", "Должность, предмет(ы)", 14, lambda p, m: _lines(p.position, p.subjects)),
    BaseField("experience", "Стаж, категория", 12, lambda p, m: _lines(_experience(p), p.category)),
    BaseField("contacts", "Контакты (телефон, e-mail)", 17, lambda p, m: _lines(p.phone, p.email)),
]


def _f(key: str, heading: str, width: float, wrap: bool = True) -> BaseField:
    return BaseField(key, heading, width, lambda p, m: getattr(m, key), wrap)


MENTOR_FIELDS = _PERSON_FIELDS + [
    _f("workplace", "Место работы", 13),
    _f("competencies", "Ключевые компетенции", 16),
    _f("achievements", "Достижения, важные для программы", 16),
    _f("interests", "Интересы", 12),
    _f("preferred_mentee_age", "Желаемый возраст наставляемых", 13),
    _f("contact_time", "Удобное время для связи", 11),
    _f("mentee_requests", "Основные запросы наставляемых", 14),
    _f("mentees_note", "Наставляемые", 14),
    _f("mentoring_form", "Форма наставничества", 14),
    _f("program_place", "Место реализации программы", 12),
    _f("date_in", "Дата вхождения в программу", 12, wrap=False),
    _f("date_out", "Дата выхода из программы", 12, wrap=False),
    _f("results", "Результаты", 14),
    _f("case_link", "Ссылка на кейс / отзыв", 12),
]

MENTEE_FIELDS = _PERSON_FIELDS + [
    _f("key_requests", "Ключевые запросы", 26),
    _f("date_in", "Дата вхождения в программу", 12, wrap=False),
    _f("mentor_note", "Наставник", 18),
    _f("mentor_workplace", "Место работы наставника", 16),
    _f("mentoring_form", "Форма наставничества", 14),
    _f("program_place", "Место реализации программы", 14),
    _f("date_out", "Дата завершения программы", 12, wrap=False),
    _f("results", "Результаты", 22),
    _f("case_link", "Ссылка на кейс / отзыв", 14),
]

_NUMBER = Column("№", 4, wrap=False)
MENTOR_COLUMNS = [_NUMBER] + [Column(f.heading, f.width, f.wrap) for f in MENTOR_FIELDS]
MENTEE_COLUMNS = [_NUMBER] + [Column(f.heading, f.width, f.wrap) for f in MENTEE_FIELDS]
# What a base shows until the curator chooses: the columns that fit one A4 landscape page
# legibly. Every other field is one tick away in the column settings.
DEFAULT_KEYS = {
    "mentors": [
        "full_name",
        "position",
        "experience",
        "contacts",
        "competencies",
        "achievements",
        "contact_time",
        "mentee_requests",
        "mentoring_form",
        "date_in",
        "results",
    ],
    "mentees": [
        "full_name",
        "position",
        "experience",
        "contacts",
        "key_requests",
        "date_in",
        "mentor_note",
        "mentoring_form",
        "date_out",
        "results",
    ],
}
_SETTING = {"mentors": "bases.mentors.fields", "mentees": "bases.mentees.fields"}
_ALL = {"mentors": MENTOR_FIELDS, "mentees": MENTEE_FIELDS}


def field_choices(db: Database, base: str) -> list[FieldChoice]:
    """The columns the curator chose for ``base`` ("mentors" or "mentees"), all by default."""
    known = {f.key: f for f in _ALL[base]}
    with db.session() as s:
        row = s.get(AppSetting, _SETTING[base])
        stored = json.loads(row.value) if row is not None and row.value else None
    if not stored:
        return [FieldChoice(k, known[k].heading) for k in DEFAULT_KEYS[base]]
    return [
        FieldChoice(c["key"], c.get("heading") or known[c["key"]].heading)
        for c in stored
        if c.get("key") in known
    ]


def set_field_choices(db: Database, base: str, choices: list[FieldChoice]) -> None:
    """Store which columns ``base`` prints, in which order, under which headings."""
    known = {f.key for f in _ALL[base]}
    clean = [
        {"key": c.key, "heading": " ".join(c.heading.split())} for c in choices if c.key in known
    ]
    if not clean:
        raise KuratorError("В базе должен остаться хотя бы один столбец.")
    with db.session() as s:
        row = s.get(AppSetting, _SETTING[base])
        if row is None:
            row = AppSetting(key=_SETTING[base])
            s.add(row)
        row.value = json.dumps(clean, ensure_ascii=False)


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


def _sort_key(p: Person) -> tuple[str, int]:
    # Python order rather than SQLite's byte order, so «Ёлкина» sits among the «Е».
    return name_key(p.last_name, p.first_name, p.middle_name), p.id


def _heading(db: Database, base_title: str) -> tuple[str, str]:
    """«База наставников МБОУ «…»» and «2025/2026 учебный год» when the requisites have them."""
    school = get_school(db)
    title = f"{base_title} {school.short_name}" if school.short_name else base_title
    subtitle = f"{school.school_year} учебный год" if school.school_year else ""
    return title, subtitle


def _build(
    db: Database,
    base: str,
    profile: type[MentorProfile] | type[MenteeProfile],
    base_title: str,
    sheet: str,
) -> PrintedTable:
    title, subtitle = _heading(db, base_title)

    linked = current_links(db)[0 if base == "mentors" else 1]
    known = {f.key: f for f in _ALL[base]}
    chosen = [(known[c.key], c.heading) for c in field_choices(db, base)]
    columns = [_NUMBER] + [Column(heading, f.width, f.wrap) for f, heading in chosen]
    with db.session() as s:
        found = s.execute(
            select(Person, profile)
            .join(profile, profile.person_id == Person.id)
            .where(Person.archived.is_(False))
        ).all()
        rows: list[list[object]] = [
            [number] + [_value(f, p, m, linked) for f, _ in chosen]
            for number, (p, m) in enumerate(sorted(found, key=lambda t: _sort_key(t[0])), start=1)
        ]
    return PrintedTable(sheet, title, subtitle, columns, rows)


_LINKED_FIELDS = {"mentees_note", "mentor_note"}


def _value(f: BaseField, p: Person, m: Any, linked: dict[int, str]) -> object:
    """A cell; «Наставляемые» / «Наставник» come from running pairs when there are any,
    else from the text typed into the profile."""
    if f.key in _LINKED_FIELDS and linked.get(p.id):
        return linked[p.id]
    return f.get(p, m)


def mentors_base(db: Database) -> PrintedTable:
    """Every non-archived person with a mentor profile, sorted by full name, in the columns
    the curator chose."""
    return _build(db, "mentors", MentorProfile, MENTORS_TITLE, "Наставники")


def mentees_base(db: Database) -> PrintedTable:
    """Every non-archived person with a mentee profile, sorted by full name, in the columns
    the curator chose."""
    return _build(db, "mentees", MenteeProfile, MENTEES_TITLE, "Наставляемые")
