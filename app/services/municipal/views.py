"""The store's views as plain data: the deficits heat map, «было / стало», teachers with a
severe deficit in a direction, and a school's grid (read-only)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from app.core.textutil import fold, format_date, full_name
from app.models.municipal import StoredDeficits, StoredDiagnosis, StoredSchool, StoredTeacher
from app.models.textsql import folded
from app.reports.municipal_data import (
    TOTAL_LABEL,
    BeforeAfter,
    GridView,
    HeatCell,
    HeatMap,
    HeatRow,
    NeedRow,
    SevereTeacher,
)
from app.services.grid.grid_print import print_color
from app.services.municipal.snapshot import NONE, PARTIAL, SEVERE, direction_key
from app.services.municipal.store import MunicipalStore
from app.services.school.reference import load_grid_defaults

NOT_ASSESSED = "D9D9D9"


@dataclass(frozen=True)
class Period:
    """The summary's period: schools whose file is dated from ``start`` are covered; the
    deficits are the state at ``end`` (either may be open)."""

    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def text(self) -> str:
        """«с 01.09.2026 по 31.12.2026», «по 31.12.2026», «за всё время»."""
        parts = []
        if self.start:
            parts.append(f"с {format_date(self.start)}")
        if self.end:
            parts.append(f"по {format_date(self.end)}")
        return " ".join(parts) or "за всё время"


def level_colors() -> dict[int | None, tuple[str, str]]:
    """Municipal grade → (the level's name, RRGGBB), from the grid's default levels: the map
    is coloured as the school's grid is."""
    levels = load_grid_defaults().get("levels", [])
    by_severity = {lv.get("severity"): lv for lv in levels}
    top = max((s for s in by_severity if isinstance(s, int)), default=SEVERE)
    out: dict[int | None, tuple[str, str]] = {}
    for grade, severity in ((SEVERE, top), (PARTIAL, 1), (NONE, 0), (None, None)):
        level = by_severity.get(severity)
        if level is not None:
            out[grade] = (str(level["name"]), print_color(str(level["color"])))
    out.setdefault(None, ("не оценивалось", NOT_ASSESSED))
    return out


def _cell(
    assessed: int, severe: int, partial: int, colors: dict[int | None, tuple[str, str]]
) -> HeatCell:
    none = assessed - severe - partial
    # the most frequent level; on a tie the worse one (the office looks for needs)
    grade = max(((severe, SEVERE), (partial, PARTIAL), (none, NONE)))[1] if assessed else None
    return HeatCell(assessed, severe, partial, colors.get(grade, ("", NOT_ASSESSED))[1])


def _short_names() -> dict[str, str]:
    """Direction key → the grid's short label of a default direction (column headings)."""
    defaults = load_grid_defaults().get("directions", [])
    return {direction_key(str(d["name"])): str(d.get("short_name") or d["name"]) for d in defaults}


def _directions(store: MunicipalStore) -> list[tuple[str, str, str]]:
    """(key, name, short label) of every direction assessed in any school, in the grid's order."""
    shorts = _short_names()
    c = StoredDeficits
    with store.session() as s:
        rows = s.execute(select(c.direction_key, c.direction, c.direction_order).distinct()).all()
    # the first spelling and order of each direction, compared in Python: a server's
    # collation must not choose another spelling than SQLite does
    first: dict[str, tuple[str, int]] = {}
    for key, name, order in rows:
        seen = first.get(key)
        first[key] = (min(seen[0], name), min(seen[1], order)) if seen else (name, order)
    ordered = sorted(first.items(), key=lambda kv: (kv[1][1], kv[0]))
    return [(key, name, shorts.get(key, name)) for key, (name, _) in ordered]


def _school_names(store: MunicipalStore) -> list[tuple[int, str]]:
    with store.session() as s:
        return [
            (i, short or full)
            for i, short, full in s.execute(
                select(StoredSchool.id, StoredSchool.short_name, StoredSchool.full_name).order_by(
                    folded(StoredSchool.full_name), StoredSchool.id
                )
            )
        ]


def _latest_counts(
    store: MunicipalStore, as_of: dt.date | None
) -> dict[tuple[int, str], tuple[int, int, int]]:
    """(school, direction) → (assessed, severe, partial) over each teacher's latest level
    (on or before ``as_of``)."""
    if as_of is None:  # the counts kept when each file was added
        dc = StoredDeficits
        with store.session() as s:
            rows = s.execute(
                select(dc.school_id, dc.direction_key, dc.assessed, dc.severe, dc.partial)
            ).all()
        return {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows}
    latest: dict[tuple[int, str], tuple[dt.date, int, int | None]] = {}
    school_of: dict[int, int] = {}
    for teacher, school, key, day, row_id, grade in _rows_until(store, as_of):
        school_of[teacher] = school
        seen = latest.get((teacher, key))
        if seen is None or (day, row_id) >= seen[:2]:
            latest[(teacher, key)] = (day, row_id, grade)
    counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for (teacher, key), (_, _, grade) in latest.items():
        if grade is None:
            continue
        c = counts[(school_of[teacher], key)]
        c[0] += 1
        c[1] += grade == SEVERE
        c[2] += grade == PARTIAL
    return {k: (v[0], v[1], v[2]) for k, v in counts.items()}


def _rows_until(
    store: MunicipalStore, as_of: dt.date
) -> list[tuple[int, int, str, dt.date, int, int | None]]:
    d = StoredDiagnosis
    query = select(d.teacher_id, d.school_id, d.direction_key, d.date, d.id, d.grade).where(
        d.date <= as_of
    )
    with store.session() as s:
        return [tuple(r) for r in s.execute(query)]  # type: ignore[misc]


def heat_map(store: MunicipalStore, as_of: dt.date | None = None) -> HeatMap:
    """Directions × schools: shares of teachers with a severe and a partial deficit at their
    latest diagnosis (on or before ``as_of``: the state at a period's end; a deficit found in
    September still stands in May unless a later diagnosis says otherwise), and the
    municipal total row."""
    colors = level_colors()
    directions = _directions(store)
    counts = _latest_counts(store, as_of)
    rows = []
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for school_id, name in _school_names(store):
        cells = []
        for key, _, _ in directions:
            assessed, severe, partial = counts.get((school_id, key), (0, 0, 0))
            t = totals[key]
            t[0], t[1], t[2] = t[0] + assessed, t[1] + severe, t[2] + partial
            cells.append(_cell(assessed, severe, partial, colors))
        rows.append(HeatRow(school_id, name, cells))
    total = HeatRow(
        None,
        TOTAL_LABEL,
        [_cell(totals[k][0], totals[k][1], totals[k][2], colors) for k, _, _ in directions],
    )
    legend = [colors[g] for g in (SEVERE, PARTIAL, NONE) if g in colors]
    return HeatMap(
        directions=[name for _, name, _ in directions],
        short_directions=[short for _, _, short in directions],
        rows=rows,
        total=total,
        legend=legend,
        as_of=f"по состоянию на {format_date(as_of)}" if as_of else "по последним файлам школ",
    )


def needs(heat: HeatMap) -> list[NeedRow]:
    """Directions by need: most teachers with a severe deficit first, then partial."""
    out = []
    for i, direction in enumerate(heat.directions):
        cell = heat.total.cells[i]
        schools = sum(1 for r in heat.rows if r.cells[i].severe)
        out.append(NeedRow(direction, cell.severe, cell.partial, cell.assessed, schools))
    return sorted(out, key=lambda n: (-n.severe, -n.partial, n.direction))


def before_after(store: MunicipalStore) -> tuple[list[BeforeAfter], list[BeforeAfter]]:
    """«Было / стало» by school and direction, and the municipal total by direction, over the
    teachers diagnosed at least twice in a direction (first against latest diagnosis)."""
    dc = StoredDeficits
    with store.session() as s:
        rows = s.execute(
            select(
                dc.school_id,
                dc.direction_key,
                dc.direction,
                dc.changed,
                dc.before_severe,
                dc.before_partial,
                dc.after_severe,
                dc.after_partial,
            ).where(dc.changed > 0)
        ).all()
    names = dict(_school_names(store))
    order = {key: (i, name) for i, (key, name, _) in enumerate(_directions(store))}
    rows = sorted(rows, key=lambda r: (fold(names[r.school_id]), order[r.direction_key][0]))
    by_school = [BeforeAfter(names[r.school_id], r.direction, *r[3:]) for r in rows]
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for r in rows:
        totals[r.direction_key] = [
            a + b for a, b in zip(totals[r.direction_key], r[3:], strict=True)
        ]
    total = [
        BeforeAfter(TOTAL_LABEL, order[key][1], *counts)
        for key, counts in sorted(totals.items(), key=lambda kv: order[kv[0]][0])
    ]
    return by_school, total


def direction_choices(store: MunicipalStore) -> list[tuple[str, str]]:
    """(key, name) of the directions to choose from for the severe-deficit list."""
    return [(key, name) for key, name, _ in _directions(store)]


def severe_teachers(store: MunicipalStore, direction_key: str) -> list[SevereTeacher]:
    """Teachers whose latest level in the direction is a severe deficit, across all schools,
    by school and name."""
    d, t, sc = StoredDiagnosis, StoredTeacher, StoredSchool
    with store.session() as s:
        rows = s.execute(
            select(
                sc.short_name,
                sc.full_name,
                t.last_name,
                t.first_name,
                t.middle_name,
                t.position,
                d.direction,
                d.date,
                d.deficit,
            )
            .join(t, t.id == d.teacher_id)
            .join(sc, sc.id == d.school_id)
            .where(d.direction_key == direction_key, d.latest.is_(True), d.grade == SEVERE)
            .order_by(
                folded(sc.full_name),
                sc.id,
                folded(t.last_name),
                folded(t.first_name),
                folded(t.middle_name),
                t.id,
            )
        ).all()
    return [
        SevereTeacher(
            school=r.short_name or r.full_name,
            name=full_name(r.last_name, r.first_name, r.middle_name),
            position=r.position,
            direction=r.direction,
            date=r.date,
            deficit=r.deficit,
        )
        for r in rows
    ]


def school_grid(store: MunicipalStore, school_id: int) -> GridView:
    """A stored school's teachers × directions at each teacher's latest diagnosis, with the
    school's own marks and colours (read-only)."""
    d, t = StoredDiagnosis, StoredTeacher
    with store.session() as s:
        school = s.get(StoredSchool, school_id)
        name = (school.short_name or school.full_name) if school else ""
        teachers = s.execute(
            select(t.id, t.last_name, t.first_name, t.middle_name, t.position)
            .where(t.school_id == school_id)
            .order_by(folded(t.last_name), folded(t.first_name), folded(t.middle_name), t.id)
        ).all()
        cells = s.execute(
            select(
                d.teacher_id,
                d.direction_key,
                d.direction,
                d.direction_order,
                d.mark,
                d.color,
                d.level_name,
            ).where(d.school_id == school_id, d.latest.is_(True))
        ).all()
    keys: dict[str, tuple[int, str]] = {}
    by_teacher: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    legend: dict[str, tuple[str, str, str]] = {}
    for c in cells:
        keys.setdefault(c.direction_key, (c.direction_order, c.direction))
        fill = print_color(c.color) if c.color else NOT_ASSESSED
        by_teacher[c.teacher_id][c.direction_key] = (c.mark, fill)
        if c.mark:
            legend.setdefault(c.mark, (c.mark, c.level_name, fill))
    ordered = sorted(keys, key=lambda k: (keys[k][0], k))
    rows = [
        (
            full_name(r.last_name, r.first_name, r.middle_name),
            r.position,
            [by_teacher[r.id].get(k) for k in ordered],
        )
        for r in teachers
        if r.id in by_teacher
    ]
    shorts = _short_names()
    return GridView(
        name,
        [keys[k][1] for k in ordered],
        [shorts.get(k, keys[k][1]) for k in ordered],
        rows,
        list(legend.values()),
    )
