"""The main window: tabs, menus, remembered geometry, backup/restore from the menu, crash dialog."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from app.services.people import persons
from app.services.people.persons import PersonData
from app.services.storage.workspace import Workspace, open_workspace
from app.ui.common import widgets
from app.ui.window import launcher
from app.ui.window.main_window import MainWindow


@pytest.fixture
def window(qtbot, ws: Workspace) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(ws)
    qtbot.addWidget(w)
    return w


def _menu_titles(w: MainWindow) -> list[str]:
    return [a.text().replace("&", "") for a in w.menuBar().actions()]


def test_tabs_and_menus_are_russian(window: MainWindow) -> None:
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs == ["Сегодня", "Участники", "Пары и группы", "Программы", "Диагностика"]
    assert _menu_titles(window) == ["Файл", "Школа", "Документы", "Мониторинг", "Справка"]
    # tabs not built yet say in one line what will be there, and nothing else
    for i in (1, 2, 3):
        page = window.tabs.widget(i)
        if page.objectName() == "placeholder":  # tabs already built are tested on their own
            assert isinstance(page, QLabel) and page.text().startswith("Здесь буд")
    file_items = [a.text() for a in window.menuBar().actions()[0].menu().actions() if a.text()]
    assert "Создать резервную копию…" in file_items
    assert "Восстановить из копии…" in file_items
    assert "Выход" in file_items
    assert str(window.ws.paths.db) in window.data_location_text()


def test_geometry_is_remembered(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(ws)
    qtbot.addWidget(first)
    first.show()
    first.resize(780, 560)
    first.tabs.setCurrentIndex(2)
    first.close()
    second = MainWindow(ws)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (780, 560)
    assert second.tabs.currentIndex() == 2


def test_backup_from_the_menu_writes_a_copy(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    persons.save_person(window.ws.db, PersonData(last_name="Орлова", first_name="Нина"))
    stick = tmp_path / "usb"
    stick.mkdir()
    told: list[str] = []
    fa = window.file_actions
    monkeypatch.setattr(fa, "choose_folder", lambda title: stick)
    monkeypatch.setattr(fa, "inform", told.append)
    worker = fa.backup()
    assert worker is not None
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    copies = list(stick.glob("*.sqlite"))
    assert len(copies) == 1 and str(copies[0]) in told[0]
    assert window.isEnabled()


def test_restore_from_the_menu_brings_back_the_copy(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from app.services.storage import backups

    ws = window.ws
    persons.save_person(ws.db, PersonData(last_name="Орлова", first_name="Нина"))
    stick = tmp_path / "usb"
    stick.mkdir()
    copy = backups.backup_to(ws.paths, stick)
    persons.save_person(ws.db, PersonData(last_name="Лишний", first_name="Пётр"))
    window.participants.reload()
    fa = window.file_actions
    monkeypatch.setattr(fa, "choose_open", lambda title, filters: copy)
    asked: list[str] = []
    monkeypatch.setattr(fa, "confirm", lambda text: asked.append(text) or True)
    monkeypatch.setattr(fa, "inform", lambda text: None)
    assert fa.restore() is True
    assert "участников: 1" in asked[0]
    assert [r.full_name for r in persons.list_persons(ws.db)] == ["Орлова Нина"]
    assert list(ws.paths.pre_restore_backups.glob("*.sqlite"))


def test_restore_of_a_broken_file_shows_a_message_and_keeps_data(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = window.ws
    persons.save_person(ws.db, PersonData(last_name="Орлова", first_name="Нина"))
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    fa = window.file_actions
    failures: list[str] = []
    monkeypatch.setattr(fa, "choose_open", lambda title, filters: junk)
    monkeypatch.setattr(fa, "fail", failures.append)
    assert fa.restore() is False
    assert failures and "Traceback" not in failures[0]
    assert [r.full_name for r in persons.list_persons(ws.db)] == ["Орлова Нина"]


def test_uncaught_exception_shows_russian_dialog_and_logs(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from app.logsetup import setup_logging

    # GIVEN the log file and the window's excepthook
    log_path = setup_logging(tmp_path / "logs")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda self: shown.append((self.text(), self.detailedText())) or 0
    )
    hook = launcher.make_excepthook(log_path)
    # WHEN a program error escapes, its text naming a person
    try:
        raise RuntimeError("Иванова Мария, 05.03.1990")
    except RuntimeError as exc:
        hook(type(exc), exc, exc.__traceback__)
    logging.getLogger().handlers[-1].flush()
    # THEN the person reads one Russian dialog saying the data is safe and where the log is,
    # with no traceback behind a button
    assert shown and "данные не пострадали" in shown[0][0]
    assert str(log_path) in shown[0][0]
    assert shown[0][1] == ""
    # AND the log names the kind of error and where it happened, never its text
    logged = log_path.read_text(encoding="utf-8") if log_path else ""
    assert "RuntimeError" in logged and "test_main_window.py" in logged
    assert "Иванова" not in logged


def test_run_gui_refuses_a_locked_folder(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "data"
    warned: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a, **k: warned.append(text)
    )
    with open_workspace(root):
        assert launcher.run_gui(root) == 2
    assert warned and "уже запущен" in warned[0]


def test_qt_standard_buttons_speak_russian(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    app = QApplication.instance()
    translators = launcher.install_translations(app)  # type: ignore[arg-type]
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert [b.text() for b in box.buttons()] == ["Отмена"]
    finally:
        for tr in translators:
            app.removeTranslator(tr)  # type: ignore[union-attr]


def test_closing_the_window_with_an_open_editor_keeps_the_typed_data(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from app.ui.people import person_dialog

    # GIVEN the add dialog with a typed name, not yet saved
    window.show()
    dialog = window.participants.open_dialog(None)
    assert dialog is not None
    dialog.fields["last_name"].setText("Кравцова")
    dialog.fields["first_name"].setText("Ольга")
    # WHEN the curator closes the main window and first answers «Отмена» (go back)
    monkeypatch.setattr(
        person_dialog.PersonDialog, "ask_save_changes", lambda parent: widgets.CANCEL
    )
    assert window.close() is False
    # THEN the window and the dialog stay open with the text
    assert window.isVisible() and dialog.isVisible()
    # WHEN closing again and answering «Сохранить»
    monkeypatch.setattr(person_dialog.PersonDialog, "ask_save_changes", lambda parent: widgets.SAVE)
    assert window.close() is True
    # THEN the person was saved before the window closed
    assert [r.full_name for r in persons.list_persons(window.ws.db)] == ["Кравцова Ольга"]


def test_loading_a_wrong_exchange_file_says_so_before_asking(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = tmp_path / "staff.xlsx"
    wrong.write_bytes(b"PK\x03\x04 not json")
    fa = window.file_actions
    failures: list[str] = []
    monkeypatch.setattr(fa, "choose_open", lambda title, filters: wrong)
    monkeypatch.setattr(fa, "fail", failures.append)
    monkeypatch.setattr(fa, "confirm", lambda text: pytest.fail("asked before checking"))
    assert fa.import_data() is None
    assert failures and "не файл обмена «Куратора»" in failures[0]


def test_a_damaged_database_offers_to_restore_a_copy(
    qtbot,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from tests.services.test_damaged_database import _damaged_folder

    # GIVEN a damaged database with a good copy taken before the damage
    paths = _damaged_folder(tmp_path)
    good = sorted(paths.auto_backups.iterdir())[-1]
    shown: list[str] = []

    def click_restore(box: QMessageBox) -> int:
        shown.append(box.text())
        for button in box.buttons():
            if button.text() == "Восстановить из копии…":
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_restore)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setenv("KURATOR_BENCH_EXIT_ON_SHOW", "1")
    monkeypatch.setattr(launcher, "quit_on_signals", lambda app: None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    # WHEN the program starts on it and the curator picks the copy
    assert launcher.run_gui(paths.root) == 0
    # THEN the message was Russian, the copy was restored and the damaged file kept
    assert "повреждена" in shown[0]
    assert list(paths.pre_restore_backups.glob("*.sqlite"))
    from app.models.db import integrity_problem

    assert integrity_problem(paths.db) is None
