"""Editable reference lists (positions, subjects, categories, …) seeded from resources."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from app.models import AppSetting, DiagnosticLevel, Direction, ReferenceItem
from app.models.db import Database
from app.paths import resource_path

KIND_NAMES = {
    "position": "Должности",
    "subject": "Предметы",
    "category": "Квалификационные категории",
    "education": "Образование",
    "mentoring_form": "Формы наставничества",
    "mentoring_kind": "Виды наставничества",
    "role_model": "Ролевые модели",
    "diagnostic_source": "Источники диагностики",
    # Staff never offered as mentors by default (mentor suggestions): not teaching posts.
    "non_mentor_position": "Должности, не предлагаемые в наставники",
}


def load_defaults(path: Path | None = None) -> dict[str, list[str]]:
    """The default lists shipped in ``resources/reference/defaults.json``."""
    path = path or resource_path("reference", "defaults.json")
    data: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def ensure_defaults(db: Database) -> None:
    """Seed each list once; a list the curator emptied on purpose is not refilled."""
    defaults = load_defaults()
    with db.session() as s:
        for kind, values in defaults.items():
            marker = f"seeded:{kind}"
            if s.get(AppSetting, marker) is not None:
                continue
            for i, value in enumerate(values):
                s.add(ReferenceItem(kind=kind, value=value, sort_order=i, hidden=False))
            s.add(AppSetting(key=marker, value="1"))
    _ensure_grid_defaults(db)


def load_grid_defaults(path: Path | None = None) -> dict[str, list[dict[str, object]]]:
    """Default directions and levels of the diagnostic grid (``diagnostics_defaults.json``)."""
    path = path or resource_path("reference", "diagnostics_defaults.json")
    data: dict[str, list[dict[str, object]]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _ensure_grid_defaults(db: Database) -> None:
    """Seed the grid's directions and levels once (the curator may edit them afterwards)."""
    defaults = load_grid_defaults()
    with db.session() as s:
        if s.get(AppSetting, "seeded:directions") is None:
            for i, item in enumerate(defaults["directions"]):
                s.add(
                    Direction(
                        name=str(item["name"]),
                        short_name=str(item.get("short_name", "")),
                        sort_order=i,
                        hidden=False,
                    )
                )
            s.add(AppSetting(key="seeded:directions", value="1"))
        if s.get(AppSetting, "seeded:levels") is None:
            for i, item in enumerate(defaults["levels"]):
                severity = item.get("severity")
                s.add(
                    DiagnosticLevel(
                        name=str(item["name"]),
                        mark=str(item.get("mark", "")),
                        color=str(item["color"]),
                        severity=None if severity is None else int(str(severity)),
                        sort_order=i,
                    )
                )
            s.add(AppSetting(key="seeded:levels", value="1"))


def values(db: Database, kind: str) -> list[str]:
    """Visible values of a list, in the curator's order."""
    with db.session() as s:
        q = (
            select(ReferenceItem.value)
            .where(ReferenceItem.kind == kind, ReferenceItem.hidden.is_(False))
            .order_by(ReferenceItem.sort_order, ReferenceItem.id)
        )
        return list(s.scalars(q))


def set_values(db: Database, kind: str, items: list[str]) -> None:
    """Replace a list with ``items`` (order kept, blanks and repeats dropped)."""
    seen: set[str] = set()
    clean = []
    for item in items:
        item = " ".join(item.split())
        if item and item.lower() not in seen:
            seen.add(item.lower())
            clean.append(item)
    with db.session() as s:
        for row in s.scalars(select(ReferenceItem).where(ReferenceItem.kind == kind)):
            s.delete(row)
        s.flush()
        for i, value in enumerate(clean):
            s.add(ReferenceItem(kind=kind, value=value, sort_order=i, hidden=False))
