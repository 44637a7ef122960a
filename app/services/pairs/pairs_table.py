"""The pairs list as a printable table (XLSX export) and who is paired with whom (the bases)."""

from __future__ import annotations

import datetime as dt

from app.core.textutil import format_date, lower_first
from app.models.db import Database
from app.reports.table import Column, PrintedTable
from app.services.pairs.pair_data import PairRow, PersonRef
from app.services.pairs.pairs import list_pairs
from app.services.school.school import get_school

PAIRS_TITLE = "Наставнические пары и группы"
RUNNING = ("planned", "active")

# Ten columns: at the 10 pt a printed sheet keeps, the longest words of thirteen left the
# directions and deficits, the one long text, no room, and a pair took a page.
COLUMNS = [
    Column("№", 4, wrap=False),
    Column("Наставник, должность", 24),
    Column("Наставляемые, должность", 28),
    Column("Форма, вид, ролевая модель", 22),
    Column("Направления и дефициты", 40),
    Column("Срок", 11),
    Column("Состояние, приказ", 16),
    Column("Режим, расписание", 16),
    Column("Согласие наставника", 11, wrap=False),
    Column("Доплата", 10),
]


def _person(ref: PersonRef) -> str:
    return ref.full_name + (f", {lower_first(ref.position)}" if ref.position else "")


def _term(start: dt.date, end: dt.date) -> str:
    """«01.10.2026–» over «31.05.2027»: a range of dates, one to a line."""
    return f"{format_date(start)}–\n{format_date(end)}"


def _row(number: int, r: PairRow) -> list[object]:
    mentees = "\n".join(_person(m) for m in r.mentees)
    if r.is_group:
        mentees = f"группа ({len(r.mentees)}):\n{mentees}"
    kinds = ", ".join(r.kinds)
    status = r.status_label + (f": {r.end_reason}" if r.end_reason else "")
    order = (
        (f"№ {r.order_number}" + (f" от {format_date(r.order_date)}" if r.order_date else ""))
        if r.order_number
        else ""
    )
    return [
        number,
        _person(r.mentor),
        mentees,
        "\n".join(p for p in (r.form, kinds, r.role_model) if p),
        "\n".join(f"{d.name}" + (f": {d.deficit}" if d.deficit else "") for d in r.directions),
        _term(r.start_date, r.end_date),
        "\n".join(p for p in (status, order) if p),
        "\n".join(p for p in (r.mode, r.schedule) if p),
        r.consent_date,
        r.allowance,
    ]


def pairs_table(db: Database, school_year: str | None = None) -> PrintedTable:
    """Every pair and group (or those of ``school_year``), numbered in the list's order."""
    school = get_school(db)
    title = f"{PAIRS_TITLE} {school.short_name}" if school.short_name else PAIRS_TITLE
    year = school_year or school.school_year
    rows = [_row(i, r) for i, r in enumerate(list_pairs(db, school_year=school_year), start=1)]
    return PrintedTable(
        "Пары и группы", title, f"{year} учебный год" if year else "", COLUMNS, rows
    )


def _short(ref: PersonRef) -> str:
    initials = "".join(f"{p[0]}." for p in (ref.first_name, ref.middle_name) if p)
    return f"{ref.last_name} {initials}".strip()


def current_links(db: Database) -> tuple[dict[int, str], dict[int, str]]:
    """From planned and running pairs: mentor id → «Смирнова Д.А., Попов А.Е.» (their
    mentees) and mentee id → their mentors, for the bases' «Наставляемые»/«Наставник»."""
    mentees: dict[int, list[str]] = {}
    mentors: dict[int, list[str]] = {}
    for r in list_pairs(db):
        if r.status not in RUNNING:
            continue
        for m in r.mentees:
            mentees.setdefault(r.mentor_id, []).append(_short(m))
            mentors.setdefault(m.id, []).append(r.mentor_name)
    return ({k: _join(v) for k, v in mentees.items()}, {k: _join(v) for k, v in mentors.items()})


def _join(names: list[str]) -> str:
    return ", ".join(dict.fromkeys(names))
