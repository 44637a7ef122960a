"""The exchange file: the whole school as versioned JSON, for another PC or the municipal office.

The format is generic over the mapped tables (``app.models.Base.metadata``), so tables and
columns added by later versions round-trip without changes here. See docs/exchange-format.md.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import json
import logging
import math
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    Interval,
    LargeBinary,
    Numeric,
    String,
    Table,
    Time,
    UniqueConstraint,
    select,
    text,
)
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

import app.models
from app import __version__
from app.errors import KuratorError, ValidationError, user_message
from app.models.db import Database
from app.models.limits import text_limit, too_long
from app.models.migrate import head_revision, known_revisions
from app.reports.atomic import atomic_write_path
from app.services.orders.orders import restore_pair_fixing
from app.services.pairs.pair_checks import audit
from app.services.people.persons import data_from_columns, normalize, validate
from app.services.school import reference

log = logging.getLogger(__name__)

FORMAT_NAME = "kurator-exchange"
FORMAT_VERSION = 1
SKIPPED_TABLES = frozenset({"alembic_version"})
UNTOUCHED = "База данных не изменена."

# Tables named in the one-line summaries; every other table only counts in the total.
SUMMARY_LABELS: dict[str, str] = {
    "persons": "участников",
    "mentor_profiles": "наставников",
    "mentee_profiles": "наставляемых",
}

# Tables every school file carries. The format lets a table be absent (a file from an older
# program, or put together by hand, has no table added since: it loads empty), but the
# registry of participants is what the school is: every other record hangs on a person, and a
# file without it would only erase the school.
CORE_TABLES = ("persons",)

# The file sent to the municipal methodical office (ГМК) carries no contact or private data:
# columns with these names (in any table) are left out, so they load as empty. Names and
# positions stay: the office works with them. A new table with such a column is covered by
# its name; ``minimised_columns`` lists what is dropped.
MINIMISED_NAMES = frozenset({"phone", "email", "birth_date", "address", "notes"})
MINIMISED_SUFFIXES = ("_note", "_notes", "_address", "_phone", "_email")
MINIMISED_MARK = "municipality"  # the header's ``minimised`` value: the purpose it was cut for

INT64 = (-(2**63), 2**63 - 1)  # what an SQLite INTEGER holds
JSON_MAX = 1_000_000  # characters of one JSON value written back out
# Characters neither the database's documents (XML) nor the window can hold; a file that
# carries them was not written by «Куратор».
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_QUOTED_MAX = 60

Row = dict[str, Any]
Decoder = Callable[[Any], Any]


class _BadValue(ValueError):
    """A value in the file that does not fit its column (the message is Russian)."""


def data_tables() -> list[Table]:
    """The tables the exchange file carries, parents before children."""
    return [t for t in app.models.Base.metadata.sorted_tables if t.name not in SKIPPED_TABLES]


# --- encoding ------------------------------------------------------------------------------


def encode_value(value: Any) -> Any:
    """A database value as JSON: dates and times in ISO 8601, Decimal as a string, bytes as
    base64, an enum member by its name; numbers, strings, booleans and null as they are."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.time):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return value  # JSON columns hold lists and dicts already


def _require(value: Any, kinds: type | tuple[type, ...], what: str) -> Any:
    """``value`` if it has one of ``kinds`` (JSON true/false never passes for a number)."""
    allowed = kinds if isinstance(kinds, tuple) else (kinds,)
    if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
        raise _BadValue(f"нужно {what}")
    return value


def _iso(parse: Callable[[str], Any], what: str) -> Decoder:
    def decode(value: Any) -> Any:
        _require(value, str, what)
        try:
            return parse(value)
        except ValueError:
            raise _BadValue(f"нужно {what}") from None

    return decode


def _decimal(value: Any) -> Decimal:
    _require(value, (str, int, float), "число")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise _BadValue("нужно число") from None


def _binary(value: Any) -> bytes:
    _require(value, str, "данные в base64")
    try:
        return base64.b64decode(value, validate=True)
    except ValueError:
        raise _BadValue("нужно данные в base64") from None


