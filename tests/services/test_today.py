"""«Сегодня»: overdue and coming roadmap rows, ending programs, pairs without a program,
missing consents and a due half-year report, against fixed dates."""

from __future__ import annotations

import datetime as dt

from app.models.db import Database
from app.services.agenda import today
from app.services.monitoring import halfyear_periods
from app.services.people import persons
from app.services.programs import programs
from tests.services import monitoring_fixtures as f

TODAY = dt.date(2027, 1, 10)


def _by_kind(items: list[today.AttentionItem]) -> dict[str, list[today.AttentionItem]]:
    out: dict[str, list[today.AttentionItem]] = {}
    for a in items:
        out.setdefault(a.kind, []).append(a)
    return out


def test_roadmap_rows_overdue_and_due_within_14_days(db: Database) -> None:
    # GIVEN a program with rows: one overdue, one due in 10 days, one in 20 days, one done late,
    # one moved to a date next week
    school = f.small_school(db)
    d = school.dirs[3]
    late = f.item(db, school.program_id, d, "Открытый урок", dt.date(2027, 1, 5))
    soon = f.item(db, school.program_id, d, "Семинар", dt.date(2027, 1, 20))
    f.item(db, school.program_id, d, "Конкурс", dt.date(2027, 1, 30))
    f.item(
        db,
        school.program_id,
        d,
        "Мастер-класс",
        dt.date(2026, 12, 1),
        mark="done",
        mark_date=dt.date(2026, 12, 1),
    )
    moved = f.item(
        db,
        school.program_id,
        d,
        "Взаимопосещение",
        dt.date(2026, 12, 20),
        mark="moved",
        mark_date=dt.date(2027, 1, 15),
    )
    # WHEN the panel is computed for 10.01.2027
    kinds = _by_kind(today.attention(db, TODAY))
    # THEN the overdue row is urgent and opens its program at that row
    [overdue] = kinds["item_overdue"]
    assert overdue.severity == today.HIGH
    assert overdue.target == ("program", school.program_id, late)
    assert overdue.text == (
        "Просрочено с 05.01.2027: «Открытый урок» — Е.А.\u00a0Кузнецова → О.И.\u00a0Смирнова"
    )
    # AND the row due on 20.01 and the one moved to 15.01 are coming; 30.01 and done are not
    coming = {a.target[2]: a for a in kinds["item_soon"]}
    assert set(coming) == {soon, moved}
    assert "15.01.2027" in coming[moved].text
    # AND the most urgent line comes first
    assert today.attention(db, TODAY)[0].kind in ("item_overdue", "report_due")


def test_programs_ending_soon_or_past_their_end(db: Database) -> None:
    # GIVEN a program ending in 3 weeks and one whose end passed but which is still active
    school = f.small_school(db)
    other = f.teacher(db, "Попова")
    mentor2 = f.teacher(db, "Васильев", "Сергей", "Михайлович")
    p2 = f.pair(db, mentor2, [other], [school.dirs[0]])
    ended = f.program(db, p2, start=dt.date(2026, 9, 1), end=dt.date(2026, 12, 25))
    from app.services.programs import programs_journal

    programs_journal.change_period(
        db,
        school.program_id,
        f.START,
        dt.date(2027, 1, 31),
        "сокращение по договорённости",
        date=f.START,
    )
    # WHEN computed on 10.01.2027
    kinds = _by_kind(today.attention(db, TODAY))
    # THEN one is «ending» (medium) and one «past its end» (urgent)
    [ending] = kinds["program_ending"]
    assert ending.target == ("program", school.program_id, None)
    assert "31.01.2027" in ending.text
    [gone] = kinds["program_ended"]
    assert gone.target == ("program", ended, None) and gone.severity == today.HIGH
    # AND a completed program is not listed at all
    programs.update_note(db, ended, "status", "completed")
    assert "program_ended" not in _by_kind(today.attention(db, TODAY))


