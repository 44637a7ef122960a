"""The participants registry: teachers with their mentor and mentee profiles.

Plain dataclasses in and out; every function opens its own unit of work on ``db``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field, fields

from sqlalchemy import func, select

from app.core.textutil import clean_multiline, clean_text, format_date, full_name, name_key
from app.errors import KuratorError, ValidationError
from app.models import Base, MenteeProfile, MentorProfile, Person
from app.models.db import Database
from app.models.limits import text_limits, too_long
from app.models.textsql import contains_folded, folded
from app.models.versioning import check_seen

# Participants in the order of their names, the same on SQLite and PostgreSQL.
NAME_ORDER = (
    folded(Person.last_name),
    folded(Person.first_name),
    folded(Person.middle_name),
    Person.id,
)

OWNED_TABLES = {"mentor_profiles", "mentee_profiles"}
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class MentorData:
    """Fields of the base of mentors."""

    workplace: str = ""
    competencies: str = ""
    achievements: str = ""
    interests: str = ""
    preferred_mentee_age: str = ""
    contact_time: str = ""
    mentee_requests: str = ""
    mentees_note: str = ""
    mentoring_form: str = ""
    program_place: str = ""
    date_in: dt.date | None = None
    date_out: dt.date | None = None
    results: str = ""
    case_link: str = ""


@dataclass
class MenteeData:
    """Fields of the base of mentees."""

    key_requests: str = ""
    date_in: dt.date | None = None
    mentor_note: str = ""
    mentor_workplace: str = ""
    mentoring_form: str = ""
    program_place: str = ""
    date_out: dt.date | None = None
    results: str = ""
    case_link: str = ""


@dataclass
class PersonData:
    """A teacher as the edit dialog and the importer see it; ``id`` is None for a new one."""

    last_name: str = ""
    first_name: str = ""
    middle_name: str = ""
    position: str = ""
    subjects: str = ""
    experience_years: int | None = None
    category: str = ""
    education: str = ""
    phone: str = ""
    email: str = ""
    birth_date: dt.date | None = None
    consent_date: dt.date | None = None
    notes: str = ""
    archived: bool = False
    id: int | None = None
    mentor: MentorData | None = None
    mentee: MenteeData | None = None
    # The record's version when it was read: saving refuses if another user changed it
    # since. Not part of equality: two reads of the same content are the same data.
    version: int | None = field(default=None, compare=False)

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.middle_name)


@dataclass(frozen=True)
class PersonRow:
    """One line of the participants table."""

    id: int
    full_name: str
    position: str
    subjects: str
    experience_years: int | None
    category: str
    phone: str
    email: str
    birth_date: dt.date | None
    is_mentor: bool
    is_mentee: bool
    archived: bool

    @property
    def roles(self) -> str:
        parts = [
            name
            for flag, name in ((self.is_mentor, "наставник"), (self.is_mentee, "наставляемый"))
            if flag
        ]
        return ", ".join(parts)


@dataclass
class Warnings:
    """Non-blocking remarks about input: field → message."""

    items: dict[str, str] = field(default_factory=dict)


_PERSON_SCALARS = [
    f.name for f in fields(PersonData) if f.name not in ("id", "mentor", "mentee", "version")
]
_TEXT_SINGLE = {
    "last_name",
    "first_name",
    "middle_name",
    "position",
    "subjects",
    "category",
    "education",
    "phone",
    "email",
}


def normalize(data: PersonData) -> PersonData:
    """Trim and fold whitespace, drop characters documents cannot hold."""
    for name in _TEXT_SINGLE:
        setattr(data, name, clean_text(getattr(data, name)))
    data.notes = clean_multiline(data.notes)
    for profile in (data.mentor, data.mentee):
        if profile is None:
            continue
        for f in fields(profile):
            value = getattr(profile, f.name)
            if isinstance(value, str):
                setattr(profile, f.name, clean_multiline(value))
    return data


def validate(data: PersonData, today: dt.date | None = None) -> Warnings:
    """Raise ``ValidationError`` for input that cannot be saved; return soft warnings."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    if not data.last_name:
        errors["last_name"] = "Укажите фамилию."
    if not data.first_name:
        errors["first_name"] = "Укажите имя."
    for name in ("last_name", "first_name", "middle_name"):
        value = getattr(data, name)
        if value and re.search(r"\d", value):
            errors[name] = "В имени не бывает цифр."
    errors.update({k: v for k, v in length_errors(data).items() if k not in errors})
    if data.experience_years is not None and not 0 <= data.experience_years <= 70:
        errors["experience_years"] = "Стаж — число лет от 0 до 70."
    if data.birth_date is not None:
        if data.birth_date > today:
            errors["birth_date"] = "Дата рождения не может быть в будущем."
        elif data.birth_date.year < today.year - 100:
            errors["birth_date"] = "Проверьте год рождения."
    if data.consent_date is not None and data.consent_date > today:
        errors["consent_date"] = "Дата согласия не может быть в будущем."
    # The end date is «Дата выхода» on the mentor tab and «Дата завершения» on the mentee tab.
    for label, profile, end in (
        ("mentor", data.mentor, "Дата выхода"),
        ("mentee", data.mentee, "Дата завершения"),
    ):
        if profile and profile.date_in and profile.date_out and profile.date_out < profile.date_in:
            errors[f"{label}.date_out"] = f"{end} раньше даты вхождения."
    if errors:
        raise ValidationError(errors)
    warnings: dict[str, str] = {}
    if data.phone:
        digits = re.sub(r"\D", "", data.phone)
        if len(digits) not in (6, 7, 10, 11):
            warnings["phone"] = "Похоже, в номере телефона не хватает или лишние цифры."
    if data.email and not _EMAIL_RE.match(data.email):
        warnings["email"] = "Адрес e-mail выглядит неправильно (нужно имя@домен.ru)."
    if data.birth_date is not None:
        birth = data.birth_date
        age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        if age < 18:  # a teacher cannot be a child: most likely a mistyped year
            warnings["birth_date"] = "Проверьте дату рождения: по ней человеку меньше 18 лет."
    return Warnings(warnings)