def decoder_for(column: Column[Any]) -> Decoder:
    """How a JSON value becomes the Python value ``column`` takes."""
    t = column.type
    if isinstance(t, Boolean):
        return lambda v: _require(v, bool, "true или false")
    if isinstance(t, DateTime):
        return _iso(dt.datetime.fromisoformat, "дата и время ГГГГ-ММ-ДДTчч:мм:сс")
    if isinstance(t, Date):
        return _iso(dt.date.fromisoformat, "дата ГГГГ-ММ-ДД")
    if isinstance(t, Time):
        return _iso(dt.time.fromisoformat, "время чч:мм:сс")
    if isinstance(t, Interval):
        return lambda v: dt.timedelta(seconds=_require(v, (int, float), "число секунд"))
    if isinstance(t, Integer):
        return _integer
    if isinstance(t, Float):
        return _float
    if isinstance(t, Numeric):
        return _decimal if t.asdecimal else lambda v: _require(v, (int, float), "число")
    if isinstance(t, LargeBinary):
        return _binary
    if isinstance(t, JSON):
        return _json_value
    if isinstance(t, String):  # also Text and Enum (stored by name)
        return _text(text_limit(column) or 0)
    return lambda v: v


def _integer(value: Any) -> int:
    number: int = _require(value, int, "целое число")
    if not INT64[0] <= number <= INT64[1]:
        raise _BadValue("число слишком большое: база хранит целые до 9 223 372 036 854 775 807")
    return number


def _float(value: Any) -> float:
    _require(value, (int, float), "число")
    try:
        number = float(value)
    except OverflowError:
        raise _BadValue("число слишком большое") from None
    if not math.isfinite(number):
        raise _BadValue("нужно конечное число")
    return number


def _json_value(value: Any) -> Any:
    try:
        size = len(json.dumps(value, ensure_ascii=False))
    except (RecursionError, ValueError):
        raise _BadValue("слишком глубокая вложенность") from None
    if size > JSON_MAX:
        raise _BadValue(f"значение длиннее {JSON_MAX} знаков")
    return value


def _text(limit: int) -> Decoder:
    def decode(value: Any) -> str:
        text_value: str = _require(value, str, "текст")
        if len(text_value) > limit:
            raise _BadValue(too_long(limit, len(text_value)).rstrip(".").lower())
        if _BAD_CHARS.search(text_value):
            raise _BadValue("в тексте управляющие или недопустимые знаки")
        return text_value

    return decode


# --- export --------------------------------------------------------------------------------


def _read_tables(db: Database) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    with db.session() as s:
        for table in data_tables():
            order = list(table.primary_key.columns) or list(table.columns)
            rows = s.execute(select(table).order_by(*order)).mappings()
            out[table.name] = [
                {col.name: encode_value(row[col]) for col in table.columns} for row in rows
            ]
    return out


def counts_line(db: Database) -> str:
    """«участники — 12, …; всего записей — N в M таблицах» for the database ``db``."""
    return _counts_line(_read_tables(db))


def _counts_line(tables: dict[str, list[Row]]) -> str:
    parts = [f"{label} — {len(tables.get(name, []))}" for name, label in SUMMARY_LABELS.items()]
    total = sum(len(rows) for rows in tables.values())
    return ", ".join(parts) + f"; всего записей — {total} в {len(tables)} таблицах"


def minimised_columns() -> dict[str, list[str]]:
    """Table → the columns the file for the municipal office leaves out (contacts, birth
    dates, addresses and free notes)."""
    out: dict[str, list[str]] = {}
    for table in data_tables():
        dropped = [
            c.name
            for c in table.columns
            if c.name in MINIMISED_NAMES or c.name.endswith(MINIMISED_SUFFIXES)
        ]
        if dropped:
            out[table.name] = dropped
    return out


def _minimise(tables: dict[str, list[Row]]) -> None:
    for name, columns in minimised_columns().items():
        for row in tables.get(name, []):
            for column in columns:
                row.pop(column, None)


