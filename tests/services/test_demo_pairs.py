"""The demo school's pairs: eight pairs (one reverse) and a group, with or without a grid."""

from __future__ import annotations

import datetime as dt

import pytest

from app.models.db import Database
from app.services.demo.context import DemoContext
from app.services.demo.demo import add_orders, add_persons, add_school
from app.services.demo.demo_pairs import add_pairs
from app.services.grid import grid_state
from app.services.grid.diagnostics import CellInput, RoundInput, save_round
from app.services.pairs import pairs
from tests.prebuilt import DemoSchool


@pytest.mark.parametrize(
    "today", [dt.date(2026, 11, 24), dt.date(2026, 9, 2), dt.date(2027, 6, 20)]
)
def test_pairs_lie_in_the_school_year_with_consent_never_in_the_future(
    demo_school: DemoSchool, today: dt.date
) -> None:
    # GIVEN the demo built on a given day
    db = demo_school(today).db
    rows = pairs.list_pairs(db)
    year = "2026/2027"
    # THEN eight pairs and one group, all in the school year, the status matching the dates
    assert sum(not r.is_group for r in rows) == 8 and sum(r.is_group for r in rows) == 1
    assert all(r.school_year == year for r in rows)
    assert [r.id for r in pairs.list_pairs(db, school_year=year)] == [r.id for r in rows]
    for r in rows:
        assert r.consent_date is not None and r.consent_date <= today
        expected = (
            "planned" if today < r.start_date else "completed" if today > r.end_date else "active"
        )
        assert r.status == expected
    # AND exactly one pair is reverse: a young mentee mentors an experienced colleague
    [rev] = [r for r in rows if "реверсивное" in r.kinds]
    assert rev.mentor_name == "Попов Артём Евгеньевич"
    assert any(r.mentees[0].full_name == rev.mentor_name for r in rows if not r.is_group)


def test_directions_come_from_the_grid_when_there_is_one(db: Database) -> None:
    # GIVEN the demo's people and a diagnosis of Смирнова: red in ИКТ (a priority), yellow
    # in two more directions
    today = dt.date(2026, 11, 24)
    ctx = DemoContext(today=today, school_year="2026/2027", year_start=dt.date(2026, 9, 1))
    for step in (add_persons, add_school, add_orders):
        step(db, ctx)
    dirs = {d.label: d.id for d in grid_state.directions(db)}
    lv = {x.severity: x.id for x in grid_state.levels(db)}
    save_round(
        db,
        RoundInput(
            ctx.persons["smirnova"],
            dt.date(2026, 9, 14),
            cells=[
                CellInput(dirs["ИКТ"], "", "не работает с электронным журналом", lv[2], True),
                CellInput(dirs["Нормативное"], "", "путается в ФОП", lv[1]),
                CellInput(dirs["ОВЗ"], "", "нет опыта", lv[1]),
                CellInput(dirs["Предметное"], "знает предмет", "", lv[0]),
            ],
        ),
        today,
    )
    # WHEN the pairs step runs
    add_pairs(db, ctx)
    # THEN her pair works on her three deficits (not the green one), with the grid's text,
    # listed in the grid's order of directions
    rows = pairs.list_pairs(db)
    smirnova = next(r for r in rows if r.mentee_names == "Смирнова Дарья Алексеевна")
    assert [(d.name, d.deficit) for d in smirnova.directions] == [
        ("Нормативное правовое", "путается в ФОП"),
        ("ИКТ-компетенции", "не работает с электронным журналом"),
        ("Обучение детей с ОВЗ", "нет опыта"),
    ]
    group = next(r for r in rows if r.is_group)
    assert [m.full_name for m in group.mentees] == [
        "Андреев Максим Олегович",
        "Гусева Виктория Сергеевна",
        "Смирнова Дарья Алексеевна",
    ]


def test_the_step_works_without_diagnostics(db: Database) -> None:
    # GIVEN a demo without the grid step
    today = dt.date(2026, 11, 24)
    ctx = DemoContext(today=today, school_year="2026/2027", year_start=dt.date(2026, 9, 1))
    for step in (add_persons, add_school, add_orders):
        step(db, ctx)
    # WHEN the pairs step runs
    summary = add_pairs(db, ctx)
    # THEN the pairs are there without directions, the reverse one with its fixed colleague
    assert summary == "наставнических пар — 8, из них реверсивных — 1; групп — 1"
    rows = pairs.list_pairs(db)
    assert len(rows) == 9 and not any(r.directions for r in rows)
    [rev] = [r for r in rows if "реверсивное" in r.kinds]
    assert rev.mentee_names == "Тихонов Виктор Степанович"
