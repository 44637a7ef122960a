"""Pairs: prolonging, shortening, ending early and status changes are kept as history."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import KuratorError, ValidationError
from app.models.db import Database
from app.services.pairs import pairs
from app.services.pairs.pair_checks import PairRuleError
from app.services.pairs.pair_data import PairData
from app.services.people.persons import PersonData, save_person

TODAY = dt.date(2026, 11, 24)


def person(db: Database, last: str) -> int:
    return save_person(db, PersonData(last_name=last, first_name="Анна", middle_name="Ивановна"))


def make(db: Database, mentor: int, mentee: int, end: dt.date = dt.date(2027, 5, 31)) -> int:
    return pairs.save_pair(
        db,
        PairData(
            mentor_id=mentor,
            mentee_ids=[mentee],
            start_date=dt.date(2026, 9, 1),
            end_date=end,
            status="active",
        ),
        today=TODAY,
    )


def test_prolonging_records_old_and_new_end_with_the_reason(db: Database) -> None:
    # GIVEN a pair until 31.05.2027
    pid = make(db, person(db, "Иванова"), person(db, "Петрова"))
    # WHEN it is prolonged to 31.08.2027
    kind = pairs.change_end_date(db, pid, dt.date(2027, 8, 31), "по взаимному желанию", today=TODAY)
    # THEN the end date changed and the history says so in Russian
    assert kind == "prolonged"
    assert pairs.list_pairs(db)[0].end_date == dt.date(2027, 8, 31)
    ev = pairs.history(db, pid)[-1]
    assert (ev.date, ev.kind_label, ev.reason) == (TODAY, "Продлена", "по взаимному желанию")
    assert ev.changes == ("Дата окончания: 31.05.2027 → 31.08.2027",)


def test_prolonging_past_a_year_needs_a_confirmed_reason(db: Database) -> None:
    pid = make(db, person(db, "Иванова"), person(db, "Петрова"))
    with pytest.raises(ValidationError) as err:
        pairs.change_end_date(db, pid, dt.date(2027, 12, 31), "не успели", today=TODAY)
    assert err.value.errors["duration_reason"].startswith("Срок длиннее года")
    pairs.change_end_date(
        db,
        pid,
        dt.date(2027, 12, 31),
        "не успели",
        today=TODAY,
        duration_confirmed=True,
        duration_reason="болезнь наставляемого",
    )
    row = pairs.list_pairs(db)[0]
    assert row.duration_reason == "болезнь наставляемого"


def test_shortening_requires_a_reason_and_is_recorded(db: Database) -> None:
    pid = make(db, person(db, "Иванова"), person(db, "Петрова"))
    with pytest.raises(ValidationError) as err:
        pairs.change_end_date(db, pid, dt.date(2027, 3, 31), "  ", today=TODAY)
    assert err.value.errors["reason"] == "Укажите причину изменения срока."
    assert (
        pairs.change_end_date(db, pid, dt.date(2027, 3, 31), "цель достигнута раньше", today=TODAY)
        == "shortened"
    )
    assert pairs.history(db, pid)[-1].kind_label == "Сокращена"


def test_prolonging_into_a_busy_period_is_refused(db: Database) -> None:
    # GIVEN a mentee with one pair until December and another starting in January... twice
    e = person(db, "Петрова")
    m1, m2, m3 = person(db, "Аксёнова"), person(db, "Белова"), person(db, "Волкова")
    short = make(db, m1, e, end=dt.date(2026, 12, 31))
    for m in (m2, m3):
        pairs.save_pair(
            db,
            PairData(
                mentor_id=m,
                mentee_ids=[e],
                start_date=dt.date(2027, 1, 10),
                end_date=dt.date(2027, 5, 31),
            ),
            today=TODAY,
        )
    # WHEN the first is prolonged into the spring THEN the limit of two refuses it
    with pytest.raises(PairRuleError):
        pairs.change_end_date(db, short, dt.date(2027, 3, 31), "не успели", today=TODAY)
    assert pairs.list_pairs(db, ids=[short])[0].end_date == dt.date(2026, 12, 31)


def test_ending_early_keeps_planned_end_and_reason(db: Database) -> None:
    pid = make(db, person(db, "Иванова"), person(db, "Петрова"))
    with pytest.raises(ValidationError) as err:
        pairs.end_early(db, pid, dt.date(2026, 11, 20), "", today=TODAY)
    assert err.value.errors["reason"] == "Укажите причину досрочного прекращения."
    pairs.end_early(db, pid, dt.date(2026, 11, 20), "увольнение наставляемого", today=TODAY)
    row = pairs.list_pairs(db)[0]
    assert (row.status_label, row.end_date, row.end_reason) == (
        "прекращена досрочно",
        dt.date(2026, 11, 20),
        "увольнение наставляемого",
    )
    ev = pairs.history(db, pid)[-1]
    assert ev.kind_label == "Прекращена досрочно"
    assert "Дата окончания: 31.05.2027 → 20.11.2026" in ev.changes
    assert "Состояние: действует → прекращена досрочно" in ev.changes


def test_editing_records_what_changed(db: Database) -> None:
    pid = make(db, person(db, "Иванова"), person(db, "Петрова"))
    data = pairs.get_pair(db, pid)
    data.mode, data.order_number, data.order_date = "смешанный", "12-о", dt.date(2026, 9, 5)
    pairs.save_pair(db, data, today=TODAY)
    ev = pairs.history(db, pid)[-1]
    assert ev.kind_label == "Изменена"
    assert set(ev.changes) == {
        "Режим: — → смешанный",
        "Номер приказа: — → 12-о",
        "Дата приказа: — → 05.09.2026",
    }


def test_filters_by_school_year_status_and_person(db: Database) -> None:
    m, e = person(db, "Иванова"), person(db, "Петрова")
    this = make(db, m, e)
    old = pairs.save_pair(
        db,
        PairData(
            mentor_id=m,
            mentee_ids=[e],
            start_date=dt.date(2025, 9, 1),
            end_date=dt.date(2026, 5, 31),
            status="completed",
        ),
        today=TODAY,
    )
    assert [r.id for r in pairs.list_pairs(db, school_year="2026/2027")] == [this]
    assert [r.id for r in pairs.list_pairs(db, school_year="2025/2026")] == [old]
    assert [r.id for r in pairs.list_pairs(db, status="completed")] == [old]
    assert {r.id for r in pairs.list_pairs(db, person_id=e)} == {this, old}
    assert pairs.school_years(db) == ["2026/2027", "2025/2026"]


def test_pairs_round_trip_through_the_exchange_file_and_a_tampered_file_is_audited(
    db: Database, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import json

    from app.services.storage.exchange import export_data, import_data

    # GIVEN a pair with history, exported to the exchange file
    m, e = person(db, "Иванова"), person(db, "Петрова")
    pid = make(db, m, e)
    pairs.change_end_date(db, pid, dt.date(2027, 6, 30), "по желанию", today=TODAY)
    before = (pairs.list_pairs(db), pairs.history(db, pid))
    path = tmp_path / "school.json"
    export_data(db, path)
    # WHEN it is loaded back
    import_data(db, path)
    # THEN the pair and its history are the same, and no rule is broken
    assert (pairs.list_pairs(db), pairs.history(db, pid)) == before
    assert pairs.audit_pairs(db) == []
    # WHEN a hand-edited file makes the mentor her own mentee, four more times over the limit
    doc = json.loads(path.read_text(encoding="utf-8"))
    row = doc["tables"]["pairs"][0]
    doc["tables"]["pairs"] += [dict(row, id=100 + i) for i in range(4)]
    doc["tables"]["pair_mentees"] += [{"pair_id": 100 + i, "person_id": m} for i in range(4)]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    # THEN the import is refused, naming what is wrong in Russian, and nothing changes
    with pytest.raises(KuratorError) as err:
        import_data(db, path)
    message = str(err.value)
    assert "нарушают правила наставничества" in message
    assert "Пара № 100: наставник указан и наставляемым; " in message
    assert ".." not in message and ".;" not in message
    assert (
        "Наставник Иванова Анна Ивановна ведёт 5 программ одновременно (можно не больше 4)"
        in message
    )
    assert "База данных не изменена." in message
    assert (pairs.list_pairs(db), pairs.history(db, pid)) == before