def export_data(db: Database, path: Path, for_municipality: bool = False) -> str:
    """Write the whole database to the exchange file ``path`` (atomically); returns a Russian
    summary line. ``KuratorError`` if the folder is missing or the file cannot be written.

    ``for_municipality`` writes the file for the municipal methodical office: without phones,
    e-mails, birth dates, addresses and free notes, marked as minimised in its header (such
    a file cannot restore a school; ``import_data`` refuses it)."""
    path = Path(path)
    tables = _read_tables(db)
    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "schema_revision": head_revision(),
        "exported_at": dt.datetime.now().isoformat(timespec="seconds"),
    }
    if for_municipality:
        _minimise(tables)
        document["minimised"] = MINIMISED_MARK
    document["tables"] = tables
    payload = json.dumps(document, ensure_ascii=False, indent=2)
    with atomic_write_path(path) as tmp:
        tmp.write_text(payload + "\n", encoding="utf-8", newline="\n")
    log.info("exchange file written: %s", path)
    if for_municipality:
        return (
            f"Файл для методического кабинета записан: {path} ({_counts_line(tables)}). "
            "Телефоны, электронная почта, даты рождения, адреса и заметки в него не вошли."
        )
    return f"Выгружено в файл {path}: {_counts_line(tables)}."


def is_minimised(doc: dict[str, Any]) -> bool:
    """Whether a parsed exchange file was cut down for the municipal office."""
    return bool(doc.get("minimised"))


def refuse_minimised(path: Path, doc: dict[str, Any]) -> None:
    """``KuratorError`` for a file minimised for the municipal office: it cannot restore a
    school (the window asks nothing before saying so)."""
    if is_minimised(doc):
        raise KuratorError(
            f"Файл {path} выгружен для методического кабинета: в нём нет телефонов, адресов, "
            "дат рождения и заметок, поэтому восстановить по нему школу нельзя. Загрузите "
            "полный файл обмена («Файл → Выгрузить файл обмена…»). " + UNTOUCHED
        )


# --- reading and checking ------------------------------------------------------------------


def read_exchange(path: Path) -> dict[str, Any]:
    """Parse and check the envelope of an exchange file (format, versions, table layout).

    Returns the parsed document; ``KuratorError`` in Russian when the file is missing, not
    JSON, not an exchange file, or written by a newer version of the program."""
    path = Path(path)
    if not path.is_file():
        raise KuratorError(f"Файл не найден: {path}")
    try:
        raw = path.read_text(encoding="utf-8-sig")  # Notepad may add a BOM
    except UnicodeDecodeError:
        raise KuratorError(
            f"Файл {path} — не файл обмена «Куратора». Выберите файл .json, выгруженный "
            "командой «Файл → Выгрузить файл обмена…»."
        ) from None
    except OSError as exc:
        raise KuratorError(f"Не удаётся прочитать файл {path}. {user_message(exc)}") from exc
    doc = _parse_json(path, raw)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise KuratorError(f"Файл {path} — не файл обмена «Куратора» (нет пометки формата).")
    version = doc.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise KuratorError(f"В файле {path} не указана или неверна версия формата.")
    if version > FORMAT_VERSION:
        raise KuratorError(
            f"Файл {path} записан более новой версией «Куратора» (формат {version}, эта "
            f"программа понимает формат {FORMAT_VERSION}). Установите новую версию программы."
        )
    revision = doc.get("schema_revision")
    if not isinstance(revision, str) or revision not in known_revisions():
        raise KuratorError(
            f"Файл {path} выгружен более новой версией «Куратора» (версия схемы {revision}). "
            "Установите новую версию программы."
        )
    tables = doc.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(rows, list) and all(isinstance(r, dict) for r in rows)
        for rows in tables.values()
    ):
        raise KuratorError(f"Файл {path} повреждён: раздел «tables» устроен неправильно.")
    _check_core(path, tables)
    return doc


class _NotANumber(ValueError):
    """NaN or Infinity in the file: JSON has no such numbers, Python's reader lets them in."""


def _no_constant(name: str) -> Any:
    raise _NotANumber(name)


def _finite(literal: str) -> float:
    number = float(literal)
    if not math.isfinite(number):  # 1e999 reads as infinity
        raise _NotANumber(literal)
    return number


