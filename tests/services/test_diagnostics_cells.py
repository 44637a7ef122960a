"""Saving one cell of a stored round at once, as the grid does after every edit."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import KuratorError, ValidationError
from app.services.grid import diagnostics, grid_state
from app.services.grid.diagnostics import CellInput, RoundInput
from app.services.people import persons
from app.services.people.persons import PersonData

TODAY = dt.date(2026, 3, 1)


def _round(db) -> int:  # type: ignore[no-untyped-def]
    pid = persons.save_person(db, PersonData(last_name="Петрова", first_name="Ольга"))
    return diagnostics.save_round(db, RoundInput(pid, TODAY, "коллеги"), today=TODAY)


def test_a_cell_is_added_changed_and_removed(db) -> None:  # type: ignore[no-untyped-def]
    rid = _round(db)
    d0 = grid_state.directions(db)[0].id
    red = grid_state.levels(db)[0].id
    long_text = "Не\x07 умеет " + "а" * 12000
    # WHEN a cell is saved with a long text pasted from Word
    diagnostics.save_cell(db, rid, CellInput(d0, "ведёт кружок", long_text, red, True))
    # THEN it is stored whole, without the control character
    cell = diagnostics.get_round(db, rid).cells[0]
    assert cell.deficit == "Не умеет " + "а" * 12000 and cell.priority and cell.level_id == red
    # WHEN the same cell is changed THEN it is updated in place
    diagnostics.save_cell(db, rid, CellInput(d0, "ведёт кружок", "мало", None, False))
    assert [(c.deficit, c.level_id) for c in diagnostics.get_round(db, rid).cells] == [
        ("мало", None)
    ]
    # WHEN it is emptied THEN it is removed
    diagnostics.save_cell(db, rid, CellInput(d0))
    assert diagnostics.get_round(db, rid).cells == []


def test_a_cell_of_a_deleted_round_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    rid = _round(db)
    diagnostics.delete_round(db, rid)
    with pytest.raises(KuratorError, match="уже удалена"):
        diagnostics.save_cell(db, rid, CellInput(grid_state.directions(db)[0].id, "а"))


def test_round_header_keeps_cells_and_refuses_a_future_date(db) -> None:  # type: ignore[no-untyped-def]
    rid = _round(db)
    d0 = grid_state.directions(db)[0].id
    diagnostics.save_cell(db, rid, CellInput(d0, deficit="мало"))
    diagnostics.save_round_header(
        db, rid, dt.date(2026, 2, 1), "администрация", "заметка", today=TODAY
    )
    back = diagnostics.get_round(db, rid)
    assert (back.date, back.source, back.notes) == (dt.date(2026, 2, 1), "администрация", "заметка")
    assert [c.deficit for c in back.cells] == ["мало"]
    with pytest.raises(ValidationError) as err:
        diagnostics.save_round_header(db, rid, dt.date(2026, 4, 1), "", "", today=TODAY)
    assert "будущем" in err.value.errors["date"]
    assert diagnostics.get_round(db, rid).date == dt.date(2026, 2, 1)
