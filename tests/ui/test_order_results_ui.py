"""The results order in the editor: its table is edited as text and saved; programs listed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QTableWidgetItem

from app.services.orders import orders
from app.services.storage.workspace import Workspace
from app.ui.common import widgets
from app.ui.orders.order_editor import OrderEditor
from app.ui.orders.order_results_editor import ResultsEditor
from app.ui.orders.orders_dialog import KindDialog, OrdersDialog
from tests.prebuilt import DemoSchool


@pytest.fixture
def school(demo_school: DemoSchool, monkeypatch) -> Workspace:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(OrderEditor, "ask_save_changes", lambda self: widgets.DISCARD)
    monkeypatch.setattr(OrderEditor, "show_error", lambda self, text: None)
    ws = demo_school(dt.date(2026, 11, 10))
    return ws


def test_every_kind_can_be_chosen(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = KindDialog()
    qtbot.addWidget(dialog)
    assert all(b.isEnabled() for b in dialog.buttons.values())


def test_results_row_edited_in_the_editor_is_saved(qtbot, school: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a new results order opened from the orders window
    window = OrdersDialog(school)
    qtbot.addWidget(window)
    window.choose_kind = lambda: "results"  # type: ignore[method-assign]
    editor = window.new_order()
    assert editor is not None
    results = editor.appendices.editor(0)
    assert isinstance(results, ResultsEditor)
    assert results.rows.table.rowCount() == 9
    # WHEN the curator rewrites the first row's result and saves
    results.rows.table.setItem(0, 3, QTableWidgetItem("завершена, цели достигнуты"))
    editor.number.setText("201")
    assert editor.store()
    # THEN the stored appendix has the typed text and still knows its program
    saved = orders.get_order(school.db, editor.order_id)
    row = saved.appendices[0].content.rows[0]
    assert row.result == "завершена, цели достигнуты" and row.program_id is not None
