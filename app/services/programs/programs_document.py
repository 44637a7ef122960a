"""A program as printable copies (what ``reports.program_docx`` writes): one for a pair, one
per mentee for a group (the common part plus that mentee's module)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.core.textutil import format_date
from app.errors import KuratorError
from app.models.db import Database
from app.reports.docx_blocks import agreed_lines, approved_lines
from app.reports.docx_text import NBSP
from app.reports.program_docx import NoteSection, ProgramCopy, RoadmapBlock, write_program
from app.services.grid import grid_state
from app.services.programs import programs_journal
from app.services.programs.programs import (
    DirectionPlan,
    ItemData,
    Participant,
    ProgramData,
    get_program,
)
from app.services.programs.programs_journal import FOCUS_NAMES
from app.services.programs.programs_progress import mark_text
from app.services.school.page_settings import load_page_settings
from app.services.school.school import get_school

TITLE = "ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА"
ROUTE_TITLE = "ИНДИВИДУАЛЬНЫЙ ОБРАЗОВАТЕЛЬНЫЙ МАРШРУТ"
DEFAULT_TITLES = (
    "Персонализированная программа наставничества",
    "Персонализированная программа наставничества (модульная)",
)
BLANK_DATE = "«___» ________ 20__ г."
# The protocol's blank date is short, so «протокол от … № ___» keeps to one line of the stamp.
BLANK_PROTOCOL_DATE = "__.__.20__"
SIGN_BLANK = "_" * 16


def _dates(item: ItemData) -> str:
    start, end = format_date(item.start_date), format_date(item.end_date)
    when = f"{start} – {end}" if start and end and start != end else start or end
    return "\n".join(x for x in (when, item.place) if x)


def roadmap_row(item: ItemData) -> list[str]:
    """The printed cells of a roadmap row (without its number)."""
    return [
        item.activity_kind,
        item.event_form,
        _dates(item),
        item.expected_result,
        item.participation,
        item.reporting,
        item.co_executors,
        mark_text(item.mark, item.mark_date),
        item.significance,
        item.evaluation,
    ]


def direction_heading(d: DirectionPlan) -> str:
    what = FOCUS_NAMES.get(d.focus, "")
    text = f"{d.name} — {what}" if what else d.name
    if d.deficit:
        text += f": {d.deficit}"
    return text + (" (первоочередное)" if d.priority and d.focus == "deficit" else "")


def _blocks(data: ProgramData, items: Sequence[ItemData]) -> list[RoadmapBlock]:
    out = []
    known = {d.direction_id for d in data.directions}
    for d in data.directions:
        rows = [roadmap_row(i) for i in items if i.direction_id == d.direction_id]
        if rows:
            out.append(RoadmapBlock(direction_heading(d), rows))
    stray = [i for i in items if i.direction_id not in known]
    if stray:
        out.append(RoadmapBlock("Другие направления", [roadmap_row(i) for i in stray]))
    return out


def _people(who: Sequence[Participant]) -> str:
    return "; ".join(f"{p.name}, {p.position.lower()}" if p.position else p.name for p in who)


def _note(data: ProgramData) -> list[NoteSection]:
    n = data.note
    mentees_word = "Наставляемые" if len(data.mentees) > 1 else "Наставляемый"
    kind_parts = [
        f"форма — «{n.form}»" if n.form else "",
        f"тип — {n.mentoring_type}" if n.mentoring_type else "",
        f"вид — {n.kind}" if n.kind else "",
    ]
    dirs = [direction_heading(d) for d in data.directions]
    sections = [
        NoteSection("Описание проблемы", [n.problem]),
        NoteSection("Цель", [n.goal]),
        NoteSection("Задачи", list(n.tasks), numbered=True),
        NoteSection(
            "Участники",
            [
                f"наставник — {_people([data.mentor])}; "
                f"{mentees_word.lower()} — {_people(data.mentees)}"
            ],
        ),
        NoteSection("Направления наставнической деятельности", dirs, numbered=True),
        NoteSection("Форма, тип и вид наставничества", ["; ".join(p for p in kind_parts if p)]),
        NoteSection(
            "Сроки реализации", [f"с {format_date(n.start_date)} по {format_date(n.end_date)}"]
        ),
        NoteSection("Промежуточные результаты", [n.intermediate_results]),
        NoteSection("Планируемые результаты", [n.planned_results]),
        NoteSection("Расписание встреч", [n.schedule]),
        NoteSection("Режим работы", [n.mode]),
        NoteSection("Условия обучения", [n.conditions]),
    ]
    if n.is_route:
        sections.insert(
            0,
            NoteSection("Желаемый образ себя как профессионала (целеполагание)", [n.desired_image]),
        )
    return [s for s in sections if any(p.strip() for p in s.paragraphs)]


def _initials(p: Participant) -> str:
    return p.signature_name


def program_copies(db: Database, program_id: int) -> list[ProgramCopy]:
    """The printable copies of a program; ``KuratorError`` when the school's name is not
    filled in yet or the program is gone."""
    school = get_school(db)
    if not school.full_name:
        raise KuratorError(
            "Программу нельзя напечатать, пока не заполнено полное "
            "наименование школы: меню «Школа → Реквизиты…»."
        )
    data = get_program(db, program_id)
    n = data.note
    levels = {lv.id: lv.name for lv in grid_state.levels(db)}
    diary = [
        [format_date(e.date), e.topic, e.work_form, e.outcome, e.recommendations]
        for e in programs_journal.diary(db, program_id)
    ]
    marks = programs_journal.assessments(db, program_id)
    names = {d.direction_id: d.name for d in data.directions}
    dir_names = {d.id: d.name for d in grid_state.directions(db, include_hidden=True)}
    reflection = [
        [
            f"{d.name}: {d.deficit}" if d.deficit else d.name,
            d.reflection,
            {True: "да", False: "нет", None: ""}[d.continue_next_year],
        ]
        for d in data.directions
        if d.priority
        and d.focus == "deficit"
        and (d.reflection or d.continue_next_year is not None)
    ]
    agreed = agreed_lines(
        n.agreed_body or "методическим объединением наставников",
        format_date(n.agreed_date) or BLANK_PROTOCOL_DATE,
        n.agreed_number or "___",
    )
    approved = approved_lines(
        f"директора {school.short_name}".strip(),
        format_date(n.approval_date) or BLANK_DATE,
        n.approval_number or "___",
    )
    subtitle = "" if n.title in DEFAULT_TITLES else f"«{n.title}»"
    place = n.place or school.locality
    year = str(n.start_date.year)
    common = [i for i in data.items if i.mentee_id is None]
    readers: list[Participant | None] = list(data.mentees) if data.is_group else [None]
    copies = []
    for mentee in readers:
        if mentee is None:
            blocks = _blocks(data, data.items)
            who = data.mentees
            mentee_line = ("Наставляемые: " if len(who) > 1 else "Наставляемый: ") + _people(who)
            signers = who
        else:
            own = [i for i in data.items if i.mentee_id == mentee.id]
            blocks = [
                RoadmapBlock("Общая часть: совместные мероприятия группы", [], part=True),
                *_blocks(data, common),
                RoadmapBlock(f"Индивидуальный модуль: {mentee.name}", [], part=True),
                *_blocks(data, own),
            ]
            others = [m.name for m in data.mentees if m.id != mentee.id]
            mentee_line = f"Наставляемый: {_people([mentee])}" + (
                f"\n(в группе также: {', '.join(others)})" if others else ""
            )
            signers = [mentee]
        own_marks = [a for a in marks if mentee is None or a.person_id == mentee.id]
        assessment = [
            [
                names.get(a.direction_id) or dir_names.get(a.direction_id, "?"),
                levels.get(a.level_start_id or 0, ""),
                levels.get(a.level_end_id or 0, ""),
                a.comment,
            ]
            for a in own_marks
        ]
        copies.append(
            ProgramCopy(
                org_name=school.full_name,
                title=ROUTE_TITLE if n.is_route else TITLE,
                subtitle=subtitle + ("\n(модульная программа)" if data.is_group else ""),
                mentor_line=f"Наставник: {_people([data.mentor])}",
                mentee_line=mentee_line,
                period=f"Срок реализации: {format_date(n.start_date)} – {format_date(n.end_date)}",
                place_year=f"{place}, {year}" if place else year,
                agreed=agreed,
                approved=approved,
                note=_note(data),
                roadmap=blocks,
                signatures=[("Наставник", f"{SIGN_BLANK}{NBSP}{_initials(data.mentor)}")]
                + [("Наставляемый", f"{SIGN_BLANK}{NBSP}{_initials(m)}") for m in signers],
                reflection=reflection,
                diary=diary,
                assessment=assessment,
            )
        )
    return copies


def file_stem(db: Database, program_id: int) -> str:
    """«Программа — Смирнова А.П.» style file name without extension."""
    data = get_program(db, program_id)
    who = ", ".join(_initials(m).replace(NBSP, " ") for m in data.mentees[:3])
    return f"Программа наставничества — {who}".replace("/", "-")


def export_program(db: Database, program_id: int, out: Path) -> Path:
    """Write the printed program to ``out`` (atomically); returns the path."""
    settings = load_page_settings(db)
    return write_program(program_copies(db, program_id), out, settings)