def _parse_json(path: Path, raw: str) -> Any:
    """The parsed JSON of ``raw``; ``KuratorError`` in Russian naming what is wrong with it."""
    damaged = f"Файл {path} повреждён или это не файл обмена «Куратора»"
    try:
        return json.loads(raw, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise KuratorError(
            f"{damaged}: ошибка в строке {exc.lineno}, позиция {exc.colno}."
        ) from None
    except _NotANumber as exc:
        raise KuratorError(
            f"{damaged}: в нём значение «{str(exc)[:_QUOTED_MAX]}», а не число (в файлах "
            "обмена бывают только обычные числа). " + UNTOUCHED
        ) from None
    except ValueError:  # an integer of thousands of digits (Python's own limit)
        raise KuratorError(
            f"{damaged}: в нём число из тысяч цифр, такого не бывает в данных школы. " + UNTOUCHED
        ) from None
    except RecursionError:
        raise KuratorError(
            f"{damaged}: в нём слишком глубокая вложенность скобок, такого не бывает в данных "
            "школы. " + UNTOUCHED
        ) from None


def _check_core(path: Path, tables: dict[str, Any]) -> None:
    """Refuse a file that would erase the school: no tables, no participants table, no
    record at all."""
    if not tables:
        raise KuratorError(
            f"В файле {path} нет ни одной таблицы: загрузка стёрла бы все данные школы. "
            "Выберите файл, выгруженный командой «Файл → Выгрузить файл обмена…». " + UNTOUCHED
        )
    missing = [table_label(name) for name in CORE_TABLES if name not in tables]
    if missing:
        raise KuratorError(
            f"В файле {path} нет основного раздела — {', '.join(missing)}: это не выгрузка "
            "школы или файл неполный. " + UNTOUCHED
        )
    if not any(tables.values()):
        raise KuratorError(
            f"В файле {path} нет ни одной записи: загрузка стёрла бы все данные школы. " + UNTOUCHED
        )


def _check_layout(tables: dict[str, list[Row]]) -> None:
    """Refuse tables or columns this program does not have (a file from a newer program)."""
    known = {t.name: t for t in data_tables()}
    unknown_tables = sorted(set(tables) - set(known) - SKIPPED_TABLES)
    if unknown_tables:
        raise KuratorError(
            "В файле есть разделы, которых эта версия «Куратора» не знает: "
            + ", ".join(unknown_tables)
            + ". Установите новую версию программы."
        )
    unknown_cols: set[str] = set()
    for name, rows in tables.items():
        if name in SKIPPED_TABLES:
            continue
        columns = {c.name for c in known[name].columns}
        for row in rows:
            unknown_cols.update(f"{name}.{c}" for c in row if c not in columns)
    if unknown_cols:
        raise KuratorError(
            "В файле есть поля, которых эта версия «Куратора» не знает: "
            + ", ".join(sorted(unknown_cols))
            + ". Установите новую версию программы."
        )


def table_label(name: str) -> str:
    """«список участников» where the summary has Russian words for the table, «раздел
    «pair_events»» (its name in the file) where it has none."""
    label = SUMMARY_LABELS.get(name)
    return f"список {label}" if label else f"раздел «{name}»"


def record_label(table: Table, number: int, row: Row) -> str:
    """«раздел «persons» (список участников), запись 3 (id 17)»: the record by its number
    in the file and its key."""
    keys = ", ".join(
        f"{c.name} {_quote(row.get(c.name, row.get(c.key)))}"
        for c in table.primary_key.columns
        if row.get(c.name, row.get(c.key)) is not None
    )
    return f"{table_label(table.name)}, запись {number}" + (f" ({keys})" if keys else "")


def _quote(value: Any) -> str:
    """A value of the file short enough for a message."""
    if isinstance(value, str):
        shown = value[:_QUOTED_MAX]
        return json.dumps(shown, ensure_ascii=False) + ("…" if len(value) > len(shown) else "")
    try:
        text_value = json.dumps(value, ensure_ascii=False)
    except (RecursionError, ValueError):
        text_value = "[…]"
    return text_value if len(text_value) <= _QUOTED_MAX else text_value[:_QUOTED_MAX] + "…"


def _required(table: Table) -> list[Column[Any]]:
    """Columns a record must carry: no empty value and nothing to fill one in."""
    return [
        c
        for c in table.columns
        if not c.nullable and not c.primary_key and c.default is None and c.server_default is None
    ]


def _decode_rows(table: Table, rows: list[Row]) -> list[Row]:
    """Rows keyed by column key with Python values; ``KuratorError`` names a bad value."""
    by_name = {c.name: c for c in table.columns}
    decoders = {name: decoder_for(col) for name, col in by_name.items()}
    required = _required(table)
    out: list[Row] = []
    for number, row in enumerate(rows, start=1):
        absent = [c.name for c in required if c.name not in row]
        if absent:
            raise KuratorError(
                f"Файл нельзя загрузить: {record_label(table, number, row)} — не заполнены "
                f"обязательные поля: «{'», «'.join(absent)}». " + UNTOUCHED
            )
        decoded: Row = {}
        for name, value in row.items():
            col = by_name[name]
            try:
                if value is None:
                    if not col.nullable and not col.primary_key:
                        raise _BadValue("значение обязательно")
                    decoded[col.key] = None
                else:
                    decoded[col.key] = decoders[name](value)
            except _BadValue as exc:
                raise KuratorError(
                    f"Неверное значение в файле: {record_label(table, number, row)}, "
                    f"поле «{name}» = {_quote(value)} — {exc}. " + UNTOUCHED
                ) from None
        out.append(decoded)
    return out


def _unique_keys(table: Table) -> list[tuple[Column[Any], ...]]:
    """The column sets whose values no two records may share: the primary key and every
    UNIQUE constraint."""
    keys = [tuple(table.primary_key.columns)] if table.primary_key.columns else []
    keys += [tuple(c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)]
    keys += [tuple(i.columns) for i in table.indexes if i.unique]
    return keys


def _check_duplicates(table: Table, rows: list[Row]) -> None:
    """Refuse two records with the same key (the database would say «UNIQUE constraint
    failed» in English); the message names both records."""
    for columns in _unique_keys(table):
        seen: dict[tuple[Any, ...], int] = {}
        for number, row in enumerate(rows, start=1):
            key = tuple(row.get(c.key) for c in columns)
            if any(v is None for v in key):
                continue  # a missing id is given by the database; NULLs never clash
            if key in seen:
                names = ", ".join(f"«{c.name}»" for c in columns)
                values = ", ".join(
                    _quote(v if isinstance(v, str | int) else encode_value(v)) for v in key
                )
                raise KuratorError(
                    f"В файле повторяется запись: {table_label(table.name)}, записи "
                    f"{seen[key]} и {number} с одинаковым значением {names} = {values}. Файл "
                    "повреждён или собран из двух выгрузок. " + UNTOUCHED
                )
            seen[key] = number


_PROFILE_TABLES = {"mentor.": "mentor_profiles", "mentee.": "mentee_profiles"}


def _check_persons(tables: dict[str, Table], decoded: dict[str, list[Row]]) -> None:
    """Every participant with their profiles through the window's own rules (required names,
    lengths, experience 0–70, possible dates); the first record that fails is named."""
    profiles = {
        prefix: {
            row.get("person_id"): (number, row)
            for number, row in enumerate(decoded.get(name, []), start=1)
        }
        for prefix, name in _PROFILE_TABLES.items()
    }
    today = dt.date.today()
    for number, row in enumerate(decoded.get("persons", []), start=1):
        pid = row.get("id")
        mentor = profiles["mentor."].get(pid) if pid is not None else None
        mentee = profiles["mentee."].get(pid) if pid is not None else None
        data = normalize(
            data_from_columns(row, mentor[1] if mentor else None, mentee[1] if mentee else None)
        )
        try:
            validate(data, today)
        except ValidationError as exc:
            field, message = next(iter(exc.errors.items()))
            prefix, _, column = field.rpartition(".")
            where = record_label(tables["persons"], number, row)
            if prefix:
                found = mentor if prefix == "mentor" else mentee
                assert found is not None  # a profile error needs the profile
                where = record_label(tables[_PROFILE_TABLES[prefix + "."]], *found)
            raise KuratorError(
                f"Запись не проходит проверку, как при вводе в окне: {where}, поле «{column}» — "
                f"{message} " + UNTOUCHED
            ) from None


def _check_records(decoded: dict[str, list[Row]]) -> None:
    """The checks of typed input, on the whole file before the database is touched."""
    tables = {t.name: t for t in data_tables()}
    for name, rows in decoded.items():
        _check_duplicates(tables[name], rows)
    _check_persons(tables, decoded)


def _broken_reference(decoded: dict[str, list[Row]], broken: Sequence[Any]) -> str:
    """«раздел «mentor_profiles» (…), запись 1 (person_id 999)»: the first record whose
    reference leads nowhere, found by its rowid (an integer primary key is the rowid)."""
    table_name, rowid = broken[0][0], broken[0][1]
    table = next((t for t in data_tables() if t.name == table_name), None)
    if table is None:
        return table_label(table_name)
    pk = list(table.primary_key.columns)
    for number, row in enumerate(decoded.get(table_name, []), start=1):
        if len(pk) == 1 and row.get(pk[0].key) == rowid:
            return record_label(table, number, row)
    return table_label(table_name)


def _same_key_runs(rows: list[Row]) -> Iterator[list[Row]]:
    """Consecutive rows with the same columns: one INSERT each, so a column absent from the
    file is left out of the statement and gets its default."""
    run: list[Row] = []
    for row in rows:
        if run and row.keys() != run[0].keys():
            yield run
            run = []
        run.append(row)
    if run:
        yield run


# --- import --------------------------------------------------------------------------------


def _missing_references(decoded: dict[str, list[Row]]) -> list[tuple[str, Any, str]]:
    """Like SQLite's ``PRAGMA foreign_key_check`` on the rows of the file, before they are
    written: (table, the row's key, the table its reference leads to) for each reference to
    a record that is not in the file. Used on a server, whose keys are checked per row."""
    broken: list[tuple[str, Any, str]] = []
    present: dict[tuple[str, str], set[Any]] = {}
    for table in data_tables():
        pk = list(table.primary_key.columns)
        for fk in table.foreign_keys:
            target = fk.column
            ids = present.setdefault(
                (target.table.name, target.key),
                {row.get(target.key) for row in decoded.get(target.table.name, [])},
            )
            for row in decoded.get(table.name, []):
                value = row.get(fk.parent.key)
                if value is not None and value not in ids:
                    key = row.get(pk[0].key) if len(pk) == 1 else None
                    broken.append((table.name, key, target.table.name))
    return broken


def _restart_numbering(s: Session) -> None:
    """On a server, make each table's id sequence continue after the largest id loaded
    (SQLite takes max(rowid) + 1 by itself)."""
    for table in data_tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not pk[0].autoincrement or pk[0].type.python_type is not int:
            continue
        s.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:t, :c), "
                f"coalesce((SELECT max({pk[0].name}) FROM {table.name}), 0) + 1, false)"
            ),
            {"t": table.name, "c": pk[0].name},
        )


