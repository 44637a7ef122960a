"""The teacher's card: editing cells in place through the delegate saves them at once."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QWidget

from app.services.grid import diagnostics, grid_state
from app.services.grid.diagnostics import CellInput, RoundInput
from app.services.people import persons
from app.services.people.persons import PersonData
from app.services.storage.workspace import Workspace
from app.ui.common import widgets
from app.ui.grid.grid_card_model import ROW_DEFICIT, ROW_STRENGTH, CellEditor
from app.ui.grid.grid_round_dialog import RoundDialog
from app.ui.grid.grid_tab import VIEW_CARD, GridTab

TODAY = dt.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _discard_on_teardown(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(RoundDialog, "ask_save_changes", lambda self: widgets.DISCARD)


def _teacher_with_round(ws: Workspace) -> tuple[int, int]:
    pid = persons.save_person(
        ws.db, PersonData(last_name="Петрова", first_name="Ольга", position="учитель")
    )
    rid = diagnostics.save_round(
        ws.db, RoundInput(pid, dt.date(2025, 9, 15), "коллеги"), today=TODAY
    )
    return pid, rid


def _tab(qtbot, ws: Workspace) -> GridTab:  # type: ignore[no-untyped-def]
    tab = GridTab(ws)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def _open_editor(tab: GridTab, row: int, column: int) -> CellEditor:
    view = tab.card.table
    index = tab.card.model.index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = tab.card.delegate.editor
    assert editor is not None
    return editor


def test_editing_a_deficit_cell_saves_level_text_and_priority(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a teacher with an empty round, shown in the card
    pid, rid = _teacher_with_round(ws)
    tab = _tab(qtbot, ws)
    assert tab.card.person_id() == pid and tab.card.round_id() == rid
    red = next(lv for lv in grid_state.levels(ws.db) if lv.severity == 2)
    # WHEN the third direction's deficit is edited in place and «Готово» is pressed
    editor = _open_editor(tab, ROW_DEFICIT, 2)
    editor.text.setPlainText("Не знает\x0b новых ФГОС")
    editor.level.setCurrentIndex(editor.level.findData(red.id))
    editor.priority.setChecked(True)
    with qtbot.waitSignal(tab.card.data_changed):
        qtbot.mouseClick(editor.done_button, Qt.MouseButton.LeftButton)
    # THEN the cell is in the database (read back through get_round), cleaned
    d = grid_state.directions(ws.db)[2]
    assert [
        (c.direction_id, c.deficit, c.level_id, c.priority)
        for c in diagnostics.get_round(ws.db, rid).cells
    ] == [(d.id, "Не знает\nновых ФГОС", red.id, True)]
    # AND the cell shows the level's mark and colour, not the colour alone
    index = tab.card.model.index(ROW_DEFICIT, 2)
    assert index.data().startswith(f"{red.mark} · первоочередной\nНе знает")
    assert index.data(Qt.ItemDataRole.BackgroundRole).name().upper() == red.color.upper()
    assert tab.card.delegate.editor is None


def test_typing_is_kept_when_the_tab_is_left(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the card inside a tab widget, with a strength being typed
    _pid, rid = _teacher_with_round(ws)
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    grid = GridTab(ws)
    tabs.addTab(grid, "Диагностика")
    tabs.addTab(QWidget(), "Другая")
    tabs.show()
    qtbot.waitExposed(tabs)
    editor = _open_editor(grid, ROW_STRENGTH, 0)
    editor.text.setPlainText("ведёт кружок робототехники")
    # WHEN another tab is chosen without pressing «Готово»
    tabs.setCurrentIndex(1)
    # THEN the text is saved
    cells = diagnostics.get_round(ws.db, rid).cells
    assert [c.strength for c in cells] == ["ведёт кружок робототехники"]


def test_escape_drops_the_edit(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    _pid, rid = _teacher_with_round(ws)
    tab = _tab(qtbot, ws)
    editor = _open_editor(tab, ROW_STRENGTH, 1)
    editor.text.setPlainText("черновик")
    editor.cancelled.emit()
    tab.card.commit_edits()
    assert diagnostics.get_round(ws.db, rid).cells == []


def test_a_future_date_is_refused_with_a_russian_message(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a teacher without rounds
    pid = persons.save_person(ws.db, PersonData(last_name="Иванов", first_name="Пётр"))
    tab = _tab(qtbot, ws)
    tab.card.today = TODAY
    assert tab.card.person_id() == pid and tab.card.round_id() is None
    assert "ещё нет диагностики" in tab.card.info.text()
    # WHEN a new round is dated tomorrow
    dialog = tab.card.new_round()
    assert dialog is not None
    dialog.date.setText("02.03.2026")
    dialog.source.set_text("самодиагностика")
    dialog.save_button.click()
    # THEN the message is next to the date and nothing is stored
    assert dialog.messages.text("date") == "Дата диагностики не может быть в будущем."
    assert dialog.isVisible()
    assert diagnostics.list_rounds(ws.db, pid) == []
    # WHEN the date is corrected THEN the round is stored and shown, ready for editing
    dialog.date.setText("01.03.2026")
    dialog.save_button.click()
    rounds = diagnostics.list_rounds(ws.db, pid)
    assert [(r.date, r.source) for r in rounds] == [(TODAY, "самодиагностика")]
    assert tab.card.round_id() == rounds[0].id
    assert tab.card.round.currentText() == "01.03.2026, самодиагностика"


def test_card_shows_the_chosen_round_and_deleting_asks(qtbot, ws: Workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pid, first = _teacher_with_round(ws)
    d0 = grid_state.directions(ws.db)[0].id
    second = diagnostics.save_round(
        ws.db,
        RoundInput(pid, dt.date(2026, 1, 10), cells=[CellInput(d0, strength="наставник по ИКТ")]),
        today=TODAY,
    )
    tab = _tab(qtbot, ws)
    # THEN the newest round is shown first
    assert tab.card.round_id() == second
    assert tab.card.model.index(ROW_STRENGTH, 0).data() == "наставник по ИКТ"
    # WHEN the curator refuses the deletion THEN the round stays
    monkeypatch.setattr(tab.card, "_confirm", lambda *a: False)
    tab.card.delete_round()
    assert len(diagnostics.list_rounds(ws.db, pid)) == 2
    # WHEN confirmed THEN it is deleted and the older one is shown
    monkeypatch.setattr(tab.card, "_confirm", lambda *a: True)
    tab.card.delete_round()
    assert [r.id for r in diagnostics.list_rounds(ws.db, pid)] == [first]
    assert tab.card.round_id() == first and tab.current_view() == VIEW_CARD


def test_typing_is_kept_when_the_window_is_closed(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the main window on «Диагностика» with a deficit being typed
    from app.ui.window.main_window import MainWindow

    _pid, rid = _teacher_with_round(ws)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.tabs.setCurrentWidget(window.grid)
    window.show()
    qtbot.waitExposed(window)
    editor = _open_editor(window.grid, ROW_DEFICIT, 3)
    editor.text.setPlainText("мало опыта работы с родителями")
    # WHEN the window is closed
    window.close()
    # THEN the typed text is stored
    assert [c.deficit for c in diagnostics.get_round(ws.db, rid).cells] == [
        "мало опыта работы с родителями"
    ]


def test_a_cell_saved_over_another_users_change_is_refused_and_the_card_reloaded(
    qtbot,  # type: ignore[no-untyped-def]
    ws: Workspace,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    # GIVEN the card showing a round, whose first strength another user then saves
    _pid, rid = _teacher_with_round(ws)
    tab = _tab(qtbot, ws)
    warnings: list[str] = []
    monkeypatch.setattr(tab.card, "_warn", warnings.append)
    d0 = grid_state.directions(ws.db)[0].id
    theirs = diagnostics.get_round(ws.db, rid).version
    diagnostics.save_cell(ws.db, rid, CellInput(d0, strength="ведёт кружок"), seen=theirs)
    # WHEN the same cell is edited here over the older copy
    editor = _open_editor(tab, ROW_STRENGTH, 0)
    editor.text.setPlainText("моя запись")
    qtbot.mouseClick(editor.done_button, Qt.MouseButton.LeftButton)
    # THEN the refusal is shown in Russian, naming the round, and the colleague's cell stays
    assert len(warnings) == 1 and "«Диагностика: 15.09.2025»" in warnings[0]
    assert "изменил другой пользователь" in warnings[0] and "будет показана" in warnings[0]
    assert [c.strength for c in diagnostics.get_round(ws.db, rid).cells] == ["ведёт кружок"]
    # AND the card shows the round as stored
    index = tab.card.model.index(ROW_STRENGTH, 0)
    qtbot.waitUntil(lambda: index.data() == "ведёт кружок")
    # WHEN two cells are edited again THEN both are saved (the card continues from its saves)
    for column, text in ((0, "ведёт кружок робототехники"), (1, "наставник олимпиадников")):
        editor = _open_editor(tab, ROW_STRENGTH, column)
        editor.text.setPlainText(text)
        qtbot.mouseClick(editor.done_button, Qt.MouseButton.LeftButton)
    assert warnings == [warnings[0]]
    assert [c.strength for c in diagnostics.get_round(ws.db, rid).cells] == [
        "ведёт кружок робототехники",
        "наставник олимпиадников",
    ]


def test_a_round_heading_saved_over_another_users_change_is_refused_and_shown(
    qtbot,  # type: ignore[no-untyped-def]
    ws: Workspace,
) -> None:
    # GIVEN the dialog of a round's heading open, then another user saves a cell and notes
    pid, rid = _teacher_with_round(ws)
    dialog = RoundDialog(ws, pid, "Петрова Ольга", rid, today=TODAY)
    qtbot.addWidget(dialog)
    d0 = grid_state.directions(ws.db)[0].id
    theirs = diagnostics.get_round(ws.db, rid).version
    theirs = diagnostics.save_cell(ws.db, rid, CellInput(d0, deficit="мало опыта"), seen=theirs)
    diagnostics.save_round_header(
        ws.db, rid, dt.date(2025, 9, 15), "коллеги", "примечание коллеги", TODAY, theirs
    )
    # WHEN the curator changes the source here and saves
    dialog.source.set_text("самодиагностика")
    assert not dialog.save()
    # THEN it is refused in Russian, naming the round, the dialog shows the stored heading
    text = dialog.messages.text("date")
    assert "«Диагностика: 15.09.2025»" in text and "изменил другой пользователь" in text
    assert "показано то, что сохранено сейчас" in text
    assert dialog.notes.toPlainText() == "примечание коллеги"
    assert dialog.source.text() == "коллеги"
    # AND the colleague's heading and cell are stored
    stored = diagnostics.get_round(ws.db, rid)
    assert (stored.source, stored.notes) == ("коллеги", "примечание коллеги")
    assert [c.deficit for c in stored.cells] == ["мало опыта"]
    # WHEN the curator saves again from the heading now shown THEN it goes through
    dialog.source.set_text("самодиагностика")
    assert dialog.save()
    stored = diagnostics.get_round(ws.db, rid)
    assert (stored.source, stored.notes) == ("самодиагностика", "примечание коллеги")
    assert [c.deficit for c in stored.cells] == ["мало опыта"]


def test_a_round_another_user_changed_is_not_deleted_and_is_shown_as_stored(
    qtbot,  # type: ignore[no-untyped-def]
    ws: Workspace,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    # GIVEN the card showing a round, in which another user then saves a cell
    pid, rid = _teacher_with_round(ws)
    tab = _tab(qtbot, ws)
    warnings: list[str] = []
    monkeypatch.setattr(tab.card, "_warn", warnings.append)
    monkeypatch.setattr(tab.card, "_confirm", lambda *a: True)
    d0 = grid_state.directions(ws.db)[0].id
    theirs = diagnostics.get_round(ws.db, rid).version
    diagnostics.save_cell(ws.db, rid, CellInput(d0, strength="ведёт кружок"), seen=theirs)
    # WHEN the curator deletes the round as read
    tab.card.delete_round()
    # THEN the deletion is refused in Russian, naming the round, and the round stays
    assert len(warnings) == 1 and "«Диагностика: 15.09.2025»" in warnings[0]
    assert "изменил другой пользователь" in warnings[0]
    assert [r.id for r in diagnostics.list_rounds(ws.db, pid)] == [rid]
    # AND the card shows the round as stored, with the colleague's cell
    assert tab.card.round_id() == rid
    assert tab.card.model.index(ROW_STRENGTH, 0).data() == "ведёт кружок"
    # WHEN the curator deletes it again, having seen it THEN it is deleted
    tab.card.delete_round()
    assert diagnostics.list_rounds(ws.db, pid) == [] and warnings == [warnings[0]]
