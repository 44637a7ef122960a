"""The results appendix of the order «Об итогах реализации программ наставничества»."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.services.orders.appendix_data import ResultRow, ResultsTable
from app.services.orders.orders import AppendixData
from app.ui.orders.order_widgets import RowsTable

HINT = (
    "Строки заполнены по данным программ на дату приказа; их можно править — печатается "
    "то, что видно здесь."
)


class ResultsEditor(QWidget):
    """Pair | program and dates | roadmap done | result, edited as text."""

    changed = Signal()

    def __init__(self, data: AppendixData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Short headings on screen (the printed table has the full ones).
        self.rows = RowsTable(
            ["Пара (группа)", "Программа, сроки", "Выполнено", "Итог"], stretch=(0, 1)
        )
        self.rows.table.setColumnWidth(2, 110)
        self.rows.table.setColumnWidth(3, 100)
        self.rows.changed.connect(self.changed)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.rows, 1)
        lay.addWidget(hint)
        assert isinstance(data.content, ResultsTable)
        rows = data.content.rows
        self.rows.set_rows([r.cells() for r in rows], [r.program_id for r in rows])

    def apply(self, data: AppendixData) -> None:
        data.content = ResultsTable(
            [
                ResultRow.from_cells([v.strip() for v in values], self.rows.row_id(n))
                for n, values in enumerate(self.rows.rows())
                if any(v.strip() for v in values)
            ]
        )

    def error(self) -> str:
        return ""
