"""Saving diagnostic rounds: cells, cleaning, validation, editing."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ValidationError
from app.services.grid import diagnostics, grid_state
from app.services.grid.diagnostics import CellInput, RoundInput
from app.services.people import persons
from app.services.people.persons import PersonData

TODAY = dt.date(2026, 3, 1)


def _teacher(db) -> int:  # type: ignore[no-untyped-def]
    return persons.save_person(db, PersonData(last_name="Петрова", first_name="Ольга"))


def test_round_is_saved_cleaned_and_empty_cells_dropped(db) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a teacher and a round with a text pasted from Word and one empty cell
    pid = _teacher(db)
    d = grid_state.directions(db)
    red = grid_state.levels(db)[0].id
    data = RoundInput(
        pid,
        dt.date(2025, 9, 15),
        "самодиагностика",
        cells=[
            CellInput(
                d[0].id,
                strength="ведёт кружок",
                deficit="не\x0bзнает ФГОС",
                level_id=red,
                priority=True,
            ),
            CellInput(d[1].id),
        ],
    )
    # WHEN saved and read back
    rid = diagnostics.save_round(db, data, today=TODAY)
    back = diagnostics.get_round(db, rid)
    # THEN only the filled cell is stored, without the control character
    assert [c.direction_id for c in back.cells] == [d[0].id]
    assert back.cells[0].deficit == "не\nзнает ФГОС"  # Word's line break kept as one
    assert back.cells[0].priority is True and back.cells[0].level_id == red
    assert [r.id for r in diagnostics.list_rounds(db, pid)] == [rid]


def test_future_date_and_repeated_direction_are_refused(db) -> None:  # type: ignore[no-untyped-def]
    pid = _teacher(db)
    d0 = grid_state.directions(db)[0].id
    # WHEN a round is dated tomorrow THEN the date field gets a Russian message
    with pytest.raises(ValidationError) as err:
        diagnostics.save_round(db, RoundInput(pid, TODAY + dt.timedelta(days=1)), today=TODAY)
    assert "будущем" in err.value.errors["date"]
    # WHEN one direction is given twice THEN it is refused and nothing is stored
    with pytest.raises(ValidationError) as err:
        diagnostics.save_round(
            db,
            RoundInput(pid, TODAY, cells=[CellInput(d0, deficit="а"), CellInput(d0, deficit="б")]),
            today=TODAY,
        )
    assert "дважды" in err.value.errors["cells"]
    assert diagnostics.list_rounds(db, pid) == []


def test_editing_replaces_cells(db) -> None:  # type: ignore[no-untyped-def]
    pid = _teacher(db)
    d = grid_state.directions(db)
    rid = diagnostics.save_round(
        db,
        RoundInput(
            pid, TODAY, cells=[CellInput(d[0].id, deficit="а"), CellInput(d[1].id, deficit="б")]
        ),
        today=TODAY,
    )
    # WHEN the round is edited to keep one direction with a new text
    diagnostics.save_round(
        db, RoundInput(pid, TODAY, cells=[CellInput(d[1].id, deficit="в")], id=rid), today=TODAY
    )
    # THEN the other cell is gone and the kept one changed
    back = diagnostics.get_round(db, rid)
    assert [(c.direction_id, c.deficit) for c in back.cells] == [(d[1].id, "в")]


def test_round_before_the_teachers_birth_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    pid = persons.save_person(
        db, PersonData(last_name="Юная", first_name="Анна", birth_date=dt.date(2003, 5, 1))
    )
    with pytest.raises(ValidationError) as err:
        diagnostics.save_round(db, RoundInput(pid, dt.date(1990, 1, 1)), today=TODAY)
    assert "раньше даты рождения" in err.value.errors["date"]
    assert diagnostics.list_rounds(db, pid) == []
