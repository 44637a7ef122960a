"""Templates and group modules: dates shift to the new start, module rows per mentee."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ValidationError
from app.services.programs import program_templates, programs, programs_items
from app.services.programs.programs import ItemData
from tests.services.program_fixtures import direction_ids, make_pair


def test_saved_template_recreates_the_plan_shifted_to_the_new_start(db) -> None:
    # GIVEN a program starting 01.09.2026 with rows on day 0–14 and day 30, one already done
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    programs.update_note(db, pid, "goal", "Освоить урок")
    d = direction_ids(db)[4]
    a = programs_items.add_item(
        db,
        pid,
        ItemData(
            d,
            activity_kind="Семинар",
            start_date=dt.date(2026, 9, 1),
            end_date=dt.date(2026, 9, 15),
        ),
    )
    programs_items.add_item(
        db, pid, ItemData(d, activity_kind="Открытый урок", start_date=dt.date(2026, 10, 1))
    )
    programs_items.update_item(db, a, mark="done", evaluation="полезно")
    # WHEN it is saved as a template and a new program starts from it on 12.01.2027
    tid = program_templates.save_as_template(db, pid, "Урок для молодого")
    other_pair, _ = make_pair(db)
    made = program_templates.create_from_template(
        db, other_pair, f"db:{tid}", dt.date(2027, 1, 12), fill=False
    )
    # THEN the rows keep their offsets from the new start, marks and evaluations are reset
    new = programs.get_program(db, made.program_id)
    assert new.note.goal == "Освоить урок"
    assert new.note.start_date == dt.date(2027, 1, 12)
    # AND the template's 272 days would end past the pair's term: the program ends with it
    assert new.note.end_date == dt.date(2027, 5, 31)
    got = [(i.activity_kind, i.start_date, i.end_date, i.mark, i.evaluation) for i in new.items]
    assert got == [
        ("Семинар", dt.date(2027, 1, 12), dt.date(2027, 1, 26), "planned", ""),
        ("Открытый урок", dt.date(2027, 2, 11), None, "planned", ""),
    ]


def test_starter_templates_load_and_instantiate(db) -> None:
    infos = program_templates.list_templates(db)
    starters = [t for t in infos if t.starter]
    assert len(starters) >= 3 and all(t.rows > 0 for t in starters)
    pair_id, _ = make_pair(db)
    for t in starters:
        made = program_templates.create_from_template(
            db, pair_id, t.key, dt.date(2026, 9, 7), fill=False
        )
        data = programs.get_program(db, made.program_id)
        # every row found its direction in the default list
        assert made.skipped == [] and len(data.items) == t.rows
        assert all(i.start_date is None or i.start_date >= dt.date(2026, 9, 7) for i in data.items)
        assert data.note.problem and data.note.tasks


def test_module_rows_go_to_each_group_member(db) -> None:
    # GIVEN a group of three mentees
    pair_id, mentees = make_pair(db, mentees=3)
    key = next(t.key for t in program_templates.list_templates(db) if t.starter)
    content = program_templates.template_content(db, key)
    common = sum(1 for r in content["items"] if not r["module"])
    module = len(content["items"]) - common
    # WHEN a program is made from the template
    made = program_templates.create_from_template(db, pair_id, key, dt.date(2026, 9, 7), fill=False)
    items = programs.get_program(db, made.program_id).items
    # THEN the common part is there once and every mentee has their own module
    assert sum(1 for i in items if i.mentee_id is None) == common
    for m in mentees:
        assert sum(1 for i in items if i.mentee_id == m) == module


def test_copy_rows_into_modules_of_chosen_mentees(db) -> None:
    pair_id, mentees = make_pair(db, mentees=2)
    pid = programs.create_program(db, pair_id, fill=False)
    d = direction_ids(db)[0]
    a = programs_items.add_item(db, pid, ItemData(d, activity_kind="Вебинар"))
    programs_items.update_item(db, a, mark="done")
    new_ids = programs_items.copy_to_mentees(db, pid, [a], mentees)
    items = {i.id: i for i in programs.get_program(db, pid).items}
    assert sorted(items[i].mentee_id for i in new_ids) == sorted(mentees)
    assert all(items[i].mark == "planned" and items[i].activity_kind == "Вебинар" for i in new_ids)


def test_copy_to_a_stranger_is_refused(db) -> None:
    pair_id, _ = make_pair(db, mentees=2)
    other_pair, others = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    a = programs_items.add_item(db, pid, ItemData(direction_ids(db)[0]))
    with pytest.raises(ValidationError):
        programs_items.copy_to_mentees(db, pid, [a], others)


def test_template_needs_a_name(db) -> None:
    pair_id, _ = make_pair(db)
    pid = programs.create_program(db, pair_id, fill=False)
    with pytest.raises(ValidationError) as err:
        program_templates.save_as_template(db, pid, "  ")
    assert "название" in err.value.errors["name"]


def test_a_failure_midway_leaves_no_half_program_and_a_retry_makes_one(db, monkeypatch) -> None:
    # GIVEN a pair and a starter template with many rows
    pair_id, _ = make_pair(db)
    key = max(program_templates.list_templates(db), key=lambda t: t.rows).key
    real_add = programs_items.add_item_in
    calls = {"n": 0}

    def add_then_fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk I/O error")
        return real_add(*args, **kwargs)

    monkeypatch.setattr(programs_items, "add_item_in", add_then_fail)
    # WHEN the third roadmap row fails to save
    with pytest.raises(OSError):
        program_templates.create_from_template(db, pair_id, key, dt.date(2026, 9, 7), fill=False)
    # THEN no program, note, direction or row of it was kept
    assert calls["n"] == 3
    assert programs.list_programs(db) == []
    # AND trying again (the disk is fine now) makes exactly one whole program
    monkeypatch.setattr(programs_items, "add_item_in", real_add)
    made = program_templates.create_from_template(db, pair_id, key, dt.date(2026, 9, 7), fill=False)
    assert [r.id for r in programs.list_programs(db)] == [made.program_id]
    info = next(t for t in program_templates.list_templates(db) if t.key == key)
    assert len(programs.get_program(db, made.program_id).items) == info.rows


def test_template_start_outside_the_pair_is_refused(db) -> None:
    # GIVEN a pair ending 31.05.2027 WHEN a template program would start after it
    pair_id, _ = make_pair(db)
    key = next(t.key for t in program_templates.list_templates(db) if t.starter)
    with pytest.raises(ValidationError) as err:
        program_templates.create_from_template(db, pair_id, key, dt.date(2027, 6, 1), fill=False)
    # THEN it is refused with the pair's term named, and nothing is saved
    assert "срок пары 01.09.2026 – 31.05.2027" in " ".join(err.value.errors.values())
    assert programs.list_programs(db) == []


def test_a_longer_plan_is_compressed_into_a_shorter_program(db) -> None:
    # GIVEN every starter template and a pair with three months left (it ends 31.05.2027)
    pair_id, _ = make_pair(db)
    for t in (t for t in program_templates.list_templates(db) if t.starter):
        # WHEN a program from 01.03.2027 is made from it
        made = program_templates.create_from_template(
            db, pair_id, t.key, dt.date(2027, 3, 1), fill=False
        )
        data = programs.get_program(db, made.program_id)
        # THEN every row lies within the program's period, in the template's order
        assert data.note.end_date == dt.date(2027, 5, 31)
        dated = [i for i in data.items if i.start_date]
        assert all(
            dt.date(2027, 3, 1)
            <= i.start_date
            <= (i.end_date or i.start_date)
            <= data.note.end_date
            for i in dated
            if i.start_date
        )


def test_template_program_follows_the_mentees_diagnosis(db) -> None:
    # GIVEN a pair with no directions picked; the mentee's grid: direction 1 red and first
    # priority, direction 4 yellow (not first priority)
    from app.services.grid import diagnostics, grid_state
    from app.services.grid.diagnostics import CellInput, RoundInput

    pair_id, (mentee,) = make_pair(db, with_directions=False)
    dirs = grid_state.directions(db)
    red, yellow = (lv.id for lv in grid_state.levels(db)[:2])
    diagnostics.save_round(
        db,
        RoundInput(
            mentee,
            dt.date(2026, 9, 5),
            cells=[
                CellInput(
                    dirs[1].id, deficit="Не знает локальных актов", level_id=red, priority=True
                ),
                CellInput(dirs[4].id, deficit="Урок без плана", level_id=yellow),
            ],
        ),
        today=dt.date(2026, 9, 10),
    )
    # WHEN a program is made from each starter template
    for t in (t for t in program_templates.list_templates(db) if t.starter):
        made = program_templates.create_from_template(
            db, pair_id, t.key, dt.date(2026, 9, 14), fill=False
        )
        plan = {d.direction_id: d for d in programs.get_program(db, made.program_id).directions}
        # THEN the diagnosed deficits are there with the grid's texts and priorities, and no
        # template marks another direction first-priority over them
        assert plan[dirs[1].id].priority and plan[dirs[1].id].deficit == "Не знает локальных актов"
        assert not plan[dirs[4].id].priority and plan[dirs[4].id].deficit == "Урок без плана"
        assert [d for d, p in plan.items() if p.priority] == [dirs[1].id]
