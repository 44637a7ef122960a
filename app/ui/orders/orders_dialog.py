"""The «Приказы» window: the list of orders, new/open/delete and printing to Word."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import format_date
from app.errors import KuratorError
from app.services.orders import order_prefill, orders
from app.services.orders.orders import KIND_NAMES, OrderRow
from app.services.storage.workspace import Workspace
from app.ui.common.dialogs import ask_yes_no
from app.ui.common.row_model import RowTableModel
from app.ui.orders.order_editor import OrderEditor
from app.ui.orders.order_print import PrintPanel

TEXTS = {
    "title": "Приказы",
    "hint": (
        "Приказы директора о наставничестве. Дважды щёлкните приказ, чтобы открыть его; "
        "проект можно удалить, подписанный хранится в делах школы."
    ),
    "empty": "Приказов пока нет. Нажмите «Новый приказ…».",
    "new": "Новый приказ…",
    "open": "Открыть…",
    "delete": "Удалить…",
    "print": "Печать (Word)…",
    "close": "Закрыть",
    "kind_title": "Новый приказ",
    "kind_hint": "Какой приказ подготовить? Пункты заполнятся по данным школы; их можно изменить.",
    "kind_create": "Создать",
    "kind_cancel": "Отмена",
    "select_first": "Сначала выберите приказ в списке.",
    "confirm_delete": "Удалить {caption} «{title}»? Это действие нельзя отменить.",
    "confirm_title": "Удаление приказа",
    "yes": "Удалить",
    "no": "Не удалять",
    "error_title": "Не получилось",
}
HEADERS = ["№", "Дата", "Вид", "Заголовок", "Состояние"]
COL_NUMBER, COL_DATE, COL_KIND, COL_TITLE, COL_STATUS = range(5)
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class OrdersModel(RowTableModel[OrderRow]):
    """Plain ``OrderRow``s as a table; the order id is under ``ID_ROLE``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(HEADERS, parent)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ID_ROLE:
            return row.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return {
                COL_NUMBER: row.number,
                COL_DATE: format_date(row.date),
                COL_KIND: row.kind_name,
                COL_TITLE: row.title,
                COL_STATUS: row.status_name,
            }[index.column()]
        return None


