"""«С чего начать»: the nine steps of the curator's year, their states and counts, and
«Сегодня» never reading «Всё в порядке» for a school that is not set up."""

from __future__ import annotations

import datetime as dt

from app.models import Order
from app.models.db import Database
from app.services.agenda import today
from app.services.agenda.start_path import Place, State, start_path
from app.services.people.persons import MenteeData, PersonData, save_person
from tests.services import monitoring_fixtures as f

SEPT = dt.date(2026, 9, 5)
NOV = dt.date(2026, 11, 20)


def _mentee(db: Database, last: str) -> int:
    return save_person(
        db,
        PersonData(
            last_name=last,
            first_name="Анна",
            middle_name="Ивановна",
            position="Учитель",
            mentee=MenteeData(),
        ),
    )


def test_an_empty_school_starts_at_step_one_and_is_never_all_clear(db: Database) -> None:
    # GIVEN a brand-new data folder WHEN the path is read on 05.09.2026
    path = start_path(db, SEPT)
    # THEN the nine steps come in the order of the year, none done
    assert [s.place for s in path.steps] == list(Place)
    assert [s.number for s in path.steps] == list(range(1, 10))
    assert not path.complete and path.next_step is path.steps[0]
    assert path.steps[0].state == State.NOT_STARTED
    assert "не заполнены: полное наименование" in path.steps[0].detail
    assert path.steps[1].detail.startswith("список пуст: загрузите его из Excel")
    assert path.steps[2].detail == "не составлен"
    # AND «Сегодня» has no lines, yet does not say all is well: it names the first step
    view = today.overview(db, SEPT)
    assert view.items == [] and not view.all_clear and not today.all_clear(db, SEPT)
    assert view.empty_text.startswith(
        "Просроченных и ближайших дел нет, но работа в школе "
        "ещё не налажена — следующий шаг: 1. Реквизиты школы"
    )
    assert "Всё в порядке" not in view.empty_text


def test_steps_left_undone_are_overdue_later_in_the_year(db: Database) -> None:
    # GIVEN the same empty school WHEN the path is read on 20.11.2026
    path = start_path(db, NOV)
    # THEN the steps due by 15 September … 15 November are overdue, with their date
    assert [s.state for s in path.steps[:8]] == [State.OVERDUE] * 8
    assert path.steps[0].detail.endswith("срок по плану года — 15.09.2026")
    assert path.steps[7].deadline == dt.date(2026, 11, 15)
    assert {s.number for s in path.overdue} == set(range(1, 9))


def test_diagnostics_counts_mentees_and_mentors_strengths(db: Database) -> None:
    # GIVEN twelve mentees in the base, three of them diagnosed, and a mentor in a pair
    # whose strength is recorded
    dirs = [d.id for d in f.grid_state.directions(db)]
    names = [
        "Иванова",
        "Петрова",
        "Сидорова",
        "Орлова",
        "Белова",
        "Зайцева",
        "Попова",
        "Волкова",
        "Козлова",
        "Лебедева",
        "Новикова",
        "Морозова",
    ]
    mentees = [_mentee(db, name) for name in names]
    for m in mentees[:3]:
        f.grid_round(db, m, dt.date(2026, 9, 3), {dirs[0]: 2})
    mentor = f.teacher(db, "Кузнецова", "Елена")
    f.pair(db, mentor, [mentees[0]], [dirs[0]])
    f.grid_round(db, mentor, dt.date(2026, 9, 3), {dirs[0]: 0})
    # WHEN the path is read
    step = start_path(db, SEPT).steps[3]
    # THEN the step counts «3 из 12 наставляемых» and the mentor's strength, and is in work
    assert step.detail == ("диагностика: 3 из 12 наставляемых; сильные стороны: 1 из 1 наставников")
    assert (step.done, step.total, step.state) == (3, 12, State.IN_PROGRESS)
    # AND step 5 counts who is in a pair
    pairs = start_path(db, SEPT).steps[4]
    assert pairs.detail == "пар и групп: 1; в паре или группе 1 из 12 наставляемых"