def test_pairs_without_program_and_people_without_consent(db: Database) -> None:
    # GIVEN an active pair with a program, an active pair without one whose mentee gave no
    # consent, and a completed pair without a program
    school = f.small_school(db)
    mentor = f.teacher(db, "Белова", "Марина", "Юрьевна")
    no_consent = f.teacher(db, "Зайцева", "Инна", "Олеговна", consent=None)
    bare = f.pair(db, mentor, [no_consent], [school.dirs[1]])
    f.pair(db, f.teacher(db, "Орлова"), [f.teacher(db, "Тихонов")], [], status="completed")
    # WHEN computed
    kinds = _by_kind(today.attention(db, TODAY))
    # THEN only the open pair is flagged, and it opens the pair
    [no_program] = kinds["pair_no_program"]
    assert no_program.target == ("pair", bare)
    assert "М.Ю.\u00a0Белова" in no_program.text
    # AND the person without a consent date opens the person
    [consent] = kinds["no_consent"]
    assert consent.target == ("person", no_consent)
    assert "Зайцева Инна Олеговна" in consent.text
    # WHEN the consent date is entered THEN the line goes away
    data = persons.get_person(db, no_consent)
    data.consent_date = dt.date(2026, 11, 1)
    persons.save_person(db, data)
    assert "no_consent" not in _by_kind(today.attention(db, TODAY))


