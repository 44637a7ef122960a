"""Every printed document kind of a school, written to a folder: the four orders (the
programs-approval and results orders made for the purpose), the bases in both formats, a
pair's and a group's program, the grid (school and a teacher's card), the pairs list, the
half-year report, the month plan and the consent forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.models import Pair, Program
from app.services.documents.exports import run_export
from app.services.orders.order_prefill import new_order
from app.services.orders.orders import save_order
from app.services.storage.workspace import Workspace


@dataclass(frozen=True)
class Printed:
    """One written document: its file, whether its pages carry numbers, what it is."""

    path: Path
    numbered: bool
    label: str


def _program_ids(ws: Workspace) -> tuple[int, int]:
    """A pair's program and a group's program."""
    with ws.db.session() as s:
        rows = s.execute(
            select(Program.id, Pair.is_group)
            .join(Pair, Program.pair_id == Pair.id)
            .order_by(Program.id)
        ).all()
    single = next(pid for pid, group in rows if not group)
    group = next(pid for pid, group in rows if group)
    return single, group


def build_all(ws: Workspace, out: Path, today: dt.date) -> list[Printed]:
    """Write every document kind into ``out``; returns what was written."""
    out.mkdir(parents=True, exist_ok=True)
    made: list[Printed] = []

    def add(kind: str, name: str, numbered: bool, label: str, **options: object) -> None:
        order_id = options.pop("order_id", None)
        path = run_export(ws.db, kind, out / name, order_id=order_id, **options)  # type: ignore[arg-type]
        made.append(Printed(path, numbered, label))

    programs_order = new_order(ws.db, "programs", today)
    programs_order.number = "150"
    programs_id = save_order(ws.db, programs_order)
    results_order = new_order(ws.db, "results", today)
    results_order.number = "151"
    results_id = save_order(ws.db, results_order)
    single, group = _program_ids(ws)
    add("order", "order-implementation.docx", True, "приказ о внедрении", order_id=1)
    add("order", "order-pairs.docx", True, "приказ о закреплении пар", order_id=2)
    add(
        "order", "order-programs.docx", True, "приказ об утверждении программ", order_id=programs_id
    )
    add("order", "order-results.docx", True, "приказ об итогах", order_id=results_id)
    add("mentors-base", "mentors-base.docx", True, "база наставников")
    add("mentees-base", "mentees-base.docx", True, "база наставляемых")
    add("mentors-base", "mentors-base.xlsx", False, "база наставников (Excel)")
    add("mentees-base", "mentees-base.xlsx", False, "база наставляемых (Excel)")
    add("program", "program-pair.docx", True, "программа пары", order_id=single)
    add("program", "program-group.docx", True, "программа группы", order_id=group)
    add("grid", "grid-school.docx", True, "сетка школы")
    add("grid", "grid-school.xlsx", False, "сетка школы (Excel)")
    add("grid", "grid-card.docx", True, "карта педагога", teacher=2)
    add("pairs", "pairs.xlsx", False, "список пар (Excel)")
    year = today.year if today.month >= 9 else today.year - 1
    add(
        "report",
        "report.docx",
        True,
        "справка за полугодие",
        date_from=f"01.09.{year}",
        date_to=f"31.12.{year}",
    )
    add(
        "month-plan",
        "month-plan.docx",
        True,
        "план на месяц",
        date_from=today.replace(day=1).strftime("%d.%m.%Y"),
    )
    add(
        "month-plan",
        "month-plan.xlsx",
        False,
        "план на месяц (Excel)",
        date_from=today.replace(day=1).strftime("%d.%m.%Y"),
    )
    add("consent", "consent.docx", False, "согласия на обработку ПДн")
    return made
