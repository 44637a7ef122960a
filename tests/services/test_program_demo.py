"""The demo school's programs: one per pair, some rows done, some overdue as of its date."""

from __future__ import annotations

import datetime as dt

from app.services.demo.context import DemoContext
from app.services.demo.demo_programs import add_programs
from app.services.programs import programs
from tests.services.program_fixtures import make_pair


def test_no_pairs_means_no_programs_and_no_error(db) -> None:
    ctx = DemoContext(
        today=dt.date(2026, 11, 20), school_year="2026/2027", year_start=dt.date(2026, 9, 1)
    )
    assert add_programs(db, ctx) == ""
    assert programs.list_programs(db) == []


def test_each_pair_gets_a_program_with_done_and_overdue_rows(db) -> None:
    # GIVEN two pairs and a group that started 01.09.2026
    for mentees in (1, 1, 3):
        make_pair(db, mentees=mentees)
    today = dt.date(2027, 1, 20)
    ctx = DemoContext(today=today, school_year="2026/2027", year_start=dt.date(2026, 9, 1))
    # WHEN the demo step runs
    summary = add_programs(db, ctx)
    # THEN every pair has a program, active, with past rows done and some overdue
    rows = programs.list_programs(db, as_of=today)
    assert summary == "3 программы наставничества с дорожными картами"
    assert len(rows) == 3 and len({r.pair_id for r in rows}) == 3
    assert all(r.status == "active" for r in rows)
    assert sum(r.progress.done for r in rows) > 0
    assert sum(r.progress.overdue for r in rows) > 0
    assert all(r.progress.done < r.progress.total for r in rows)  # future rows stay planned
