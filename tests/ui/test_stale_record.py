"""Two users on one database: the person dialog refuses to overwrite a newer save, says which
record changed and offers to reload it; F5 refreshes the window's tabs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from app.models.db import Database
from app.services.people import persons
from app.services.people.persons import PersonData
from app.services.storage.workspace import Workspace
from app.ui.common import dialogs, widgets
from app.ui.people import person_dialog
from app.ui.people.person_dialog import PersonDialog
from tests.ui.test_person_dialog import _click_save, _type


@pytest.fixture(autouse=True)
def _discard_on_teardown(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        person_dialog.PersonDialog, "ask_save_changes", lambda parent: widgets.DISCARD
    )


def test_the_dialog_names_the_changed_record_and_reloads_it(  # type: ignore[no-untyped-def]
    qtbot, any_ws: Workspace, monkeypatch, tmp_path
) -> None:
    # GIVEN a teacher opened in the dialog
    pid = persons.save_person(any_ws.db, PersonData(last_name="Орлова", first_name="Вера"))
    dialog = PersonDialog(any_ws, None, pid)
    qtbot.addWidget(dialog)
    dialog.show()
    # AND another user saves the same teacher meanwhile
    other = Database.server(any_ws.db.engine.url) if any_ws.is_server else Database(any_ws.paths.db)
    theirs = persons.get_person(other, pid)
    theirs.position = "учитель математики"
    persons.save_person(other, theirs)
    other.dispose()
    asked: list[str] = []

    def answer(parent, title, text, yes, no, warning=False):  # type: ignore[no-untyped-def]
        asked.append(text)
        return True  # «Загрузить заново»

    monkeypatch.setattr(dialogs, "ask_yes_no", answer)
    # WHEN I type my change and save
    _type(qtbot, dialog, "position", "учитель физики")
    _click_save(qtbot, dialog)
    # THEN I am told in Russian which record changed, and offered to reload it
    assert len(asked) == 1
    assert asked[0].startswith(
        "Запись «Педагог: Орлова Вера» изменил другой пользователь после того, как вы её открыли."
    )
    assert "Загрузить запись" in asked[0]
    dialog.grab().save(str(tmp_path / "stale.png"))
    # AND the dialog now shows their version, still open; their change is kept
    assert dialog.isVisible()
    assert dialog._get_text("position") == "учитель математики"
    assert persons.get_person(any_ws.db, pid).position == "учитель математики"
    # AND a save now (their version read) goes through
    _type(qtbot, dialog, "position", "учитель физики")
    _click_save(qtbot, dialog)
    assert persons.get_person(any_ws.db, pid).position == "учитель физики"


def test_f5_reloads_the_participants_from_the_database(qtbot, any_ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # deferred: the window is built only by this test
    from app.ui.window.main_window import MainWindow

    # GIVEN the window open
    window = MainWindow(any_ws)
    qtbot.addWidget(window)
    window.show()
    before = window.participants.model.rowCount()
    # WHEN another user adds a teacher and F5 is pressed
    persons.save_person(any_ws.db, PersonData(last_name="Новикова", first_name="Ирина"))
    assert window.refresh_action.shortcut() == QKeySequence(Qt.Key.Key_F5)
    window.refresh_action.trigger()
    # THEN the list shows the new teacher
    qtbot.waitUntil(lambda: window.participants.model.rowCount() == before + 1)


def test_returning_to_the_window_reloads_a_server_database(qtbot, any_ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # deferred: the window is built only by this test
    from PySide6.QtWidgets import QApplication

    from app.ui.window.main_window import MainWindow

    # GIVEN the window open, and another user adding a teacher meanwhile
    window = MainWindow(any_ws)
    qtbot.addWidget(window)
    window.show()
    before = window.participants.model.rowCount()
    persons.save_person(any_ws.db, PersonData(last_name="Новикова", first_name="Ирина"))
    # WHEN the person comes back to the program (it becomes the active application)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    # THEN on a server the list shows the new teacher; the data folder (one user) waits for F5
    if any_ws.is_server:
        qtbot.waitUntil(lambda: window.participants.model.rowCount() == before + 1)
    else:
        assert window.participants.model.rowCount() == before
