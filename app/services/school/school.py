"""The school's requisites (реквизиты) and the check that documents can be printed."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from app.core.school_year import SchoolYear
from app.core.textutil import clean_text, full_name, initials_name
from app.errors import KuratorError, ValidationError
from app.models import Person, SchoolProfile
from app.models.db import Database
from app.models.versioning import check_seen

REQUIRED = {
    "full_name": "полное наименование",
    "short_name": "краткое наименование",
    "locality": "населённый пункт",
    "founder": "учредитель",
    "director_position": "должность руководителя",
    "director_last_name": "фамилия руководителя",
    "director_first_name": "имя руководителя",
    "curator_id": "куратор внедрения целевой модели наставничества",
    "secretary_id": "секретарь",
    "school_year": "учебный год",
}


@dataclass
class SchoolData:
    full_name: str = ""
    short_name: str = ""
    locality: str = ""
    founder: str = ""
    director_position: str = "Директор"
    director_last_name: str = ""
    director_first_name: str = ""
    director_middle_name: str = ""
    curator_id: int | None = None
    secretary_id: int | None = None
    school_year: str = ""
    inn: str = ""
    ogrn: str = ""
    # The record's version when it was read: saving refuses if another user changed it
    # since. Not part of equality: two reads of the same content are the same data.
    version: int | None = field(default=None, compare=False)

    @property
    def director_full_name(self) -> str:
        return full_name(
            self.director_last_name, self.director_first_name, self.director_middle_name
        )

    @property
    def director_signature(self) -> str:
        """«И.О. Фамилия» of the director."""
        return initials_name(
            self.director_last_name, self.director_first_name, self.director_middle_name
        )


_FIELDS = [f.name for f in fields(SchoolData) if f.name != "version"]


def get_school(db: Database) -> SchoolData:
    """The requisites (empty defaults before the first save)."""
    with db.session() as s:
        row = s.get(SchoolProfile, 1)
        if row is None:
            return SchoolData()
        return SchoolData(**{name: getattr(row, name) for name in _FIELDS}, version=row.version)


def validate_school(data: SchoolData) -> None:
    """Format checks that apply even to an incomplete profile."""
    errors: dict[str, str] = {}
    if data.school_year:
        try:
            SchoolYear.parse(data.school_year)
        except ValueError:
            errors["school_year"] = "Учебный год пишется так: 2025/2026."
    if data.inn and not (data.inn.isdigit() and len(data.inn) in (10, 12)):
        errors["inn"] = "ИНН — 10 цифр (у организации) или 12 цифр."
    if data.ogrn and not (data.ogrn.isdigit() and len(data.ogrn) in (13, 15)):
        errors["ogrn"] = "ОГРН — 13 цифр (у организации) или 15 цифр."
    if errors:
        raise ValidationError(errors)


def save_school(db: Database, data: SchoolData) -> None:
    """Store the requisites; persons chosen as curator/secretary must exist."""
    for name in _FIELDS:
        value = getattr(data, name)
        if isinstance(value, str):
            setattr(data, name, clean_text(value))
    validate_school(data)
    with db.session() as s:
        for key in ("curator_id", "secretary_id"):
            pid = getattr(data, key)
            if pid is not None and s.get(Person, pid) is None:
                raise ValidationError({key: "Выбранный участник удалён; выберите другого."})
        row = s.get(SchoolProfile, 1)
        if row is None:
            row = SchoolProfile(id=1)
            s.add(row)
        else:
            check_seen(row, data.version)
        for name in _FIELDS:
            setattr(row, name, getattr(data, name))


def missing_fields(data: SchoolData) -> list[str]:
    """Russian names of the required requisites that are still empty."""
    return [label for name, label in REQUIRED.items() if getattr(data, name) in (None, "")]


def require_complete(db: Database) -> SchoolData:
    """The requisites, or ``KuratorError`` naming what to fill before printing a document."""
    data = get_school(db)
    missing = missing_fields(data)
    if missing:
        raise KuratorError(
            "Документ нельзя напечатать, пока не заполнены реквизиты школы: "
            + ", ".join(missing)
            + ". Откройте меню «Школа → Реквизиты…»."
        )
    return data