_LIMITS = {
    "": text_limits(Person),
    "mentor.": text_limits(MentorProfile),
    "mentee.": text_limits(MenteeProfile),
}


def field_limit(key: str) -> int | None:
    """The most characters the form field ``key`` (``"last_name"``, ``"mentor.workplace"``)
    may hold; None for a field that holds no text."""
    prefix, _, name = key.rpartition(".")
    return _LIMITS.get(f"{prefix}." if prefix else "", {}).get(name)


def length_errors(data: PersonData) -> dict[str, str]:
    """Field key → message for every text longer than its column holds (the limits the
    staff import and the exchange file check too); profile fields carry their prefix."""
    errors: dict[str, str] = {}
    for prefix, values in (("", data), ("mentor.", data.mentor), ("mentee.", data.mentee)):
        if values is None:
            continue
        for key, limit in _LIMITS[prefix].items():
            value = getattr(values, key, None)
            if isinstance(value, str) and len(value) > limit:
                errors[prefix + key] = too_long(limit, len(value))
    return errors


def data_from_columns(
    person: dict[str, object],
    mentor: dict[str, object] | None = None,
    mentee: dict[str, object] | None = None,
) -> PersonData:
    """A ``PersonData`` from rows keyed by column (a record of a file, not yet in the base):
    absent columns get the form's empty values, so ``validate`` judges it as the window would."""

    def pick(kind: type, row: dict[str, object]) -> dict[str, object]:
        return {
            f.name: row[f.name]
            for f in fields(kind)
            if f.name in row
            and f.name not in ("id", "mentor", "mentee", "version")
            and row[f.name] is not None
        }

    return PersonData(
        **pick(PersonData, person),  # type: ignore[arg-type]
        mentor=MentorData(**pick(MentorData, mentor)) if mentor is not None else None,  # type: ignore[arg-type]
        mentee=MenteeData(**pick(MenteeData, mentee)) if mentee is not None else None,  # type: ignore[arg-type]
    )


def _to_data(p: Person) -> PersonData:
    data = PersonData(
        **{name: getattr(p, name) for name in _PERSON_SCALARS}, id=p.id, version=p.version
    )
    if p.mentor_profile is not None:
        data.mentor = MentorData(
            **{f.name: getattr(p.mentor_profile, f.name) for f in fields(MentorData)}
        )
    if p.mentee_profile is not None:
        data.mentee = MenteeData(
            **{f.name: getattr(p.mentee_profile, f.name) for f in fields(MenteeData)}
        )
    return data


def get_person(db: Database, person_id: int) -> PersonData:
    """The full record of one person; ``KuratorError`` if it is gone."""
    with db.session() as s:
        p = s.get(Person, person_id)
        if p is None:
            raise KuratorError("Этот участник уже удалён.")
        return _to_data(p)


def list_persons(db: Database, include_archived: bool = True) -> list[PersonRow]:
    """Rows for the participants table, sorted by full name."""
    with db.session() as s:
        # The row's columns only, not whole Person objects: the list is read at start-up and
        # for every print of the school grid (2,000 teachers).
        q = (
            select(
                Person.id,
                Person.last_name,
                Person.first_name,
                Person.middle_name,
                Person.position,
                Person.subjects,
                Person.experience_years,
                Person.category,
                Person.phone,
                Person.email,
                Person.birth_date,
                Person.archived,
                MentorProfile.person_id,
                MenteeProfile.person_id,
            )
            .outerjoin(MentorProfile, MentorProfile.person_id == Person.id)
            .outerjoin(MenteeProfile, MenteeProfile.person_id == Person.id)
            .order_by(*NAME_ORDER)
        )
        if not include_archived:
            q = q.where(Person.archived.is_(False))
        return [
            PersonRow(
                id=pid,
                full_name=full_name(last, first, middle),
                position=position,
                subjects=subjects,
                experience_years=experience,
                category=category,
                phone=phone,
                email=email,
                birth_date=birth_date,
                is_mentor=mentor is not None,
                is_mentee=mentee is not None,
                archived=archived,
            )
            for (
                pid,
                last,
                first,
                middle,
                position,
                subjects,
                experience,
                category,
                phone,
                email,
                birth_date,
                archived,
                mentor,
                mentee,
            ) in s.execute(q)
        ]


