"""Editable lists for the order editor: text lists (basis, points with dash items), row tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.orders.orders import Point

TEXTS = {
    "add": "Добавить",
    "remove": "Удалить",
    "up": "Выше",
    "down": "Ниже",
    "empty": "(пусто — введите текст ниже)",
    "point_text": "Текст выбранного пункта:",
    "point_add": "Добавить пункт",
    "items_group": "Подпункты выбранного пункта (через тире)",
    "item_text": "Текст выбранного подпункта:",
    "item_add": "Добавить подпункт",
    "items_count": "  [подпунктов: {n}]",
    "no_point": "Выберите пункт слева, чтобы изменить его подпункты.",
    "add_row": "Добавить строку",
}
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1
PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 2


def cell_text(table: QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    return item.text() if item is not None else ""


def _button(text: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(slot)
    return button


class TextListEditor(QWidget):
    """A list of texts with add/remove/up/down and an editor for the selected text.

    Each row may carry a payload (the dash items of a point) that moves with it."""

    changed = Signal()
    current_changed = Signal(int)

    def __init__(
        self,
        prefix: Callable[[int], str],
        edit_label: str,
        add_text: str = TEXTS["add"],
        edit_lines: int = 3,
        suffix: Callable[[Any], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._prefix = prefix
        self._suffix = suffix
        self._updating = False
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSpacing(1)
        self.list.setAlternatingRowColors(True)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.currentRowChanged.connect(self._on_current)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.fontMetrics().lineSpacing() * edit_lines + 14)
        self.edit.textChanged.connect(self._on_edit)
        self.add_button = _button(add_text, self.add)
        self.remove_button = _button(TEXTS["remove"], self.remove)
        self.up_button = _button(TEXTS["up"], lambda: self.move_current(-1))
        self.down_button = _button(TEXTS["down"], lambda: self.move_current(1))

        buttons = QVBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.list, 0, 0)
        grid.addLayout(buttons, 0, 1)
        grid.addWidget(QLabel(edit_label), 1, 0, 1, 2)
        grid.addWidget(self.edit, 2, 0, 1, 2)
        grid.setRowStretch(0, 1)
        self._sync_buttons()

    # --- data in and out ---------------------------------------------------------------
    def set_values(self, values: Sequence[str], payloads: Sequence[Any] | None = None) -> None:
        self._updating = True
        self.list.clear()
        for i, value in enumerate(values):
            item = QListWidgetItem()
            item.setData(VALUE_ROLE, value)
            item.setData(PAYLOAD_ROLE, payloads[i] if payloads is not None else None)
            self.list.addItem(item)
        self._relabel()
        self._updating = False
        self.list.setCurrentRow(0 if values else -1)
        self._on_current(self.list.currentRow())

    def values(self) -> list[str]:
        return [str(self.list.item(i).data(VALUE_ROLE) or "") for i in range(self.list.count())]

    def payload(self, row: int) -> Any:
        return self.list.item(row).data(PAYLOAD_ROLE)

    def set_payload(self, row: int, payload: Any) -> None:
        self.list.item(row).setData(PAYLOAD_ROLE, payload)
        self._relabel()

    def current_row(self) -> int:
        return self.list.currentRow()

    def select(self, row: int) -> None:
        self.list.setCurrentRow(row)

    # --- editing -----------------------------------------------------------------------
    def add(self) -> None:
        row = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else self.list.count()
        item = QListWidgetItem()
        item.setData(VALUE_ROLE, "")
        item.setData(PAYLOAD_ROLE, [])
        self.list.insertItem(row, item)
        self._relabel()
        self.list.setCurrentRow(row)
        self.edit.setFocus()
        self.changed.emit()

    def remove(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.list.takeItem(row)
        self._relabel()
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        self._on_current(self.list.currentRow())
        self.changed.emit()

    def move_current(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.list.count():
            return
        self._updating = True
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self._relabel()
        self._updating = False
        self.list.setCurrentRow(target)
        self._on_current(target)
        self.changed.emit()

    def _relabel(self) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            value = " ".join(str(item.data(VALUE_ROLE) or "").split())
            tail = self._suffix(item.data(PAYLOAD_ROLE)) if self._suffix else ""
            item.setText(self._prefix(i) + (value or TEXTS["empty"]) + tail)

    def _on_current(self, row: int) -> None:
        if self._updating:
            return
        self._updating = True
        self.edit.setPlainText(str(self.list.item(row).data(VALUE_ROLE) or "") if row >= 0 else "")
        self.edit.setEnabled(row >= 0)
        self._updating = False
        self._sync_buttons()
        self.current_changed.emit(row)

    def _on_edit(self) -> None:
        row = self.list.currentRow()
        if self._updating or row < 0:
            return
        self.list.item(row).setData(VALUE_ROLE, self.edit.toPlainText())
        self._relabel()
        self.changed.emit()

    def _sync_buttons(self) -> None:
        row, count = self.list.currentRow(), self.list.count()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)


class PointsEditor(QWidget):
    """The numbered points on the left, the dash items of the selected point on the right."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._switching = False
        self.points = TextListEditor(
            lambda i: f"{i + 1}. ",
            TEXTS["point_text"],
            TEXTS["point_add"],
            edit_lines=4,
            suffix=self._count,
        )
        self.items = TextListEditor(lambda i: "— ", TEXTS["item_text"], TEXTS["item_add"])
        self.no_point = QLabel(TEXTS["no_point"])
        self.no_point.setWordWrap(True)
        items_box = QGroupBox(TEXTS["items_group"])
        box = QVBoxLayout(items_box)
        box.addWidget(self.items)
        box.addWidget(self.no_point)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.points, 11)
        lay.addWidget(items_box, 9)
        self.points.current_changed.connect(self._show_items)
        self.points.changed.connect(self.changed)
        self.items.changed.connect(self._store_items)

    @staticmethod
    def _count(items: Any) -> str:
        return TEXTS["items_count"].format(n=len(items)) if items else ""

    def set_points(self, points: Sequence[Point]) -> None:
        self.points.set_values([p.text for p in points], [list(p.items) for p in points])

    def get_points(self) -> list[Point]:
        return [
            Point(text, [str(i) for i in (self.points.payload(row) or [])])
            for row, text in enumerate(self.points.values())
        ]

    def _show_items(self, row: int) -> None:
        self._switching = True
        self.items.set_values(list(self.points.payload(row) or []) if row >= 0 else [])
        self._switching = False
        self.items.setEnabled(row >= 0)
        self.no_point.setVisible(row < 0)

    def _store_items(self) -> None:
        row = self.points.current_row()
        if self._switching or row < 0:
            return
        self.points.set_payload(row, self.items.values())
        self.changed.emit()


