"""The history of a pair: snapshots of its values, their differences, and readable events.

An event keeps the day of the change, its kind, the reason and ``details`` — field → [old,
new] with dates in ISO form and people by id — so the record survives renaming a person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.textutil import format_date, initials_name
from app.models import Direction, Pair, PairEvent, Person
from app.models.db import Database
from app.services.pairs.pair_rules import STATUS_LABELS

EVENT_LABELS: dict[str, str] = {
    "created": "Создана",
    "edited": "Изменена",
    "prolonged": "Продлена",
    "shortened": "Сокращена",
    "ended_early": "Прекращена досрочно",
    "status": "Изменено состояние",
    "order": "Закреплена приказом",
    "order_revoked": "Приказ о закреплении возвращён в проект",
}

FIELD_LABELS: dict[str, str] = {
    "mentor_id": "Наставник",
    "mentee_ids": "Наставляемые",
    "is_group": "Группа",
    "form": "Форма",
    "kinds": "Виды",
    "role_model": "Ролевая модель",
    "start_date": "Дата начала",
    "end_date": "Дата окончания",
    "status": "Состояние",
    "schedule": "Расписание встреч",
    "mode": "Режим",
    "consent_date": "Дата согласия наставника",
    "allowance": "Доплата",
    "order_number": "Номер приказа",
    "order_date": "Дата приказа",
    "notes": "Примечания",
    "directions": "Направления",
    "duration_reason": "Причина нестандартного срока",
    "end_reason": "Причина досрочного прекращения",
}
_DATES = {"start_date", "end_date", "consent_date", "order_date"}


@dataclass(frozen=True)
class EventRow:
    """One recorded change, ready to show: ``changes`` are lines «Поле: было → стало»."""

    id: int
    date: dt.date
    kind: str
    kind_label: str
    reason: str
    changes: tuple[str, ...]


def snapshot(s: Session, pair: Pair) -> dict[str, Any]:
    """The pair's values in JSON-safe form (dates ISO, people and directions by id)."""
    out: dict[str, Any] = {}
    for name in FIELD_LABELS:
        if name == "mentee_ids":
            out[name] = sorted(m.person_id for m in pair.mentees)
        elif name == "directions":
            out[name] = sorted(d.direction_id for d in pair.directions)
        elif name == "kinds":
            out[name] = list(pair.kinds or [])
        else:
            value = getattr(pair, name)
            out[name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed: field → [old, new]."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(
    s: Session, pair: Pair, day: dt.date, kind: str, reason: str, details: dict[str, Any]
) -> None:
    """Append an event to ``pair`` inside the caller's unit of work."""
    s.add(PairEvent(pair_id=pair.id, date=day, kind=kind, reason=reason, details=details))


def planned_ends(s: Session, pair_ids: list[int] | None = None) -> dict[int, dt.date]:
    """Pair id → the end date it had before it was ended early, from its latest
    «ended_early» event (``details["end_date"]`` = [planned, actual]). A pair ended on its
    planned day, or one without such an event, is not in the answer."""
    q = select(PairEvent.pair_id, PairEvent.details).where(PairEvent.kind == "ended_early")
    if pair_ids is not None:
        q = q.where(PairEvent.pair_id.in_(pair_ids))
    out: dict[int, dt.date] = {}
    for pid, details in s.execute(q.order_by(PairEvent.date, PairEvent.id)):
        change = (details or {}).get("end_date") if isinstance(details, dict) else None
        if isinstance(change, list) and len(change) == 2 and isinstance(change[0], str):
            try:
                out[pid] = dt.date.fromisoformat(change[0])
            except ValueError:
                continue
    return out


def _show(s: Session, name: str, value: Any, names: dict[int, str], dirs: dict[int, str]) -> str:
    if value in (None, "", []):
        return "—"
    if name in _DATES and isinstance(value, str):
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if name == "status":
        return STATUS_LABELS.get(str(value), str(value))
    if name == "is_group":
        return "да" if value else "нет"
    if name == "mentor_id":
        return names.get(int(value), f"№ {value}")
    if name == "mentee_ids":
        return ", ".join(names.get(int(v), f"№ {v}") for v in value)
    if name == "directions":
        return ", ".join(dirs.get(int(v), f"№ {v}") for v in value)
    if name == "kinds":
        return ", ".join(str(v) for v in value)
    text = str(value).replace("\n", " ")
    return text if len(text) <= 80 else text[:79] + "…"


def events(db: Database, pair_id: int) -> list[EventRow]:
    """The recorded changes of a pair, oldest first, with readable «было → стало» lines."""
    with db.session() as s:
        rows = list(
            s.scalars(
                select(PairEvent)
                .where(PairEvent.pair_id == pair_id)
                .order_by(PairEvent.date, PairEvent.id)
            )
        )
        names = {
            p.id: initials_name(p.last_name, p.first_name, p.middle_name).replace("\u00a0", " ")
            for p in s.scalars(select(Person))
        }
        dirs = dict(s.execute(select(Direction.id, Direction.name)).all())
        out = []
        for ev in rows:
            lines = []
            for name, change in (ev.details or {}).items():
                if not isinstance(change, list) or len(change) != 2:
                    continue
                old, new = (_show(s, name, v, names, dirs) for v in change)
                lines.append(f"{FIELD_LABELS.get(name, name)}: {old} → {new}")
            out.append(
                EventRow(
                    ev.id,
                    ev.date,
                    ev.kind,
                    EVENT_LABELS.get(ev.kind, ev.kind),
                    ev.reason,
                    tuple(lines),
                )
            )
        return out
