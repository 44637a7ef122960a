"""«Столбцы базы»: which fields the base of mentors or mentees prints, in which order, headed how."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import KuratorError
from app.models.db import Database
from app.services.pairs import bases
from app.services.pairs.bases import FieldChoice
from app.ui.orders.order_widgets import cell_text

TEXTS = {
    "title_mentors": "Столбцы базы наставников",
    "title_mentees": "Столбцы базы наставляемых",
    "hint": (
        "Отметьте сведения, которые печатаются в базе, расставьте их по порядку и при "
        "необходимости измените заголовки столбцов так, как принято в вашем регионе. "
        "Столбец «№» печатается всегда. Настройка действует для всех документов."
    ),
    "field": "Сведения",
    "heading": "Заголовок столбца в документе",
    "up": "Выше",
    "down": "Ниже",
    "defaults": "Как по умолчанию",
    "save": "Сохранить",
    "cancel": "Отмена",
    "error_title": "Не получилось",
}
_FIELDS = {"mentors": bases.MENTOR_FIELDS, "mentees": bases.MENTEE_FIELDS}


class ColumnsDialog(QDialog):
    """Edits ``bases.field_choices`` for one base and stores them on «Сохранить»."""

    def __init__(self, db: Database, base: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.base = db, base
        self.setWindowTitle(TEXTS[f"title_{base}"])
        hint = QLabel(TEXTS["hint"])
        hint.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([TEXTS["field"], TEXTS["heading"]])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)

        side = QVBoxLayout()
        for text, slot in (
            (TEXTS["up"], lambda: self.move_row(-1)),
            (TEXTS["down"], lambda: self.move_row(1)),
            (TEXTS["defaults"], self.reset),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            side.addWidget(button)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(side)
        self.save_button = QPushButton(TEXTS["save"])
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(TEXTS["cancel"])
        cancel.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(cancel)
        lay = QVBoxLayout(self)
        lay.addWidget(hint)
        lay.addLayout(middle, 1)
        lay.addLayout(bottom)
        self.fill(bases.field_choices(db, base))
        self.resize(720, 560)

    def fill(self, chosen: list[FieldChoice]) -> None:
        """Chosen fields first in their order, then the others in their usual order."""
        defaults = {f.key: f.heading for f in _FIELDS[self.base]}
        picked = {c.key: c.heading for c in chosen}
        order = [c.key for c in chosen] + [k for k in defaults if k not in picked]
        self.table.setRowCount(0)
        for key in order:
            r = self.table.rowCount()
            self.table.insertRow(r)
            field = QTableWidgetItem(defaults[key])
            field.setData(Qt.ItemDataRole.UserRole, key)
            field.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            field.setCheckState(Qt.CheckState.Checked if key in picked else Qt.CheckState.Unchecked)
            self.table.setItem(r, 0, field)
            self.table.setItem(r, 1, QTableWidgetItem(picked.get(key, defaults[key])))

    def choices(self) -> list[FieldChoice]:
        out = []
        for r in range(self.table.rowCount()):
            field = self.table.item(r, 0)
            if field is not None and field.checkState() == Qt.CheckState.Checked:
                heading = cell_text(self.table, r, 1).strip()
                out.append(
                    FieldChoice(str(field.data(Qt.ItemDataRole.UserRole)), heading or field.text())
                )
        return out

    def move_row(self, delta: int) -> None:
        row = self.table.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        for c in range(self.table.columnCount()):
            a, b = self.table.takeItem(row, c), self.table.takeItem(target, c)
            self.table.setItem(row, c, b)
            self.table.setItem(target, c, a)
        self.table.setCurrentCell(target, 0)

    def reset(self) -> None:
        defaults = {f.key: f.heading for f in _FIELDS[self.base]}
        self.fill([FieldChoice(k, defaults[k]) for k in bases.DEFAULT_KEYS[self.base]])

    def save(self) -> bool:
        try:
            bases.set_field_choices(self.db, self.base, self.choices())
        except KuratorError as exc:
            self.show_error(str(exc))
            return False
        self.accept()
        return True

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, TEXTS["error_title"], text)