def _insert_in_key_order(s: Session, tables: list[Table], decoded: dict[str, list[Row]]) -> None:
    """Insert the file's rows where every key is checked at once (a server): parents come
    before children in ``tables``; a reference inside one table (or to a later one) is
    written empty first and filled in once every row is there."""
    position = {t.name: i for i, t in enumerate(tables)}
    later: list[tuple[Table, Column[Any], str, list[Row]]] = []
    for table in tables:
        rows = decoded.get(table.name, [])
        pk = list(table.primary_key.columns)
        late = [
            fk.parent.key
            for fk in table.foreign_keys
            if position.get(fk.column.table.name, -1) >= position[table.name]
            and fk.parent.nullable
            and len(pk) == 1
        ]
        if late and rows:
            for key in late:
                later.append((table, pk[0], key, [r for r in rows if r.get(key) is not None]))
            rows = [{k: (None if k in late else v) for k, v in r.items()} for r in rows]
        for run in _same_key_runs(rows):
            s.execute(table.insert(), run)
    for table, pk_col, key, rows in later:
        for row in rows:
            s.execute(table.update().where(pk_col == row[pk_col.key]).values({key: row[key]}))


def _replace_all(db: Database, decoded: dict[str, list[Row]]) -> None:
    tables = data_tables()
    with db.session() as s:
        for table in reversed(tables):
            s.execute(table.delete())
        if db.is_server:
            # Keys are checked row by row there: the file's references are checked first
            # (parents come before children in ``tables``), the numbering moved on after.
            broken: Sequence[Any] = _missing_references(decoded)
            if not broken:
                _insert_in_key_order(s, tables, decoded)
                _restart_numbering(s)
        else:
            # Inside the transaction (the DELETEs opened it): foreign keys are checked at
            # COMMIT, so rows may arrive in any order, even with references inside one table.
            s.execute(text("PRAGMA defer_foreign_keys = ON"))
            for table in tables:
                for run in _same_key_runs(decoded.get(table.name, [])):
                    s.execute(table.insert(), run)
            broken = s.execute(text("PRAGMA foreign_key_check")).fetchall()
        if broken:
            where = ", ".join(sorted({f"{r[0]} → {r[2]}" for r in broken}))
            raise KuratorError(
                f"В файле есть ссылки на отсутствующие записи ({where}), например: "
                f"{_broken_reference(decoded, broken)}. Файл неполный или повреждён. " + UNTOUCHED
            )
        if any("fixing_order_id" not in row for row in decoded.get("pairs", [])):
            # A file written before pairs recorded their fixing order (schema 0007 or older):
            # derived from its signed orders, as the 0008 migration does for a database.
            restore_pair_fixing(s)
        # The mentoring rules hold for loaded pairs as for pairs typed in the window.

        problems = audit(s)
        if problems:
            # each problem is a sentence ending in «.»: joined with «; » and closed once
            shown = "; ".join(p.rstrip(".") for p in problems[:5]) + (
                f" и ещё {len(problems) - 5}" if len(problems) > 5 else ""
            )
            raise KuratorError(
                f"Пары и группы в файле нарушают правила наставничества: {shown}. " + UNTOUCHED
            )


