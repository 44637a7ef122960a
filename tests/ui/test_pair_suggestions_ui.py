"""The pair dialog helps from the diagnosis: the mentee's red directions ticked in advance,
and mentor suggestions that say why they are weak and leave non-teaching staff out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.services.grid import grid_state
from app.services.pairs import matching
from app.services.storage.workspace import Workspace
from app.ui.common import widgets
from app.ui.pairs.pair_dialog import PairDialog
from app.ui.pairs.suggestions_dialog import SuggestionsDialog
from tests.services.test_matching import grid, person


@pytest.fixture(autouse=True)
def _discard_on_teardown(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(PairDialog, "ask_save_changes", lambda parent: widgets.DISCARD)


def _ticked(dialog: PairDialog) -> list[int]:
    return [d for d, _text in dialog.directions.picked()]


def test_choosing_a_mentee_ticks_their_red_directions(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a mentee red in ИКТ and Нормативное, yellow in Предметное, and another one red
    # in Воспитательная only
    db = ws.db
    ids = {d.label: d.id for d in grid_state.directions(db)}
    first = person(db, "Зайцева", "Дарья", "Олеговна")
    grid(db, first, ИКТ=("red", ""), Нормативное=("red", ""), Предметное=("yellow", ""))
    second = person(db, "Орлова", "Нина", "Ивановна")
    grid(db, second, Воспитательная=("red", ""))
    dialog = PairDialog(ws, None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert _ticked(dialog) == []
    # WHEN the first mentee is chosen THEN both red directions are ticked, the yellow not,
    # with the grid's deficit text
    dialog.mentee.set_id(first)
    assert sorted(_ticked(dialog)) == sorted([ids["ИКТ"], ids["Нормативное"]])
    assert all(text == "затрудняется" for _d, text in dialog.directions.picked())
    # WHEN another mentee is chosen while the ticks are still the dialog's own THEN they
    # follow the new mentee
    dialog.mentee.set_id(second)
    assert _ticked(dialog) == [ids["Воспитательная"]]
    # WHEN the curator ticks a direction of their own and changes the mentee back THEN
    # nothing is ticked over their choice
    dialog.directions.set_checked(ids["ИКТ"], True)
    dialog.mentee.set_id(first)
    assert sorted(_ticked(dialog)) == sorted([ids["ИКТ"], ids["Воспитательная"]])


def test_an_existing_pair_keeps_its_directions(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a saved pair working on «Предметное» only, the mentee red in ИКТ
    import datetime as dt

    from app.services.pairs import pairs
    from app.services.pairs.pair_data import DirectionPick, PairData

    db = ws.db
    ids = {d.label: d.id for d in grid_state.directions(db)}
    mentor = person(db, "Кузнецова", "Елена", "Андреевна")
    mentee = person(db, "Зайцева", "Дарья", "Олеговна")
    grid(db, mentee, ИКТ=("red", ""))
    pair_id = pairs.save_pair(
        db,
        PairData(
            mentor_id=mentor,
            mentee_ids=[mentee],
            start_date=dt.date(2026, 9, 1),
            end_date=dt.date(2027, 5, 31),
            directions=[DirectionPick(ids["Предметное"], "Предмет")],
        ),
    )
    # WHEN it is opened THEN only its own direction is ticked and nothing is «changed»
    dialog = PairDialog(ws, None, pair_id)
    qtbot.addWidget(dialog)
    assert _ticked(dialog) == [ids["Предметное"]]
    assert not dialog.is_modified()


def test_suggestions_say_no_strengths_are_recorded_and_leave_out_the_secretary(
    qtbot, ws: Workspace
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a mentee red in ИКТ, two teachers and a secretary, nobody's strengths recorded
    db = ws.db
    mentee = person(db, "Зайцева", "Дарья", "Олеговна", "Математика", 1)
    grid(db, mentee, ИКТ=("red", ""))
    teacher = person(db, "Кузнецова", "Елена", "Андреевна", "Математика", 18)
    person(db, "Морозов", "Андрей", "Петрович", "Физкультура", 21)
    secretary = person(db, "Орлова", "Нина", "Ивановна", position="Секретарь")
    # WHEN the suggestions open
    dialog = SuggestionsDialog(ws, [mentee])
    qtbot.addWidget(dialog)
    dialog.show()
    # THEN the notice above the list says why and points to the diagnostics
    assert dialog.notice.isVisible()
    assert dialog.notice.text() == matching.NO_STRENGTHS
    assert "вкладке «Диагностика»" in dialog.notice.text()
    # AND no row says «нет отмеченных сильных сторон»; the secretary is not offered
    rows = dialog.mentor_model.rows
    assert rows and all("нет отмеченных сильных сторон" not in r.reason for r in rows)
    assert secretary not in [r.person_id for r in rows]
    assert rows[0].person_id == teacher
    # WHEN «Показать и сотрудников не педагогических должностей» is ticked THEN she is
    qtbot.mouseClick(dialog.everyone, Qt.MouseButton.LeftButton)
    assert secretary in [r.person_id for r in dialog.mentor_model.rows]
    dialog.done(QDialog.DialogCode.Rejected)


def test_suggestions_without_a_weakness_show_no_notice(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a mentee red in ИКТ and a teacher strong in it
    db = ws.db
    mentee = person(db, "Зайцева", "Дарья", "Олеговна")
    grid(db, mentee, ИКТ=("red", ""))
    teacher = person(db, "Кузнецова", "Елена", "Андреевна")
    grid(db, teacher, ИКТ=("green", "Электронный журнал"))
    # WHEN the suggestions open THEN there is no notice and the strong teacher comes first
    dialog = SuggestionsDialog(ws, [mentee])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.notice.isVisible()
    assert dialog.mentor_model.rows[0].person_id == teacher