class KindDialog(QDialog):
    """Radio buttons for every kind; kinds not available yet are disabled with the reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TEXTS["kind_title"])
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        lay = QVBoxLayout(self)
        hint = QLabel(TEXTS["kind_hint"])
        hint.setWordWrap(True)
        lay.addWidget(hint)
        for kind, name in KIND_NAMES.items():
            button = QRadioButton(name)
            reason = order_prefill.LATER.get(kind, "")
            button.setEnabled(kind in order_prefill.AVAILABLE_KINDS)
            button.setToolTip(reason)
            self.group.addButton(button)
            self.buttons[kind] = button
            lay.addWidget(button)
            if reason:
                note = QLabel(reason)
                note.setWordWrap(True)
                note.setContentsMargins(24, 0, 0, 6)
                note.setStyleSheet("color: #666;")
                lay.addWidget(note)
        first = next(k for k in KIND_NAMES if k in order_prefill.AVAILABLE_KINDS)
        self.buttons[first].setChecked(True)
        create = QPushButton(TEXTS["kind_create"])
        create.setDefault(True)
        create.clicked.connect(self.accept)
        cancel = QPushButton(TEXTS["kind_cancel"])
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(create)
        row.addWidget(cancel)
        lay.addStretch(1)
        lay.addLayout(row)
        self.resize(560, self.sizeHint().height())

    def kind(self) -> str:
        return next(k for k, b in self.buttons.items() if b.isChecked())


class OrdersDialog(QDialog):
    """The orders list; editors open beside it (non-modal), one per order."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.editors: dict[int | None, OrderEditor] = {}
        self.setWindowTitle(TEXTS["title"])
        self.model = OrdersModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for col, width in ((COL_NUMBER, 60), (COL_DATE, 100), (COL_KIND, 260), (COL_STATUS, 100)):
            self.view.setColumnWidth(col, width)
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.empty = QLabel(TEXTS["empty"])
        hint = QLabel(TEXTS["hint"])
        hint.setWordWrap(True)

        self.new_button = QPushButton(TEXTS["new"])
        self.new_button.clicked.connect(lambda _=False: self.new_order())
        self.open_button = QPushButton(TEXTS["open"])
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton(TEXTS["delete"])
        self.delete_button.clicked.connect(self.delete_selected)
        self.printer = PrintPanel(ws, TEXTS["print"])
        self.printer.button.clicked.connect(self.print_selected)
        close = QPushButton(TEXTS["close"])
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.open_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.printer)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(hint)
        lay.addWidget(self.empty)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._sync_buttons())
        self.reload()
        self.resize(1000, 520)

    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.selected_id()
        self.model.set_rows(orders.list_orders(self.ws.db))
        self.empty.setVisible(not self.model.rows)
        for r, row in enumerate(self.model.rows):
            if row.id == keep:
                self.view.selectRow(r)
        self._sync_buttons()

    def selected_row(self) -> OrderRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row is not None else None

    def _sync_buttons(self) -> None:
        chosen = self.selected_row() is not None
        for b in (self.open_button, self.delete_button, self.printer.button):
            b.setEnabled(chosen)
        if not chosen:
            return
        self.printer.button.setEnabled(not self.printer.running)

    # --- dialogs, overridable in tests -------------------------------------------------
    def choose_kind(self) -> str | None:
        dialog = KindDialog(self)
        return dialog.kind() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def confirm(self, text: str) -> bool:
        return ask_yes_no(self, TEXTS["confirm_title"], text, TEXTS["yes"], TEXTS["no"])

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, TEXTS["error_title"], text)

    # --- actions -----------------------------------------------------------------------
    def new_order(self, kind: str | None = None) -> OrderEditor | None:
        """A new order of ``kind`` (asked for when not given) in its editor."""
        kind = kind or self.choose_kind()
        if kind is None:
            return None
        try:
            data = order_prefill.new_order(self.ws.db, kind)
        except KuratorError as exc:
            self.show_error(str(exc))
            return None
        return self._show_editor(OrderEditor(self.ws, data, self), None)

    def open_kind(self, kind: str, fresh: bool = False) -> OrderEditor | None:
        """An order of ``kind`` in its editor («С чего начать»): the newest draft of that
        kind; else a new order when ``fresh`` (the step is not done: the signed ones do not
        cover it) or there is none, else the newest signed one."""
        self.reload()
        rows = [(r, row) for r, row in enumerate(self.model.rows) if row.kind == kind]
        drafts = [(r, row) for r, row in rows if row.status != "signed"]
        if not drafts and (fresh or not rows):
            return self.new_order(kind)
        self.view.selectRow((drafts or rows)[0][0])
        return self.open_selected()

    def open_selected(self) -> OrderEditor | None:
        order_id = self.selected_id()
        if order_id is None:
            return None
        editor = self.editors.get(order_id)
        if editor is not None and editor.isVisible():
            editor.raise_()
            editor.activateWindow()
            return editor
        if editor is not None and not editor.printer.running:
            editor.deleteLater()  # a closed editor of this order; a fresh one reads the DB
        try:
            data = orders.get_order(self.ws.db, order_id)
        except KuratorError as exc:
            self.show_error(str(exc))
            self.reload()
            return None
        return self._show_editor(OrderEditor(self.ws, data, self), order_id)

    def _show_editor(self, editor: OrderEditor, key: int | None) -> OrderEditor:
        self.editors[key] = editor

        def stored(order_id: int) -> None:
            if self.editors.get(key) is editor and key != order_id:
                del self.editors[key]  # a new order now has its id
            self.editors[order_id] = editor
            self.reload(order_id)

        editor.saved.connect(stored)
        editor.show()
        return editor

    def delete_selected(self) -> bool:
        row = self.selected_row()
        if row is None:
            return False
        caption = orders.OrderData(kind=row.kind, number=row.number, date=row.date).caption
        if row.status != "signed" and not self.confirm(
            TEXTS["confirm_delete"].format(caption=caption.lower(), title=row.title)
        ):
            return False
        try:
            # A signed order is refused by the service with the reason the curator reads.
            orders.delete_order(self.ws.db, row.id)
        except KuratorError as exc:
            self.show_error(str(exc))
            return False
        editor = self.editors.pop(row.id, None)
        if editor is not None:
            editor.setResult(QDialog.DialogCode.Rejected)
            editor.hide()
        self.reload()
        return True

    def print_selected(self) -> None:
        order_id = self.selected_id()
        if order_id is not None:
            self.printer.start(order_id)

    def reject(self) -> None:
        """Close the open editors first; one the curator goes back to keeps the list open."""
        for editor in self.findChildren(OrderEditor):
            if editor.isVisible():
                editor.reject()
                if editor.isVisible():
                    return
        super().reject()
