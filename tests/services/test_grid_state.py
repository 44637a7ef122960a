"""The latest cell per teacher and direction, as every grid reader sees it."""

from __future__ import annotations

import datetime as dt

from app.models import DiagnosticEntry, DiagnosticRound
from app.services.grid import grid_state
from app.services.people import persons
from app.services.people.persons import PersonData


def _round(db, pid, date, cells):  # type: ignore[no-untyped-def]
    with db.session() as s:
        r = DiagnosticRound(person_id=pid, date=date, source="администрация")
        r.entries = [
            DiagnosticEntry(direction_id=d, level_id=lv, deficit=text, strength="")
            for d, lv, text in cells
        ]
        s.add(r)


def test_defaults_are_seeded_in_order(db) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a new data folder WHEN its grid lists are read
    dirs = grid_state.directions(db)
    lvls = grid_state.levels(db)
    # THEN the eleven default directions and four levels are there, in order
    assert len(dirs) == 11
    assert dirs[5].name == "ИКТ-компетенции" and dirs[5].label == "ИКТ"
    assert [lv.name for lv in lvls] == [
        "выраженный дефицит",
        "частичный дефицит",
        "нет дефицита",
        "не оценивалось",
    ]
    assert [lv.severity for lv in lvls] == [2, 1, 0, None]


def test_latest_cell_per_direction_across_rounds(db) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a teacher diagnosed twice; the second round only covers one direction
    pid = persons.save_person(db, PersonData(last_name="Иванова", first_name="Мария"))
    d1, d2 = (d.id for d in grid_state.directions(db)[:2])
    red, yellow, green = (lv.id for lv in grid_state.levels(db)[:3])
    _round(db, pid, dt.date(2025, 9, 10), [(d1, red, "не знает"), (d2, yellow, "слабо")])
    _round(db, pid, dt.date(2026, 3, 1), [(d1, green, "")])
    # WHEN the latest cells are read now and as of the autumn
    now = grid_state.latest_cells(db)[pid]
    autumn = grid_state.latest_cells(db, as_of=dt.date(2025, 12, 31))[pid]
    # THEN each direction keeps its own latest round
    assert now[d1].level_id == green and now[d1].severity == 0
    assert now[d2].level_id == yellow and now[d2].deficit == "слабо"
    assert autumn[d1].level_id == red and autumn[d1].severity == 2
    assert grid_state.latest_cells(db, person_ids=[pid + 1]) == {}
