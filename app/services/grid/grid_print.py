"""The printable diagnostic grid: a teacher's card or the school's teachers × directions,
assembled from the database as plain data for the XLSX and DOCX writers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from app.core.textutil import format_date, parse_date
from app.errors import KuratorError
from app.models.db import Database
from app.reports.grid_data import (
    CardColumn,
    GridCell,
    GridDirection,
    GridDocument,
    GridRow,
    Mark,
    SchoolGrid,
    TeacherCard,
)
from app.services.grid import grid_state
from app.services.grid.diagnostics import get_round, list_rounds
from app.services.grid.grid_directory import normalize_color, readable_with_black
from app.services.grid.grid_state import LevelInfo
from app.services.people import persons
from app.services.school.page_settings import load_page_settings
from app.services.school.school import get_school

WHITE = "FFFFFF"


def print_color(color: str) -> str:
    """``RRGGBB`` (upper case, no ``#``) for a level colour: the curator's own colour when
    black text on it passes the levels dialog's rule (``readable_with_black``, WCAG 4.5:1),
    else that colour mixed with white step by step until it does (a colour stored before the
    rule existed); white for a malformed one."""
    try:
        hex6 = normalize_color(color)[1:]
    except ValueError:
        return WHITE
    rgb = [int(hex6[i : i + 2], 16) for i in (0, 2, 4)]
    mix = 0
    while not readable_with_black("".join(f"{v:02X}" for v in rgb)) and mix < 10:
        mix += 1
        rgb = [round(v + (255 - v) * 0.1) for v in rgb]
    return "".join(f"{v:02X}" for v in rgb)


def mark_of(level: LevelInfo) -> Mark:
    """A level as printed (its colour through :func:`print_color`)."""
    return Mark(level.id, level.name, level.mark, print_color(level.color))


def _school_name(db: Database) -> str:
    school = get_school(db)
    return school.short_name or school.full_name


def _marks(db: Database) -> dict[int, Mark]:
    return {lv.id: mark_of(lv) for lv in grid_state.levels(db)}


def parse_round_option(value: object) -> dt.date | None:
    """The ``--round`` date as typed; ``KuratorError`` in Russian when it is not a date."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return parse_date(str(value))
    except ValueError as exc:
        raise KuratorError(f"Дата диагностики (--round): {exc}.") from None


def teacher_card(db: Database, person_id: int, on: dt.date | None = None) -> TeacherCard:
    """The card of ``person_id``: the round held on ``on`` when there is one, otherwise the
    latest state as of ``on`` (or today). ``KuratorError`` for an unknown teacher or one
    without diagnostics by then."""
    try:
        person = persons.get_person(db, person_id)
    except KuratorError:
        raise KuratorError(f"Педагог с номером записи {person_id} не найден.") from None
    name = person.full_name
    rounds = list_rounds(db, person_id)
    if not rounds:
        raise KuratorError(
            f"У педагога {name} нет ни одной диагностики: "
            "сначала заполните её на вкладке «Диагностика»."
        )
    marks = _marks(db)
    dirs = grid_state.directions(db)
    exact = [r for r in rounds if on is not None and r.date == on]
    if exact:
        chosen = exact[-1]
        data = get_round(db, chosen.id)
        by_dir = {
            c.direction_id: (c.strength, c.deficit, c.level_id, c.priority) for c in data.cells
        }
        as_of, used = chosen.date, [chosen]
    else:
        earlier = [r for r in rounds if on is None or r.date <= on]
        if not earlier:
            raise KuratorError(
                f"У педагога {name} нет диагностики на {format_date(on)}: первая проведена "
                f"{format_date(rounds[0].date)}."
            )
        cells = grid_state.latest_cells(db, [person_id], as_of=on).get(person_id, {})
        by_dir = {d: (c.strength, c.deficit, c.level_id, c.priority) for d, c in cells.items()}
        used_ids = {c.round_id for c in cells.values()}
        used = [r for r in earlier if r.id in used_ids] or [earlier[-1]]
        as_of = max(r.date for r in used)
    columns = []
    for d in dirs:
        strength, deficit, level_id, priority = by_dir.get(d.id, ("", "", None, False))
        columns.append(
            CardColumn(
                d.name,
                d.label,
                strength,
                deficit,
                marks.get(level_id) if level_id is not None else None,
                priority,
            )
        )
    basis = "; ".join(f"{format_date(r.date)}{', ' + r.source if r.source else ''}" for r in used)
    word = "Диагностика" if len(used) == 1 else "Последние данные диагностик"
    notes = "\n".join(r.notes for r in used if r.notes)
    return TeacherCard(
        _school_name(db),
        name,
        _position(person.position, person.subjects),
        as_of,
        f"{word}: {basis}",
        notes,
        columns,
        list(marks.values()),
    )


def _position(position: str, subjects: str) -> str:
    return ", ".join(p for p in (position, subjects.replace(";", ",")) if p)


def school_grid(db: Database, as_of: dt.date | None = None) -> SchoolGrid:
    """Every teacher not in the archive × the visible directions, each cell the latest level
    as of ``as_of`` (default today); teachers without diagnostics get empty cells."""
    day = as_of or dt.date.today()
    marks = _marks(db)
    dirs = grid_state.directions(db)
    people = persons.list_persons(db, include_archived=False)
    # Levels only: the cells' strength and deficit texts are not printed in the school grid.
    latest = grid_state.latest_levels(db, as_of=day)
    rows = []
    for p in people:
        cells = latest.get(p.id, {})
        row = []
        for d in dirs:
            c = cells.get(d.id)
            level = marks.get(c.level_id) if c is not None and c.level_id is not None else None
            row.append(GridCell(level, bool(c and c.priority)))
        rows.append(GridRow(p.id, p.full_name, p.position, row))
    return SchoolGrid(
        _school_name(db),
        day,
        [GridDirection(d.name, d.label) for d in dirs],
        rows,
        list(marks.values()),
    )


def grid_document(db: Database, options: dict[str, Any]) -> GridDocument:
    """The card (option ``teacher``) or the school grid, as of option ``round``."""
    on = parse_round_option(options.get("round"))
    teacher = options.get("teacher")
    if teacher is not None:
        return teacher_card(db, int(teacher), on)
    return school_grid(db, on)


# The writers are imported when a file is written, not with this module: openpyxl and
# python-docx are slow to load and the export registry imports this module at start.
def export_grid_xlsx(db: Database, out: Path, options: dict[str, Any]) -> Path:
    """Builder of the export registry: the grid as XLSX."""
    # deferred: python-docx/openpyxl load only when printing (start-up speed)
    from app.reports.grid_xlsx import write_grid_xlsx

    return write_grid_xlsx(out, grid_document(db, options))


def export_grid_docx(db: Database, out: Path, options: dict[str, Any]) -> Path:
    """Builder of the export registry: the grid as DOCX with the school's page settings."""
    # deferred: python-docx/openpyxl load only when printing (start-up speed)
    from app.reports.grid_docx import write_grid_docx

    settings = load_page_settings(db)
    return write_grid_docx(out, grid_document(db, options), settings)