def import_data(db: Database, path: Path) -> str:
    """Replace the whole content of the database with the exchange file ``path``.

    Everything is checked before the database is touched, and the replacement is one
    transaction: on any failure the old data stays as it was (``KuratorError`` in Russian).
    A file minimised for the municipal office is refused: it cannot restore a school.
    Returns a Russian summary line."""
    path = Path(path)
    doc = read_exchange(path)
    refuse_minimised(path, doc)
    decoded = load_checked(db, path, doc)
    return (
        f"Загружено из файла {path}"
        + (f" ({_source(doc)})" if _source(doc) else "")
        + f": {_counts_line(decoded)}. Прежние данные заменены"
        + (
            "."
            if db.is_server
            else "; копия базы до загрузки — в папке резервных копий (backups/auto)."
        )
    )


def _source(doc: dict[str, Any]) -> str:
    """«выгрузка от 04.12.2026 10:00, «Куратор» 1.0» from the file's header."""
    return ", ".join(
        part
        for part in (
            f"выгрузка от {_human_stamp(doc.get('exported_at'))}" if doc.get("exported_at") else "",
            f"«Куратор» {doc['app_version']}" if isinstance(doc.get("app_version"), str) else "",
        )
        if part
    )


def load_checked(db: Database, path: Path, doc: dict[str, Any]) -> dict[str, list[Row]]:
    """Replace the content of ``db`` with the parsed exchange file ``doc`` (read from ``path``
    by ``read_exchange``), after every check of ``import_data``; one transaction. Accepts a
    minimised file too (the municipal store loads those into a scratch database). Returns
    the decoded rows by table."""
    tables: dict[str, list[Row]] = doc["tables"]
    _check_layout(tables)
    decoded = {t.name: _decode_rows(t, tables.get(t.name, [])) for t in data_tables()}
    _check_records(decoded)
    try:
        _replace_all(db, decoded)
    except StatementError as exc:  # the database itself refused (NOT NULL, UNIQUE, …)
        log.exception("import of an exchange file failed")
        raise KuratorError(
            f"Файл {path} нельзя загрузить: данные противоречат друг другу или неполны "
            "(повторяющиеся номера записей или пропущенные обязательные поля). " + UNTOUCHED
        ) from exc
    # A file from an older program may lack reference lists added since; seed them as at start.
    reference.ensure_defaults(db)
    log.info("exchange file imported")
    return decoded


def _human_stamp(value: Any) -> str:
    """``ДД.ММ.ГГГГ чч:мм`` for an ISO timestamp, the text itself if it is not one."""
    try:
        return dt.datetime.fromisoformat(str(value)).strftime("%d.%m.%Y %H:%M")
    except ValueError:
        return str(value)
