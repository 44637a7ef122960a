"""The curator's plan for a month: roadmap events, programs and pairs ending, the report due.

Printed as DOCX (the shared table document) and XLSX (the shared Excel table)."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.core.textutil import MONTHS, format_date, initials_name, parse_date
from app.errors import KuratorError
from app.models import Direction, Program, ProgramItem
from app.models.db import Database
from app.reports.table import Column
from app.services.pairs import pairs
from app.services.programs.programs_progress import ItemDates, mark_text
from app.services.school.page_settings import load_page_settings

COLUMNS = [
    Column("№", 5),
    Column("Дата", 12),
    Column("Что сделать", 42),
    Column("Пара или группа", 30),
    Column("Направление", 26),
    Column("Отметка", 18),
]
TITLE = "План работы куратора внедрения целевой модели наставничества"


@dataclass(frozen=True)
class PlanRow:
    date: dt.date
    what: str
    who: str
    direction: str
    mark: str


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    return day.replace(day=1), day.replace(day=monthrange(day.year, day.month)[1])


def month_title(day: dt.date) -> str:
    return f"на {MONTHS[day.month - 1]} {day.year} г."


def plan_rows(db: Database, day: dt.date) -> list[PlanRow]:
    """Everything due in the month of ``day``, by date: roadmap rows (not cancelled) of
    programs not completed, programs and pairs ending, the half-year report at the end of
    December and May."""
    first, last = month_bounds(day)
    pair_rows = {p.id: p for p in pairs.list_pairs(db)}

    def who(pair_id: int) -> str:
        p = pair_rows.get(pair_id)
        if p is None:
            return ""
        mentees = ", ".join(
            initials_name(m.last_name, m.first_name, m.middle_name) for m in p.mentees
        )
        mentor = initials_name(p.mentor.last_name, p.mentor.first_name, p.mentor.middle_name)
        return f"{mentor} → {mentees}"

    out: list[PlanRow] = []
    with db.session() as s:
        names = dict(s.execute(select(Direction.id, Direction.name)).all())
        progs = {p.id: (p.pair_id, p.status, p.end_date) for p in s.scalars(select(Program))}
        q = select(ProgramItem).where(ProgramItem.mark != "cancelled")
        for it in s.scalars(q):
            pair_id, status, _end = progs[it.program_id]
            due = ItemDates(it.mark, it.start_date, it.end_date, it.mark_date).due
            if status == "completed" or due is None or not first <= due <= last:
                continue
            what = " — ".join(x for x in (it.event_form, it.activity_kind) if x) or "мероприятие"
            out.append(
                PlanRow(
                    due,
                    what,
                    who(pair_id),
                    names.get(it.direction_id, ""),
                    mark_text(it.mark, it.mark_date),
                )
            )
    for pair_id, status, end in progs.values():
        if status != "completed" and first <= end <= last:
            out.append(
                PlanRow(
                    end,
                    "Окончание программы: итоговая встреча, рефлексия, отметка о завершении",
                    who(pair_id),
                    "",
                    "",
                )
            )
    for p in pair_rows.values():
        if p.status in ("planned", "active") and first <= p.end_date <= last:
            out.append(
                PlanRow(
                    p.end_date, "Окончание срока наставнической пары (группы)", who(p.id), "", ""
                )
            )
    if last.month in (12, 5):
        out.append(
            PlanRow(
                last,
                "Справка по итогам полугодия: анкетирование участников, "
                "показатели мониторинга, справка директору",
                "",
                "",
                "",
            )
        )
    out.sort(key=lambda r: (r.date, r.who, r.what))
    return out


def table_rows(rows: list[PlanRow], typed: bool = False) -> list[list[object]]:
    """Table rows; ``typed`` keeps numbers and dates as such (real Excel dates)."""
    return [
        [
            i if typed else str(i),
            r.date if typed else format_date(r.date),
            r.what,
            r.who,
            r.direction,
            r.mark,
        ]
        for i, r in enumerate(rows, start=1)
    ]


def _month(options: dict[str, Any]) -> dt.date:
    """The month from ``date_from`` (any day of it, text ДД.ММ.ГГГГ); the window's plain
    menu item passes no key and gets the current month."""
    if "date_from" not in options:
        today: dt.date = options.get("today") or dt.date.today()
        return today
    try:
        day = parse_date(str(options.get("date_from") or ""))
    except ValueError as exc:
        raise KuratorError(f"Месяц плана: {exc}.") from None
    if day is None:
        raise KuratorError("Укажите месяц плана: --from ДД.ММ.ГГГГ (любой день этого месяца).")
    return day


def export_plan_docx(db: Database, out: Path, options: dict[str, Any]) -> Path:
    """Builder of the export registry («month-plan», .docx)."""
    # deferred: python-docx/openpyxl load only when printing (start-up speed)
    from app.reports.table_docx import write_table_docx

    day = _month(options)
    rows = plan_rows(db, day)
    settings = load_page_settings(db)
    return write_table_docx(out, TITLE, month_title(day), COLUMNS, table_rows(rows), settings)


def export_plan_xlsx(db: Database, out: Path, options: dict[str, Any]) -> Path:
    """Builder of the export registry («month-plan», .xlsx)."""
    # deferred: python-docx/openpyxl load only when printing (start-up speed)
    from app.reports.xlsx_table import write_table_xlsx

    day = _month(options)
    rows = plan_rows(db, day)
    return write_table_xlsx(
        out,
        f"План {MONTHS[day.month - 1]} {day.year}",
        TITLE,
        COLUMNS,
        table_rows(rows, typed=True),
        month_title(day),
    )
