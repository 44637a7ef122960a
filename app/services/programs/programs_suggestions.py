"""What the roadmap's combo boxes offer: the seed's suggestion lists, the school's people as
co-executors, the mentees' deficits and strengths from the grid as significance."""

from __future__ import annotations

import json
from functools import cache

from sqlalchemy import select

from app.core.textutil import initials_name
from app.models import Person
from app.models.db import Database
from app.paths import resource_path
from app.services.grid import grid_state
from app.services.programs.programs import ProgramData

LIST_KEYS = ("activity_kind", "event_form", "participation", "reporting", "evaluation", "work_form")


@cache
def suggestion_lists() -> dict[str, list[str]]:
    """The lists of ``resources/reference/program_suggestions.json`` (read once)."""
    path = resource_path("reference", "program_suggestions.json")
    data: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
    return {k: list(data.get(k, [])) for k in LIST_KEYS}


def co_executor_names(db: Database) -> list[str]:
    """«И.О. Фамилия, должность» of everyone not archived, by surname."""
    with db.session() as s:
        q = (
            select(Person)
            .where(Person.archived.is_(False))
            .order_by(Person.last_name, Person.first_name)
        )
        return [
            initials_name(p.last_name, p.first_name, p.middle_name).replace("\u00a0", " ")
            + (f", {p.position.lower()}" if p.position else "")
            for p in s.scalars(q)
        ]


def significance_choices(db: Database, data: ProgramData) -> list[str]:
    """«Снижен дефицит: …» / «Развита сильная сторона: …» for the program's directions,
    from the program itself and from the mentees' latest grid cells."""
    names = {d.id: d.label for d in grid_state.directions(db, include_hidden=True)}
    out: list[str] = []
    for d in data.directions:
        label = names.get(d.direction_id, d.name)
        if d.deficit:
            verb = "Снижен дефицит" if d.focus == "deficit" else "Развита сильная сторона"
            out.append(f"{verb} ({label}): {d.deficit}")
    cells = grid_state.latest_cells(db, [m.id for m in data.mentees])
    wanted = {d.direction_id for d in data.directions}
    for person_cells in cells.values():
        for did, cell in person_cells.items():
            if did not in wanted:
                continue
            label = names.get(did, "?")
            if cell.deficit:
                out.append(f"Снижен дефицит ({label}): {cell.deficit}")
            if cell.strength:
                out.append(f"Развита сильная сторона ({label}): {cell.strength}")
    return list(dict.fromkeys(out))
