"""Reading one row of a staff list: header words, cell values, names, dates, experience.

Helpers of ``staff_import``: every ``RowSkip`` message is a Russian reason for not loading a
row; remarks (an unreadable date left empty, an odd e-mail) do not stop the row."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from openpyxl.utils.datetime import from_excel

from app.core.textutil import (
    clean_multiline,
    clean_text,
    format_date,
    lower_first,
    parse_date,
    smart_capitalize,
)
from app.errors import ValidationError
from app.models import Person
from app.models.limits import text_limits, too_long
from app.services.people.persons import PersonData, normalize, validate

NAME_FIELDS = ("full_name", "last_name", "first_name", "middle_name")
NAME_PARTS = ("last_name", "first_name", "middle_name")
# Fields a file may spread over several columns (two phones, two subject columns): joined.
_MULTI_FIELDS = {"position", "subjects", "category", "education", "phone", "email", "notes"}

# Header words → field, in priority order: the first rule that matches names the column.
_HEADER_RULES: list[tuple[str | None, re.Pattern[str]]] = [
    ("birth_date", re.compile(r"рожд")),
    ("consent_date", re.compile(r"соглас|пдн|персональн")),
    (None, re.compile(r"дата|срок|курс|повышени|награ|аттестац")),
    ("experience_years", re.compile(r"стаж")),
    ("category", re.compile(r"категор|квалификац")),
    ("last_name", re.compile(r"фамил")),
    ("first_name", re.compile(r"(?<![а-я])имя(?![а-я])")),  # «Имя Отчество» too: split later
    ("middle_name", re.compile(r"отчеств")),
    ("email", re.compile(r"e-?mail|почт")),
    ("phone", re.compile(r"телеф|(?<![а-я])тел(?![а-я])|моб")),
    ("position", re.compile(r"должн")),
    ("subjects", re.compile(r"предмет|дисципл|преподава")),
    ("education", re.compile(r"образован|окончил|учебн\w* заведени")),
    ("notes", re.compile(r"примеч|коммент")),
]
_FIO_RE = re.compile(r"(?<![а-я])фио(?![а-я])")
_NAME_WORD_RE = re.compile(r"^[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*$")
INITIALS_RE = re.compile(
    r"^(?:[А-ЯЁа-яё-]{2,}\s+[А-ЯЁ]\.\s*(?:[А-ЯЁ]\.?)?|[А-ЯЁ]\.\s*(?:[А-ЯЁ]\.\s*)?[А-ЯЁа-яё-]{2,})$"
)
_INITIAL_PART_RE = re.compile(r"^[А-ЯЁA-Z]\.?(?:\s*[А-ЯЁA-Z]\.?)?$")
_PARTICLES = {"оглы", "кызы", "угли", "гызы", "улы"}
_NOT_NAME_WORDS = {
    "учителя",
    "учитель",
    "класс",
    "классы",
    "классов",
    "педагоги",
    "педагогов",
    "администрация",
    "кафедра",
    "совместители",
    "начальные",
    "начальная",
    "основная",
    "средняя",
    "школа",
    "школы",
    "объединение",
    "методическое",
}
_EXCEL_ERRORS = {
    "#N/A",
    "#Н/Д",
    "#REF!",
    "#ССЫЛКА!",
    "#VALUE!",
    "#ЗНАЧ!",
    "#DIV/0!",
    "#ДЕЛ/0!",
    "#NAME?",
    "#ИМЯ?",
    "#NUM!",
    "#ЧИСЛО!",
    "#NULL!",
    "#ПУСТО!",
}


# Excel writes a character XML cannot hold as «_xHHHH_» (``_x000B_`` for a line break typed
# with Alt+Enter in some versions); openpyxl leaves the escape in the cell text as it is.
_EXCEL_ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LIMITS = text_limits(Person)
_SHOWN_MAX = 60  # characters of a cell quoted in a remark or a reason


class RowSkip(Exception):
    """A row cannot be loaded; the message is the Russian reason."""


def decode_escapes(value: Any) -> Any:
    """A cell value with Excel's «_xHHHH_» escapes turned back into their characters; other
    values as they are. An escaped control character separated words in Excel, so it becomes
    a space (tab and line breaks stay, for the usual cleaning). ``_x005F_`` is an escaped
    underscore, so «_x005F_x000B_» stays «_x000B_»."""
    if not isinstance(value, str) or "_x" not in value:
        return value
    return _EXCEL_ESCAPE_RE.sub(_unescape, value)


def _unescape(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    return " " if _CONTROL_RE.match(char) else char


def shown(value: Any) -> str:
    """A cell value short enough to quote in a message: a long text is cut with «…»."""
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= _SHOWN_MAX else text[:_SHOWN_MAX].rstrip() + "…"


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    return isinstance(value, str) and (not clean_text(value) or value.strip() in _EXCEL_ERRORS)


def cell_text(value: Any) -> str:
    """Cell value as one clean line; integral numbers without «.0» (phones, categories)."""
    if is_empty(value):
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return format_date(value.date())
    if isinstance(value, dt.date):
        return format_date(value)
    return clean_text(value)


def field_for_header(text: str) -> str | None:
    """The field a header cell names, or None (e.g. «№ п/п», «Дата аттестации»)."""
    t = clean_text(text).lower().replace("ё", "е")
    if not t or len(t) > 80:
        return None
    if _FIO_RE.search(re.sub(r"(?<![а-я])([фи])\.\s*", r"\1", t)) or re.search(r"фамилия\W*имя", t):
        return "full_name"
    for key, pattern in _HEADER_RULES:
        if pattern.search(t):
            return key
    return None


def detect_mapping(headers: Sequence[str]) -> dict[int, str]:
    """Column index (0-based) → field key from header texts."""
    mapping: dict[int, str] = {}
    taken: dict[str, int] = {}
    for col, text in enumerate(headers):
        key = field_for_header(text)
        if key is None:
            continue
        if key in taken and key not in _MULTI_FIELDS:
            # Two «стаж» columns: the teaching one («педагогический») wins over the total.
            if key == "experience_years" and "педаг" in text.lower():
                del mapping[taken[key]]
            else:
                continue
        mapping[col] = key
        taken[key] = col
    if "last_name" in taken and not {"first_name", "full_name"} & set(taken):
        mapping[taken["last_name"]] = "full_name"  # a lone «Фамилия» column holds whole names
    return mapping


def has_name(mapping: dict[int, str]) -> bool:
    keys = set(mapping.values())
    return "full_name" in keys or {"last_name", "first_name"} <= keys


def _cap(part: str, patronymic: bool = False) -> str:
    """Capitalise each word of a name part; «оглы», «кызы»… stay lower-case only in the
    patronymic («Мамедов Эльчин Рауф оглы»): in the surname they are the surname itself."""
    return " ".join(
        w.lower() if patronymic and w.lower() in _PARTICLES else smart_capitalize(w)
        for w in part.split()
    )


def looks_like_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 4 or not all(_NAME_WORD_RE.match(w) for w in words):
        return False
    if any(w.lower() in _NOT_NAME_WORDS for w in words):
        return False
    first = words[0]
    # «Начальные классы» is a heading; «ИВАНОВА мария петровна» is a name typed carelessly.
    return not (first[0].isupper() and not first.isupper() and any(w.islower() for w in words[1:]))


def _split_full_name(text: str) -> tuple[str, str, str, str]:
    """«Фамилия Имя Отчество (remark)» → parts and the remark; ``RowSkip`` when unusable."""
    remark = "; ".join(clean_text(m) for m in re.findall(r"\(([^)]*)\)", text))
    text = clean_text(re.sub(r"\([^)]*\)", " ", text).replace(",", " "))
    if INITIALS_RE.match(text.rstrip(" .")):
        raise RowSkip(f"вместо имени и отчества инициалы («{shown(text)}») — нужно полное ФИО")
    text = text.rstrip(" .;")
    words = text.split()
    if not words:
        raise RowSkip("нет имени")
    if len(words) == 1:
        raise RowSkip(f"нет имени (указано только «{shown(text)}»)")
    return words[0], words[1], " ".join(words[2:]), remark


class _YearOnly(Exception):
    """A date cell holds only a year."""


def _to_date(value: Any) -> dt.date | None:
    """A date from a date cell, an Excel serial number or text; ``ValueError`` (Russian) if
    the value is not a date; ``_YearOnly`` for a bare year."""
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1900 <= value <= 2100:
            raise _YearOnly(str(int(value)))
        if 1 <= value < 100000:
            result: dt.date = from_excel(value).date()
            return result
    text = clean_text(value)
    year = re.fullmatch(r"(\d{4})\s*(?:г\.?|года?)?", text)
    if year:
        raise _YearOnly(year.group(1))
    return parse_date(text)


def _to_years(value: Any) -> int | None:
    """Teaching experience in whole years from 15, 15.5, «15 лет», «12 л. 3 мес.»."""
    if is_empty(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        raise RowSkip(f"стаж записан как дата ({cell_text(value)}) — нужно число лет")
    text = clean_text(value).lower()
    number = re.search(r"\d+(?:[.,]\d+)?", text)
    if re.search(r"менее|меньше|без стажа|^нет$", text) or (
        "мес" in text and not re.search(r"\d\s*(?:л|г)", text)
    ):
        return 0
    if number is None:
        raise RowSkip(f"стаж «{shown(clean_text(value))}» не распознан — нужно число лет")
    return int(float(number.group().replace(",", ".")))


def parse_person(values: Sequence[Any], mapping: dict[int, str]) -> tuple[PersonData, list[str]]:
    """A validated person from one row and the remarks about it; ``RowSkip`` with the reason."""
    by_field: dict[str, list[Any]] = {}
    for col, key in mapping.items():
        if not is_empty(values[col]):
            by_field.setdefault(key, []).append(values[col])

    def text(key: str, sep: str = ", ") -> str:
        return sep.join(t for t in (cell_text(v) for v in by_field.get(key, [])) if t)

    def first(key: str) -> Any:
        return by_field[key][0] if key in by_field else None

    remarks: list[str] = []
    notes = [clean_multiline(v) for v in by_field.get("notes", [])]
    last, name, middle = text("last_name", " "), text("first_name", " "), text("middle_name", " ")
    if last and not name and " " in last:
        last, name, middle, remark = _split_full_name(last)
        notes.append(remark)
    elif not last and not name:
        last, name, middle, remark = _split_full_name(text("full_name", " "))
        notes.append(remark)
    elif not last:
        raise RowSkip("нет фамилии")
    elif not name:
        raise RowSkip(f"нет имени (указано только «{shown(last)}»)")
    if name and not middle and " " in name:
        name, middle = name.split(" ", 1)
    if _INITIAL_PART_RE.match(name) or (middle and _INITIAL_PART_RE.match(middle)):
        written = " ".join(p for p in (last, name, middle) if p)
        raise RowSkip(f"вместо имени и отчества инициалы («{shown(written)}») — нужно полное ФИО")

    dates = {key: _read_date(key, first(key), notes, remarks) for key in _DATE_LABELS}
    data = PersonData(
        last_name=_cap(last),
        first_name=_cap(name),
        middle_name=_cap(middle, patronymic=True),
        position=_sentence_case(text("position")),
        subjects=text("subjects"),
        experience_years=_to_years(first("experience_years")),
        category=_sentence_case(text("category")),
        education=text("education"),
        phone=text("phone"),
        email=text("email"),
        birth_date=dates["birth_date"],
        consent_date=dates["consent_date"],
        notes="\n".join(n for n in notes if n),
    )
    normalize(data)
    _check_lengths(data, remarks)
    today = dt.date.today()
    try:
        remarks += validate(data, today).items.values()
    except ValidationError as exc:
        if set(exc.errors) - set(_DATE_LABELS):
            raise RowSkip(_explain(exc, data)) from None
        # Only a date is impossible (in the future, a century ago): keep the person without it.
        for key, message in exc.errors.items():
            value = getattr(data, key)
            what = f"{_DATE_LABELS[key]} «{format_date(value)}»" + (
                " в будущем" if value > today else f": {lower_first(message.rstrip('.'))}"
            )
            remarks.append(f"{what} — {_LEFT_EMPTY}")
            setattr(data, key, None)
        remarks += validate(data, today).items.values()
    return data, remarks


_DATE_LABELS = {"birth_date": "дата рождения", "consent_date": "дата согласия"}
_NAME_LABELS = {"last_name": "фамилия", "first_name": "имя", "middle_name": "отчество"}
_TEXT_LABELS = {
    "position": "должность",
    "subjects": "предметы",
    "category": "категория",
    "education": "образование",
    "phone": "телефон",
    "email": "e-mail",
    "notes": "примечание",
}


def _check_lengths(data: PersonData, remarks: list[str]) -> None:
    """A name longer than its column holds refuses the row; another text that long is left
    empty with a remark. Nothing is cut short unseen; the limits are the window's."""
    for key, label in _NAME_LABELS.items():
        value = getattr(data, key)
        if len(value) > _LIMITS[key]:
            message = too_long(_LIMITS[key], len(value)).rstrip(".")
            raise RowSkip(f"{label} «{shown(value)}»: {lower_first(message)}")
    for key, label in _TEXT_LABELS.items():
        value = getattr(data, key)
        if len(value) > _LIMITS[key]:
            message = too_long(_LIMITS[key], len(value)).rstrip(".")
            remarks.append(f"{label} «{shown(value)}»: {lower_first(message)} — оставлено пустым")
            setattr(data, key, "")


