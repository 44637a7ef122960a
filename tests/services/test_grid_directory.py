"""Directions and levels of the grid: add, rename, reorder, hide, delete; readable colours."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import KuratorError, ValidationError
from app.services.grid import diagnostics, grid_directory, grid_state
from app.services.grid.diagnostics import CellInput, RoundInput
from app.services.people import persons
from app.services.people.persons import PersonData

TODAY = dt.date(2026, 3, 1)


def _round_in(db, direction_id: int) -> int:  # type: ignore[no-untyped-def]
    pid = persons.save_person(db, PersonData(last_name="Петрова", first_name="Ольга"))
    return diagnostics.save_round(
        db,
        RoundInput(pid, TODAY, cells=[CellInput(direction_id, deficit="не знает ФГОС")]),
        today=TODAY,
    )


def test_add_rename_and_reorder(db) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the eleven default directions
    assert len(grid_state.directions(db)) == 11
    # WHEN a direction is added, renamed and moved to the top
    did = grid_directory.add_direction(db, "  Работа  с   наставниками ", "Наставн.")
    grid_directory.rename_direction(db, did, "Работа с молодыми педагогами", "Молодые")
    grid_directory.move_direction(db, did, -100)
    # THEN it is first, with the cleaned new names
    first = grid_state.directions(db)[0]
    assert (first.id, first.name, first.label) == (did, "Работа с молодыми педагогами", "Молодые")
    assert len(grid_state.directions(db)) == 12


def test_a_repeated_or_empty_name_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as err:
        grid_directory.add_direction(db, "икт-компетенции")
    assert "уже есть" in err.value.errors["name"]
    with pytest.raises(ValidationError) as err:
        grid_directory.add_direction(db, "   ")
    assert err.value.errors["name"] == "Укажите название направления."


def test_a_direction_with_data_is_hidden_not_deleted(db) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a direction with a stored cell and an unused one
    used, unused = grid_state.directions(db)[:2]
    rid = _round_in(db, used.id)
    assert grid_directory.direction_usage(db) == {used.id: 1}
    # WHEN deleting the used one THEN it is refused in Russian and nothing changes
    with pytest.raises(KuratorError, match="Скройте направление"):
        grid_directory.delete_direction(db, used.id)
    # WHEN it is hidden THEN it leaves the grid but its cell stays
    grid_directory.set_direction_hidden(db, used.id, True)
    assert used.id not in [d.id for d in grid_state.directions(db)]
    assert [c.deficit for c in diagnostics.get_round(db, rid).cells] == ["не знает ФГОС"]
    grid_directory.set_direction_hidden(db, used.id, False)
    assert used.id in [d.id for d in grid_state.directions(db)]
    # WHEN the unused one is deleted THEN it is gone for good
    grid_directory.delete_direction(db, unused.id)
    assert unused.id not in [d.id for d in grid_state.directions(db, include_hidden=True)]


def test_contrast_with_black() -> None:
    assert grid_directory.contrast_with_black("#FFFFFF") == pytest.approx(21.0)
    assert grid_directory.contrast_with_black("#000") == pytest.approx(1.0)
    # The default palette is readable; a dark red or navy is not.
    for color in ("#F4A6A6", "#FFE699", "#B7E1A1", "#D9D9D9"):
        assert grid_directory.readable_with_black(color), color
    for color in ("#8B0000", "#000080", "#C00000"):
        assert not grid_directory.readable_with_black(color), color
    assert grid_directory.normalize_color("abc") == "#AABBCC"
    with pytest.raises(ValueError, match="не цвет"):
        grid_directory.normalize_color("красный")


def test_level_edit_refuses_a_dark_colour_and_a_repeated_mark(db) -> None:  # type: ignore[no-untyped-def]
    red, yellow = grid_state.levels(db)[:2]
    # WHEN the red level gets a dark colour and the yellow one's mark
    with pytest.raises(ValidationError) as err:
        grid_directory.update_level(db, red.id, "сильный дефицит", "Ч", "#800000")
    # THEN both are refused in Russian and the level is unchanged
    assert "слишком тёмный" in err.value.errors["color"]
    assert "уже есть" in err.value.errors["mark"]
    assert grid_state.levels(db)[0] == red
    # WHEN a readable colour and a new mark are chosen THEN they are stored
    grid_directory.update_level(db, red.id, "сильный дефицит", "С", "#ffb3b3")
    lv = grid_state.levels(db)[0]
    assert (lv.name, lv.mark, lv.color, lv.severity) == ("сильный дефицит", "С", "#FFB3B3", 2)
    assert yellow == grid_state.levels(db)[1]
