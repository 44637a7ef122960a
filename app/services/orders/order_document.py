"""An order with its appendices as plain printable data (what ``reports.order_docx`` writes)."""

from __future__ import annotations

import datetime as dt
import re

from app.core.textutil import format_date
from app.models.db import Database
from app.reports.docx_blocks import DASH, appendix_stamp_lines
from app.reports.docx_text import list_items, text_em
from app.reports.order_parts import AppendixPart, OrderPackage, TablePart, TextSection
from app.reports.page_settings import PageSettings
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


# «приложению 1», «(приложение № 1)» — but not «приложения 1 и 2», «приложение 1.2».
_NUMBERED_REF = re.compile(
    r"\b([Пп]риложени(?:е|я|ю|ем|и))\s+(?:№\s*)?1\b(?![.,]?\d|\s*(?:и|–|-|,)\s*\d)"
)


def appendix_refs(text: str, count: int) -> str:
    """The order's references to its appendices as ГОСТ Р 7.0.97 words them: a lone appendix
    has no number («согласно приложению», not «согласно приложению 1»). With two or more
    appendices the text is kept as typed."""
    return _NUMBERED_REF.sub(r"\1", text) if count == 1 else text


# The blanks of an unfilled protocol: short enough for one line of the stamp.
BLANK_PROTOCOL_DATE = "__.__.20__"
BLANK_PROTOCOL_NUMBER = "___"
# Text-width estimates are rough: leave a tenth of the stamp's width spare.
_STAMP_SLACK = 0.9
_CELL_MARGINS_MM = 2 * 1.9  # Word's default left and right cell margins


def protocol_lines(date: str, number: str, settings: PageSettings) -> list[str]:
    """The protocol of the teachers' council in the «СОГЛАСОВАНО» stamp: «протокол от … № …»
    on one line of the stamp's half of the text width (blanks «__.__.20__», «___» when not
    filled). When a long number does not fit, «протокол № …» and «от …» are two lines of
    their own rather than a line wrapped between «№» and the number."""
    line = f"протокол от {date or BLANK_PROTOCOL_DATE} № {number or BLANK_PROTOCOL_NUMBER}"
    width_mm = settings.text_width_mm(landscape=False) / 2 - _CELL_MARGINS_MM
    width_em = width_mm / 25.4 * 72 / settings.body_size * _STAMP_SLACK
    if text_em(line) <= width_em:
        return [line]
    return [
        f"протокол № {number or BLANK_PROTOCOL_NUMBER}",
        f"от {date or BLANK_PROTOCOL_DATE}",
    ]


def _preamble(order: OrderData) -> str:
    basis = ", ".join(order.basis)
    goal = order.goal.strip()
    if basis and goal:
        return f"На основании {basis}, {goal}"
    if basis:
        return f"На основании {basis}"
    return goal[:1].upper() + goal[1:]


# «1.3. …», «2.» — a clause of a text appendix; anything else after a colon is a list line.
_CLAUSE = re.compile(r"\d+(?:\.\d+)*\.?\s")


def text_paragraphs(paragraphs: list[str]) -> list[str]:
    """The paragraphs of a text appendix (the Положение) as printed: the lines of a list that
    follows a colon become dash items punctuated as the order's own lists («– …;», the last
    «.»); clauses and other paragraphs are kept as typed."""
    out: list[str] = []
    run: list[str] = []

    def close_run() -> None:
        out.extend(f"{DASH} {item}" for item in list_items(run))
        run.clear()

    in_list = False
    for text in paragraphs:
        if in_list and not _CLAUSE.match(text):
            run.append(text.strip().removeprefix(DASH).removeprefix("-").strip())
            continue
        close_run()
        out.append(text)
        in_list = text.rstrip().endswith(":")
    close_run()
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
    count = len(order.appendices)  # ГОСТ Р 7.0.97: a lone appendix is not numbered
    for n, a in enumerate(order.appendices, start=1):
        part = AppendixPart(
            n, a.title, appendix_stamp_lines("" if count == 1 else n, org, date, number)
        )
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
                    db,
                    content.program_id,
                    number,
                    date,
                    settings,
                    appendix=n if count > 1 else None,
                )
        elif isinstance(content, BaseForm):
            heading, part.table = _base_table(db, a.kind, content)
            part.title = a.title or heading
        elif isinstance(content, Regulation):
            part.sections = [
                TextSection(s.heading, text_paragraphs(s.paragraphs)) for s in content.sections
            ]
        if a.docx:
            part.docx = a.docx
        if a.stamp == "approved" and not isinstance(content, ProgramAppendix):
            council = content if isinstance(content, Regulation) else Regulation()
            part.approval = (
                [
                    "СОГЛАСОВАНО",
                    "педагогическим советом",
                    org,
                    *protocol_lines(council.council_date, council.council_number, settings),
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
        points=[
            (appendix_refs(p.text, count), list_items([appendix_refs(i, count) for i in p.items]))
            for p in order.points
        ],
        signer_position=order.signer_position,
        signer_name=order.signer_name,
        acquaintance_mode=order.acquaintance_mode,
        acquaintance=acquaintance,
        appendices=parts,
        caption=order.caption,
        file_stem=file_stem(order),
    )