def test_half_year_report_due_until_one_is_made(db: Database) -> None:
    # GIVEN a program that ran through the autumn of 2026
    f.small_school(db)
    # WHEN the panel is computed on 10.01.2027
    [due] = _by_kind(today.attention(db, TODAY))["report_due"]
    # THEN the report for the first half-year is due and opens the report for that period
    assert due.target == ("report", dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    assert "I полугодия 2026/2027 учебного года" in due.text
    # AND before the half-year ends nothing is due
    assert "report_due" not in _by_kind(today.attention(db, dt.date(2026, 12, 31)))
    # WHEN texts are only saved, the report is still due; once printed, it is not
    halfyear_periods.record_report(db, due.target[1], due.target[2], "выводы", "рек.")
    assert "report_due" in _by_kind(today.attention(db, TODAY))
    halfyear_periods.record_report(
        db, due.target[1], due.target[2], "выводы", "рек.", made_on=TODAY
    )
    assert "report_due" not in _by_kind(today.attention(db, TODAY))
    # AND on 01.06.2027 (the end of teaching) the second half-year becomes due
    assert "report_due" not in _by_kind(today.attention(db, dt.date(2027, 5, 31)))
    [spring] = _by_kind(today.attention(db, dt.date(2027, 6, 1)))["report_due"]
    assert spring.target == ("report", dt.date(2027, 1, 1), dt.date(2027, 8, 31))


def test_autumn_report_never_made_is_still_listed_in_june(db: Database) -> None:
    # GIVEN a program through 2026/2027 and no report made at all
    f.small_school(db)
    # WHEN the panel is computed on 01.06.2027 and on 15.09.2027
    june = _by_kind(today.attention(db, dt.date(2027, 6, 1)))["report_due"]
    september = _by_kind(today.attention(db, dt.date(2027, 9, 15)))["report_due"]
    # THEN both half-years are listed in June as in September (the panel puts the longer
    # overdue first; the service lists them newest first)
    spring = ("report", dt.date(2027, 1, 1), dt.date(2027, 8, 31))
    autumn = ("report", dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    assert [a.target for a in june] == [autumn, spring]
    assert [a.target for a in september] == [autumn, spring]
    assert [h.title for h in halfyear_periods.reports_due(db, dt.date(2027, 6, 1))] == [
        "II полугодия 2026/2027 учебного года",
        "I полугодия 2026/2027 учебного года",
    ]
    # AND once the autumn one is printed, only the spring one stays
    halfyear_periods.record_report(
        db, dt.date(2026, 9, 1), dt.date(2026, 12, 31), "в", "р", made_on=dt.date(2027, 6, 2)
    )
    [left] = _by_kind(today.attention(db, dt.date(2027, 6, 2)))["report_due"]
    assert left.target == spring


def test_no_report_due_without_any_program(db: Database) -> None:
    # GIVEN only people (no programs) WHEN computed THEN nothing at all is listed
    f.teacher(db, "Кузнецова")
    assert today.attention(db, TODAY) == []


def test_half_year_boundaries() -> None:
    h = halfyear_periods.last_due(dt.date(2027, 1, 1))
    assert (h.start, h.end, h.first) == (dt.date(2026, 9, 1), dt.date(2026, 12, 31), True)
    h = halfyear_periods.last_due(dt.date(2027, 5, 31))
    assert h.end == dt.date(2026, 12, 31)
    h = halfyear_periods.last_due(dt.date(2027, 6, 1))
    assert (h.start, h.end, h.school_year) == (
        dt.date(2027, 1, 1),
        dt.date(2027, 8, 31),
        "2026/2027",
    )
    assert halfyear_periods.default_period(dt.date(2026, 11, 24)).end == dt.date(2026, 12, 31)
    assert halfyear_periods.default_period(dt.date(2027, 1, 15)).end == dt.date(2026, 12, 31)
    assert halfyear_periods.default_period(dt.date(2027, 2, 1)).end == dt.date(2027, 8, 31)
    assert halfyear_periods.default_period(dt.date(2026, 9, 10)).end == dt.date(2026, 8, 31)


def test_summer_days_fall_in_the_second_half_year() -> None:
    # GIVEN days in June, July and August WHEN their half-year is asked
    for day in (dt.date(2027, 6, 20), dt.date(2027, 7, 15), dt.date(2027, 8, 31)):
        h = halfyear_periods.half_of(day)
        # THEN it is 01.01–31.08 of that year and contains the day
        assert (h.start, h.end, h.first) == (dt.date(2027, 1, 1), dt.date(2027, 8, 31), False)
        assert h.start <= day <= h.end and h.due == dt.date(2027, 6, 1)
        # AND the report offered then is that half (due from 1 June)
        assert halfyear_periods.default_period(day) == h
    # AND 1 September starts the first half
    assert halfyear_periods.half_of(dt.date(2027, 9, 1)).first


def test_closed_pairs_and_programs_are_not_on_the_panel(db: Database) -> None:
    # GIVEN two programs with a row overdue since 05.01.2027 and ending within 30 days
    school = f.small_school(db)
    other_pair = f.pair(
        db,
        f.teacher(db, "Васильев"),
        [f.teacher(db, "Попова")],
        [school.dirs[3]],
        end=dt.date(2027, 1, 31),
    )
    other = f.program(db, other_pair, end=dt.date(2027, 1, 31))
    for pid in (school.program_id, other):
        f.item(db, pid, school.dirs[3], "Открытый урок", dt.date(2027, 1, 5))
    assert len(_by_kind(today.attention(db, TODAY))["item_overdue"]) == 2
    # WHEN the first pair is ended early and the second program's pair is completed
    from app.models import Pair

    with db.session() as s:
        for pair_id, status in ((school.pair_id, "ended_early"), (other_pair, "completed")):
            pair = s.get(Pair, pair_id)
            assert pair is not None
            pair.status = status
    # THEN neither the rows nor «ending soon» are listed for them any more
    kinds = _by_kind(today.attention(db, TODAY))
    assert "item_overdue" not in kinds and "program_ending" not in kinds
    assert "program_ended" not in _by_kind(today.attention(db, dt.date(2027, 6, 10)))
    # AND a program itself marked completed is left out too
    with db.session() as s:
        pair = s.get(Pair, school.pair_id)
        assert pair is not None
        pair.status = "active"
    assert "item_overdue" in _by_kind(today.attention(db, TODAY))
    programs.update_note(db, school.program_id, "status", "completed")
    assert "item_overdue" not in _by_kind(today.attention(db, TODAY))


def test_a_row_is_named_by_its_activity_and_form(db: Database) -> None:
    # GIVEN an overdue row with both the kind of activity and the form of the event
    from app.services.programs import programs_items
    from app.services.programs.programs import ItemData

    school = f.small_school(db)
    programs_items.add_item(
        db,
        school.program_id,
        ItemData(
            school.dirs[3],
            activity_kind="изучение нормативных документов\nи ФГОС",
            event_form="консультация наставника",
            end_date=dt.date(2027, 1, 2),
        ),
    )
    # WHEN computed THEN the line names the first line of each
    [line] = _by_kind(today.attention(db, TODAY))["item_overdue"]
    assert line.text.startswith(
        "Просрочено с 02.01.2027: «изучение нормативных документов», консультация наставника — "
    )
