"""The order editor keeps the roadmap's terms in step with the order's date."""

from __future__ import annotations

import datetime as dt

from app.services.orders import order_prefill, orders
from app.services.orders.appendix_data import Roadmap
from app.ui.common import widgets
from app.ui.orders.order_appendices import RoadmapEditor
from app.ui.orders.order_editor import OrderEditor
from tests.prebuilt import DemoSchool


def test_a_later_order_date_moves_the_default_terms_but_keeps_typed_ones(
    qtbot, demo_school: DemoSchool, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(OrderEditor, "ask_save_changes", lambda self: widgets.DISCARD)
    # GIVEN a new implementation order drafted on 01.09.2026 (school year 2026/2027) whose
    # curator rewrote the term of the first row
    ws = demo_school(dt.date(2026, 9, 20))
    data = order_prefill.new_order(ws.db, "implementation", dt.date(2026, 9, 1))
    editor = OrderEditor(ws, data)
    qtbot.addWidget(editor)
    roadmap = editor.appendices.editor(0)
    assert isinstance(roadmap, RoadmapEditor)
    roadmap.rows.table.item(0, 1).setText("До 30.09.2026")
    terms = [row[1] for row in roadmap.rows.rows()]
    assert "До 15.09.2026" in terms and "Сентябрь – октябрь 2026 г." in terms

    # WHEN the order's date is changed to 20.10.2026
    editor.date.setText("20.10.2026")
    editor.date.editingFinished.emit()

    # THEN the default terms no longer lie before the order: past ones moved after it
    terms = [row[1] for row in roadmap.rows.rows()]
    assert "До 15.09.2026" not in terms and "До 27.10.2026" in terms
    assert "Октябрь 2026 г." in terms and "Сентябрь – октябрь 2026 г." not in terms
    # AND the term the curator typed is kept, and everything is saved as shown
    assert terms[0] == "До 30.09.2026"
    editor.number.setText("113")
    assert editor.store()
    saved = orders.get_order(ws.db, editor.order_id)  # type: ignore[arg-type]
    content = saved.appendices[0].content
    assert isinstance(content, Roadmap)
    assert [r.deadline for r in content.rows] == terms
