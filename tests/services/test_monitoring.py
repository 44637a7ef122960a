"""Monitoring indicators per program and period; deficits before/after from the grid."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ValidationError
from app.models.db import Database
from app.services.monitoring import monitoring
from app.services.monitoring.monitoring import Indicators
from tests.services import monitoring_fixtures as f

H1 = (dt.date(2026, 9, 1), dt.date(2026, 12, 31))


def test_indicators_are_saved_per_program_and_period(db: Database) -> None:
    # GIVEN a program
    school = f.small_school(db)
    data = Indicators(
        exams="ВПР по русскому языку",
        exam_pupils=25,
        exam_passed=20,
        olympiad_participants=4,
        olympiad_winners=1,
        open_lessons=2,
        risks="Перегрузка\x0b молодого учителя",
        wants_mentor=1,
    )
    # WHEN saved for the first half-year
    monitoring.save_indicators(db, school.program_id, *H1, data)
    # THEN they come back for that period only, cleaned, with the share computed
    got = monitoring.get_indicators(db, school.program_id, *H1)
    assert got.exam_share == pytest.approx(0.8)
    assert got.risks == "Перегрузка\nмолодого учителя"
    assert monitoring.get_indicators(
        db, school.program_id, dt.date(2027, 1, 1), dt.date(2027, 5, 31)
    ).empty
    # AND a report for the autumn finds them by overlap
    assert (
        monitoring.indicators_for_period(db, dt.date(2026, 10, 1), dt.date(2026, 12, 31))[
            school.program_id
        ].open_lessons
        == 2
    )
    # WHEN saved empty THEN the record is gone
    monitoring.save_indicators(db, school.program_id, *H1, Indicators())
    assert monitoring.indicators_for_period(db, *H1) == {}


def test_indicator_errors_in_russian(db: Database) -> None:
    school = f.small_school(db)
    with pytest.raises(ValidationError) as err:
        monitoring.save_indicators(
            db,
            school.program_id,
            *H1,
            Indicators(
                exam_pupils=10,
                exam_passed=12,
                olympiad_participants=1,
                olympiad_winners=3,
                publications=-1,
            ),
        )
    assert err.value.errors == {
        "exam_passed": "Успешно написавших не может быть больше, чем писавших.",
        "olympiad_winners": "Победителей не может быть больше, чем участников.",
        "publications": "Нужно целое число не меньше нуля.",
    }
    with pytest.raises(ValidationError) as err:
        monitoring.save_indicators(db, school.program_id, H1[1], H1[0], Indicators(open_lessons=1))
    assert err.value.errors["date_to"] == "Конец периода раньше его начала."


def test_deficits_before_and_after_by_direction(db: Database) -> None:
    # GIVEN the mentee's grid in September: strong deficit in both program directions,
    # and in December: one improved to «no deficit», one still partial; a direction outside
    # the program improved too
    school = f.small_school(db)
    d3, d4, d0 = school.dirs[3], school.dirs[4], school.dirs[0]
    f.grid_round(db, school.mentee, dt.date(2026, 9, 10), {d3: 2, d4: 2, d0: 2})
    f.grid_round(db, school.mentee, dt.date(2026, 12, 15), {d3: 0, d4: 1, d0: 0})
    # WHEN deficits are compared as of the end of December
    rows = monitoring.deficits(db, [school.program_id], dt.date(2026, 12, 31))
    # THEN only the program's directions, in grid order, with before/after counts
    assert [(r.direction_id, r.before, r.after, r.improved) for r in rows] == [
        (d3, 1, 0, 1),
        (d4, 1, 1, 1),
    ]
    # AND as of November (no repeat diagnostics yet) nothing changed
    rows = monitoring.deficits(db, [school.program_id], dt.date(2026, 11, 30))
    assert [(r.before, r.after, r.improved) for r in rows] == [(1, 1, 0), (1, 1, 0)]


def test_deficits_of_a_program_without_diagnostics_are_empty(db: Database) -> None:
    school = f.small_school(db)
    assert monitoring.deficits(db, [school.program_id], dt.date(2026, 12, 31)) == []


def test_half_year_report_stops_counting_a_pair_ended_early(db: Database) -> None:
    # GIVEN a program for 2026/2027 with a row due 01.12.2026 and one due 20.06.2027
    from app.services.monitoring import halfyear_periods, halfyear_report
    from app.services.pairs import pairs

    school = f.small_school(db)
    f.item(
        db,
        school.program_id,
        school.dirs[3],
        "Открытый урок",
        dt.date(2026, 12, 1),
        mark="done",
        mark_date=dt.date(2026, 12, 1),
    )
    f.item(db, school.program_id, school.dirs[3], "Семинар", dt.date(2027, 6, 20))
    spring = halfyear_periods.half_of(dt.date(2027, 6, 20))
    # THEN while the pair works the June row belongs to the spring half and is counted there
    [line] = halfyear_report.report_figures(db, spring.start, spring.end).programs
    assert (line.progress.done, line.progress.overdue) == (1, 1)
    # WHEN the pair is ended early on 15.12.2026
    pairs.end_early(
        db, school.pair_id, dt.date(2026, 12, 15), "переезд", today=dt.date(2026, 12, 15)
    )
    # THEN the spring report has no running program and no spring report is due
    assert halfyear_report.report_figures(db, spring.start, spring.end).programs == []
    due = halfyear_periods.reports_due(db, dt.date(2027, 6, 10))
    assert [(h.start, h.end) for h in due] == [H1]
    # AND the autumn report shows it with the pair's status and its autumn row done
    [line] = halfyear_report.report_figures(db, *H1).programs
    assert line.status == "прекращена досрочно"
    assert (line.progress.total, line.progress.done) == (1, 1)
