"""The orders «Об утверждении персонализированных программ наставничества» and «Об итогах
реализации программ наставничества»: which programs they name and their appendices (saving
a signed order writes the approval into the programs through ``programs.program_approval``).

An approving order's appendices are the programs themselves: each is printed from the
program's current data at print time, with the order's number and date in its «УТВЕРЖДЕНО»
stamp. The results order carries a table (pair, program, roadmap done, result) kept as typed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

from sqlalchemy import select

from app.core.textutil import format_date
from app.models import Program
from app.models.db import Database
from app.reports.docx_blocks import approved_lines
from app.reports.page_settings import PageSettings
from app.reports.program_docx import write_program
from app.services.orders.appendix_data import ProgramAppendix, ResultRow, ResultsTable
from app.services.orders.orders import Acquainted, AppendixData
from app.services.people import persons
from app.services.programs.programs import STATUSES, get_program, list_programs
from app.services.programs.programs_document import program_copies
from app.services.school.forms import Forms
from app.services.school.school import SchoolData, get_school

OPEN = ("draft", "active")
RESULT_HEADINGS = [
    "№ п/п",
    "Наставник → наставляемый (наставляемые)",
    "Программа, сроки",
    "Выполнено мероприятий дорожной карты",
    "Итог",
]


def _people(db: Database, program_ids: list[int]) -> list[Acquainted]:
    """Mentors, then mentees of the programs, each once (for the acquaintance list)."""
    out: list[Acquainted] = []
    seen: set[int] = set()
    datas = [get_program(db, pid) for pid in program_ids]
    for who in [d.mentor for d in datas] + [m for d in datas for m in d.mentees]:
        if who.id not in seen:
            seen.add(who.id)
            out.append(Acquainted(who.name, who.position, who.id))
    return out


def unapproved_program_ids(db: Database) -> list[int]:
    """Programs in a draft or running that no signed order has approved yet, oldest first."""
    with db.session() as s:
        q = (
            select(Program.id)
            .where(Program.status.in_(OPEN), Program.approval_number == "")
            .order_by(Program.start_date, Program.id)
        )
        return list(s.scalars(q))


def programs_appendices(db: Database, program_ids: list[int]) -> list[AppendixData]:
    """One appendix per program; its title names the pair."""
    rows = {r.id: r for r in list_programs(db)}
    return [
        AppendixData(
            kind="program",
            stamp="approved",
            title=f"{rows[pid].title} ({rows[pid].mentor} → {rows[pid].mentees})",
            content=ProgramAppendix(pid),
        )
        for pid in program_ids
        if pid in rows
    ]


def acquaintance(db: Database, program_ids: list[int]) -> list[Acquainted]:
    return _people(db, program_ids)


# --- results ---------------------------------------------------------------------------------


def year_program_ids(db: Database, start: dt.date, end: dt.date) -> list[int]:
    """Programs that ran (at least one day) between ``start`` and ``end``, oldest first."""
    rows = [r for r in list_programs(db) if r.start_date <= end and r.end_date >= start]
    rows.sort(key=lambda r: (r.start_date, r.id))
    return [r.id for r in rows]


def results_rows(db: Database, program_ids: list[int], as_of: dt.date) -> list[ResultRow]:
    """The results table: who, which program and when, roadmap done, status."""
    rows = {r.id: r for r in list_programs(db, as_of=as_of)}
    out = []
    for pid in program_ids:
        r = rows.get(pid)
        if r is None:
            continue
        p = r.progress
        counted = p.total - p.cancelled
        out.append(
            ResultRow(
                pair=f"{r.mentor} → {r.mentees}",
                program=f"{r.title}, {format_date(r.start_date)} – {format_date(r.end_date)}",
                done=f"{p.done} из {counted} ({p.percent} %)" if counted else "—",
                result=STATUSES.get(r.status, r.status),
                program_id=pid,
            )
        )
    return out


THANKS_MIN_PERCENT = 50


def thanked_mentors(
    db: Database, program_ids: list[int], forms: Forms, as_of: dt.date | None = None
) -> list[str]:
    """Dash items «учителю Кузнецовой Елене Андреевне» for the mentors whose programs were
    completed, or run on with at least half of the roadmap done; a program ended early or
    never started earns no thanks by default (the curator may add anyone)."""
    rows = {r.id: r for r in list_programs(db, as_of=as_of)}
    earned = [
        pid
        for pid in program_ids
        if pid in rows
        and (
            rows[pid].status == "completed"
            or (rows[pid].status == "active" and rows[pid].progress.percent >= THANKS_MIN_PERCENT)
        )
    ]
    seen: set[int] = set()
    items = []
    for pid in earned:
        mentor = get_program(db, pid).mentor
        if mentor.id in seen:
            continue
        seen.add(mentor.id)
        p = persons.get_person(db, mentor.id)
        items.append(forms.phrase(p.position, p.last_name, p.first_name, p.middle_name, "dat"))
    return items


def results_appendix(
    db: Database, program_ids: list[int], as_of: dt.date, title: str
) -> AppendixData:
    return AppendixData(
        kind="results",
        stamp="appendix",
        title=title,
        content=ResultsTable(results_rows(db, program_ids, as_of)),
    )


# --- printing and signing ----------------------------------------------------------------


def program_docx(
    db: Database,
    program_id: int,
    number: str,
    date: str,
    settings: PageSettings,
    appendix: int | None = None,
) -> bytes:
    """The program as printed for the order: its «УТВЕРЖДЕНО» stamp names this order (and,
    under it, the appendix number, so the pages match the order's list)."""
    school: SchoolData = get_school(db)
    approved = approved_lines(f"директора {school.short_name}".strip(), date, number)
    if appendix is not None:
        approved = [*approved, f"(приложение {appendix})"]
    copies = [dataclasses.replace(c, approved=approved) for c in program_copies(db, program_id)]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_program(copies, Path(tmp) / "program.docx", settings)
        return path.read_bytes()
