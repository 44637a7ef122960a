"""Programs: creating for a pair, the note as typed, progress and overdue, validation."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import KuratorError, ValidationError
from app.services.programs import programs, programs_items
from app.services.programs.programs import ItemData
from app.services.programs.programs_progress import ItemDates, progress
from tests.services.program_fixtures import END, START, direction_ids, make_pair


def test_new_program_is_prefilled_from_the_pair(db) -> None:
    # GIVEN a pair working on two directions
    pair_id, mentees = make_pair(db)
    # WHEN a program is created for it
    pid = programs.create_program(db, pair_id, fill=False, today=START)
    # THEN it takes the pair's dates, form, mode and directions with their deficits
    data = programs.get_program(db, pid)
    assert (data.note.start_date, data.note.end_date) == (START, END)
    assert data.note.form == "учитель – учитель" and data.note.mode == "очный"
    assert data.note.mentoring_type == "индивидуальное"
    assert [d.deficit for d in data.directions] == ["Дисциплина", "Построение урока"]
    assert [d.focus for d in data.directions] == ["deficit", "deficit"]
    # AND with no priority in the grid, the first direction is the priority one
    assert [d.priority for d in data.directions] == [True, False]
    assert [m.id for m in data.mentees] == mentees
    assert data.mentor.name == "Кузнецова Елена Андреевна"


def test_note_fields_are_saved_cleaned_as_typed(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    # WHEN the curator pastes text with control characters and a task list with blanks
    programs.update_note(db, pid, "problem", "Трудности\x0b с уроком\x07")
    programs.update_note(db, pid, "tasks", ["Изучить ФГОС", "  ", "Провести урок"])
    # THEN what is stored is clean
    note = programs.get_program(db, pid).note
    assert note.problem == "Трудности\nс уроком"
    assert note.tasks == ["Изучить ФГОС", "Провести урок"]


def test_progress_counts_done_and_overdue_as_of_a_date() -> None:
    # GIVEN five rows: done, cancelled, planned past due, moved to a later date, undated
    items = [
        ItemDates("done", dt.date(2026, 9, 5), None, dt.date(2026, 9, 5)),
        ItemDates("cancelled", dt.date(2026, 9, 10), None, None),
        ItemDates("planned", dt.date(2026, 9, 1), dt.date(2026, 9, 30), None),
        ItemDates("moved", dt.date(2026, 9, 1), dt.date(2026, 9, 30), dt.date(2026, 11, 1)),
        ItemDates("planned", None, None, None),
    ]
    # WHEN progress is taken on 15.10.2026
    p = progress(items, dt.date(2026, 10, 15))
    # THEN one of four counted rows is done (25 %) and only the planned past row is overdue
    assert (p.total, p.done, p.cancelled, p.overdue, p.percent) == (5, 1, 1, 1, 25)
    # AND after the moved date passes it is overdue too
    assert progress(items, dt.date(2026, 11, 2)).overdue == 2


def test_list_shows_progress_of_each_program(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    d = direction_ids(db)[4]
    a = programs_items.add_item(db, pid, ItemData(d, end_date=dt.date(2026, 9, 20)))
    programs_items.add_item(db, pid, ItemData(d, end_date=dt.date(2026, 12, 20)))
    programs_items.update_item(db, a, mark="done", mark_date=dt.date(2026, 9, 19))
    programs_items.add_item(db, pid, ItemData(d, end_date=dt.date(2026, 10, 1)))
    rows = programs.list_programs(db, as_of=dt.date(2026, 10, 10))
    assert len(rows) == 1
    r = rows[0]
    assert (r.progress.percent, r.progress.overdue) == (33, 1)
    assert r.mentor == "Е.А.\u00a0Кузнецова" and "Смирнова" in r.mentees


def test_item_without_direction_is_refused_and_nothing_saved(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    with pytest.raises(ValidationError) as err:
        programs_items.add_item(db, pid, ItemData(None, activity_kind="Семинар"))
    assert "направление" in err.value.errors["direction_id"]
    assert programs.get_program(db, pid).items == []


def test_dates_outside_period_are_flagged() -> None:
    item = ItemData(1, start_date=dt.date(2026, 8, 20), end_date=dt.date(2026, 9, 10))
    warnings = programs_items.item_warnings(item, START, END)
    assert set(warnings) == {"start_date"}
    assert (
        "20.08.2026" in warnings["start_date"]
        and "01.09.2026 – 31.05.2027" in warnings["start_date"]
    )


def test_end_before_start_of_an_item_is_refused(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    d = direction_ids(db)[0]
    with pytest.raises(ValidationError) as err:
        programs_items.add_item(
            db, pid, ItemData(d, start_date=dt.date(2026, 10, 2), end_date=dt.date(2026, 10, 1))
        )
    assert "раньше" in err.value.errors["end_date"]


def test_delete_then_restore_brings_the_row_back_in_place(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    d = direction_ids(db)[4]
    ids = [programs_items.add_item(db, pid, ItemData(d, activity_kind=f"№{i}")) for i in range(3)]
    deleted = programs_items.delete_items(db, [ids[1]])
    assert [i.activity_kind for i in programs.get_program(db, pid).items] == ["№0", "№2"]
    programs_items.restore_items(db, deleted)
    items = programs.get_program(db, pid).items
    assert [(i.id, i.activity_kind) for i in items] == [
        (ids[0], "№0"),
        (ids[1], "№1"),
        (ids[2], "№2"),
    ]


def test_move_and_copy_rows_within_a_direction(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    d = direction_ids(db)[4]
    a = programs_items.add_item(db, pid, ItemData(d, activity_kind="А"))
    b = programs_items.add_item(db, pid, ItemData(d, activity_kind="Б"))
    assert programs_items.move_item(db, b, -1)
    assert not programs_items.move_item(db, b, -1)
    programs_items.update_item(db, a, mark="done")
    c = programs_items.copy_item(db, a)
    items = programs.get_program(db, pid).items
    assert [i.activity_kind for i in items] == ["Б", "А", "А"]
    copy = next(i for i in items if i.id == c)
    assert copy.mark == "planned" and copy.mark_date is None


def test_marking_done_without_a_date_takes_today(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    a = programs_items.add_item(db, pid, ItemData(direction_ids(db)[0]))
    stored = programs_items.update_item(db, a, mark="done")
    assert stored.mark_date == dt.date.today()
    stored = programs_items.update_item(db, a, mark="planned")
    assert stored.mark_date is None


def test_deleted_program_gives_a_russian_error(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    programs.delete_program(db, pid)
    with pytest.raises(KuratorError, match="удалена"):
        programs.get_program(db, pid)
