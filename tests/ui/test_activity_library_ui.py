"""«Справочники» → «Мероприятия программы»: the school edits the library a program's draft
is built from (by direction and kind), and a new program takes the school's version."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services.grid import grid_state
from app.services.programs import activity_library, programs
from app.services.storage.workspace import Workspace
from app.ui.common import widgets
from app.ui.school.reference_dialog import ReferenceListsDialog
from tests.services.program_fixtures import make_pair
from tests.services.test_program_draft import _diagnose
from tests.ui.test_person_dialog import type_text

METHODS = "Учебно-методическое (содержание, методики и технологии обучения)"


@pytest.fixture(autouse=True)
def _discard_on_teardown(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ReferenceListsDialog, "ask_save_changes", lambda parent: widgets.DISCARD)


def test_add_edit_remove_an_activity_and_a_new_program_uses_it(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the shipped library and the dialog on «Мероприятия программы»
    shipped = activity_library.activities(ws.db)
    dialog = ReferenceListsDialog(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select_kind("activity")
    page = dialog.activities
    assert dialog.current_kind() == "activity" and page.isVisible()
    assert page.table.rowCount() == len(shipped)
    # WHEN the filter shows methods, «Добавить» is clicked and the new row typed in:
    # a school seminar of kind «семинар», at the start of the program
    page.filter.setCurrentIndex(page.filter.findData(METHODS))
    page.table.setCurrentCell(-1, 0)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    page.kind.setCurrentIndex(page.kind.findData("seminar"))
    page.stage.setCurrentIndex(page.stage.findData(0))
    type_text(qtbot, page.texts["activity_kind"], "школьный семинар «Урок по ФГОС»")
    type_text(qtbot, page.texts["event_form"], "семинар")
    row = page.current_row()
    assert page.table.item(row, 0).text() == METHODS
    assert page.table.item(row, 1).text() == "семинар или вебинар"
    assert page.table.item(row, 4).text() == "школьный семинар «Урок по ФГОС»"
    # AND the first shipped activity is removed
    page.filter.setCurrentIndex(0)
    page.table.setCurrentCell(0, 0)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.is_modified()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # THEN the school's library in the database has the new activity and not the removed one
    saved = activity_library.activities(ws.db)
    assert len(saved) == len(shipped)
    assert shipped[0] not in saved
    mine = next(a for a in saved if a.activity_kind == "школьный семинар «Урок по ФГОС»")
    assert (mine.direction, mine.kind, mine.stage, mine.event_form, mine.focus) == (
        METHODS,
        "seminar",
        0,
        "семинар",
        "deficit",
    )
    # WHEN a program is drafted for a mentee lacking in methods
    pair_id, (mentee,) = make_pair(ws.db, with_directions=False)
    d = [x.id for x in grid_state.directions(ws.db)]
    _diagnose(ws.db, mentee, {d[4]: (0, "Урок без плана", True)})
    data = programs.get_program(ws.db, programs.create_program(ws.db, pair_id))
    # THEN the school's own activity is in its roadmap, among the first steps (stage 0)
    kinds = [i.activity_kind for i in data.items if i.direction_id == d[4]]
    assert len(kinds) == 4 and "школьный семинар «Урок по ФГОС»" in kinds[:2]


def test_a_blank_new_activity_is_not_saved(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the library page WHEN a row is added and left blank, and the dialog saved
    shipped = activity_library.activities(ws.db)
    dialog = ReferenceListsDialog(ws)
    qtbot.addWidget(dialog)
    dialog.select_kind("activity")
    dialog.activities.add_activity()
    dialog.activities.texts["event_form"].clear()
    dialog.activities.texts["event_form"].textEdited.emit("")
    assert not dialog.is_modified()
    assert dialog.save()
    # THEN the library is unchanged
    assert activity_library.activities(ws.db) == shipped