class RowsTable(QWidget):
    """A table of text rows with add/remove/up/down; each row keeps an id in its first cell."""

    changed = Signal()

    def __init__(
        self,
        headers: Sequence[str],
        stretch: Sequence[int] = (),
        extra_buttons: Sequence[QPushButton] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for col in range(len(headers)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if col in stretch
                else QHeaderView.ResizeMode.Interactive
            )
            header.setSectionResizeMode(col, mode)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.table.itemSelectionChanged.connect(self._sync_buttons)
        self.add_button = _button(TEXTS["add_row"], lambda: self.add_row([""] * len(headers)))
        self.remove_button = _button(TEXTS["remove"], self.remove_row)
        self.up_button = _button(TEXTS["up"], lambda: self.move_row(-1))
        self.down_button = _button(TEXTS["down"], lambda: self.move_row(1))
        buttons = QVBoxLayout()
        for b in (
            *extra_buttons,
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        self._sync_buttons()

    def set_rows(self, rows: Sequence[Sequence[str]], ids: Sequence[Any] | None = None) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for i, row in enumerate(rows):
            self._insert(self.table.rowCount(), row, ids[i] if ids is not None else None)
        self.table.blockSignals(False)
        self._sync_buttons()

    def rows(self) -> list[list[str]]:
        t = self.table
        return [[cell_text(t, r, c) for c in range(t.columnCount())] for r in range(t.rowCount())]

    def row_id(self, row: int) -> Any:
        item = self.table.item(row, 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def add_row(self, values: Sequence[str], row_id: Any = None) -> int:
        current = self.table.currentRow()
        row = current + 1 if current >= 0 else self.table.rowCount()
        self.table.blockSignals(True)
        self._insert(row, values, row_id)
        self.table.blockSignals(False)
        self.table.setCurrentCell(row, 0)
        self.changed.emit()
        return row

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        if self.table.rowCount():
            self.table.setCurrentCell(min(row, self.table.rowCount() - 1), 0)
        self._sync_buttons()
        self.changed.emit()

    def move_row(self, delta: int) -> None:
        row, col = self.table.currentRow(), max(self.table.currentColumn(), 0)
        target = row + delta
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        self.table.blockSignals(True)
        for c in range(self.table.columnCount()):
            a, b = self.table.takeItem(row, c), self.table.takeItem(target, c)
            self.table.setItem(row, c, b)
            self.table.setItem(target, c, a)
        self.table.blockSignals(False)
        self.table.setCurrentCell(target, col)
        self.changed.emit()

    def _insert(self, row: int, values: Sequence[str], row_id: Any) -> None:
        self.table.insertRow(row)
        for c in range(self.table.columnCount()):
            item = QTableWidgetItem(values[c] if c < len(values) else "")
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, row_id)
            self.table.setItem(row, c, item)

    def _sync_buttons(self) -> None:
        row, count = self.table.currentRow(), self.table.rowCount()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
