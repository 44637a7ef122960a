"""The participant dialog: saving, errors and warnings next to fields, duplicates, closing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from app.services.people import persons
from app.services.people.persons import MenteeData, MentorData, PersonData
from app.services.storage.workspace import Workspace
from app.ui.common import dialogs, widgets
from app.ui.common.widgets import WARNING_STYLE, EditableCombo
from app.ui.people import person_dialog
from app.ui.people.person_dialog import PersonDialog


@pytest.fixture(autouse=True)
def _discard_on_teardown(monkeypatch):  # type: ignore[no-untyped-def]
    """Dialogs left open with changes are closed by qtbot after the test: answer «Не
    сохранять» instead of showing a real (blocking) question. Tests that check the
    question patch it again."""
    monkeypatch.setattr(
        person_dialog.PersonDialog, "ask_save_changes", lambda parent: widgets.DISCARD
    )


def _open(qtbot, ws: Workspace, person_id: int | None = None) -> PersonDialog:  # type: ignore[no-untyped-def]
    dialog = PersonDialog(ws, None, person_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` key by key. ``qtbot.keyClicks`` aborts the process on Cyrillic letters
    (QTest maps every character through an ASCII table), so those keys carry their text."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def _type(qtbot, dialog: PersonDialog, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    widget = dialog.fields[key]
    if isinstance(widget, EditableCombo):
        widget = widget.lineEdit()
    if isinstance(widget, QLineEdit):
        widget.clear()
    type_text(qtbot, widget, text)


def _click_save(qtbot, dialog: PersonDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def _no_question(*args: object) -> object:
    raise AssertionError("no question was expected")


def test_a_new_person_typed_into_the_dialog_is_saved(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the dialog for a new participant
    dialog = _open(qtbot, ws)
    assert dialog.windowTitle() == "Новый участник"
    assert dialog.save_button.text() == "Сохранить"
    assert dialog.cancel_button.text() == "Отмена"
    # WHEN names, a birth date, a position and a mentor profile are typed and saved
    _type(qtbot, dialog, "last_name", "Иванова")
    _type(qtbot, dialog, "first_name", "Мария")
    _type(qtbot, dialog, "middle_name", "Петровна")
    _type(qtbot, dialog, "birth_date", "05.03.1990")
    _type(qtbot, dialog, "position", "Учитель")
    _type(qtbot, dialog, "phone", "+7 912 345-67-89")
    dialog.fields["experience_years"].setValue(7)  # type: ignore[attr-defined]
    dialog.mentor_check.setChecked(True)
    _type(qtbot, dialog, "mentor.workplace", "МБОУ «Знаменская СОШ»")
    _type(qtbot, dialog, "mentor.date_in", "01.09.2024")
    with qtbot.waitSignal(dialog.accepted):
        _click_save(qtbot, dialog)
    # THEN the record is in the database with every typed value
    assert dialog.person_id is not None
    saved = persons.get_person(ws.db, dialog.person_id)
    assert (saved.last_name, saved.first_name, saved.middle_name) == (
        "Иванова",
        "Мария",
        "Петровна",
    )
    assert saved.birth_date == dt.date(1990, 3, 5)
    assert saved.position == "Учитель"
    assert saved.experience_years == 7
    assert saved.phone == "+7 912 345-67-89"
    assert saved.mentor is not None and saved.mentor.workplace == "МБОУ «Знаменская СОШ»"
    assert saved.mentor.date_in == dt.date(2024, 9, 1)
    assert saved.mentee is None


def test_every_field_round_trips_through_the_dialog(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a person with every field of both profiles filled
    data = PersonData(
        last_name="Захарова",
        first_name="Анастасия",
        middle_name="Анатольевна",
        position="Заместитель директора по УВР",
        subjects="Русский язык, Литература",
        experience_years=27,
        category="Высшая",
        education="Высшее педагогическое",
        phone="8 900 123-45-67",
        email="zah@school.ru",
        birth_date=dt.date(1975, 4, 2),
        consent_date=dt.date(2024, 9, 2),
        notes="Строка 1\nСтрока 2",
        archived=False,
        mentor=MentorData(
            **{
                f: f"М-{f}"
                for f in (
                    "workplace",
                    "competencies",
                    "achievements",
                    "interests",
                    "preferred_mentee_age",
                    "contact_time",
                    "mentee_requests",
                    "mentees_note",
                    "mentoring_form",
                    "program_place",
                    "results",
                    "case_link",
                )
            },
            date_in=dt.date(2024, 9, 1),
            date_out=dt.date(2025, 5, 31),
        ),
        mentee=MenteeData(
            **{
                f: f"Н-{f}"
                for f in (
                    "key_requests",
                    "mentor_note",
                    "mentor_workplace",
                    "mentoring_form",
                    "program_place",
                    "results",
                    "case_link",
                )
            },
            date_in=dt.date(2023, 9, 1),
            date_out=None,
        ),
    )
    pid = persons.save_person(ws.db, data)
    expected = persons.get_person(ws.db, pid)
    # WHEN the dialog opens it, only the notes change, and it is saved
    dialog = _open(qtbot, ws, pid)
    assert dialog.windowTitle() == "Участник: Захарова Анастасия Анатольевна"
    assert dialog.fields["mentor.competencies"].toPlainText() == "М-competencies"  # type: ignore[attr-defined]
    assert dialog.fields["consent_date"].text() == "02.09.2024"  # type: ignore[attr-defined]
    assert not dialog.is_modified()
    dialog.fields["notes"].setPlainText("Новая заметка")  # type: ignore[attr-defined]
    with qtbot.waitSignal(dialog.accepted):
        _click_save(qtbot, dialog)
    # THEN everything else is stored unchanged
    expected.notes = "Новая заметка"
    assert persons.get_person(ws.db, pid) == expected


def test_empty_surname_and_impossible_date_are_shown_and_nothing_is_saved(  # type: ignore[no-untyped-def]
    qtbot, ws: Workspace
) -> None:
    # GIVEN a saved person opened for editing
    pid = persons.save_person(
        ws.db, PersonData(last_name="Петров", first_name="Иван", birth_date=dt.date(1980, 1, 2))
    )
    dialog = _open(qtbot, ws, pid)
    # WHEN the surname is erased, «31.02.2020» typed as the birth date and Save pressed
    dialog.fields["last_name"].clear()  # type: ignore[attr-defined]
    _type(qtbot, dialog, "birth_date", "31.02.2020")
    _click_save(qtbot, dialog)
    # THEN the Russian messages stand next to the fields and the dialog stays open
    assert dialog.messages.text("last_name") == "Укажите фамилию."
    assert dialog.messages.text("birth_date") == "Такой даты нет: 31.02.2020"
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.hint.text() == "Исправьте поля, отмеченные красным."
    # AND the database still holds the old values
    stored = persons.get_person(ws.db, pid)
    assert (stored.last_name, stored.birth_date) == ("Петров", dt.date(1980, 1, 2))

    # WHEN the input is corrected
    _type(qtbot, dialog, "last_name", "Петрова")
    _type(qtbot, dialog, "birth_date", "28.02.1981")
    with qtbot.waitSignal(dialog.accepted):
        _click_save(qtbot, dialog)
    # THEN it is saved
    stored = persons.get_person(ws.db, pid)
    assert (stored.last_name, stored.birth_date) == ("Петрова", dt.date(1981, 2, 28))


def test_mentor_dates_in_the_wrong_order_switch_to_the_profile_tab(  # type: ignore[no-untyped-def]
    qtbot, ws: Workspace
) -> None:
    # GIVEN a new person with a mentor profile whose exit precedes the entry
    dialog = _open(qtbot, ws)
    _type(qtbot, dialog, "last_name", "Лебедев")
    _type(qtbot, dialog, "first_name", "Виктор")
    dialog.mentor_check.setChecked(True)
    _type(qtbot, dialog, "mentor.date_in", "01.09.2025")
    _type(qtbot, dialog, "mentor.date_out", "01.06.2025")
    # WHEN Save is pressed
    _click_save(qtbot, dialog)
    # THEN the mentor tab is shown with the message next to the exit date; nothing saved
    assert dialog.tabs.currentIndex() == 1
    assert dialog.messages.text("mentor.date_out") == "Дата выхода раньше даты вхождения."
    assert persons.list_persons(ws.db) == []


def test_a_phone_warning_is_shown_and_a_second_save_keeps_the_number(  # type: ignore[no-untyped-def]
    qtbot, ws: Workspace
) -> None:
    # GIVEN a new person with a phone number that is too short
    dialog = _open(qtbot, ws)
    _type(qtbot, dialog, "last_name", "Орлова")
    _type(qtbot, dialog, "first_name", "Дарья")
    _type(qtbot, dialog, "phone", "12-34")
    # WHEN Save is pressed once
    _click_save(qtbot, dialog)
    # THEN the warning stands next to the phone field and nothing is saved yet
    assert dialog.messages.text("phone") == (
        "Похоже, в номере телефона не хватает или лишние цифры."
    )
    assert dialog.findChild(QLabel, "msg_phone").styleSheet() == WARNING_STYLE
    assert "ещё раз" in dialog.hint.text()
    assert persons.list_persons(ws.db) == []
    # WHEN Save is pressed again without changing the phone
    with qtbot.waitSignal(dialog.accepted):
        _click_save(qtbot, dialog)
    # THEN the person is saved with the number as typed
    [row] = persons.list_persons(ws.db)
    assert row.phone == "12-34"


@pytest.mark.parametrize(("answer", "count"), [(False, 1), (True, 2)])
def test_a_probable_duplicate_asks_first(
    qtbot,
    ws: Workspace,
    monkeypatch,  # type: ignore[no-untyped-def]
    answer: bool,
    count: int,
) -> None:
    # GIVEN a person already in the base
    persons.save_person(
        ws.db,
        PersonData(
            last_name="Иванова",
            first_name="Мария",
            middle_name="Петровна",
            birth_date=dt.date(1990, 3, 5),
        ),
    )
    asked: list[str] = []

    def fake_ask(parent: object, title: str, text: str, yes: str, no: str) -> bool:
        asked.append(text)
        return answer

    monkeypatch.setattr(dialogs, "ask_yes_no", fake_ask)
    # WHEN the same full name and birth date are typed again (ё/case aside) and saved
    dialog = _open(qtbot, ws)
    _type(qtbot, dialog, "last_name", "ИВАНОВА")
    _type(qtbot, dialog, "first_name", "Мария")
    _type(qtbot, dialog, "middle_name", "Петровна")
    _type(qtbot, dialog, "birth_date", "05.03.1990")
    _click_save(qtbot, dialog)
    # THEN the warning names the existing person; «Нет» keeps the dialog open unsaved
    assert asked == [
        "Похоже, этот человек уже есть в базе: Иванова Мария Петровна, "
        "05.03.1990 г. р. Всё равно сохранить?"
    ]
    assert len(persons.list_persons(ws.db)) == count
    assert dialog.isVisible() is (not answer)


@pytest.mark.parametrize(
    ("choice", "saved", "still_open"),
    [
        (widgets.SAVE, True, False),
        (widgets.DISCARD, False, False),
        (widgets.CANCEL, False, True),
    ],
)
def test_closing_with_changes_asks_to_save(
    qtbot,
    ws: Workspace,
    monkeypatch,  # type: ignore[no-untyped-def]
    choice: str,
    saved: bool,
    still_open: bool,
) -> None:
    # GIVEN a new person typed but not saved
    asked: list[object] = []
    monkeypatch.setattr(
        person_dialog.PersonDialog,
        "ask_save_changes",
        lambda parent: asked.append(parent) or choice,
    )
    dialog = _open(qtbot, ws)
    _type(qtbot, dialog, "last_name", "Фролов")
    _type(qtbot, dialog, "first_name", "Денис")
    # WHEN the dialog is closed with Esc
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    # THEN the question was asked and the answer decided what happened
    assert asked == [dialog]
    names = [r.full_name for r in persons.list_persons(ws.db)]
    assert names == (["Фролов Денис"] if saved else [])
    assert dialog.isVisible() is still_open


def test_closing_without_changes_asks_nothing(qtbot, ws: Workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # GIVEN an existing person opened and left untouched
    pid = persons.save_person(ws.db, PersonData(last_name="Фролов", first_name="Денис"))
    monkeypatch.setattr(person_dialog.PersonDialog, "ask_save_changes", _no_question)
    dialog = _open(qtbot, ws, pid)
    # WHEN «Отмена» is pressed
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    # THEN it closes without a question
    assert not dialog.isVisible()


def test_unchecking_a_profile_warns_and_removes_it_on_save(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a mentor
    pid = persons.save_person(
        ws.db,
        PersonData(last_name="Лебедев", first_name="Виктор", mentor=MentorData(workplace="Школа")),
    )
    dialog = _open(qtbot, ws, pid)
    assert dialog.mentor_body.isEnabled()
    # WHEN «Входит в базу наставников» is unchecked
    dialog.mentor_check.setChecked(False)
    # THEN the fields are disabled, a note says the profile will go, and saving removes it
    assert not dialog.mentor_body.isEnabled()
    assert not dialog._mentor_removed.isHidden()
    with qtbot.waitSignal(dialog.accepted):
        _click_save(qtbot, dialog)
    assert persons.get_person(ws.db, pid).mentor is None


def test_picking_subjects_from_the_list_adds_them(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the subjects combo with «Математика» typed
    dialog = _open(qtbot, ws)
    combo = dialog.fields["subjects"]
    assert isinstance(combo, EditableCombo)
    _type(qtbot, dialog, "subjects", "Математика")
    # WHEN «Физика» and then «Математика» are picked from the list
    for subject in ("Физика", "Математика"):
        index = combo.findText(subject)
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
    # THEN both are kept once, in order
    assert combo.text() == "Математика, Физика"


def test_experience_shows_a_dash_when_unknown(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a new person
    dialog = _open(qtbot, ws)
    spin = dialog.fields["experience_years"]
    assert isinstance(spin, QSpinBox)
    # THEN the unknown experience reads «—», the range ends at 70 and the other widgets fit
    assert spin.text() == "—"
    assert spin.maximum() == 70
    assert isinstance(dialog.fields["notes"], QPlainTextEdit)
    assert isinstance(dialog.fields["archived"], QCheckBox)
    assert dialog.minimumWidth() <= 1024 and dialog.minimumHeight() <= 700


def test_a_reopened_profile_shows_long_texts_from_their_start(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a mentor whose place of work is longer than its field
    workplace = "МБОУ «Знаменская средняя общеобразовательная школа», с. Знаменка"
    pid = persons.save_person(
        ws.db,
        PersonData(
            last_name="Захарова",
            first_name="Анастасия",
            email="zakharova.anastasia@znamenka.ru",
            mentor=MentorData(workplace=workplace),
        ),
    )
    # WHEN the profile is opened again
    dialog = _open(qtbot, ws, pid)
    dialog.tabs.setCurrentIndex(1)
    # THEN the line edits hold the full text with the cursor at its start, so «МБОУ» is seen
    field = dialog.fields["mentor.workplace"]
    assert isinstance(field, QLineEdit)
    assert field.text() == workplace and field.cursorPosition() == 0
    email = dialog.fields["email"]
    assert isinstance(email, QLineEdit) and email.cursorPosition() == 0


def test_a_birth_date_under_eighteen_is_a_warning_next_to_the_field(  # type: ignore[no-untyped-def]
    qtbot, ws: Workspace
) -> None:
    # GIVEN a new person whose birth date makes her ten years old
    today = dt.date.today()
    child = today.replace(year=today.year - 10, day=min(today.day, 28))
    dialog = _open(qtbot, ws)
    _type(qtbot, dialog, "last_name", "Юнова")
    _type(qtbot, dialog, "first_name", "Алиса")
    _type(qtbot, dialog, "birth_date", child.strftime("%d.%m.%Y"))
    # WHEN Save is pressed once
    _click_save(qtbot, dialog)
    # THEN the soft warning stands in brown next to the birth date and nothing is saved yet
    assert dialog.messages.text("birth_date") == (
        "Проверьте дату рождения: по ней человеку меньше 18 лет."
    )
    assert dialog.findChild(QLabel, "msg_birth_date").styleSheet() == WARNING_STYLE
    assert persons.list_persons(ws.db) == []
    # WHEN Save is pressed again
    with qtbot.waitSignal(dialog.accepted):
        _click_save(qtbot, dialog)
    # THEN the date is kept as typed
    [row] = persons.list_persons(ws.db)
    assert row.birth_date == child


def test_mentee_dates_in_the_wrong_order_use_the_tab_label(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a new person with a mentee profile that ends before it starts
    dialog = _open(qtbot, ws)
    _type(qtbot, dialog, "last_name", "Лебедева")
    _type(qtbot, dialog, "first_name", "Вера")
    dialog.mentee_check.setChecked(True)
    _type(qtbot, dialog, "mentee.date_in", "01.09.2025")
    _type(qtbot, dialog, "mentee.date_out", "01.06.2025")
    # WHEN Save is pressed
    _click_save(qtbot, dialog)
    # THEN the mentee tab is shown and the message names the field as labelled there
    assert dialog.tabs.currentIndex() == 2
    assert person_dialog.LABELS["mentee.date_out"] == "Дата завершения"
    assert dialog.messages.text("mentee.date_out") == "Дата завершения раньше даты вхождения."
    assert persons.list_persons(ws.db) == []


def test_line_fields_take_as_many_characters_as_their_columns_hold(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a new participant's dialog
    dialog = _open(qtbot, ws)
    # THEN each one-line field stops where its database column does (one source: limits)
    for key in ("last_name", "email", "phone"):
        line = dialog.fields[key]
        assert isinstance(line, QLineEdit)
        assert line.maxLength() == persons.field_limit(key)
    assert persons.field_limit("email") == 200
