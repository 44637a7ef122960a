"""The library of roadmap activities by direction and kind, a draft program is built from.

Seeded once from ``resources/reference/activities.json`` into ``reference_items`` (kind
``activity``, one JSON object a row), so the school edits it like the other reference lists
and it travels with backups. An activity without a direction suits any direction; one with
``focus`` «strength» develops a strength instead of reducing a deficit."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.textutil import clean_text
from app.models import AppSetting, ReferenceItem
from app.models.db import Database
from app.paths import resource_path

KIND = "activity"
MARKER = f"seeded:{KIND}"


@dataclass(frozen=True)
class Activity:
    """One suggested activity. ``kind`` is a key of ``kind_names()`` (course, open_lesson,
    …); ``stage`` 0 opens the work, 1 is its middle, 2 closes it; ``direction`` empty: any."""

    kind: str
    activity_kind: str
    event_form: str
    direction: str = ""
    focus: str = "deficit"
    stage: int = 1
    participation: str = ""
    expected_result: str = ""
    reporting: str = ""


def _path() -> Path:
    return resource_path("reference", "activities.json")


@cache
def _resource() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_path().read_text(encoding="utf-8"))
    return data


def kind_names() -> dict[str, str]:
    """Kinds of activities with their Russian names (курсы, открытый урок, …)."""
    return dict(_resource()["kinds"])


def _from_dict(raw: dict[str, Any]) -> Activity | None:
    known = {f.name for f in fields(Activity)}
    data = {k: v for k, v in raw.items() if k in known}
    if not data.get("kind") or not (data.get("activity_kind") or data.get("event_form")):
        return None
    data["stage"] = int(data.get("stage", 1)) if str(data.get("stage", 1)).isdigit() else 1
    for k, v in list(data.items()):
        if k != "stage":
            data[k] = clean_text(str(v))
    return Activity(**data)


def default_activities() -> list[Activity]:
    """The shipped library, in file order."""
    return [a for a in (_from_dict(r) for r in _resource()["activities"]) if a is not None]


def seed(db: Database) -> None:
    """Put the shipped library into the school's data once (an emptied library stays empty)."""
    with db.session() as s:
        seed_in(s)


def seed_in(s: Session) -> None:
    """``seed`` inside the caller's transaction."""
    if s.get(AppSetting, MARKER) is not None:
        return
    for i, a in enumerate(default_activities()):
        s.add(ReferenceItem(kind=KIND, value=_dump(a), sort_order=i, hidden=False))
    s.add(AppSetting(key=MARKER, value="1"))
    s.flush()


def _dump(a: Activity) -> str:
    return json.dumps(asdict(a), ensure_ascii=False)


def activities(db: Database) -> list[Activity]:
    """The school's library (seeded on first use), visible rows in the curator's order."""
    with db.session() as s:
        return activities_in(s)


def activities_in(s: Session) -> list[Activity]:
    """``activities`` inside the caller's transaction (seeding it there if needed)."""
    seed_in(s)
    q = (
        select(ReferenceItem.value)
        .where(ReferenceItem.kind == KIND, ReferenceItem.hidden.is_(False))
        .order_by(ReferenceItem.sort_order, ReferenceItem.id)
    )
    out = []
    for value in s.scalars(q):
        try:
            raw = json.loads(value)
        except ValueError:
            continue  # a row damaged by hand is skipped, not fatal
        found = _from_dict(raw) if isinstance(raw, dict) else None
        if found is not None:
            out.append(found)
    return out


def save_activities(db: Database, items: list[Activity]) -> None:
    """Replace the library with ``items`` (order kept, exact repeats dropped)."""
    seen: set[str] = set()
    with db.session() as s:
        for row in s.scalars(select(ReferenceItem).where(ReferenceItem.kind == KIND)):
            s.delete(row)
        s.flush()
        for a in items:
            text = _dump(a)
            if text not in seen:
                seen.add(text)
                s.add(ReferenceItem(kind=KIND, value=text, sort_order=len(seen), hidden=False))
        if s.get(AppSetting, MARKER) is None:
            s.add(AppSetting(key=MARKER, value="1"))