_YEAR_NOTES = {
    "birth_date": ("Год рождения", "рождения"),
    "consent_date": ("Год согласия на обработку ПДн", "согласия"),
}
_LEFT_EMPTY = "оставлена пустой"


def _read_date(key: str, value: Any, notes: list[str], remarks: list[str]) -> dt.date | None:
    """The date in one cell, or None with a remark: a bad date never costs the whole person.

    A bare year is kept in the notes («Год рождения: 1987»)."""
    try:
        return _to_date(value)
    except _YearOnly as exc:
        note, of_what = _YEAR_NOTES[key]
        notes.append(f"{note}: {exc}")
        remarks.append(f"указан только год {of_what} ({exc}), он записан в примечание")
    except ValueError:
        remarks.append(
            f"{_DATE_LABELS[key]} «{shown(cell_text(value))}» не распознана — {_LEFT_EMPTY}"
        )
    return None


def _sentence_case(value: str) -> str:
    """«учитель» → «Учитель», «УЧИТЕЛЬ ИСТОРИИ» → «Учитель истории»; in mixed case only the
    first letter changes, so «заместитель директора по УВР» keeps its abbreviation."""
    if value.isupper():
        value = value.lower()
    return value[:1].upper() + value[1:]


def _explain(exc: ValidationError, data: PersonData) -> str:
    parts = []
    for key, message in exc.errors.items():
        value = getattr(data, key, None)
        quoted = format_date(value) if isinstance(value, dt.date) else value
        parts.append(f"{message.rstrip('.')}" + (f" (в файле: {shown(quoted)})" if quoted else ""))
    return "; ".join(parts)