def find_by_name(db: Database, text: str) -> list[PersonRow]:
    """The participants whose full name contains every word of ``text`` (case- and
    ё-insensitive, in the database, the same on SQLite and PostgreSQL), by name."""
    words = text.split()
    if not words:
        return []
    whole = Person.last_name + " " + Person.first_name + " " + Person.middle_name
    ids = select(Person.id).where(*(contains_folded(whole, w) for w in words))
    with db.session() as s:
        wanted = set(s.scalars(ids))
    return [row for row in list_persons(db) if row.id in wanted]


def find_duplicates(db: Database, data: PersonData) -> list[PersonRow]:
    """Other persons with the same full name and birth date (or no birth date on one side)."""
    key = name_key(data.last_name, data.first_name, data.middle_name)
    out = []
    for row in list_persons(db):
        if row.id == data.id or name_key(row.full_name) != key:
            continue
        if data.birth_date is None or row.birth_date is None or row.birth_date == data.birth_date:
            out.append(row)
    return out


def duplicate_message(rows: list[PersonRow]) -> str:
    """The warning shown before saving a probable duplicate."""
    who = "; ".join(
        f"{r.full_name}"
        + (f", {format_date(r.birth_date)} г. р." if r.birth_date else "")
        + (" (в архиве)" if r.archived else "")
        for r in rows
    )
    end = "" if who.endswith(".") else "."  # «… г. р.» already ends the sentence
    return f"Похоже, этот человек уже есть в базе: {who}{end} Всё равно сохранить?"


def _apply(p: Person, data: PersonData) -> None:
    for name in _PERSON_SCALARS:
        setattr(p, name, getattr(data, name))
    if data.mentor is None:
        p.mentor_profile = None
    else:
        p.mentor_profile = p.mentor_profile or MentorProfile()
        for f in fields(MentorData):
            setattr(p.mentor_profile, f.name, getattr(data.mentor, f.name))
    if data.mentee is None:
        p.mentee_profile = None
    else:
        p.mentee_profile = p.mentee_profile or MenteeProfile()
        for f in fields(MenteeData):
            setattr(p.mentee_profile, f.name, getattr(data.mentee, f.name))


def save_person(db: Database, data: PersonData) -> int:
    """Validate and store ``data`` (insert when ``id`` is None); returns the id."""
    normalize(data)
    validate(data)
    with db.session() as s:
        if data.id is None:
            p = Person()
            s.add(p)
        else:
            found = s.get(Person, data.id)
            if found is None:
                raise KuratorError("Этот участник уже удалён; сохранить изменения нельзя.")
            p = found
            check_seen(p, data.version)
        _apply(p, data)
        s.flush()
        return p.id


def set_archived(db: Database, person_id: int, archived: bool) -> None:
    """Move a person to the archive or back; archived persons keep all their history."""
    with db.session() as s:
        p = s.get(Person, person_id)
        if p is None:
            raise KuratorError("Этот участник уже удалён.")
        p.archived = archived


def person_usages(db: Database, person_id: int) -> list[str]:
    """Where a person is referenced outside their own profiles (table names with counts).

    Every table with a foreign key to ``persons`` counts, so later features are covered."""
    out: list[str] = []
    with db.session() as s:
        for table in Base.metadata.sorted_tables:
            if table.name in OWNED_TABLES:
                continue
            for fk in table.foreign_keys:
                if fk.column.table.name != "persons":
                    continue
                n = (
                    s.scalar(select(func.count()).select_from(table).where(fk.parent == person_id))
                    or 0
                )
                if n:
                    out.append(USAGE_NAMES.get(table.name, table.name))
    return sorted(set(out))


USAGE_NAMES = {
    "school_profile": "реквизиты школы (куратор или секретарь)",
    "diagnostic_rounds": "диагностика",
    "pairs": "наставнические пары и группы (наставник)",
    "pair_mentees": "наставнические пары и группы (наставляемый)",
    "program_items": "программы наставничества (модуль наставляемого)",
    "program_assessments": "программы наставничества (лист самооценки)",
    "questionnaire_responses": "анкеты мониторинга (заполнил)",
}


def delete_person(db: Database, person_id: int) -> None:
    """Delete a person who is used nowhere; otherwise ``KuratorError`` suggests the archive."""
    used = person_usages(db, person_id)
    if used:
        raise KuratorError(
            "Удалить нельзя: участник упоминается в разделах — "
            + ", ".join(used)
            + ". Переведите его в архив: история сохранится."
        )
    with db.session() as s:
        p = s.get(Person, person_id)
        if p is not None:
            s.delete(p)


def person_as_dict(data: PersonData) -> dict[str, object]:
    """Plain dict view (for exports and tests)."""
    return asdict(data)
