"""The acquaintance list of an order and the picker that adds participants to it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import fold
from app.models.db import Database
from app.services.orders.orders import Acquainted
from app.services.people import persons
from app.services.people.persons import PersonRow
from app.ui.orders.order_widgets import RowsTable

TEXTS = {
    "name": "Фамилия, имя, отчество",
    "position": "Должность",
    "add_persons": "Добавить из участников…",
    "picker_title": "Добавить в лист ознакомления",
    "picker_hint": "Отметьте педагогов, которые должны расписаться об ознакомлении:",
    "filter": "Поиск по фамилии или должности",
    "picker_add": "Добавить",
    "picker_cancel": "Отмена",
    "nobody_left": "Все участники уже есть в списке.",
}


class PersonPicker(QDialog):
    """Participants (not archived, not yet listed) with check boxes and a search line."""

    def __init__(self, rows: Sequence[PersonRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TEXTS["picker_title"])
        self.rows = list(rows)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(TEXTS["filter"])
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.list = QListWidget()
        for row in self.rows:
            label = row.full_name + (f" — {row.position}" if row.position else "")
            item = QListWidgetItem(label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
        buttons = QDialogButtonBox()
        buttons.addButton(TEXTS["picker_add"], QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(TEXTS["picker_cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        hint = QLabel(TEXTS["picker_hint"] if self.rows else TEXTS["nobody_left"])
        hint.setWordWrap(True)
        lay.addWidget(hint)
        lay.addWidget(self.filter)
        lay.addWidget(self.list, 1)
        lay.addWidget(buttons)
        self.resize(560, 480)

    def _apply_filter(self, text: str) -> None:
        needle = fold(text.strip())
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in fold(item.text()))

    def set_checked(self, person_ids: Sequence[int]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in person_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def selected(self) -> list[PersonRow]:
        chosen = {
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        }
        return [r for r in self.rows if r.id in chosen]


class AcquaintanceEditor(QWidget):
    """«С приказом ознакомлен(а)»: name and position per line; rows added from participants
    remember the person."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.add_persons_button = QPushButton(TEXTS["add_persons"])
        self.add_persons_button.clicked.connect(self.add_persons)
        self.rows = RowsTable(
            [TEXTS["name"], TEXTS["position"]],
            stretch=(0, 1),
            extra_buttons=[self.add_persons_button],
        )
        self.changed = self.rows.changed
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.rows)

    def set_people(self, people: Sequence[Acquainted]) -> None:
        self.rows.set_rows([[p.name, p.position] for p in people], [p.person_id for p in people])

    def people(self) -> list[Acquainted]:
        out = []
        for r, (name, position) in enumerate(self.rows.rows()):
            pid = self.rows.row_id(r)
            out.append(Acquainted(name, position, int(pid) if pid is not None else None))
        return out

    def choose_persons(self, exclude: set[int]) -> list[PersonRow]:
        """The picker; a method so tests can answer it."""
        rows = [
            r for r in persons.list_persons(self.db, include_archived=False) if r.id not in exclude
        ]
        picker = PersonPicker(rows, self)
        if picker.exec() != QDialog.DialogCode.Accepted:
            return []
        return picker.selected()

    def add_persons(self) -> None:
        listed = {p.person_id for p in self.people() if p.person_id is not None}
        for row in self.choose_persons(listed):
            self.rows.table.setCurrentCell(self.rows.table.rowCount() - 1, 0)
            self.rows.add_row([row.full_name, row.position], row.id)
