"""Pairs ended early: judged by their planned term, kept through the exchange file, revived."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.errors import KuratorError, ValidationError
from app.models import Pair
from app.models.db import Database
from app.services.pairs import pairs
from app.services.pairs.pair_checks import PairRuleError
from app.services.pairs.pair_data import PairData
from app.services.people.persons import PersonData, save_person
from app.services.storage.exchange import export_data, import_data

TODAY = dt.date(2026, 11, 24)
START, PLANNED_END = dt.date(2026, 9, 1), dt.date(2027, 5, 31)


def person(db: Database, last: str) -> int:
    return save_person(db, PersonData(last_name=last, first_name="Анна", middle_name="Ивановна"))


def make(
    db: Database,
    mentor: int,
    mentees: list[int],
    start: dt.date = START,
    end: dt.date = PLANNED_END,
) -> int:
    return pairs.save_pair(
        db,
        PairData(
            mentor_id=mentor,
            mentee_ids=mentees,
            is_group=len(mentees) > 1,
            start_date=start,
            end_date=end,
            status="active",
        ),
        today=TODAY,
    )


def test_exchange_file_with_pairs_ended_early_is_accepted(db: Database, tmp_path: Path) -> None:
    # GIVEN a pair ended after seven weeks and a group ended on its very first day
    m, e1, e2, e3 = (person(db, n) for n in ("Иванова", "Петрова", "Сидорова", "Козлова"))
    pair = make(db, m, [e1])
    group = make(db, m, [e2, e3])
    pairs.end_early(db, pair, dt.date(2026, 10, 20), "увольнение наставляемого", today=TODAY)
    pairs.end_early(db, group, START, "группа не собралась", today=TODAY)
    before = (pairs.list_pairs(db), pairs.history(db, pair), pairs.history(db, group))
    assert pairs.audit_pairs(db) == []
    # WHEN the school's own exchange file is written and loaded back
    path = tmp_path / "school.json"
    export_data(db, path)
    import_data(db, path)
    # THEN it is accepted and the pairs, their cut-short dates and history are unchanged
    assert (pairs.list_pairs(db), pairs.history(db, pair), pairs.history(db, group)) == before
    assert {r.id: r.end_date for r in pairs.list_pairs(db)} == {
        pair: dt.date(2026, 10, 20),
        group: START,
    }


def test_an_ended_early_pair_is_judged_by_its_planned_term(db: Database) -> None:
    # GIVEN a pair planned for 15 months with a reason, ended early after two months
    pid = make(db, person(db, "Иванова"), [person(db, "Петрова")])
    pairs.change_end_date(
        db,
        pid,
        dt.date(2027, 11, 30),
        "долгий проект",
        today=TODAY,
        duration_confirmed=True,
        duration_reason="проект на полтора года",
    )
    pairs.end_early(db, pid, dt.date(2026, 11, 1), "перевод в другую школу", today=TODAY)
    assert pairs.audit_pairs(db) == []
    # WHEN the reason for the planned term is lost (a file edited by hand)
    with db.session() as s:
        row = s.get(Pair, pid)
        assert row is not None
        row.duration_reason = ""
    # THEN the audit reports the PLANNED term, not the two months it actually lasted
    assert pairs.audit_pairs(db) == [f"Пара № {pid}: срок вне 3–12 месяцев без указанной причины."]


def test_an_ended_early_pair_can_be_edited_without_confirming_its_short_term(db: Database) -> None:
    # GIVEN a pair ended after seven weeks
    pid = make(db, person(db, "Иванова"), [person(db, "Петрова")])
    pairs.end_early(db, pid, dt.date(2026, 10, 20), "болезнь", today=TODAY)
    # WHEN its notes are edited in the dialog
    data = pairs.get_pair(db, pid)
    data.notes = "документы переданы в архив"
    pairs.save_pair(db, data, today=TODAY)
    # THEN it is saved: no demand to confirm a term shorter than 3 months
    assert pairs.list_pairs(db)[0].notes == "документы переданы в архив"
    assert pairs.get_pair(db, pid).planned_end == PLANNED_END


def test_reviving_an_ended_early_pair_restores_its_planned_end(db: Database) -> None:
    # GIVEN a pair ended early by mistake
    pid = make(db, person(db, "Иванова"), [person(db, "Петрова")])
    pairs.end_early(db, pid, dt.date(2026, 10, 20), "ошибка", today=TODAY)
    # WHEN it is set back to «действует»
    pairs.set_status(db, pid, "active", "прекращена по ошибке", today=TODAY)
    # THEN it runs until its planned end again, and the history shows the restored date
    row = pairs.list_pairs(db)[0]
    assert (row.status_label, row.end_date, row.end_reason) == ("действует", PLANNED_END, "")
    ev = pairs.history(db, pid)[-1]
    assert "Дата окончания: 20.10.2026 → 31.05.2027" in ev.changes
    assert "Состояние: прекращена досрочно → действует" in ev.changes
    assert pairs.audit_pairs(db) == []


def test_reviving_is_refused_when_the_planned_term_breaks_a_limit(db: Database) -> None:
    # GIVEN a mentee whose pair was ended early in October, after which she joined two
    # pairs starting in January
    e = person(db, "Петрова")
    first = make(db, person(db, "Иванова"), [e])
    pairs.end_early(db, first, dt.date(2026, 10, 20), "пауза", today=TODAY)
    for last in ("Белова", "Волкова"):
        make(db, person(db, last), [e], start=dt.date(2027, 1, 10))
    # WHEN the first is revived THEN its planned spring overlaps both: refused, unchanged
    with pytest.raises(PairRuleError, match="Петрова Анна Ивановна уже участвует в 2"):
        pairs.set_status(db, first, "active", today=TODAY)
    row = pairs.list_pairs(db, ids=[first])[0]
    assert (row.status, row.end_date) == ("ended_early", dt.date(2026, 10, 20))


def test_messages_about_a_group_name_the_group(db: Database) -> None:
    # GIVEN a group ended early
    m, e1, e2 = (person(db, n) for n in ("Иванова", "Петрова", "Сидорова"))
    gid = make(db, m, [e1, e2])
    with pytest.raises(ValidationError) as err:
        pairs.end_early(db, gid, dt.date(2026, 8, 1), "поздно", today=TODAY)
    assert err.value.errors["end_date"] == "Дата прекращения раньше начала группы."
    pairs.end_early(db, gid, dt.date(2026, 10, 1), "поздно", today=TODAY)
    # WHEN it is ended again, or its term changed, or an unknown state is asked for
    with pytest.raises(KuratorError, match="^Группа уже прекращена досрочно.$"):
        pairs.end_early(db, gid, dt.date(2026, 10, 2), "ещё раз", today=TODAY)
    with pytest.raises(KuratorError, match="^Группа уже прекращена досрочно; её срок"):
        pairs.change_end_date(db, gid, dt.date(2027, 1, 31), "продлить", today=TODAY)
    with pytest.raises(ValidationError) as err:
        pairs.set_status(db, gid, "paused", today=TODAY)
    # THEN the messages speak of the group, not of a program
    assert err.value.errors["status"] == "Такого состояния пары (группы) нет."
