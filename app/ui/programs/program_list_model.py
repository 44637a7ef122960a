"""The programs list as a Qt table over ``ProgramRow`` values, filtered inside the model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.core.textutil import fold, format_date
from app.services.programs.programs import ProgramRow
from app.ui.common.row_model import RowTableModel

COL_WHO = 0
COL_KIND = 1
COL_TITLE = 2
COL_START = 3
COL_END = 4
COL_STATUS = 5
COL_PROGRESS = 6
COL_OVERDUE = 7
COLUMN_COUNT = 8
HEADERS = {
    COL_WHO: "Наставник → наставляемые",
    COL_KIND: "Пара/группа",
    COL_TITLE: "Программа",
    COL_START: "Начало",
    COL_END: "Окончание",
    COL_STATUS: "Состояние",
    COL_PROGRESS: "Выполнено",
    COL_OVERDUE: "Просрочено",
}
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_OVERDUE_BG = QColor("#F8D7DA")
_INDEX = QModelIndex | QPersistentModelIndex


class ProgramListModel(RowTableModel[ProgramRow]):
    """Rows shown after the status, text and «only overdue» filters."""

    def __init__(self) -> None:
        super().__init__([HEADERS.get(c, "") for c in range(COLUMN_COUNT)])
        self.all_rows: list[ProgramRow] = []
        self.status = ""
        self.text = ""
        self.only_overdue = False

    def set_rows(self, rows: Sequence[ProgramRow]) -> None:
        self.all_rows = list(rows)
        self._apply()

    def set_filter(self, status: str, text: str, only_overdue: bool) -> None:
        self.status, self.text, self.only_overdue = status, fold(text.strip()), only_overdue
        self._apply()

    def _apply(self) -> None:
        self.beginResetModel()
        self.rows = [
            r
            for r in self.all_rows
            if (not self.status or r.status == self.status)
            and (not self.only_overdue or r.progress.overdue)
            and (not self.text or self.text in fold(f"{r.mentor} {r.mentees} {r.title}"))
        ]
        self.endResetModel()

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return r.id
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                COL_WHO: f"{r.mentor} → {r.mentees}",
                COL_KIND: "группа" if r.is_group else "пара",
                COL_TITLE: r.title,
                COL_START: format_date(r.start_date),
                COL_END: format_date(r.end_date),
                COL_STATUS: r.status_name,
                COL_PROGRESS: f"{r.progress.percent}% ({r.progress.done} из "
                f"{r.progress.total - r.progress.cancelled})",
                COL_OVERDUE: str(r.progress.overdue) if r.progress.overdue else "—",
            }[col]
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_OVERDUE and r.progress.overdue:
            return QBrush(_OVERDUE_BG)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (
            COL_START,
            COL_END,
            COL_PROGRESS,
            COL_OVERDUE,
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def id_at(self, row: int) -> int | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None
