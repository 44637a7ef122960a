"""Optimistic concurrency: the row version checked on every UPDATE and DELETE, and the Russian
message when another user changed the record first."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Integer, text
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from app.errors import StaleRecordError


class Versioned:
    """A mapped class whose rows carry ``version``: SQLAlchemy adds ``WHERE version = :seen``
    to each UPDATE and DELETE of the row and raises ``StaleDataError`` when another session
    changed (or removed) it since it was read — never a silent last-write-wins."""

    version: Mapped[int] = mapped_column(
        Integer, nullable=False, default=1, server_default=text("1")
    )

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 (declarative directive)
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


# What a person calls a record of each versioned table, and which attributes name it.
_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "persons": ("Педагог", ("last_name", "first_name", "middle_name")),
    "mentor_profiles": ("Анкета наставника", ()),
    "mentee_profiles": ("Анкета наставляемого", ()),
    "school_profile": ("Сведения о школе", ("short_name",)),
    "pairs": ("Пара (группа)", ()),
    "programs": ("Программа наставничества", ()),
    "program_items": ("Строка дорожной карты", ("activity_kind",)),
    "program_directions": ("Направление программы", ()),
    "program_diary": ("Запись дневника наставника", ("date", "topic")),
    "program_assessments": ("Лист самооценки", ()),
    "orders": ("Приказ", ("number", "title")),
    "order_appendices": ("Приложение к приказу", ("title",)),
    "diagnostic_rounds": ("Диагностика", ("date",)),
    "monitoring_records": ("Показатели мониторинга", ()),
    "monitoring_reports": ("Отчёт за полугодие", ()),
    "questionnaires": ("Анкета", ("title",)),
    "program_templates": ("Шаблон программы", ("name",)),
}

_TABLE_IN_MESSAGE = re.compile(r"table '([a-z_]+)'")


def _loaded(obj: object | None, attr: str) -> Any:
    """The attribute as already loaded, never a database read (the session of a refused
    flush cannot read)."""
    return vars(obj).get(attr) if obj is not None and hasattr(obj, "__dict__") else None


def caption(table: str, obj: object | None) -> str:
    """«Педагог: Иванова Мария Петровна» — the kind of a record and what names it."""
    kind, attrs = _KINDS.get(table, ("Запись", ()))
    parts: list[str] = []
    for attr in attrs:
        value = _loaded(obj, attr)
        if value is None or value == "":
            continue
        parts.append(value.strftime("%d.%m.%Y") if hasattr(value, "strftime") else str(value))
    number = _loaded(obj, "id")
    if not parts and isinstance(number, int):
        parts.append(f"№ {number}")
    return f"{kind}: {' '.join(parts)}" if parts else kind


def remember_flushed(session: Session, _context: object, _instances: object) -> None:
    """``before_flush`` hook: name the versioned records this flush changes, so a refused
    flush can say which one (afterwards the session can neither list nor read them)."""
    session.info["flushing"] = [
        (table, caption(table, obj))
        for obj in [*session.dirty, *session.deleted]
        if (table := getattr(obj, "__tablename__", "")) in _KINDS
    ]


def stale_record_error(session: Session, exc: StaleDataError) -> StaleRecordError:
    """The Russian refusal for ``exc``, naming the record whose version no longer matched
    (among the records of the refused flush, by the table SQLAlchemy names)."""
    found = _TABLE_IN_MESSAGE.search(str(exc))
    table = found.group(1) if found else ""
    named = [text for kind, text in session.info.get("flushing", []) if kind == table]
    return StaleRecordError(named[0] if named else caption(table, None))


def check_seen(obj: object, seen: int | None) -> None:
    """Refuse (``StaleRecordError``) to change ``obj`` when its version is no longer the
    ``seen`` one its editor read (None: a caller that read nothing, nothing to compare)."""
    current = getattr(obj, "version", None)
    if seen is not None and current is not None and current != seen:
        raise StaleRecordError(caption(getattr(obj, "__tablename__", ""), obj))
