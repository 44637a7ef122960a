"""An order with its appendices as plain printable data (what ``reports.order_docx`` writes)."""

from __future__ import annotations

import datetime as dt

from app.core.textutil import format_date
from app.models.db import Database
from app.reports.order_parts import AppendixPart, OrderPackage, TablePart, TextSection
from app.reports.table import Column
from app.services.orders import order_programs
from app.services.orders.appendix_data import (
    BaseForm,
    PairsTable,
    ProgramAppendix,
    Regulation,
    ResultsTable,
    Roadmap,
)
from app.services.orders.order_prefill import load_defaults
from app.services.orders.orders import OrderData, get_order
from app.services.pairs import bases
from app.services.school.page_settings import load_page_settings
from app.services.school.school import require_complete

DRAFT_NUMBER = "____"
DRAFT_DATE = "«___» ________ 20__ г."
RESULTS_COLUMNS = [
    Column(h, w, wrap=i > 0)
    for i, (h, w) in enumerate(
        zip(order_programs.RESULT_HEADINGS, (7, 34, 34, 16, 14), strict=True)
    )
]
ROADMAP_COLUMNS = [
    Column("№", 4, wrap=False),
    Column("Мероприятие", 50),
    Column("Сроки", 16),
    Column("Ответственные", 18),
]


def _preamble(order: OrderData) -> str:
    basis = ", ".join(order.basis)
    goal = order.goal.strip()
    if basis and goal:
        return f"На основании {basis}, {goal}"
    if basis:
        return f"На основании {basis}"
    return goal[:1].upper() + goal[1:]


def _items(items: list[str]) -> list[str]:
    """Dash items end with «;» and the last with «.», unless the curator typed punctuation."""
    out = []
    for i, item in enumerate(items):
        end = "." if i == len(items) - 1 else ";"
        out.append(item if item[-1:] in ".;:!?" else item + end)
    return out


def _base_table(db: Database, kind: str, content: BaseForm) -> tuple[str, TablePart]:
    table = bases.mentors_base(db) if kind == "mentors_base" else bases.mentees_base(db)
    if content.with_data:
        rows = [
            [
                format_date(v) if isinstance(v, dt.date) else ("" if v is None else str(v))
                for v in row
            ]
            for row in table.rows
        ]
    else:
        rows = [
            [str(i)] + [""] * (len(table.columns) - 1) for i in range(1, content.blank_rows + 1)
        ]
    return table.title, TablePart(table.columns, rows)


def pairs_columns() -> list[Column]:
    """The pairs table: № | mentor, position | mentees, position | form | dates; the headings
    come from the editable defaults file."""
    headings = [str(h) for h in load_defaults()["pairs_table_headings"]]
    widths = (7, 30, 34, 18, 16)
    return [Column(h, w, wrap=i > 0) for i, (h, w) in enumerate(zip(headings, widths, strict=True))]


def file_stem(order: OrderData) -> str:
    """The file name (without extension) the order is saved under: «Приказ № 112 от …»."""
    stem = (
        f"Приказ № {order.number} от {format_date(order.date)}"
        if order.number and order.date
        else f"Проект приказа {order.id}"
    )
    return stem.replace("/", "-")


def printable_stem(db: Database, order_id: int) -> str:
    """Check the order can be printed (requisites filled, order exists) without building it;
    returns its file name stem to suggest in a save dialog."""
    require_complete(db)
    return file_stem(get_order(db, order_id))


def order_package(db: Database, order_id: int) -> OrderPackage:
    """The order ``order_id`` ready to print; ``KuratorError`` if the requisites are missing."""
    school = require_complete(db)
    order = get_order(db, order_id)
    settings = load_page_settings(db)
    number = order.number or DRAFT_NUMBER
    date = format_date(order.date) if order.date else DRAFT_DATE
    org = school.short_name
    parts: list[AppendixPart] = []
    for n, a in enumerate(order.appendices, start=1):
        stamp = [f"Приложение {n}", f"к приказу {org}", f"от {date} № {number}"]
        part = AppendixPart(n, a.title, stamp)
        content = a.content
        if isinstance(content, Roadmap):
            part.table = TablePart(ROADMAP_COLUMNS, content.printed_rows())
        elif isinstance(content, PairsTable):
            part.table = TablePart(pairs_columns(), content.printed_rows())
        elif isinstance(content, ResultsTable):
            part.table = TablePart(RESULTS_COLUMNS, content.printed_rows())
        elif isinstance(content, ProgramAppendix):
            # The program itself, its «УТВЕРЖДЕНО» stamp naming this order, is the appendix.
            part.stamp = []
            if content.program_id is not None:
                part.docx = order_programs.program_docx(
                    db, content.program_id, number, date, settings, appendix=n
                )
        elif isinstance(content, BaseForm):
            heading, part.table = _base_table(db, a.kind, content)
            part.title = a.title or heading
        elif isinstance(content, Regulation):
            part.sections = [TextSection(s.heading, list(s.paragraphs)) for s in content.sections]
        if a.docx:
            part.docx = a.docx
        if a.stamp == "approved" and not isinstance(content, ProgramAppendix):
            council = content if isinstance(content, Regulation) else Regulation()
            council_date = council.council_date or "«___» ________ 20__ г."
            council_no = council.council_number or "___"
            part.approval = (
                [
                    "СОГЛАСОВАНО",
                    "педагогическим советом",
                    org,
                    f"протокол от {council_date} № {council_no}",
                ],
                ["УТВЕРЖДЕНО", f"приказом {org}", f"от {date} № {number}"],
            )
        parts.append(part)
    acquaintance = [(p.name, p.position) for p in order.acquaintance]
    return OrderPackage(
        requisites=school.full_name,
        founder=school.founder,
        number=number,
        date=date,
        place=order.place,
        title=order.title,
        preamble=_preamble(order),
        points=[(p.text, _items(p.items)) for p in order.points],
        signer_position=order.signer_position,
        signer_name=order.signer_name,
        acquaintance_mode=order.acquaintance_mode,
        acquaintance=acquaintance,
        appendices=parts,
        caption=order.caption,
        file_stem=file_stem(order),
    )
