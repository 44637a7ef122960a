"""The orders approving the programs and summing up the year: prefilled, printed, signed back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from app.models import Program
from app.services.documents.exports import run_export
from app.services.orders import order_prefill, orders
from app.services.programs.programs import list_programs
from tests.prebuilt import DemoSchool

TODAY = dt.date(2026, 11, 10)


@pytest.fixture
def demo_db(demo_school: DemoSchool):  # type: ignore[no-untyped-def]
    return demo_school(TODAY).db


def _texts(path: Path) -> list[str]:
    return [p.text.replace("\u00a0", " ") for p in docx.Document(str(path)).paragraphs]


def test_programs_order_appends_every_unapproved_program(demo_db) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the demo school with its programs, none approved yet
    programs = list_programs(demo_db)
    # WHEN an approving order is drafted
    order = order_prefill.new_order(demo_db, "programs", TODAY)
    # THEN each program is an appendix, and its mentor and mentees are to sign for it
    assert [a.kind for a in order.appendices] == ["program"] * len(programs)
    assert {a.content.program_id for a in order.appendices} == {p.id for p in programs}
    names = [a.name for a in order.acquaintance]
    assert "Кузнецова Елена Андреевна" in names and "Смирнова Дарья Алексеевна" in names
    assert len(names) == len(set(names))


def test_printed_programs_carry_this_orders_approval(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = min(p.id for p in list_programs(demo_db))
    order = order_prefill.new_order(demo_db, "programs", TODAY, program_ids=[first])
    order.number = "140"
    oid = orders.save_order(demo_db, order)
    # WHEN printed
    out = run_export(demo_db, "order", tmp_path / "p.docx", order_id=oid)
    texts = _texts(out)
    d = docx.Document(str(out))
    # THEN the order is followed by the program: its stamp names the order, its roadmap is there
    assert "Об утверждении персонализированных программ наставничества" in texts
    joined = "\n".join(t for t in texts) + "\n".join(
        c.text for t in d.tables for r in t.rows for c in r.cells
    )
    assert "от 10.11.2026 № 140" in joined.replace("\u00a0", " ")
    # (one program: a lone appendix, named without a number, and in the singular)
    assert "(приложение 1)" not in joined
    assert any(
        "Утвердить персонализированную программу наставничества" in t
        and "согласно приложению к настоящему приказу" in t
        for t in texts
    )
    assert "ДОРОЖНАЯ КАРТА" in texts
    assert any(s.orientation == 1 for s in d.sections)  # the roadmap's landscape pages


def test_signing_approves_the_programs_and_a_draft_takes_it_back(demo_db) -> None:  # type: ignore[no-untyped-def]
    ids = [p.id for p in list_programs(demo_db)][:2]
    order = order_prefill.new_order(demo_db, "programs", TODAY, program_ids=ids)
    order.number, order.status = "140", "signed"
    oid = orders.save_order(demo_db, order)
    with demo_db.session() as s:
        assert {
            (p.approval_number, p.approval_date)
            for p in s.scalars(select(Program).where(Program.id.in_(ids)))
        } == {("140", TODAY)}
    # a new approving order offers only the programs not approved yet
    again = order_prefill.new_order(demo_db, "programs", TODAY)
    assert not {a.content.program_id for a in again.appendices} & set(ids)
    order.id, order.status = oid, "draft"
    orders.save_order(demo_db, order)
    with demo_db.session() as s:
        assert all(
            p.approval_number == "" for p in s.scalars(select(Program).where(Program.id.in_(ids)))
        )


def test_results_order_thanks_the_mentors_and_tables_the_programs(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # GIVEN one program completed; the others run with little done, one is still a draft
    done_id = next(p.id for p in list_programs(demo_db) if p.mentor.startswith("Е.А."))
    with demo_db.session() as s:
        s.get(Program, done_id).status = "completed"
    # WHEN the results order of the demo school year is drafted and printed
    order = order_prefill.new_order(demo_db, "results", dt.date(2027, 5, 30))
    thanks = next(p for p in order.points if p.text.startswith("Объявить благодарность"))
    # THEN only the mentor of the completed program is thanked, in the dative with position
    assert thanks.items == ["учителю Кузнецовой Елене Андреевне"]
    table = order.appendices[0]
    assert table.kind == "results" and len(table.content.rows) == len(list_programs(demo_db))
    order.number = "201"
    oid = orders.save_order(demo_db, order)
    d = docx.Document(str(run_export(demo_db, "order", tmp_path / "r.docx", order_id=oid)))
    header = [c.text.replace("\u00a0", " ") for c in d.tables[-1].rows[0].cells]
    assert header[1] == "Наставник → наставляемый (наставляемые)"
    assert len(d.tables[-1].rows) == 1 + len(table.content.rows)
    assert any("согласно приложению к настоящему приказу" in p.text for p in d.paragraphs)
