"""The «Падежи» tab: declined names and positions, corrected once and kept for later orders."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import clean_text
from app.models.db import Database
from app.services.orders.order_prefill import form_uses as order_form_uses
from app.services.school import declension, forms
from app.services.school.forms import FormUse

TEXTS = {
    "hint": (
        "Так программа склоняет имена и должности в приказах. Если форма неверна, "
        "исправьте её в последнем столбце: исправление сразу заменит прежнюю форму "
        "в пунктах этого приказа и будет использоваться во всех следующих документах."
    ),
    "source": "Кто или что (именительный падеж)",
    "case": "Падеж",
    "auto": "Программа предлагает",
    "form": "Печатается (можно исправить)",
    "reset": "Вернуть форму программы",
    "corrected": "исправлено",
    "none": "В приказе нет склоняемых имён и должностей.",
}
COL_SOURCE, COL_CASE, COL_AUTO, COL_FORM = range(4)


class FormsTab(QWidget):
    """Lists the forms; an edited form is stored as an override and announced by
    ``form_changed(old, new)`` so the editor replaces it in the order's text."""

    form_changed = Signal(str, str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.uses: list[FormUse] = []
        self._filling = False
        hint = QLabel(TEXTS["hint"])
        hint.setWordWrap(True)
        self.empty = QLabel(TEXTS["none"])
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [TEXTS["source"], TEXTS["case"], TEXTS["auto"], TEXTS["form"]]
        )
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        for col in (COL_SOURCE, COL_AUTO, COL_FORM):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_CASE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._on_item)
        self.reset_button = QPushButton(TEXTS["reset"])
        self.reset_button.clicked.connect(self.reset_current)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        lay = QVBoxLayout(self)
        lay.addWidget(hint)
        lay.addWidget(self.empty)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.uses = order_form_uses(self.db)
        self._filling = True
        self.table.setRowCount(0)
        for use in self.uses:
            r = self.table.rowCount()
            self.table.insertRow(r)
            for col, text in (
                (COL_SOURCE, use.source),
                (COL_CASE, declension.CASES[use.case]),
                (COL_AUTO, use.auto),
            ):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(r, col, item)
            form_item = QTableWidgetItem()
            self._show_form(form_item, use)
            self.table.setItem(r, COL_FORM, form_item)
        self._filling = False
        self.empty.setVisible(not self.uses)
        self.table.setVisible(bool(self.uses))

    @staticmethod
    def _show_form(item: QTableWidgetItem, use: FormUse) -> None:
        """The form in bold with a tooltip when it is the curator's correction."""
        item.setText(use.form)
        item.setToolTip(TEXTS["corrected"] if use.overridden else "")
        font = item.font()
        font.setBold(use.overridden)
        item.setFont(font)

    def set_form(self, row: int, text: str) -> None:
        """Correct the form in ``row`` (an empty text returns to the automatic one)."""
        use = self.uses[row]
        form = clean_text(text)
        forms.set_override(self.db, use.source, use.case, "" if form == use.auto else form)
        new = FormUse(use.source, use.case, use.auto, form or use.auto)
        self.uses[row] = new
        self._filling = True
        item = self.table.item(row, COL_FORM)
        if item is not None:
            self._show_form(item, new)
        self._filling = False
        if new.form != use.form:
            self.form_changed.emit(use.form, new.form)

    def reset_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.set_form(row, "")

    def _on_item(self, item: QTableWidgetItem) -> None:
        if not self._filling and item.column() == COL_FORM:
            self.set_form(item.row(), item.text())
