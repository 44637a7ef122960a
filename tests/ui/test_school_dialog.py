"""The «Реквизиты школы» dialog: saving, validation next to the field, the missing-fields note."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.core.school_year import SchoolYear
from app.models import SchoolProfile
from app.services.people import persons
from app.services.people.persons import PersonData
from app.services.school import school
from app.services.storage.workspace import Workspace
from app.ui.common import widgets
from app.ui.school.school_dialog import SchoolDialog


def _profile_rows(ws: Workspace) -> int:
    with ws.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(SchoolProfile)) or 0)


def _fill(dialog: SchoolDialog) -> None:
    dialog.full_name.setPlainText(
        "Муниципальное бюджетное общеобразовательное учреждение\n"
        "«Знаменская средняя общеобразовательная школа»"
    )
    dialog.lines["short_name"].setText("МБОУ «Знаменская СОШ»")
    dialog.lines["locality"].setText("с. Знаменка")
    dialog.lines["founder"].setText("Управление образования администрации Знаменского района")
    dialog.director_position.set_text("Директор")
    dialog.lines["director_last_name"].setText("Петров")
    dialog.lines["director_first_name"].setText("Иван")
    dialog.lines["director_middle_name"].setText("Сергеевич")


def test_fill_and_save_writes_the_profile(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN two teachers, one archived, and an empty profile
    curator = persons.save_person(
        ws.db,
        PersonData(
            last_name="Захарова",
            first_name="Анастасия",
            middle_name="Анатольевна",
            position="Заместитель директора по УВР",
        ),
    )
    gone = persons.save_person(ws.db, PersonData(last_name="Орлова", first_name="Нина"))
    persons.set_archived(ws.db, gone, True)
    dialog = SchoolDialog(ws)
    qtbot.addWidget(dialog)
    combo = dialog.person_combos["curator_id"]
    # the archived person is not offered; «— не выбран —» comes first
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "— не выбран —",
        "Захарова Анастасия Анатольевна — Заместитель директора по УВР",
    ]
    # the school year is suggested
    assert dialog.lines["school_year"].text() == str(SchoolYear.current())

    # WHEN the form is filled and saved
    _fill(dialog)
    combo.setCurrentIndex(combo.findData(curator))
    dialog.person_combos["secretary_id"].setCurrentIndex(1)
    dialog.lines["school_year"].setText("2025/2026")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    # THEN the row is in the database, the multi-line name folded into one line
    saved = school.get_school(ws.db)
    assert _profile_rows(ws) == 1
    assert saved.full_name == (
        "Муниципальное бюджетное общеобразовательное учреждение "
        "«Знаменская средняя общеобразовательная школа»"
    )
    assert saved.short_name == "МБОУ «Знаменская СОШ»"
    assert saved.director_full_name == "Петров Иван Сергеевич"
    assert (saved.curator_id, saved.secretary_id) == (curator, curator)
    assert saved.school_year == "2025/2026"
    assert school.missing_fields(saved) == []


def test_bad_school_year_is_shown_next_to_the_field(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a filled form with a school year written with a hyphen
    dialog = SchoolDialog(ws)
    qtbot.addWidget(dialog)
    _fill(dialog)
    dialog.lines["school_year"].setText("2025-2026")

    # WHEN the user saves
    saved = dialog.save()

    # THEN the message is under the field, the dialog stays open and nothing is stored
    assert saved is False
    assert dialog.messages.text("school_year") == "Учебный год пишется так: 2025/2026."
    assert dialog.result() != dialog.DialogCode.Accepted
    assert _profile_rows(ws) == 0


def test_missing_fields_note_and_incomplete_save(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a fresh dialog: only the director's position and the year are prefilled
    dialog = SchoolDialog(ws)
    qtbot.addWidget(dialog)
    note = dialog.missing_note.text()
    assert note.startswith("Для печати документов заполните: полное наименование, ")
    assert "куратор внедрения целевой модели наставничества" in note and "учебный год" not in note

    # WHEN only the short name is typed and the profile saved
    dialog.lines["short_name"].setText("МБОУ «Знаменская СОШ»")
    assert "краткое наименование" not in dialog.missing_note.text()
    assert dialog.save() is True

    # THEN an incomplete profile is stored and still reported as incomplete
    saved = school.get_school(ws.db)
    assert saved.short_name == "МБОУ «Знаменская СОШ»"
    assert "полное наименование" in school.missing_fields(saved)

    # AND a reopened dialog shows the same note
    again = SchoolDialog(ws)
    qtbot.addWidget(again)
    assert again.lines["short_name"].text() == "МБОУ «Знаменская СОШ»"
    assert "полное наименование" in again.missing_note.text()


def test_complete_profile_says_so(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a person to pick
    pid = persons.save_person(ws.db, PersonData(last_name="Захарова", first_name="Анна"))
    dialog = SchoolDialog(ws)
    qtbot.addWidget(dialog)

    # WHEN every required field is filled
    _fill(dialog)
    for combo in dialog.person_combos.values():
        combo.setCurrentIndex(combo.findData(pid))

    # THEN the note says all is ready
    assert dialog.missing_note.text() == "Все реквизиты для печати документов заполнены."


def test_escape_with_changes_asks_and_can_save(
    qtbot, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN an edited form
    dialog = SchoolDialog(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.lines["locality"].setText("с. Знаменка")
    asked: list[str] = []

    def answer(button: str):  # type: ignore[no-untyped-def]
        def ask() -> str:
            asked.append("?")
            return button

        return ask

    # WHEN Esc is pressed and the user chooses «Вернуться»
    monkeypatch.setattr(dialog, "ask_save_changes", answer(widgets.CANCEL))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    # THEN the dialog stays open with the edit
    assert asked == ["?"] and dialog.isVisible()
    assert _profile_rows(ws) == 0

    # WHEN ✕ is pressed and the user chooses «Сохранить»
    monkeypatch.setattr(dialog, "ask_save_changes", answer(widgets.SAVE))
    with qtbot.waitSignal(dialog.accepted):
        dialog.close()
    # THEN the edit is stored
    assert school.get_school(ws.db).locality == "с. Знаменка"


def test_escape_without_changes_closes_quietly(
    qtbot, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN an untouched dialog (the suggested year is not a change)
    dialog = SchoolDialog(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    monkeypatch.setattr(dialog, "ask_save_changes", lambda: pytest.fail("must not ask"))  # type: ignore[no-untyped-call]
    # WHEN Esc is pressed
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    # THEN nothing was written
    assert _profile_rows(ws) == 0
