"""The «Участники» tab: search, filters, sorting, add/edit through the dialog, archive, delete."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.machinery
import sys
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QWidget

from app.services.people import persons
from app.services.people.persons import MenteeData, MentorData, PersonData
from app.services.school import school
from app.services.storage.workspace import Workspace
from app.ui.common import widgets
from app.ui.people import person_dialog
from app.ui.people.participants_tab import ParticipantsTab
from app.ui.people.person_dialog import PersonDialog
from app.ui.people.person_table_model import (
    COL_CATEGORY,
    COL_EXPERIENCE,
    COL_NAME,
    COL_POSITION,
    COL_ROLES,
    HEADERS,
)


@pytest.fixture(autouse=True)
def _discard_on_teardown(monkeypatch):  # type: ignore[no-untyped-def]
    """Dialogs left open with changes are closed by qtbot after the test: answer «Не
    сохранять» instead of showing a real (blocking) question. Tests that check the
    question patch it again."""
    monkeypatch.setattr(
        person_dialog.PersonDialog, "ask_save_changes", lambda parent: widgets.DISCARD
    )


def _person(
    ws: Workspace,
    last: str,
    first: str,
    middle: str = "",
    *,
    mentor: bool = False,
    mentee: bool = False,
    experience: int | None = None,
) -> int:
    return persons.save_person(
        ws.db,
        PersonData(
            last_name=last,
            first_name=first,
            middle_name=middle,
            experience_years=experience,
            mentor=MentorData() if mentor else None,
            mentee=MenteeData() if mentee else None,
        ),
    )


def _tab(qtbot, ws: Workspace) -> ParticipantsTab:  # type: ignore[no-untyped-def]
    tab = ParticipantsTab(ws)
    qtbot.addWidget(tab)
    tab.resize(1100, 600)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    return tab


def _names(tab: ParticipantsTab) -> list[str]:
    proxy = tab.proxy
    return [proxy.index(r, COL_NAME).data() for r in range(proxy.rowCount())]


def _type_text(widget: QWidget, text: str) -> None:
    # qtbot.keyClicks aborts on Cyrillic letters, so each key carries its own text.
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def test_the_table_lists_everyone_with_a_count(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN three teachers
    _person(ws, "Петров", "Иван", mentor=True)
    _person(ws, "Иванова", "Мария", mentee=True)
    _person(ws, "Абрамов", "Олег")
    # WHEN the tab opens
    tab = _tab(qtbot, ws)
    # THEN they are listed by name with Russian headers, roles and the count
    assert _names(tab) == ["Абрамов Олег", "Иванова Мария", "Петров Иван"]
    assert tab.proxy.headerData(COL_NAME, Qt.Orientation.Horizontal) == HEADERS[COL_NAME] == "ФИО"
    assert [tab.proxy.index(r, COL_ROLES).data() for r in range(3)] == [
        "",
        "Наставляемый",
        "Наставник",
    ]
    assert tab.count_label.text() == "Показано 3 из 3"
    assert not tab.empty_label.isVisible()
    assert tab.search_edit.placeholderText() == "Поиск по ФИО…"
    assert [tab.role_combo.itemText(i) for i in range(tab.role_combo.count())] == [
        "Все роли",
        "Наставники",
        "Наставляемые",
        "Без роли",
    ]


def test_an_empty_base_says_what_to_do(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN no participants WHEN the tab opens THEN the label suggests adding one
    tab = _tab(qtbot, ws)
    assert "Добавить…" in tab.empty_label.text() and tab.empty_label.isVisible()
    assert tab.count_label.text() == "Показано 0 из 0"
    assert not tab.edit_button.isEnabled() and not tab.delete_button.isEnabled()


def test_search_finds_any_part_of_the_name_ignoring_case_and_yo(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN four teachers
    for last, first in (
        ("Иванова", "Анна"),
        ("Сливаева", "Ольга"),
        ("Петров", "Пётр"),
        ("Елкин", "Семён"),
    ):
        _person(ws, last, first)
    tab = _tab(qtbot, ws)
    # WHEN «ива» is typed into the search box
    _type_text(tab.search_edit, "ива")
    # THEN Иванова and Сливаева are shown, and the count says so
    assert _names(tab) == ["Иванова Анна", "Сливаева Ольга"]
    assert tab.count_label.text() == "Показано 2 из 4"
    # WHEN «ёлкин» is searched THEN «Елкин» is found; «петр» finds «Пётр»
    tab.set_search_text("ёлкин")
    assert _names(tab) == ["Елкин Семён"]
    tab.set_search_text("петр")
    assert _names(tab) == ["Петров Пётр"]
    # AND words in any order must all match
    tab.set_search_text("ольга слив")
    assert _names(tab) == ["Сливаева Ольга"]
    tab.set_search_text("")
    assert len(_names(tab)) == 4


def test_search_by_surname_and_initials(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN namesakes that differ in first name and patronymic, and a surname with «ё»
    for last, first, middle in (
        ("Иванова", "Мария", "Петровна"),
        ("Иванова", "Марина", "Сергеевна"),
        ("Иванова", "Ольга", "Петровна"),
        ("Петров", "Сергей", "Иванович"),
        ("Петров", "Иван", "Сергеевич"),
        ("Семёнов", "Артём", "Ильич"),
    ):
        _person(ws, last, first, middle)
    tab = _tab(qtbot, ws)
    # WHEN «Петров С.» is typed key by key
    _type_text(tab.search_edit, "Петров С.")
    # THEN the initial matches the first name, not any «с» in the name
    assert _names(tab) == ["Петров Сергей Иванович"]
    # AND two initials match the first name and the patronymic, with or without spaces
    for query in ("Иванова М.П.", "Иванова М. П.", "иванова м.п", "М.П. Иванова"):
        tab.set_search_text(query)
        assert _names(tab) == ["Иванова Мария Петровна"], query
    tab.set_search_text("Иванова М.")
    assert _names(tab) == ["Иванова Марина Сергеевна", "Иванова Мария Петровна"]
    tab.set_search_text("Иванова М.С.")
    assert _names(tab) == ["Иванова Марина Сергеевна"]
    # AND ё equals е, and plain letters still match anywhere as before
    tab.set_search_text("Семенов А.")
    assert _names(tab) == ["Семёнов Артём Ильич"]
    tab.set_search_text("иванова м")
    assert _names(tab) == ["Иванова Марина Сергеевна", "Иванова Мария Петровна"]
    # AND initials nobody has give an empty list with the count
    tab.set_search_text("Иванова О.С.")
    assert _names(tab) == [] and tab.count_label.text() == "Показано 0 из 6"


def test_the_table_fits_a_1200_px_window_and_cut_texts_show_as_tooltips(  # type: ignore[no-untyped-def]
    qtbot, ws: Workspace
) -> None:
    # GIVEN a teacher with typical data, and one with long texts who is mentor and mentee
    persons.save_person(
        ws.db,
        PersonData(
            last_name="Иванова",
            first_name="Мария",
            middle_name="Петровна",
            position="Учитель",
            subjects="Математика",
            experience_years=12,
            category="Первая",
            phone="+7 913 123-45-67",
            email="ivanova@mail.ru",
            birth_date=dt.date(1985, 3, 15),
        ),
    )
    long_position = "Заместитель директора по учебно-воспитательной работе"
    persons.save_person(
        ws.db,
        PersonData(
            last_name="Попов",
            first_name="Артём",
            middle_name="Евгеньевич",
            position=long_position,
            category="Соответствие занимаемой должности",
            mentor=MentorData(),
            mentee=MenteeData(),
        ),
    )
    # WHEN the tab gets the width a 1200 px main window leaves it
    tab = _tab(qtbot, ws)
    tab.resize(1160, 600)
    qtbot.waitUntil(lambda: tab.table.viewport().width() < 1160)
    table, header = tab.table, tab.table.horizontalHeader()
    # THEN every column is on screen: no horizontal scrolling
    assert header.length() <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    # AND every header is readable, two-line ones line by line
    metrics = header.fontMetrics()
    for column in range(tab.model.columnCount()):
        lines = str(tab.proxy.headerData(column, Qt.Orientation.Horizontal)).split("\n")
        assert table.columnWidth(column) >= max(metrics.horizontalAdvance(t) for t in lines)
    # AND typical values are shown whole, with no tooltip to repeat them
    assert _names(tab) == ["Иванова Мария Петровна", "Попов Артём Евгеньевич"]
    for column in range(tab.model.columnCount()):
        assert tab.cell_tooltip(0, column) == "", column
    # AND both roles read «Наставник, наставл.», the full wording in the tooltip
    assert tab.proxy.index(1, COL_ROLES).data() == "Наставник, наставл."
    assert tab.cell_tooltip(1, COL_ROLES) == "Наставник, наставляемый"
    # AND a text cut off with «…» shows in full on hover
    assert tab.cell_tooltip(1, COL_POSITION) == long_position
    assert tab.cell_tooltip(1, COL_CATEGORY) == "Соответствие занимаемой должности"


def test_role_filter(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a mentor, a mentee, one who is both and one with no role
    _person(ws, "Лебедев", "Виктор", mentor=True)
    _person(ws, "Тихонова", "Полина", mentee=True)
    _person(ws, "Захарова", "Анна", mentor=True, mentee=True)
    _person(ws, "Абрамов", "Олег")
    tab = _tab(qtbot, ws)
    expected = {
        "Наставники": ["Захарова Анна", "Лебедев Виктор"],
        "Наставляемые": ["Захарова Анна", "Тихонова Полина"],
        "Без роли": ["Абрамов Олег"],
        "Все роли": ["Абрамов Олег", "Захарова Анна", "Лебедев Виктор", "Тихонова Полина"],
    }
    for label, names in expected.items():
        # WHEN a role is chosen THEN only those people are shown
        tab.role_combo.setCurrentText(label)
        assert _names(tab) == names, label


def test_experience_sorts_as_numbers_with_unknown_last(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN teachers with 2, 10, 31 years and one unknown
    for last, years in (("Аа", 10), ("Бб", 2), ("Вв", None), ("Гг", 31)):
        _person(ws, last, "Имя", experience=years)
    tab = _tab(qtbot, ws)
    # WHEN the experience header is clicked (ascending, then descending)
    tab.table.sortByColumn(COL_EXPERIENCE, Qt.SortOrder.AscendingOrder)
    # THEN numbers sort as numbers and the unknown one stays at the end
    assert _names(tab) == ["Бб Имя", "Аа Имя", "Гг Имя", "Вв Имя"]
    tab.table.sortByColumn(COL_EXPERIENCE, Qt.SortOrder.DescendingOrder)
    assert _names(tab) == ["Гг Имя", "Аа Имя", "Бб Имя", "Вв Имя"]


def test_names_with_yo_sort_next_to_e(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN names starting with Е, Ё and Ж
    for last in ("Жуков", "Ёлкин", "Егоров", "Ершов"):
        _person(ws, last, "Иван")
    # WHEN the tab sorts by name THEN Ё sorts as Е, not after Я
    tab = _tab(qtbot, ws)
    assert _names(tab) == ["Егоров Иван", "Ёлкин Иван", "Ершов Иван", "Жуков Иван"]


def test_add_through_the_dialog_shows_the_new_row(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the tab
    tab = _tab(qtbot, ws)
    # WHEN «Добавить…» is clicked, names are typed and «Сохранить» pressed
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, PersonDialog)
    _type_text(dialog.fields["last_name"], "Сливаева")
    _type_text(dialog.fields["first_name"], "Ольга")
    qtbot.keyClicks(dialog.fields["birth_date"], "12.05.1970")
    with qtbot.waitSignal(tab.data_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # THEN the person is in the database, shown and selected
    [row] = persons.list_persons(ws.db)
    assert (row.full_name, row.birth_date) == ("Сливаева Ольга", dt.date(1970, 5, 12))
    assert _names(tab) == ["Сливаева Ольга"]
    assert tab.selected_id() == row.id


def test_double_click_opens_the_edit_dialog(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a teacher in the table
    pid = _person(ws, "Петров", "Иван")
    tab = _tab(qtbot, ws)
    # WHEN the row is double-clicked and the surname changed
    index = tab.proxy.index(0, COL_NAME)
    rect = tab.table.visualRect(index)
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = tab.dialog
    assert isinstance(dialog, PersonDialog) and dialog.person_id == pid
    dialog.fields["last_name"].setText("Петренко")  # type: ignore[attr-defined]
    with qtbot.waitSignal(tab.data_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # THEN the change is stored and shown
    assert persons.get_person(ws.db, pid).last_name == "Петренко"
    assert _names(tab) == ["Петренко Иван"]


def test_archive_hides_the_row_and_the_checkbox_shows_it(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN two teachers, one selected
    pid = _person(ws, "Белоусова", "Светлана")
    _person(ws, "Петров", "Иван")
    tab = _tab(qtbot, ws)
    tab.select_person(pid)
    assert tab.archive_button.text() == "В архив"
    # WHEN «В архив» is clicked (no question)
    with qtbot.waitSignal(tab.data_changed):
        qtbot.mouseClick(tab.archive_button, Qt.MouseButton.LeftButton)
    # THEN the row is hidden and the database says archived
    assert persons.get_person(ws.db, pid).archived is True
    assert _names(tab) == ["Петров Иван"]
    assert tab.count_label.text() == "Показано 1 из 2"
    # WHEN «Показывать архив» is checked THEN the row is back, greyed, and can be restored
    tab.archive_check.setChecked(True)
    assert _names(tab) == ["Белоусова Светлана", "Петров Иван"]
    assert tab.proxy.index(0, COL_NAME).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert tab.proxy.index(0, COL_ROLES).data() == "В архиве"
    assert tab.select_person(pid)
    assert tab.archive_button.text() == "Вернуть из архива"
    qtbot.mouseClick(tab.archive_button, Qt.MouseButton.LeftButton)
    assert persons.get_person(ws.db, pid).archived is False
    assert tab.proxy.index(0, COL_NAME).data(Qt.ItemDataRole.ForegroundRole) is None


def test_delete_of_an_unused_person_after_confirmation(qtbot, ws: Workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # GIVEN two teachers, one selected
    pid = _person(ws, "Орлова", "Дарья")
    _person(ws, "Петров", "Иван")
    tab = _tab(qtbot, ws)
    tab.select_person(pid)
    questions: list[str] = []
    answer = {"value": False}

    def confirm(title: str, text: str, yes: str, no: str) -> bool:
        questions.append(text)
        return answer["value"]

    monkeypatch.setattr(tab, "_confirm", confirm)
    # WHEN «Удалить…» is declined THEN nothing changes
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert len(persons.list_persons(ws.db)) == 2
    assert "Орлова Дарья" in questions[0]
    # WHEN the Delete key is pressed and confirmed
    answer["value"] = True
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    # THEN the row is gone from the table and the database
    assert [r.full_name for r in persons.list_persons(ws.db)] == ["Петров Иван"]
    assert _names(tab) == ["Петров Иван"]
    assert len(questions) == 2


def test_delete_of_a_person_in_use_keeps_the_row(qtbot, ws: Workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the school's curator
    pid = _person(ws, "Захарова", "Анастасия")
    school.save_school(ws.db, school.SchoolData(curator_id=pid))
    tab = _tab(qtbot, ws)
    tab.select_person(pid)
    shown: list[str] = []
    monkeypatch.setattr(tab, "_confirm", lambda *args: True)
    monkeypatch.setattr(tab, "_warn", shown.append)
    # WHEN deletion is confirmed
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    # THEN the reason is shown, suggesting the archive, and the row stays
    assert len(shown) == 1
    assert "реквизиты школы" in shown[0] and "архив" in shown[0]
    assert _names(tab) == ["Захарова Анастасия"]
    assert len(persons.list_persons(ws.db)) == 1


def test_reload_uses_the_current_database(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the tab open and a person added behind its back (as a restore would)
    tab = _tab(qtbot, ws)
    pid = _person(ws, "Новиков", "Олег")
    # WHEN reload() is called THEN the row appears and the selection survives a reload
    tab.reload()
    assert _names(tab) == ["Новиков Олег"]
    tab.select_person(pid)
    tab.reload()
    assert tab.selected_id() == pid


@pytest.fixture
def fake_import_module(ws: Workspace, monkeypatch):  # type: ignore[no-untyped-def]
    """A stand-in app.ui.people.import_dialog whose dialog imports one person and accepts."""
    module = types.ModuleType("app.ui.people.import_dialog")
    module.__spec__ = importlib.machinery.ModuleSpec("app.ui.people.import_dialog", None)

    class StaffImportDialog(QDialog):
        def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
            super().__init__(parent)
            self.workspace = workspace

        def exec(self) -> int:
            _person(self.workspace, "Импортова", "Ирина")
            return int(QDialog.DialogCode.Accepted.value)

    module.StaffImportDialog = StaffImportDialog  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "app.ui.people.import_dialog", module)
    return module


def test_import_from_excel_reloads_after_accept(
    qtbot,
    ws: Workspace,  # type: ignore[no-untyped-def]
    fake_import_module,
) -> None:
    # GIVEN the tab with the import dialog available
    tab = _tab(qtbot, ws)
    assert tab.import_button.isVisible()
    assert tab.import_button.text() == "Импорт из Excel…"
    # WHEN «Импорт из Excel…» is clicked and the dialog imports a row
    with qtbot.waitSignal(tab.data_changed):
        qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    # THEN the table shows it
    assert _names(tab) == ["Импортова Ирина"]


def test_filtering_two_thousand_rows_keeps_the_right_ones(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN 2,000 rows given straight to the model
    tab = _tab(qtbot, ws)
    rows = [
        persons.PersonRow(
            id=i,
            full_name=f"{'Иванова' if i % 10 == 0 else 'Петров'} {i}",
            position="",
            subjects="",
            experience_years=None,
            category="",
            phone="",
            email="",
            birth_date=None,
            is_mentor=i % 2 == 0,
            is_mentee=False,
            archived=i % 100 == 0,
        )
        for i in range(2000)
    ]
    tab.model.set_rows(rows)
    # WHEN searching «иванова» with mentors only, archive hidden
    tab.set_search_text("иванова")
    tab.role_combo.setCurrentText("Наставники")
    # THEN every tenth person stays except the archived ones
    assert len(_names(tab)) == 200 - 20
    assert tab.count_label.text() == "Показано 180 из 2000"
    # WHEN the rows are sorted the other way and searched by initials
    renamed = [
        dataclasses.replace(
            r,
            full_name=r.full_name.replace(
                " ", " Ольга Ивановна " if r.id % 4 == 0 else " Анна Ивановна "
            ),
        )
        for r in rows
    ]
    tab.model.set_rows(renamed)
    tab.table.sortByColumn(COL_NAME, Qt.SortOrder.DescendingOrder)
    tab.set_search_text("иванова о.и.")
    # THEN the initials keys followed the rows: every twentieth person, archived ones hidden
    names = _names(tab)
    assert len(names) == 100 - 20
    assert all(n.startswith("Иванова Ольга Ивановна ") for n in names)
