"""The school view's rows and sort keys, and before/after counts — without a window."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import KuratorError
from app.services.grid import diagnostics, grid_compare, grid_school, grid_state
from app.services.grid.diagnostics import CellInput, RoundInput
from app.services.people import persons
from app.services.people.persons import MentorData, PersonData

TODAY = dt.date(2026, 3, 1)
SEP, JAN = dt.date(2025, 9, 15), dt.date(2026, 1, 20)


def _levels(db):  # type: ignore[no-untyped-def]
    by_sev = {lv.severity: lv.id for lv in grid_state.levels(db)}
    return by_sev[2], by_sev[1], by_sev[0], by_sev[None]


def _round(
    db,
    pid: int,
    date: dt.date,
    levels: list[int | None],  # type: ignore[no-untyped-def]
    strengths: dict[int, str] | None = None,
) -> int:
    dirs = grid_state.directions(db)
    cells = [
        CellInput(d.id, (strengths or {}).get(i, ""), "", lv)
        for i, (d, lv) in enumerate(zip(dirs, levels, strict=False))
    ]
    return diagnostics.save_round(db, RoundInput(pid, date, cells=cells), today=TODAY)


def test_school_rows_carry_latest_cells_and_sort_keys(db) -> None:  # type: ignore[no-untyped-def]
    red, yellow, green, grey = _levels(db)
    # GIVEN two teachers: Петрова with two red cells (one flagged) and Иванов with one
    a = persons.save_person(
        db,
        PersonData(
            last_name="Петрова",
            first_name="Ольга",
            position="учитель",
            subjects="Русский язык; литература",
        ),
    )
    b = persons.save_person(
        db, PersonData(last_name="Иванов", first_name="Пётр", mentor=MentorData())
    )
    persons.save_person(db, PersonData(last_name="Архипова", first_name="Анна", archived=True))
    rid = _round(db, a, SEP, [red, red, yellow, grey])
    diagnostics.save_cell(db, rid, CellInput(grid_state.directions(db)[0].id, "", "", red, True))
    _round(db, b, SEP, [green, red], strengths={0: "призёр конкурса"})
    # WHEN the school rows are read
    rows = {r.full_name: r for r in grid_school.school_rows(db)}
    top = grid_school.top_severity(grid_state.levels(db))
    # THEN the archive is left out and the keys count what the curator sees
    assert set(rows) == {"Петрова Ольга", "Иванов Пётр"}
    p, i = rows["Петрова Ольга"], rows["Иванов Пётр"]
    assert top == 2
    assert grid_school.red_sort_key(p, top) == (2, 1, 1)
    assert grid_school.red_sort_key(i, top) == (1, 0, 0)
    assert p.subject_list == ["Русский язык", "литература"]
    assert i.is_mentor and i.strengths() == 1 and p.strengths() == 0
    d = grid_state.directions(db)
    assert [grid_school.direction_sort_key(p, x.id) for x in d[:5]] == [2, 2, 1, -1, -2]
    assert grid_school.passes_min_level(i, 2) and not grid_school.passes_min_level(i, 3)
    assert grid_school.passes_min_level(p, None)


def test_compare_two_rounds_of_a_teacher(db) -> None:  # type: ignore[no-untyped-def]
    red, yellow, green, grey = _levels(db)
    pid = persons.save_person(db, PersonData(last_name="Петрова", first_name="Ольга"))
    # GIVEN autumn: red, red, yellow, green, grey; winter: yellow, green, red, green, yellow
    before = _round(db, pid, SEP, [red, red, yellow, green, grey])
    after = _round(db, pid, JAN, [yellow, green, red, green, yellow])
    # WHEN compared
    result = grid_compare.compare_rounds(db, before, after)
    # THEN two went down, one went up, one stayed, one cannot be compared
    c = result.counts
    assert (c.improved, c.worse, c.same, c.no_data) == (2, 1, 1, 1)
    assert c.text() == ("улучшилось: 2, ухудшилось: 1, без изменений: 1, не с чем сравнить: 1")
    d = grid_state.directions(db)
    statuses = [result.persons[0].changes[x.id].status for x in d[:5]]
    assert statuses == [
        grid_compare.IMPROVED,
        grid_compare.IMPROVED,
        grid_compare.WORSE,
        grid_compare.SAME,
        grid_compare.NO_DATA,
    ]
    assert result.before_label == "15.09.2025" and result.after_label == "20.01.2026"
    assert d[5].id not in result.persons[0].changes  # empty on both sides: not counted


def test_rounds_of_two_teachers_are_not_compared(db) -> None:  # type: ignore[no-untyped-def]
    red = _levels(db)[0]
    a = persons.save_person(db, PersonData(last_name="Петрова", first_name="Ольга"))
    b = persons.save_person(db, PersonData(last_name="Иванов", first_name="Пётр"))
    with pytest.raises(KuratorError, match="одного педагога"):
        grid_compare.compare_rounds(db, _round(db, a, SEP, [red]), _round(db, b, SEP, [red]))


def test_compare_the_school_between_two_dates(db) -> None:  # type: ignore[no-untyped-def]
    red, yellow, green, _grey = _levels(db)
    a = persons.save_person(db, PersonData(last_name="Петрова", first_name="Ольга"))
    b = persons.save_person(db, PersonData(last_name="Иванов", first_name="Пётр"))
    persons.save_person(db, PersonData(last_name="Сидоров", first_name="Иван"))  # no rounds
    _round(db, a, SEP, [red, yellow])
    _round(db, a, JAN, [green])  # only the first direction re-assessed
    _round(db, b, SEP, [green, green])
    _round(db, b, JAN, [red, green])
    # WHEN the school is compared between October and February
    result = grid_compare.compare_dates(db, dt.date(2025, 10, 1), dt.date(2026, 2, 1))
    # THEN the latest level on each date counts: Петрова's second direction stays yellow
    c = result.counts
    assert (c.improved, c.worse, c.same, c.no_data) == (1, 1, 2, 0)
    assert [p.full_name for p in result.persons] == ["Иванов Пётр", "Петрова Ольга"]
    with pytest.raises(KuratorError, match="раньше первой"):
        grid_compare.compare_dates(db, JAN, SEP)


def test_latest_levels_pick_the_same_cells_as_latest_cells(db) -> None:  # type: ignore[no-untyped-def]
    # GIVEN rounds on the same date and on different dates, some directions re-assessed
    import random

    rng = random.Random(7)
    levels = [lv.id for lv in grid_state.levels(db)] + [None]
    dirs = [d.id for d in grid_state.directions(db)]
    for surname in ("Белова", "Волков", "Гусева", "Дёмин", "Ершова", "Жуков"):
        pid = persons.save_person(db, PersonData(last_name=surname, first_name="Анна"))
        for _ in range(3):
            date = dt.date(2025, rng.choice([9, 12]), rng.choice([1, 15]))
            cells = [
                CellInput(
                    d,
                    rng.choice(["", "сильна"]),
                    rng.choice(["", "слаба"]),
                    rng.choice(levels),
                    rng.random() < 0.3,
                )
                for d in rng.sample(dirs, 4)
            ]
            diagnostics.save_round(db, RoundInput(pid, date, cells=cells), today=TODAY)
    # WHEN both readers are asked, now and as of October
    for as_of in (None, dt.date(2025, 10, 1)):
        full = grid_state.latest_cells(db, as_of=as_of)
        light = grid_state.latest_levels(db, as_of=as_of)
        # THEN they agree on every teacher, direction, level, flag and round date
        assert {p: set(c) for p, c in full.items()} == {p: set(c) for p, c in light.items()}
        for pid, cells in full.items():
            for did, c in cells.items():
                lc = light[pid][did]
                assert (
                    lc.level_id,
                    lc.severity,
                    lc.priority,
                    lc.round_date,
                    lc.has_strength,
                    lc.has_deficit,
                ) == (
                    c.level_id,
                    c.severity,
                    c.priority,
                    c.round_date,
                    bool(c.strength),
                    bool(c.deficit),
                )
