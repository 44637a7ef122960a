"""The pairs appendix of the order «О закреплении наставнических пар (групп)»: its table rows.

Each row remembers the pair it came from, so signing the order writes its number into exactly
the pairs printed; the texts stay editable (what the curator sees is what is printed)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.models.db import Database
from app.services.orders import order_pairs
from app.services.orders.appendix_data import PairsRow, PairsTable
from app.services.orders.orders import AppendixData
from app.ui.orders.order_widgets import RowsTable

TEXTS = {
    "mentor": "Наставник",
    "mentees": "Наставляемые",
    "form": "Форма",
    "dates": "Сроки",
    "refresh": "Обновить из пар",
    "refresh_tip": "Заново взять ФИО, должности, форму и сроки из раздела «Пары и группы» "
    "для пар, уже стоящих в таблице",
    "add_open": "Добавить незакреплённые",
    "add_open_tip": "Добавить пары и группы, которые ещё не закреплены подписанным приказом",
    "hint": "Строки, взятые из раздела «Пары и группы», при подписании приказа получат его "
    "номер и дату. Строку, добавленную вручную, программа ни с какой парой не связывает.",
    "nothing": "Незакреплённых пар больше нет.",
}


class PairsEditor(QWidget):
    """№ | mentor | mentees | form | dates, with refresh from the pairs' current data."""

    KEYS = PairsRow.FIELDS
    changed = Signal()
    failed = Signal(str)

    def __init__(self, db: Database, data: AppendixData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        refresh = QPushButton(TEXTS["refresh"])
        refresh.setToolTip(TEXTS["refresh_tip"])
        refresh.clicked.connect(self.refresh)
        add_open = QPushButton(TEXTS["add_open"])
        add_open.setToolTip(TEXTS["add_open_tip"])
        add_open.clicked.connect(self.add_unfixed)
        self.rows = RowsTable(
            [TEXTS[k] for k in self.KEYS], stretch=(0, 1), extra_buttons=(refresh, add_open)
        )
        # Names need the room: form and dates wrap in narrow columns.
        self.rows.table.setColumnWidth(2, 110)
        self.rows.table.setColumnWidth(3, 100)
        self.rows.changed.connect(self.changed)
        hint = QLabel(TEXTS["hint"])
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.rows, 1)
        lay.addWidget(hint)
        assert isinstance(data.content, PairsTable)
        rows = data.content.rows
        self.rows.set_rows([r.cells() for r in rows], [r.pair_id for r in rows])

    def _ids(self) -> list[int | None]:
        return [self.rows.row_id(i) for i in range(self.rows.table.rowCount())]

    def refresh(self) -> None:
        """Re-read every linked row from its pair (a deleted pair's row is kept as typed)."""
        ids = self._ids()
        fresh = {
            r.pair_id: r
            for r in order_pairs.table_rows(
                order_pairs.read_pairs(self.db, [i for i in ids if i is not None])
            )
        }
        old = self.rows.rows()
        self.rows.set_rows(
            [fresh[i].cells() if i in fresh else old[n] for n, i in enumerate(ids)], ids
        )
        self.changed.emit()

    def add_unfixed(self) -> None:
        """Append the open pairs that are neither fixed by an order nor in the table yet."""
        present = set(self._ids())
        new = [p for p in order_pairs.read_pairs(self.db) if p.id not in present]
        if not new:
            self.failed.emit(TEXTS["nothing"])
            return
        self.rows.table.setCurrentCell(self.rows.table.rowCount() - 1, 0)
        for r in order_pairs.table_rows(new):
            self.rows.add_row(r.cells(), r.pair_id)

    def apply(self, data: AppendixData) -> None:
        data.content = PairsTable.of_rows(
            [
                PairsRow.from_cells([v.strip() for v in values], pair_id)
                for values, pair_id in zip(self.rows.rows(), self._ids(), strict=True)
                if any(v.strip() for v in values)
            ]
        )

    def error(self) -> str:
        return ""
