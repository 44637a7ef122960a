"""«Направления и уровни диагностики»: hiding asks and keeps data; dark colours refused."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.grid import diagnostics, grid_state
from app.services.grid.diagnostics import CellInput, RoundInput
from app.services.people import persons
from app.services.people.persons import PersonData
from app.services.storage.workspace import Workspace
from app.ui.common import widgets
from app.ui.grid.directions_dialog import DirectionsDialog
from app.ui.window.main_window import MainWindow

TODAY = dt.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _discard_on_teardown(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(DirectionsDialog, "ask_save_changes", lambda self: widgets.DISCARD)


def _data_in_first_direction(ws: Workspace) -> int:
    pid = persons.save_person(ws.db, PersonData(last_name="Петрова", first_name="Ольга"))
    d0 = grid_state.directions(ws.db)[0].id
    return diagnostics.save_round(
        ws.db, RoundInput(pid, TODAY, cells=[CellInput(d0, deficit="не знает ФГОС")]), today=TODAY
    )


def _dialog(qtbot, ws: Workspace) -> DirectionsDialog:  # type: ignore[no-untyped-def]
    dialog = DirectionsDialog(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_hiding_a_direction_with_data_asks_and_keeps_the_data(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a direction with a stored cell, selected in the dialog
    rid = _data_in_first_direction(ws)
    dialog = _dialog(qtbot, ws)
    first = dialog.selected_direction()
    assert first is not None and "записей: 1" in dialog.dir_list.item(0).text()
    assert not dialog.delete_button.isEnabled()
    questions: list[str] = []
    # WHEN «Скрыть» is pressed and the curator says no
    dialog._confirm = lambda title, text, yes, no: questions.append(text) or False  # type: ignore[method-assign]
    dialog.hide_button.click()
    # THEN it was asked, in Russian, and nothing changed
    assert "есть записи диагностики (1)" in questions[0]
    assert first.id in [d.id for d in grid_state.directions(ws.db)]
    # WHEN the curator agrees THEN it is hidden and the cell is still stored
    dialog._confirm = lambda *a: True  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.changed):
        dialog.hide_button.click()
    assert first.id not in [d.id for d in grid_state.directions(ws.db)]
    assert [c.deficit for c in diagnostics.get_round(ws.db, rid).cells] == ["не знает ФГОС"]
    assert dialog.hide_button.text() == "Показать"


def test_add_rename_and_delete_an_unused_direction(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, ws)
    dialog.dir_name.setText("Работа с молодыми педагогами")
    dialog.dir_short.setText("Молодые")
    dialog.add_button.click()
    added = dialog.selected_direction()
    assert added is not None and added.label == "Молодые"
    dialog.up_button.click()
    assert [d.name for d in grid_state.directions(ws.db)][-2] == "Работа с молодыми педагогами"
    dialog.dir_name.setText("")
    dialog.rename_button.click()
    assert dialog.dir_messages.text("name") == "Укажите название направления."
    dialog.dir_name.setText("Работа с молодыми педагогами")  # nothing left unsaved
    dialog._confirm = lambda *a: True  # type: ignore[method-assign]
    dialog.delete_button.click()
    assert "Работа с молодыми педагогами" not in [
        d.name for d in grid_state.directions(ws.db, include_hidden=True)
    ]


def test_a_dark_level_colour_is_refused_in_russian(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, ws)
    dialog.tabs.setCurrentIndex(1)
    before = grid_state.levels(ws.db)[0]
    # WHEN a dark red is typed THEN the message appears at once, and saving is refused
    dialog.level_color.setText("#8B0000")
    assert "слишком тёмный" in dialog.level_messages.text("color")
    assert not dialog.save_level()
    assert grid_state.levels(ws.db)[0] == before
    # WHEN a light colour is picked through the colour dialog THEN it is saved
    from PySide6.QtGui import QColor

    dialog._choose_color = lambda start: QColor("#FFC0C0")  # type: ignore[method-assign]
    dialog.pick_color()
    assert dialog.level_messages.text("color") == ""
    assert dialog.save_level()
    assert grid_state.levels(ws.db)[0].color == "#FFC0C0"


def test_the_school_menu_opens_the_dialog(qtbot, ws: Workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ws)
    qtbot.addWidget(window)
    opened: list[DirectionsDialog] = []
    monkeypatch.setattr(DirectionsDialog, "exec", lambda self: opened.append(self) or 0)
    school_menu = next(a.menu() for a in window.menuBar().actions() if "Школа" in a.text())
    action = next(
        a for a in school_menu.actions() if a.text() == "Направления и уровни диагностики…"
    )
    action.trigger()
    assert len(opened) == 1
