"""History of changes, diary, reflection and self-assessment of a program."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import KuratorError, ValidationError
from app.services import grid_state, programs, programs_items, programs_journal
from app.services.programs import ItemData
from tests.services.program_fixtures import END, START, direction_ids, make_pair


def test_prolongation_needs_a_reason_and_is_recorded(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, today=START)
    with pytest.raises(ValidationError) as err:
        programs_journal.change_period(db, pid, START, dt.date(2027, 6, 30), "  ")
    assert "причину" in err.value.errors["reason"]
    kind = programs_journal.change_period(db, pid, START, dt.date(2027, 6, 30),
                                          "Болезнь наставляемого", date=dt.date(2027, 3, 1))
    assert kind == "prolonged"
    events = programs_journal.history(db, pid)
    assert [e.kind for e in events] == ["created", "prolonged"]
    assert events[1].reason == "Болезнь наставляемого"
    assert events[1].summary == "окончание: 31.05.2027 → 30.06.2027"
    assert programs.get_program(db, pid).note.end_date == dt.date(2027, 6, 30)


def test_shortening_and_moving_with_the_plan(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id)
    a = programs_items.add_item(db, pid, ItemData(direction_ids(db)[0], start_date=dt.date(2026, 9, 10)))
    assert programs_journal.change_period(db, pid, START, dt.date(2027, 1, 31), "Цель достигнута") == "shortened"
    programs_journal.change_period(db, pid, dt.date(2026, 9, 8), END, "Перенос", shift_plan=True)
    assert programs_items.get_item(db, a).start_date == dt.date(2026, 9, 17)


def test_plan_change_is_kept_with_its_reason(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, today=START)
    programs_journal.record_plan_change(db, pid, dt.date(2026, 11, 2), "Добавлен вебинар ЦНППМ")
    assert programs_journal.history(db, pid)[-1].kind_name == "изменён план"


def test_diary_needs_date_and_topic(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id)
    with pytest.raises(ValidationError) as err:
        programs_journal.save_diary_entry(db, pid, programs_journal.DiaryEntry(dt.date(2026, 9, 9)))
    assert "тему" in err.value.errors["topic"]
    eid = programs_journal.save_diary_entry(db, pid, programs_journal.DiaryEntry(
        dt.date(2026, 9, 9), "Анализ урока", "беседа", "Найдены ошибки", "Сократить вводную часть"))
    entry = programs_journal.diary(db, pid)[0]
    assert (entry.id, entry.topic, entry.recommendations) == (eid, "Анализ урока", "Сократить вводную часть")


def test_reflection_on_a_priority_deficit(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id)
    d = programs.get_program(db, pid).directions[0].direction_id
    programs_journal.update_direction(db, pid, d, reflection="Уроки стали стройнее",
                                      continue_next_year=False)
    plan = programs.get_program(db, pid).directions[0]
    assert (plan.reflection, plan.continue_next_year) == ("Уроки стали стройнее", False)


def test_direction_with_rows_cannot_be_removed(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id)
    d = programs.get_program(db, pid).directions[0].direction_id
    programs_items.add_item(db, pid, ItemData(d))
    with pytest.raises(KuratorError, match="мероприятий"):
        programs_journal.remove_direction(db, pid, d)


def test_self_assessment_levels_per_direction(db) -> None:
    pair_id, mentees = make_pair(db)
    pid = programs.create_program(db, pair_id)
    levels = grid_state.levels(db)
    d = direction_ids(db)[2]
    a = programs_journal.Assessment(mentees[0], d, levels[0].id, levels[2].id, "рост")
    programs_journal.save_assessment(db, pid, a)
    a.level_end_id = levels[1].id
    programs_journal.save_assessment(db, pid, a)
    stored = programs_journal.assessments(db, pid)
    assert len(stored) == 1 and stored[0].level_end_id == levels[1].id
