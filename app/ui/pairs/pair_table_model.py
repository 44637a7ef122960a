"""The pairs table: a Qt model over ``PairRow`` values, sorted inside by precomputed keys."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.core.textutil import fold, format_date
from app.services.pairs.pair_data import PairRow

COL_ID = 0
COL_MENTOR = 1
COL_MENTEES = 2
COL_FORM = 3
COL_START = 4
COL_END = 5
COL_STATUS = 6
COL_ORDER = 7
COL_PROGRESS = 8
COLUMN_COUNT = 9

HEADERS = {
    COL_ID: "№",
    COL_MENTOR: "Наставник",
    COL_MENTEES: "Наставляемые",
    COL_FORM: "Форма",
    COL_START: "Начало",
    COL_END: "Окончание",
    COL_STATUS: "Состояние",
    COL_ORDER: "Приказ",
    COL_PROGRESS: "Прогресс",
}
HEADER_TIPS = {
    COL_PROGRESS: "Прогресс программы пары: доля выполненных мероприятий дорожной карты. "
    "Пусто — для пары ещё не составлена персонализированная программа.",
    COL_ORDER: "Номер и дата приказа о закреплении пары, когда он издан",
}
TEXTS = {
    "group": "группа",
    "ended_tip": "Прекращена досрочно: {reason}",
    "progress_tip": "Выполнено {done} из {counted} мероприятий дорожной карты{overdue}.",
    "overdue": "; просрочено: {n}",
}
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_ENDED = QColor("#8a8a8a")
_GROUP = QColor("#F2F6FC")
_INDEX = QModelIndex | QPersistentModelIndex


def _order(row: PairRow) -> str:
    if not row.order_number:
        return ""
    return f"№ {row.order_number}" + (
        f" от {format_date(row.order_date)}" if row.order_date else ""
    )


def _mentees(row: PairRow) -> str:
    names = ", ".join(m.full_name for m in row.mentees)
    return f"{TEXTS['group']}: {names}" if row.is_group else names


class PairTableModel(QAbstractTableModel):
    """Rows of pairs; ``sort`` orders by keys computed once in ``set_rows``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[PairRow] = []
        self.progress: dict[int, tuple[int, int, int, int]] = {}
        self._keys: list[dict[int, Any]] = []
        self._sort: tuple[int, Qt.SortOrder] = (COL_START, Qt.SortOrder.AscendingOrder)

    def set_rows(
        self, rows: list[PairRow], progress: dict[int, tuple[int, int, int, int]] | None = None
    ) -> None:
        """``progress``: pair id → (percent, done, counted, overdue) of its programs."""
        self.beginResetModel()
        self.rows = list(rows)
        self.progress = dict(progress or {})
        self._keys = [self._key(r) for r in self.rows]
        self._apply_sort()
        self.endResetModel()

    def _key(self, r: PairRow) -> dict[int, Any]:
        return {
            COL_ID: r.id,
            COL_MENTOR: fold(r.mentor_name),
            COL_MENTEES: fold(_mentees(r)),
            COL_FORM: fold(r.form),
            COL_START: r.start_date,
            COL_END: r.end_date,
            COL_STATUS: r.status_label,
            COL_ORDER: fold(_order(r)),
            COL_PROGRESS: self.progress.get(r.id, (-1,))[0],
        }

    def _apply_sort(self) -> None:
        col, order = self._sort
        pairs = sorted(
            zip(self._keys, self.rows, strict=True),
            key=lambda kr: (kr[0][col], kr[1].id),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._keys = [k for k, _ in pairs]
        self.rows = [r for _, r in pairs]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort()
        self.layoutChanged.emit()

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802 (Qt API)
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        return None

    def text(self, row: PairRow, col: int) -> str:
        values = {
            COL_ID: str(row.id),
            COL_MENTOR: row.mentor_name,
            COL_MENTEES: _mentees(row),
            COL_FORM: row.form,
            COL_START: format_date(row.start_date),
            COL_END: format_date(row.end_date),
            COL_STATUS: row.status_label,
            COL_ORDER: _order(row),
            COL_PROGRESS: self._progress_text(row.id),
        }
        return values[col]

    def _progress_text(self, pair_id: int) -> str:
        found = self.progress.get(pair_id)
        return "" if found is None else f"{found[0]} %"

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, col)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_PROGRESS:
                found = self.progress.get(row.id)
                if found is None:
                    return HEADER_TIPS[COL_PROGRESS]
                overdue = TEXTS["overdue"].format(n=found[3]) if found[3] else ""
                return TEXTS["progress_tip"].format(
                    done=found[1], counted=found[2], overdue=overdue
                )
            if row.status == "ended_early" and row.end_reason:
                return TEXTS["ended_tip"].format(reason=row.end_reason)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and row.status == "ended_early":
            return QBrush(_ENDED)
        if role == Qt.ItemDataRole.BackgroundRole and row.is_group:
            return QBrush(_GROUP)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (
            COL_ID,
            COL_START,
            COL_END,
            COL_PROGRESS,
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
