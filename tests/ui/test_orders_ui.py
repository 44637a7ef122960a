"""The «Приказы» window and the order editor: create, validate, appendices, forms, print, delete."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from app.core.sections import text_to_sections
from app.services.orders import orders
from app.services.orders.appendix_data import RoadmapRow
from app.services.pairs import bases
from app.services.school import forms
from app.services.storage.workspace import Workspace
from app.ui.common import widgets
from app.ui.orders.order_appendices import RegulationEditor, RoadmapEditor
from app.ui.orders.order_columns import ColumnsDialog
from app.ui.orders.order_editor import OrderEditor
from app.ui.orders.order_forms_tab import COL_FORM, COL_SOURCE
from app.ui.orders.order_print import PrintPanel, PrintResult
from app.ui.orders.orders_dialog import COL_NUMBER, COL_STATUS, OrdersDialog
from tests.prebuilt import DemoSchool


@pytest.fixture(autouse=True)
def shown(monkeypatch):  # type: ignore[no-untyped-def]
    """Answer the «Сохранить изменения?» guard with «Не сохранять» (so teardown never blocks)
    and collect the messages the windows would show instead of opening real message boxes."""
    messages: list[str] = []
    monkeypatch.setattr(OrderEditor, "ask_save_changes", lambda self: widgets.DISCARD)
    for cls in (OrderEditor, OrdersDialog, PrintPanel):
        monkeypatch.setattr(cls, "show_error", lambda self, text: messages.append(text))
    monkeypatch.setattr(
        PrintPanel, "show_done", lambda self, result: messages.append(f"done:{result.target}")
    )
    return messages


@pytest.fixture
def school(demo_school: DemoSchool) -> Workspace:
    """The demo school: people, requisites and the signed order № 112 (its pairs order is
    taken out, so these tests see one order; the pairs order has its own tests)."""
    from app.models import Order

    ws = demo_school()
    with ws.db.session() as s:
        for o in s.query(Order).filter(Order.kind == "pairs"):
            s.delete(o)
    return ws


def _window(qtbot, ws: Workspace) -> OrdersDialog:  # type: ignore[no-untyped-def]
    window = OrdersDialog(ws)
    qtbot.addWidget(window)
    window.choose_kind = lambda: "implementation"  # type: ignore[method-assign]
    window.confirm = lambda text: True  # type: ignore[method-assign]
    return window


def _cell(table: QTableWidget, row: int, col: int) -> QTableWidgetItem:
    item = table.item(row, col)
    assert item is not None
    return item


def _select(window: OrdersDialog, order_id: int) -> None:
    row = next(i for i, r in enumerate(window.model.rows) if r.id == order_id)
    window.view.selectRow(row)


def _new_saved(qtbot, ws: Workspace) -> tuple[OrdersDialog, OrderEditor]:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ws)
    editor = window.new_order()
    assert editor is not None
    editor.number.setText("113")
    assert editor.store()
    return window, editor


def test_new_order_through_the_list_is_saved(qtbot, school: Workspace, shown) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the orders window of the demo school (one signed order)
    window = _window(qtbot, school)
    assert [r.number for r in window.model.rows] == ["112"]
    assert window.model.index(0, COL_STATUS).data() == "подписан"

    # WHEN a new implementation order is made, its number and a point changed, and saved
    editor = window.new_order()
    assert editor is not None and editor.isVisible()
    assert editor.windowTitle() == "Новый приказ"
    editor.number.setText("113")
    editor.tabs.setCurrentIndex(1)
    editor.points.points.select(7)
    editor.points.points.edit.setPlainText("Контроль за исполнением приказа возложить на куратора.")
    with qtbot.waitSignal(editor.accepted):
        editor.save_button.click()

    # THEN the order is in the database with the new number and text, and listed first
    assert editor.order_id is not None
    saved = orders.get_order(school.db, editor.order_id)
    assert saved.number == "113" and saved.status == "draft"
    assert saved.points[7].text == "Контроль за исполнением приказа возложить на куратора."
    assert saved.points[2].items  # the curator's duties came with the prefilled point
    assert [a.kind for a in saved.appendices] == [
        "roadmap",
        "regulation",
        "mentors_base",
        "mentees_base",
    ]
    assert window.model.index(0, COL_NUMBER).data() == "113"
    assert window.selected_id() == editor.order_id
    assert shown == []


def test_signed_without_number_is_refused_next_to_the_field(qtbot, school: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a new order marked signed but without a number, the points tab in front
    window = _window(qtbot, school)
    editor = window.new_order()
    assert editor is not None
    editor.number.setText("")
    editor.status.setCurrentIndex(editor.status.findData("signed"))
    editor.tabs.setCurrentIndex(1)

    # WHEN the curator saves
    result = editor.save()

    # THEN the message stands under the number, its tab is shown and nothing is stored
    assert result is False
    assert editor.messages.text("number") == "У подписанного приказа должен быть номер."
    assert editor.tabs.currentIndex() == 0
    assert not editor.isHidden()
    assert [r.number for r in orders.list_orders(school.db)] == ["112"]


def test_bad_date_is_shown_next_to_the_date(qtbot, school: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a new order with a date that does not exist
    editor = _window(qtbot, school).new_order()
    assert editor is not None
    editor.date.setText("31.02.2026")

    # WHEN it is saved
    assert editor.save() is False

    # THEN the date field says why and the editor counts as changed
    assert editor.messages.is_shown("date")
    assert editor.is_modified()
    assert len(orders.list_orders(school.db)) == 1


def test_roadmap_row_added_and_dash_item_are_saved(qtbot, school: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a saved new order
    window, editor = _new_saved(qtbot, school)
    assert not editor.is_modified()
    roadmap = editor.appendices.editor(0)
    assert isinstance(roadmap, RoadmapEditor)
    before = len(roadmap.rows.rows())

    # WHEN a roadmap row is added at the end and a dash item is added to point 3
    roadmap.rows.table.setCurrentCell(before - 1, 0)
    row = roadmap.rows.add_row(["Итоговая конференция наставников", "Май", "Куратор"])
    editor.points.points.select(2)
    editor.points.items.select(len(editor.points.items.values()) - 1)
    editor.points.items.add()
    editor.points.items.edit.setPlainText("готовить отчёт о работе за полугодие")
    assert editor.is_modified()
    assert editor.save()

    # THEN both are stored in the order
    saved = orders.get_order(school.db, editor.order_id)  # type: ignore[arg-type]
    rows = saved.appendices[0].content.rows
    assert row == before and len(rows) == before + 1
    assert rows[-1] == RoadmapRow("Итоговая конференция наставников", "Май", "Куратор")
    assert saved.points[2].items[-1] == "готовить отчёт о работе за полугодие"


def test_moving_a_point_moves_its_items(qtbot, school: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the prefilled points; point 3 has the curator's duties as dash items
    _window_, editor = _new_saved(qtbot, school)
    duties = editor.points.get_points()[2]

    # WHEN point 3 is moved up
    editor.points.points.select(2)
    editor.points.points.up_button.click()

    # THEN it is point 2 with its items, and the items editor shows them
    points = editor.points.get_points()
    assert points[1] == duties
    assert editor.points.items.values() == duties.items
    assert editor.points.points.list.item(1).text().startswith("2. Куратору")


def test_corrected_form_is_kept_and_replaced_in_the_points(qtbot, school: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a new order naming the curator «Лебедеву Ирину Николаевну» (accusative)
    editor = _window(qtbot, school).new_order()
    assert editor is not None
    table = editor.forms.table
    row = next(
        r
        for r in range(table.rowCount())
        if _cell(table, r, COL_SOURCE).text() == "Лебедева Ирина Николаевна"
    )
    old = _cell(table, row, COL_FORM).text()
    assert old == "Лебедеву Ирину Николаевну"
    assert old in editor.points.get_points()[1].text

    # WHEN the curator corrects the form in the «Падежи» tab
    _cell(table, row, COL_FORM).setText("Лебедеву Ирину Николаевну (корр.)")

    # THEN the correction is stored for later documents and the point text changed at once
    assert forms.load_overrides(school.db) == {
        ("Лебедева Ирина Николаевна", "acc"): "Лебедеву Ирину Николаевну (корр.)"
    }
    assert "Лебедеву Ирину Николаевну (корр.)" in editor.points.get_points()[1].text
    assert editor.is_modified()

    # WHEN the correction is taken back
    table.setCurrentCell(row, COL_FORM)
    editor.forms.reset_button.click()

    # THEN the override is forgotten and the automatic form is back in the point
    assert forms.load_overrides(school.db) == {}
    assert "Лебедеву Ирину Николаевну куратором" in editor.points.get_points()[1].text


def test_print_writes_the_docx_with_the_new_number(
    qtbot, school: Workspace, tmp_path: Path, shown
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a new order with a number, the file chooser answered
    window = _window(qtbot, school)
    editor = window.new_order()
    assert editor is not None
    editor.number.setText("147")
    target = tmp_path / "приказ 147.docx"
    editor.printer.choose_file = lambda suggested: target  # type: ignore[method-assign]

    # WHEN «Сохранить и напечатать…» is pressed
    with qtbot.waitSignal(editor.printer.finished, timeout=60000) as signal:
        editor.printer.button.click()
        assert editor.printer.busy.isVisible() or editor.printer.running
        assert editor.isEnabled()  # the window stays usable while printing

    # THEN the order is saved, the document holds the number, the message offers the file
    result: PrintResult = signal.args[0]
    assert result.target == target and target.is_file()
    qtbot.waitUntil(lambda: shown == [f"done:{target}"])
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "№\u00a0147" in text or "№ 147" in text
    assert orders.get_order(school.db, editor.order_id).number == "147"  # type: ignore[arg-type]
    assert not editor.printer.busy.isVisible() and editor.printer.button.isEnabled()
    assert window.model.index(0, COL_NUMBER).data() == "147"


def test_print_separate_files_from_the_list(
    qtbot, school: Workspace, tmp_path: Path, shown
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the signed demo order selected in the list and «Отдельными файлами» ticked
    window = _window(qtbot, school)
    _select(window, window.model.rows[0].id)
    window.printer.split.setChecked(True)
    folder = tmp_path / "для печати"
    folder.mkdir()
    window.printer.choose_folder = lambda: folder  # type: ignore[method-assign]

    # WHEN «Печать (Word)…» is pressed
    window.printer.button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=60000)

    # THEN the order and each of its four appendices are separate files in the folder
    assert shown == [f"done:{folder}"]
    names = sorted(p.name for p in folder.glob("*.docx"))
    assert len(names) == 5
    assert any("приложение 4" in n for n in names)


def test_delete_draft_and_refuse_signed(qtbot, school: Workspace, shown) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the signed demo order and a saved draft
    window, editor = _new_saved(qtbot, school)
    signed_id = next(r.id for r in window.model.rows if r.status == "signed")
    draft_id = editor.order_id
    assert draft_id is not None

    # WHEN the draft is deleted
    _select(window, draft_id)
    assert window.delete_selected()

    # THEN it is gone from the database and the list, and its editor is closed
    assert [r.id for r in orders.list_orders(school.db)] == [signed_id]
    assert [r.id for r in window.model.rows] == [signed_id]
    assert editor.isHidden()

    # WHEN the signed order is deleted
    _select(window, signed_id)
    assert window.delete_selected() is False

    # THEN the service's reason is shown and the order stays
    assert len(shown) == 1 and shown[0].startswith("Подписанный приказ удалить нельзя")
    assert [r.id for r in orders.list_orders(school.db)] == [signed_id]


def test_school_docx_replaces_the_text_and_can_be_removed(
    qtbot, school: Workspace, tmp_path: Path, shown
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a saved order, a real .docx and a file that is not one
    _window_, editor = _new_saved(qtbot, school)
    regulation = editor.appendices.editor(1)
    assert isinstance(regulation, RegulationEditor)
    good = tmp_path / "Положение школы.docx"
    document = docx.Document()
    document.add_paragraph("Положение о наставничестве школы")
    document.save(str(good))
    bad = tmp_path / "старое.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 not a zip")

    # WHEN the wrong file is chosen
    regulation.choose_docx = lambda: bad  # type: ignore[method-assign]
    regulation.load_button.click()
    # THEN the curator is told to save it as .docx, nothing is loaded
    assert shown and "не документ Word" in shown[0]
    assert not regulation.drop_button.isVisibleTo(regulation)

    # WHEN the school's document is loaded and the order saved
    regulation.choose_docx = lambda: good  # type: ignore[method-assign]
    regulation.load_button.click()
    regulation.council_date.setText("30.08.2026")
    regulation.council_number.setText("1")
    assert editor.store()

    # THEN its bytes and name are stored with the protocol of the council
    stored = orders.get_order(school.db, editor.order_id).appendices[1]  # type: ignore[arg-type]
    assert stored.docx == good.read_bytes() and stored.docx_name == good.name
    assert zipfile.is_zipfile(io.BytesIO(stored.docx))
    assert (stored.content.council_date, stored.content.council_number) == ("30.08.2026", "1")
    assert not regulation.text.isEnabled()

    # WHEN «Убрать документ» is pressed and the order saved
    regulation.drop_button.click()
    assert editor.store()
    # THEN the starter text is printed again
    stored = orders.get_order(school.db, editor.order_id).appendices[1]  # type: ignore[arg-type]
    assert stored.docx is None and stored.content.sections


def test_regulation_text_format_round_trips() -> None:
    # GIVEN the plain-text form of two sections
    text = "1. Общие положения\n1.1. Первый абзац.\n1.2. Второй.\n\n\n2. Цели\n2.1. Цель."
    # WHEN it is read back
    sections = text_to_sections(text)
    # THEN each blank-line block is a section whose first line is the heading
    assert sections == [
        {"heading": "1. Общие положения", "paragraphs": ["1.1. Первый абзац.", "1.2. Второй."]},
        {"heading": "2. Цели", "paragraphs": ["2.1. Цель."]},
    ]


def test_columns_dialog_stores_the_choice(qtbot, school: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the columns of the base of mentees
    dialog = ColumnsDialog(school.db, "mentees")
    qtbot.addWidget(dialog)
    assert _cell(dialog.table, 0, 0).text() == "ФИО"

    # WHEN «Контакты» is unticked, the position moved first and renamed
    for r in range(dialog.table.rowCount()):
        if _cell(dialog.table, r, 0).data(Qt.ItemDataRole.UserRole) == "contacts":
            _cell(dialog.table, r, 0).setCheckState(Qt.CheckState.Unchecked)
    dialog.table.setCurrentCell(1, 0)
    dialog.move_row(-1)
    _cell(dialog.table, 0, 1).setText("Должность")
    assert dialog.save()

    # THEN the base prints these columns in this order
    choices = bases.field_choices(school.db, "mentees")
    assert [c.key for c in choices][:2] == ["position", "full_name"]
    assert choices[0].heading == "Должность"
    assert "contacts" not in [c.key for c in choices]


def test_people_added_from_participants(qtbot, school: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a new order listing the curator and the secretary
    editor = _window(qtbot, school).new_order()
    assert editor is not None
    people = editor.people
    listed = {p.person_id for p in people.people()}
    offered: list[set[int]] = []

    def choose(exclude: set[int]):  # type: ignore[no-untyped-def]
        offered.append(exclude)
        from app.services.people.persons import list_persons

        return [r for r in list_persons(school.db) if r.id not in exclude][:2]

    people.choose_persons = choose  # type: ignore[method-assign]

    # WHEN two participants are added, «отдельный лист» chosen and the order saved
    people.add_persons_button.click()
    editor.mode_buttons["sheet"].setChecked(True)
    editor.number.setText("150")
    assert editor.store()

    # THEN the listed were not offered again; four people stored with their ids
    assert offered == [listed]
    saved = orders.get_order(school.db, editor.order_id)  # type: ignore[arg-type]
    assert saved.acquaintance_mode == "sheet"
    assert len(saved.acquaintance) == 4
    assert all(a.person_id for a in saved.acquaintance)


def test_kinds_not_ready_are_disabled_with_the_reason(qtbot) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the «Новый приказ» chooser
    from app.services.orders.order_prefill import LATER
    from app.ui.orders.orders_dialog import KindDialog

    dialog = KindDialog()
    qtbot.addWidget(dialog)

    # THEN the implementation and pairs orders can be chosen; the others say when they come
    assert dialog.kind() == "implementation"
    assert dialog.buttons["implementation"].isEnabled()
    assert dialog.buttons["pairs"].isEnabled() and dialog.buttons["pairs"].toolTip() == ""
    for kind, reason in LATER.items():
        assert not dialog.buttons[kind].isEnabled()
        assert dialog.buttons[kind].toolTip() == reason


def test_closing_the_list_asks_for_a_changed_editor(qtbot, school: Workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the list with an editor whose number was changed
    window = _window(qtbot, school)
    window.show()
    editor = window.new_order()
    assert editor is not None
    editor.number.setText("200")
    asked: list[str] = []

    def back(self: OrderEditor) -> str:
        asked.append("asked")
        return widgets.CANCEL

    monkeypatch.setattr(OrderEditor, "ask_save_changes", back)

    # WHEN the list is closed and the curator chooses «Вернуться»
    window.reject()

    # THEN both windows stay open and nothing was saved
    assert asked == ["asked"]
    assert window.isVisible() and editor.isVisible()
    assert len(orders.list_orders(school.db)) == 1
