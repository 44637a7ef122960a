"""Pairs and groups: every rule of the methodology at its boundary, in the service layer."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ValidationError
from app.models.db import Database
from app.services.pairs import pairs
from app.services.pairs.pair_checks import PairRuleError
from app.services.pairs.pair_data import PairData
from app.services.people.persons import PersonData, save_person, set_archived

TODAY = dt.date(2026, 11, 24)
SEP1 = dt.date(2026, 9, 1)
MAY31 = dt.date(2027, 5, 31)


def person(
    db: Database,
    last: str,
    first: str = "Анна",
    middle: str = "Петровна",
    position: str = "учитель",
) -> int:
    return save_person(
        db, PersonData(last_name=last, first_name=first, middle_name=middle, position=position)
    )


def pair(
    mentor: int, *mentees: int, start: dt.date = SEP1, end: dt.date = MAY31, **kw: object
) -> PairData:
    return PairData(
        mentor_id=mentor,
        mentee_ids=list(mentees),
        is_group=len(mentees) > 1,
        start_date=start,
        end_date=end,
        status="active",
        form="учитель – учитель",
        **kw,
    )  # type: ignore[arg-type]


def test_valid_pair_is_saved_with_its_people_and_a_created_event(db: Database) -> None:
    # GIVEN a mentor and a mentee
    m, e = person(db, "Иванова", "Мария"), person(db, "Петров", "Пётр", "Петрович")
    # WHEN a pair is saved
    pid = pairs.save_pair(db, pair(m, e, kinds=["традиционное («один на один»)"]), today=TODAY)
    # THEN list_pairs shows it with the names, positions and dates
    [row] = pairs.list_pairs(db)
    assert row.id == pid and not row.is_group
    assert row.mentor_name == "Иванова Мария Петровна" and row.mentor_position == "учитель"
    assert [(r.id, r.full_name, r.position) for r in row.mentees] == [
        (e, "Петров Пётр Петрович", "учитель")
    ]
    assert (row.start_date, row.end_date, row.status_label) == (SEP1, MAY31, "действует")
    assert row.kinds == ("традиционное («один на один»)",)
    assert [ev.kind_label for ev in pairs.history(db, pid)] == ["Создана"]


def test_mentor_may_run_four_programs_at_once_but_not_five(db: Database) -> None:
    # GIVEN a mentor with four concurrent pairs (the fourth is allowed)
    m = person(db, "Иванова", "Мария")
    mentees = [person(db, f"Ученик{i}".replace(str(i), "абвгд"[i])) for i in range(5)]
    for e in mentees[:4]:
        pairs.save_pair(db, pair(m, e), today=TODAY)
    assert len(pairs.list_pairs(db, mentor_id=m)) == 4
    # WHEN a fifth overlapping pair is saved
    with pytest.raises(PairRuleError) as err:
        pairs.save_pair(
            db,
            pair(m, mentees[4], start=dt.date(2026, 12, 1), end=dt.date(2027, 4, 30)),
            today=TODAY,
        )
    # THEN the refusal names the mentor and the four pairs, and nothing is written
    text = str(err.value)
    assert text.startswith("Наставник Иванова Мария Петровна уже ведёт 4 программы в эти сроки")
    assert text.count("пара № ") == 4 and "01.09.2026–31.05.2027" in text
    assert err.value.field == "mentor_id"
    assert len(pairs.list_pairs(db)) == 4


def test_pairs_one_after_another_take_one_place(db: Database) -> None:
    # GIVEN two year-long pairs and two short ones that follow each other (Sep–Dec, Jan–May)
    m = person(db, "Иванова", "Мария")
    es = [person(db, n) for n in ("Аа", "Бб", "Вв", "Гг", "Дд", "Ее")]
    for e in es[:2]:
        pairs.save_pair(db, pair(m, e), today=TODAY)
    pairs.save_pair(db, pair(m, es[2], end=dt.date(2026, 12, 31)), today=TODAY)
    pairs.save_pair(db, pair(m, es[3], start=dt.date(2027, 1, 1)), today=TODAY)
    # WHEN a year-long pair is added: it overlaps four pairs, but on any day only three run
    # THEN it is accepted as the fourth program at a time
    pairs.save_pair(db, pair(m, es[4]), today=TODAY)
    # AND one more is refused: on every day four already run
    with pytest.raises(PairRuleError):
        pairs.save_pair(db, pair(m, es[5], start=dt.date(2027, 2, 1)), today=TODAY)
    assert len(pairs.list_pairs(db, mentor_id=m)) == 5


def test_mentee_may_take_part_in_two_programs_but_not_three(db: Database) -> None:
    # GIVEN a mentee already in one pair
    e = person(db, "Петров", "Пётр", "Петрович")
    m1, m2, m3 = (person(db, n, "Мария") for n in ("Аксёнова", "Белова", "Волкова"))
    pairs.save_pair(db, pair(m1, e), today=TODAY)
    # WHEN the second is added THEN it is accepted
    pairs.save_pair(db, pair(m2, e), today=TODAY)
    # WHEN a third overlapping one is added THEN the refusal names the mentee and both pairs
    with pytest.raises(PairRuleError) as err:
        pairs.save_pair(db, pair(m3, e), today=TODAY)
    text = str(err.value)
    assert text.startswith("Петров Пётр Петрович уже участвует в 2 программах")
    assert "наставник Аксёнова М.П." in text and "наставник Белова М.П." in text
    assert err.value.field == "mentee_ids"
    assert len(pairs.list_pairs(db, mentee_id=e)) == 2


def test_a_pair_ended_early_no_longer_counts(db: Database) -> None:
    # GIVEN a mentee at the limit of two programs
    e = person(db, "Петров", "Пётр", "Петрович")
    m1, m2, m3 = (person(db, n, "Мария") for n in ("Аксёнова", "Белова", "Волкова"))
    first = pairs.save_pair(db, pair(m1, e), today=TODAY)
    pairs.save_pair(db, pair(m2, e), today=TODAY)
    # WHEN one of them is ended early
    pairs.end_early(
        db, first, dt.date(2026, 11, 20), "наставник переведён в другую школу", today=TODAY
    )
    # THEN a new program over the same dates is accepted
    pairs.save_pair(db, pair(m3, e), today=TODAY)
    # AND bringing the ended one back is refused: it would count again
    with pytest.raises(PairRuleError):
        pairs.set_status(db, first, "active", today=TODAY)


def test_a_completed_pair_still_counts_on_its_days(db: Database) -> None:
    # GIVEN a mentee with two pairs, one of them already completed
    e = person(db, "Петров", "Пётр", "Петрович")
    m1, m2, m3 = (person(db, n, "Мария") for n in ("Аксёнова", "Белова", "Волкова"))
    done = pairs.save_pair(db, pair(m1, e, end=dt.date(2026, 12, 15)), today=TODAY)
    pairs.set_status(db, done, "completed", today=TODAY)
    pairs.save_pair(db, pair(m2, e), today=TODAY)
    # WHEN a third pair overlaps the completed one's dates THEN it is refused
    with pytest.raises(PairRuleError):
        pairs.save_pair(
            db, pair(m3, e, start=dt.date(2026, 10, 1), end=dt.date(2027, 3, 31)), today=TODAY
        )
    # WHEN it starts after the completed one ended THEN it fits
    pairs.save_pair(db, pair(m3, e, start=dt.date(2026, 12, 16)), today=TODAY)


def test_a_group_counts_once_for_its_mentor_and_each_mentee(db: Database) -> None:
    # GIVEN a mentor with three pairs and a group whose mentee list repeats a person
    m = person(db, "Иванова", "Мария")
    es = [person(db, n) for n in ("Аа", "Бб", "Вв", "Гг", "Дд")]
    for e in es[:3]:
        pairs.save_pair(db, pair(m, e), today=TODAY)
    data = pair(m, es[3], es[4], es[3])
    # WHEN the group is saved (the fourth program)
    gid = pairs.save_pair(db, data, today=TODAY)
    # THEN it is one group with two distinct mentees, and the mentor has exactly 4
    [row] = pairs.list_pairs(db, ids=[gid])
    assert row.is_group and [r.id for r in row.mentees] == [es[3], es[4]]
    assert len(pairs.list_pairs(db, mentor_id=m)) == 4


def test_nobody_mentors_themselves(db: Database) -> None:
    m = person(db, "Иванова", "Мария")
    with pytest.raises(ValidationError) as err:
        pairs.save_pair(db, pair(m, m), today=TODAY)
    assert err.value.errors["mentee_ids"] == (
        "Наставник не может быть наставляемым в своей же паре или группе."
    )
    assert pairs.list_pairs(db) == []


def test_archived_persons_cannot_be_added(db: Database) -> None:
    # GIVEN an archived mentor and an archived mentee
    m, e = person(db, "Иванова", "Мария"), person(db, "Петров", "Пётр", "Петрович")
    ok = person(db, "Сидорова")
    set_archived(db, m, True)
    set_archived(db, e, True)
    with pytest.raises(ValidationError) as err:
        pairs.save_pair(db, pair(m, ok), today=TODAY)
    assert err.value.errors["mentor_id"] == (
        "Участника из архива нельзя назначить наставником: Иванова Мария Петровна."
    )
    other = person(db, "Орлова", "Ольга")
    with pytest.raises(ValidationError) as err:
        pairs.save_pair(db, pair(other, e), today=TODAY)
    assert err.value.errors["mentee_ids"] == (
        "Участника из архива нельзя добавить в пару или группу: Петров Пётр Петрович."
    )
    assert pairs.list_pairs(db) == []


def test_a_pair_whose_mentee_was_archived_later_can_still_be_edited(db: Database) -> None:
    m, e = person(db, "Иванова", "Мария"), person(db, "Петров", "Пётр")
    pid = pairs.save_pair(db, pair(m, e), today=TODAY)
    set_archived(db, e, True)
    data = pairs.get_pair(db, pid)
    data.schedule = "по вторникам"
    pairs.save_pair(db, data, today=TODAY)
    assert pairs.list_pairs(db)[0].schedule == "по вторникам"


def test_end_must_follow_start(db: Database) -> None:
    m, e = person(db, "Иванова", "Мария"), person(db, "Петров", "Пётр")
    with pytest.raises(ValidationError) as err:
        pairs.save_pair(db, pair(m, e, start=SEP1, end=SEP1), today=TODAY)
    assert err.value.errors["end_date"] == "Дата окончания должна быть позже даты начала."


def test_three_months_minus_a_day_needs_a_confirmed_reason(db: Database) -> None:
    m, e = person(db, "Иванова", "Мария"), person(db, "Петров", "Пётр")
    # GIVEN 01.09–30.11 (exactly three months, dates inclusive): no reason needed
    pairs.save_pair(db, pair(m, e, end=dt.date(2026, 11, 30)), today=TODAY)
    e2 = person(db, "Сидоров", "Пётр")
    # WHEN 01.09–29.11 (a day short) is saved without a reason THEN it is refused
    short = pair(m, e2, end=dt.date(2026, 11, 29))
    with pytest.raises(ValidationError) as err:
        pairs.save_pair(db, short, today=TODAY)
    assert err.value.errors["duration_reason"].startswith("Срок короче 3 месяцев")
    # WHEN a reason is given but not confirmed THEN still refused
    short.duration_reason = "ситуационное наставничество перед аттестацией"
    with pytest.raises(ValidationError):
        pairs.save_pair(db, short, today=TODAY)
    # WHEN confirmed with the reason THEN saved and the reason kept
    short.duration_confirmed = True
    pid = pairs.save_pair(db, short, today=TODAY)
    assert pairs.list_pairs(db, ids=[pid])[0].duration_reason == (
        "ситуационное наставничество перед аттестацией"
    )


def test_longer_than_a_year_needs_a_reason(db: Database) -> None:
    m, e = person(db, "Иванова", "Мария"), person(db, "Петров", "Пётр")
    pairs.save_pair(db, pair(m, e, end=dt.date(2027, 8, 31)), today=TODAY)  # exactly a year
    e2 = person(db, "Сидоров", "Пётр")
    with pytest.raises(ValidationError) as err:
        pairs.save_pair(db, pair(m, e2, end=dt.date(2027, 9, 1)), today=TODAY)
    assert err.value.errors["duration_reason"].startswith("Срок длиннее года")


def test_pair_with_several_mentees_must_be_a_group(db: Database) -> None:
    m, a, b = person(db, "Иванова", "Мария"), person(db, "Аа"), person(db, "Бб")
    data = pair(m, a, b)
    data.is_group = False
    with pytest.raises(ValidationError) as err:
        pairs.save_pair(db, data, today=TODAY)
    assert "отметьте «Группа»" in err.value.errors["mentee_ids"]
    single = pair(m, a)
    single.is_group = True
    with pytest.raises(ValidationError) as err:
        pairs.save_pair(db, single, today=TODAY)
    assert err.value.errors["mentee_ids"] == "В группе не меньше двух наставляемых; иначе это пара."
