"""The «Справочники» dialog: add, edit, remove, reorder and save the reference lists."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services.school import reference
from app.services.storage.workspace import Workspace
from app.ui.common import widgets
from app.ui.school.reference_dialog import ReferenceListsDialog


def test_add_reorder_and_save(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the seeded categories
    before = reference.values(ws.db, "category")
    dialog = ReferenceListsDialog(ws)
    qtbot.addWidget(dialog)
    names = [dialog.kinds.item(i).text() for i in range(dialog.kinds.count())]
    assert names == [*reference.KIND_NAMES.values(), "Мероприятия программы"]
    dialog.select_kind("category")
    assert dialog.current_values() == before

    # WHEN a value is added, moved to the top with «Выше», the old first one moved down
    dialog.add_value("Молодой специалист")
    for _ in range(len(before)):
        qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    assert not dialog.up_button.isEnabled()
    dialog.values.setCurrentRow(1)
    qtbot.mouseClick(dialog.down_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    # THEN the service returns the new order
    expected = ["Молодой специалист", before[1], before[0], *before[2:]]
    assert reference.values(ws.db, "category") == expected


def test_edit_remove_and_switch_kinds_keep_all_edits(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the dialog on «Должности»
    positions = reference.values(ws.db, "position")
    subjects = reference.values(ws.db, "subject")
    dialog = ReferenceListsDialog(ws)
    qtbot.addWidget(dialog)
    dialog.select_kind("position")

    # WHEN the first position is renamed in place, then «Предметы» loses its first value
    dialog.values.item(0).setText("Директор школы")
    dialog.select_kind("subject")
    dialog.values.setCurrentRow(0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.is_modified()
    assert dialog.save() is True

    # THEN both lists changed, untouched lists did not
    assert reference.values(ws.db, "position") == ["Директор школы", *positions[1:]]
    assert reference.values(ws.db, "subject") == subjects[1:]
    assert reference.values(ws.db, "education") == reference.load_defaults()["education"]


def test_blank_new_line_is_not_saved(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a new line left empty in «Образование»
    before = reference.values(ws.db, "education")
    dialog = ReferenceListsDialog(ws)
    qtbot.addWidget(dialog)
    dialog.select_kind("education")
    dialog.add_value()
    # WHEN saved
    dialog.save()
    # THEN the list is unchanged
    assert reference.values(ws.db, "education") == before


def test_cancel_with_changes_asks_and_discards(
    qtbot, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN an added value
    before = reference.values(ws.db, "subject")
    dialog = ReferenceListsDialog(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select_kind("subject")
    dialog.add_value("Астрономия")
    asked: list[bool] = []

    def discard() -> str:
        asked.append(True)
        return widgets.DISCARD

    monkeypatch.setattr(dialog, "ask_save_changes", discard)
    # WHEN «Отмена» is pressed and the user chooses «Не сохранять»
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    # THEN the question was asked and nothing was stored
    assert asked == [True]
    assert reference.values(ws.db, "subject") == before