def test_a_working_school_completes_the_path_and_reads_all_clear(db: Database) -> None:
    # GIVEN a school with requisites, staff, a signed implementation order, a diagnosed
    # mentee and mentor, a pair with a program, both fixed and approved by signed orders,
    # and both consents entered
    school = f.small_school(db)
    curator = f.teacher(db, "Лебедева")
    f.requisites(db, curator)
    f.grid_round(db, school.mentee, dt.date(2026, 9, 2), {school.dirs[3]: 2})
    f.grid_round(db, school.mentor, dt.date(2026, 9, 2), {school.dirs[3]: 0})
    from app.models import Pair, Program

    with db.session() as s:
        for kind in ("implementation", "pairs", "programs"):
            s.add(Order(kind=kind, status="signed", number="1", date=dt.date(2026, 9, 3)))
        pair = s.get(Pair, school.pair_id)
        program = s.get(Program, school.program_id)
        assert pair is not None and program is not None
        pair.order_number, pair.consent_date = "1", dt.date(2026, 9, 1)
        program.approval_number = "2"
    # WHEN the path is read on 05.09.2026
    path = start_path(db, SEPT)
    # THEN steps 1–8 are done, the reports are not due yet, and the path is complete
    assert [s.state for s in path.steps[:8]] == [State.DONE] * 8, [s.label for s in path.steps]
    assert path.steps[8].state == State.NOT_STARTED
    assert path.steps[8].detail == (
        "справка по итогам I полугодия 2026/2027 учебного года — с 01.01.2027"
    )
    assert path.complete and path.next_step is None
    # AND with nothing due «Сегодня» may say all is well
    view = today.overview(db, SEPT)
    assert view.all_clear and view.empty_text == today.ALL_CLEAR
    # WHEN January comes and the autumn report is not made
    later = start_path(db, dt.date(2027, 1, 10))
    # THEN step 9 is overdue and names the report, so the path is not complete any more
    assert later.steps[8].state == State.OVERDUE and not later.complete
    assert "не составлена справка по итогам I полугодия 2026/2027" in later.steps[8].detail


def test_a_new_pair_after_the_signed_order_reopens_step_six(db: Database) -> None:
    # GIVEN a signed pairs order that fixed one pair, and a second pair made afterwards
    school = f.small_school(db)
    from app.models import Pair

    with db.session() as s:
        s.add(Order(kind="pairs", status="signed", number="5", date=dt.date(2026, 9, 3)))
        pair = s.get(Pair, school.pair_id)
        assert pair is not None
        pair.order_number = "5"
    f.pair(db, f.teacher(db, "Белова"), [f.teacher(db, "Зайцева")], [school.dirs[0]])
    # WHEN the path is read THEN step 6 is in work with «1 из 2»
    step = start_path(db, SEPT).steps[5]
    assert step.state == State.IN_PROGRESS
    assert step.detail == "закреплено приказом 1 из 2 пар и групп"


def test_today_names_which_consent_is_missing(db: Database) -> None:
    # GIVEN an open pair without the mentor's written consent, whose mentee has not given
    # the consent to personal-data processing
    school = f.small_school(db)
    mentee = f.teacher(db, "Зайцева", "Инна", "Олеговна", consent=None)
    pair_id = f.pair(db, f.teacher(db, "Белова", "Марина", "Юрьевна"), [mentee], [school.dirs[1]])
    # WHEN «Сегодня» is computed
    items = today.attention(db, dt.date(2027, 1, 10))
    # THEN the two consents are separate lines, each saying which paper is missing
    person = [a for a in items if a.kind == "no_consent"]
    paired = [a for a in items if a.kind == "pair_no_consent" and a.target == ("pair", pair_id)]
    assert [a.text for a in person] == [
        "Нет согласия на обработку персональных данных (не внесена дата): Зайцева Инна Олеговна"
    ]
    assert [a.text for a in paired] == [
        "Нет письменного согласия наставника на участие в паре (не внесена дата): "
        "М.Ю.\u00a0Белова → И.О.\u00a0Зайцева"
    ]
