"""The demo school's monitoring step: answers and indicators, and a sensible report from them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx

from app.models.db import Database
from app.services.agenda import today
from app.services.demo.context import DemoContext
from app.services.demo.demo_monitoring import add_monitoring
from app.services.documents.exports import run_export
from app.services.monitoring import monitoring, questionnaires
from app.services.monitoring import questionnaire_results as results
from app.services.monitoring.halfyear_periods import half_of
from app.services.programs import programs
from tests.prebuilt import DemoSchool, DemoSummary

DAY = dt.date(2026, 12, 20)


def test_step_does_nothing_without_programs(db: Database) -> None:
    ctx = DemoContext(today=DAY, school_year="2026/2027", year_start=dt.date(2026, 9, 1))
    assert add_monitoring(db, ctx) == ""
    assert results.aggregate(db) == []


def test_demo_school_gets_answers_indicators_and_a_report(
    demo_school: DemoSchool, demo_summary: DemoSummary, tmp_path: Path
) -> None:
    # GIVEN the demo school built on 20.12.2026
    db, summary = demo_school(DAY).db, demo_summary(DAY)
    # THEN it says so, and three programs have answers from every participant
    assert "показатели мониторинга по 3 программам" in summary
    answered = {r.program_id for r in questionnaires.list_responses(db)}
    assert len(answered) == 3
    half = half_of(DAY)
    for pid in answered:
        data = programs.get_program(db, pid)
        [res_mentee] = [r for r in results.aggregate(db, [pid]) if r.role == "mentee"]
        assert res_mentee.responses == len(data.mentees)
        assert not monitoring.get_indicators(db, pid, half.start, half.end).empty
    # AND the half-year report of the demo has both charts and the means
    out = tmp_path / "справка.docx"
    run_export(db, "report", out, date_from="01.09.2026", date_to="31.12.2026", today=DAY)
    d = docx.Document(str(out))
    assert len(d.inline_shapes) >= 1
    assert any("Кто отвечал" in t.rows[0].cells[1].text for t in d.tables)
    # AND «Сегодня» lists something for the demo without failing
    assert isinstance(today.attention(db, DAY), list)
