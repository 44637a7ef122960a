"""The pairs order in the order editor: rows from the pairs, edited, signed into the pairs."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.models import Pair, PairMentee, Person
from app.services.orders import orders
from app.services.storage.workspace import Workspace
from app.ui.common import widgets
from app.ui.orders.order_editor import OrderEditor
from app.ui.orders.order_pairs_editor import PairsEditor
from app.ui.orders.orders_dialog import OrdersDialog
from tests.prebuilt import DemoSchool


@pytest.fixture
def school(demo_school: DemoSchool, monkeypatch) -> Workspace:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(OrderEditor, "ask_save_changes", lambda self: widgets.DISCARD)
    monkeypatch.setattr(OrderEditor, "show_error", lambda self, text: None)
    ws = demo_school()
    with ws.db.session() as s:
        for p in s.scalars(select(Pair)):  # only the pairs of this test are open and unfixed
            p.order_number = p.order_number or "0"
            p.status = "completed"
        people = list(s.scalars(select(Person.id).order_by(Person.id)))
        for mentor, mentee in ((people[0], people[5]), (people[1], people[6])):
            pair = Pair(
                mentor_id=mentor,
                form="учитель – учитель",
                status="active",
                start_date=dt.date(2026, 10, 1),
                end_date=dt.date(2027, 5, 31),
            )
            pair.mentees = [PairMentee(person_id=mentee)]
            s.add(pair)
    return ws


def _test_pairs(db) -> list[int]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return list(s.scalars(select(Pair.id).where(Pair.order_number == "").order_by(Pair.id)))


def test_pairs_order_rows_can_be_removed_and_signing_stamps_the_rest(
    qtbot, school: Workspace
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a new pairs order opened from the orders window
    window = OrdersDialog(school)
    qtbot.addWidget(window)
    window.choose_kind = lambda: "pairs"  # type: ignore[method-assign]
    editor = window.new_order()
    assert editor is not None
    pairs_editor = editor.appendices.editor(0)
    assert isinstance(pairs_editor, PairsEditor)
    assert pairs_editor.rows.table.rowCount() == 2
    first, second = pairs_editor.rows.row_id(0), pairs_editor.rows.row_id(1)
    assert sorted([first, second]) == _test_pairs(school.db)

    # WHEN the second row is removed, the order numbered, signed and saved
    pairs_editor.rows.table.setCurrentCell(1, 0)
    pairs_editor.rows.remove_row()
    editor.number.setText("131")
    editor.status.setCurrentIndex(editor.status.findData("signed"))
    assert editor.store()

    # THEN only the pair still in the table carries the order; the other stays unfixed
    with school.db.session() as s:
        assert s.get(Pair, first).order_number == "131"
        assert s.get(Pair, second).order_number == ""
    saved = orders.get_order(
        school.db, next(r.id for r in orders.list_orders(school.db) if r.number == "131")
    )
    assert saved.appendices[0].content.pair_ids == [first]

    # WHEN «Добавить незакреплённые» is pressed THEN the second pair comes back with its data
    pairs_editor.add_unfixed()
    assert pairs_editor.rows.table.rowCount() == 2
    assert pairs_editor.rows.row_id(1) == second
