"""History of changes, diary, reflection and self-assessment of a program."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import KuratorError, ValidationError
from app.services.grid import grid_state
from app.services.pairs import pairs
from app.services.programs import programs, programs_items, programs_journal
from app.services.programs.programs import ItemData
from tests.services.program_fixtures import END, START, direction_ids, make_pair


def test_prolongation_needs_a_reason_and_is_recorded(db) -> None:
    # GIVEN a program over its pair's whole term (01.09.2026 – 31.05.2027)
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False, today=START)
    # WHEN it is prolonged without a reason THEN the reason is asked for
    with pytest.raises(ValidationError) as err:
        programs_journal.change_period(db, pid, START, dt.date(2027, 5, 20), "  ")
    assert "причину" in err.value.errors["reason"]
    # WHEN it is prolonged past the pair's end THEN it is refused: prolong the pair first
    with pytest.raises(ValidationError) as err:
        programs_journal.change_period(db, pid, START, dt.date(2027, 6, 30), "Болезнь")
    assert "позже пары" in err.value.errors["end_date"]
    assert "продлите пару" in err.value.errors["end_date"]
    assert programs.get_program(db, pid).note.end_date == END
    # WHEN the pair is prolonged (its own 3–12-month rule and limits) and then the program
    pairs.change_end_date(
        db, pair_id, dt.date(2027, 6, 30), "Болезнь наставляемого", today=dt.date(2027, 3, 1)
    )
    kind = programs_journal.change_period(
        db, pid, START, dt.date(2027, 6, 30), "Болезнь наставляемого", date=dt.date(2027, 3, 1)
    )
    # THEN the prolongation is recorded with its reason
    assert kind == "prolonged"
    events = programs_journal.history(db, pid)
    assert [e.kind for e in events] == ["created", "prolonged"]
    assert events[1].reason == "Болезнь наставляемого"
    assert events[1].summary == "окончание: 31.05.2027 → 30.06.2027"
    assert programs.get_program(db, pid).note.end_date == dt.date(2027, 6, 30)


def test_program_cannot_start_before_its_pair(db) -> None:
    # GIVEN a pair from 01.09.2026
    pair_id, _ = make_pair(db)
    # WHEN a program is created or moved to start in August
    with pytest.raises(ValidationError) as err:
        programs.create_program(db, pair_id, fill=False, start=dt.date(2026, 8, 20), end=END)
    # THEN the refusal names the pair's term and says to change the pair first
    assert "раньше пары" in err.value.errors["start_date"]
    assert "01.09.2026 – 31.05.2027" in err.value.errors["start_date"]
    pid = programs.create_program(db, pair_id, fill=False)
    with pytest.raises(ValidationError) as err:
        programs_journal.change_period(db, pid, dt.date(2026, 8, 20), END, "Раньше")
    assert "раньше пары" in err.value.errors["start_date"]
    assert programs.get_program(db, pid).note.start_date == START


def test_a_three_year_program_is_refused(db) -> None:
    # GIVEN a pair of one school year WHEN a program of three years is asked for
    pair_id, _ = make_pair(db)
    with pytest.raises(ValidationError) as err:
        programs.create_program(db, pair_id, fill=False, start=START, end=dt.date(2029, 5, 31))
    # THEN nothing is created and the curator is sent to the pair
    assert "продлите пару" in err.value.errors["end_date"]
    assert programs.list_programs(db) == []


def test_shortening_and_moving_with_the_plan(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    a = programs_items.add_item(
        db, pid, ItemData(direction_ids(db)[0], start_date=dt.date(2026, 9, 10))
    )
    assert (
        programs_journal.change_period(db, pid, START, dt.date(2027, 1, 31), "Цель достигнута")
        == "shortened"
    )
    programs_journal.change_period(db, pid, dt.date(2026, 9, 8), END, "Перенос", shift_plan=True)
    assert programs_items.get_item(db, a).start_date == dt.date(2026, 9, 17)


def test_plan_change_is_kept_with_its_reason(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False, today=START)
    programs_journal.record_plan_change(db, pid, dt.date(2026, 11, 2), "Добавлен вебинар ЦНППМ")
    assert programs_journal.history(db, pid)[-1].kind_name == "изменён план"


def test_diary_needs_date_and_topic(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    with pytest.raises(ValidationError) as err:
        programs_journal.save_diary_entry(db, pid, programs_journal.DiaryEntry(dt.date(2026, 9, 9)))
    assert "тему" in err.value.errors["topic"]
    eid = programs_journal.save_diary_entry(
        db,
        pid,
        programs_journal.DiaryEntry(
            dt.date(2026, 9, 9),
            "Анализ урока",
            "беседа",
            "Найдены ошибки",
            "Сократить вводную часть",
        ),
    )
    entry = programs_journal.diary(db, pid)[0]
    assert (entry.id, entry.topic, entry.recommendations) == (
        eid,
        "Анализ урока",
        "Сократить вводную часть",
    )


def test_reflection_on_a_priority_deficit(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    d = programs.get_program(db, pid).directions[0].direction_id
    programs_journal.update_direction(
        db, pid, d, reflection="Уроки стали стройнее", continue_next_year=False
    )
    plan = programs.get_program(db, pid).directions[0]
    assert (plan.reflection, plan.continue_next_year) == ("Уроки стали стройнее", False)


def test_direction_with_rows_cannot_be_removed(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    d = programs.get_program(db, pid).directions[0].direction_id
    programs_items.add_item(db, pid, ItemData(d))
    with pytest.raises(KuratorError, match="мероприятий"):
        programs_journal.remove_direction(db, pid, d)


def test_self_assessment_levels_per_direction(db) -> None:
    pair_id, mentees = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    levels = grid_state.levels(db)
    d = direction_ids(db)[2]
    a = programs_journal.Assessment(mentees[0], d, levels[0].id, levels[2].id, "рост")
    programs_journal.save_assessment(db, pid, a)
    a.level_end_id = levels[1].id
    programs_journal.save_assessment(db, pid, a)
    stored = programs_journal.assessments(db, pid)
    assert len(stored) == 1 and stored[0].level_end_id == levels[1].id


def test_moving_with_the_plan_is_one_transaction(db, monkeypatch) -> None:
    # GIVEN a program with a planned row on 10.09.2026
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False, today=START)
    a = programs_items.add_item(
        db, pid, ItemData(direction_ids(db)[0], start_date=dt.date(2026, 9, 10))
    )

    def fail(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk I/O error")

    monkeypatch.setattr(programs_items, "shift_items_in", fail)
    # WHEN the start moves a week with the plan and shifting the rows fails
    with pytest.raises(OSError):
        programs_journal.change_period(
            db, pid, dt.date(2026, 9, 8), END, "Перенос", shift_plan=True
        )
    # THEN neither the new dates nor the history event were kept
    note = programs.get_program(db, pid).note
    assert (note.start_date, note.end_date) == (START, END)
    assert [e.kind for e in programs_journal.history(db, pid)] == ["created"]
    assert programs_items.get_item(db, a).start_date == dt.date(2026, 9, 10)


def test_ending_the_pair_early_closes_its_open_programs(db) -> None:
    # GIVEN a pair with an active program and a completed one
    pair_id, _ = make_pair(db)
    active = programs.create_program(db, pair_id, fill=False, today=START)
    programs.update_note(db, active, "status", "active")
    done = programs.create_program(db, pair_id, fill=False, today=START)
    programs.update_note(db, done, "status", "completed")
    # WHEN the pair is ended early on 15.01.2027
    pairs.end_early(
        db, pair_id, dt.date(2027, 1, 15), "Переезд наставляемого", today=dt.date(2027, 1, 15)
    )
    # THEN the active program is «прекращена досрочно» on that day, with the reason
    rows = {r.id: r for r in programs.list_programs(db)}
    assert rows[active].status_name == "прекращена досрочно"
    assert rows[active].end_date == dt.date(2027, 1, 15)
    last = programs_journal.history(db, active)[-1]
    assert (last.kind_name, last.reason, last.date) == (
        "прекращена досрочно",
        "Переезд наставляемого",
        dt.date(2027, 1, 15),
    )
    assert "состояние: выполняется → прекращена досрочно" in last.summary
    # AND the completed one is left as it was
    assert rows[done].status == "completed" and rows[done].end_date == END
    # WHEN the pair is brought back THEN its program is not revived by itself
    pairs.set_status(db, pair_id, "active", "Вернулся", today=dt.date(2027, 1, 20))
    assert programs.get_program(db, active).note.status == "ended_early"


def test_ended_early_is_not_set_by_hand_in_the_note(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    with pytest.raises(ValidationError) as err:
        programs.update_note(db, pid, "status", "ended_early")
    assert "прекратите пару" in err.value.errors["status"]
    assert programs.get_program(db, pid).note.status == "draft"
