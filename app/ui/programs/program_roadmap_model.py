"""The roadmap as a Qt table: a heading row per direction, then its rows; edits go out through
a callback (the editor turns them into undoable commands that save at once)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.core.textutil import format_date
from app.services.programs.programs import DirectionPlan, ItemData, Participant
from app.services.programs.programs_items import item_warnings
from app.services.programs.programs_journal import FOCUS_NAMES
from app.services.programs.programs_progress import MARKS
from app.ui.common.row_model import RowTableModel

COL_WHO = 0
COL_KIND = 1
COL_FORM = 2
COL_START = 3
COL_END = 4
COL_PLACE = 5
COL_RESULT = 6
COL_PARTICIPATION = 7
COL_REPORTING = 8
COL_CO = 9
COL_MARK = 10
COL_MARK_DATE = 11
COL_SIGNIFICANCE = 12
COL_EVALUATION = 13
COLUMN_COUNT = 14

HEADERS = {
    COL_KIND: "Вид деятельности",
    COL_FORM: "Форма мероприятия",
    COL_START: "Начало",
    COL_END: "Окончание",
    COL_PLACE: "Место",
    COL_RESULT: "Ожидаемый результат",
    COL_PARTICIPATION: "Форма участия",
    COL_REPORTING: "Форма отчётности",
    COL_CO: "Соисполнители",
    COL_MARK: "Выполнение",  # «Отметка о выполнении» in print; short on screen
    COL_MARK_DATE: "Дата отметки",
    COL_SIGNIFICANCE: "Значение для целей",
    COL_EVALUATION: "Оценка",
    COL_WHO: "Часть программы",
}
FIELDS = {
    COL_KIND: "activity_kind",
    COL_FORM: "event_form",
    COL_START: "start_date",
    COL_END: "end_date",
    COL_PLACE: "place",
    COL_RESULT: "expected_result",
    COL_PARTICIPATION: "participation",
    COL_REPORTING: "reporting",
    COL_CO: "co_executors",
    COL_MARK: "mark",
    COL_MARK_DATE: "mark_date",
    COL_SIGNIFICANCE: "significance",
    COL_EVALUATION: "evaluation",
}
DATE_COLUMNS = {COL_START, COL_END, COL_MARK_DATE}
COMMON = "общая часть"
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
_HEADING_BG = QColor("#E8EEF7")
_WARN_BG = QColor("#FFE3C2")
_OVERDUE_FG = QColor("#B00020")
_DONE_FG = QColor("#1B6E20")
_GREY_FG = QColor("#7A7A7A")
_INDEX = QModelIndex | QPersistentModelIndex
EditCallback = Callable[[int, str, object], bool]


@dataclass
class Row:
    """A line of the view: a direction heading (``item`` None) or a roadmap row."""

    direction: DirectionPlan
    item: ItemData | None = None


class RoadmapModel(RowTableModel[Row]):
    """Rows grouped by direction (every direction of the program, even without rows)."""

    def __init__(self, on_edit: EditCallback) -> None:
        super().__init__([HEADERS.get(c, "") for c in range(COLUMN_COUNT)])
        self._on_edit = on_edit
        self.period = (dt.date.min, dt.date.max)
        self.today = dt.date.today()
        self.mentees: dict[int, str] = {}
        self.show_who = False
        self._bold = QFont()
        self._bold.setBold(True)

    # -- data in ----------------------------------------------------------------------
    def set_plan(
        self,
        directions: list[DirectionPlan],
        items: list[ItemData],
        period: tuple[dt.date, dt.date],
        mentees: list[Participant],
        is_group: bool,
        part: int | None | str = "all",
    ) -> None:
        """Fill the table; ``part`` filters a group: "all", None (common part) or a mentee."""
        self.beginResetModel()
        self.period = period
        self.mentees = {m.id: m.name for m in mentees}
        self.show_who = is_group
        rows: list[Row] = []
        for d in directions:
            rows.append(Row(d))
            rows.extend(
                Row(d, i)
                for i in items
                if i.direction_id == d.direction_id and (part == "all" or i.mentee_id == part)
            )
        self.rows = rows
        self.endResetModel()

    def replace_item(self, item: ItemData) -> None:
        """Show the stored state of one row (after an edit or its undo)."""
        for r, row in enumerate(self.rows):
            if row.item is not None and row.item.id == item.id:
                row.item = item
                self.dataChanged.emit(self.index(r, 0), self.index(r, COLUMN_COUNT - 1))
                return

    def row_of(self, item_id: int) -> int:
        return next(
            (
                r
                for r, row in enumerate(self.rows)
                if row.item is not None and row.item.id == item_id
            ),
            -1,
        )

    def heading_rows(self) -> list[int]:
        return [r for r, row in enumerate(self.rows) if row.item is None]

    # -- Qt API -------------------------------------------------------------------------
    def flags(self, index: _INDEX) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row = self.rows[index.row()]
        if row.item is None or index.column() == COL_WHO:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def heading_text(self, d: DirectionPlan) -> str:
        text = f"{d.name} — {FOCUS_NAMES.get(d.focus, d.focus)}"
        if d.deficit:
            text += f": {d.deficit}"
        if d.priority and d.focus == "deficit":
            text += " (первоочередное)"
        return text

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if row.item is None:
            if role == Qt.ItemDataRole.DisplayRole and col in (COL_WHO, COL_KIND):
                return self.heading_text(row.direction)
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(_HEADING_BG)
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.heading_text(row.direction)
            return None
        item = row.item
        if role == ITEM_ROLE:
            return item.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._value(item, col, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.BackgroundRole and col in DATE_COLUMNS:
            field = FIELDS[col]
            if field in item_warnings(item, *self.period):
                return QBrush(_WARN_BG)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, col)
        if role == Qt.ItemDataRole.ForegroundRole and col in (COL_MARK, COL_MARK_DATE):
            if item.dates.overdue(self.today):
                return QBrush(_OVERDUE_FG)
            if item.mark == "done":
                return QBrush(_DONE_FG)
            if item.mark == "cancelled":
                return QBrush(_GREY_FG)
        return None

    def _value(self, item: ItemData, col: int, edit: bool) -> Any:
        if col == COL_WHO:
            return COMMON if item.mentee_id is None else self.mentees.get(item.mentee_id, "?")
        value = getattr(item, FIELDS[col])
        if col in DATE_COLUMNS:
            return value if edit else format_date(value)
        if col == COL_MARK and not edit:
            text = MARKS.get(value, value)
            return text + (" (просрочено)" if item.dates.overdue(self.today) else "")
        return value

    def _tooltip(self, item: ItemData, col: int) -> str | None:
        if col in DATE_COLUMNS:
            return item_warnings(item, *self.period).get(FIELDS[col])
        if col == COL_MARK and item.dates.overdue(self.today):
            return f"Срок прошёл ({format_date(item.dates.due)}), отметки о выполнении нет."
        value = self._value(item, col, False)
        return str(value) if value and len(str(value)) > 30 else None

    def setData(
        self,
        index: _INDEX,
        value: Any,  # noqa: N802
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = self.rows[index.row()]
        if row.item is None or row.item.id is None or index.column() not in FIELDS:
            return False
        field = FIELDS[index.column()]
        if getattr(row.item, field) == value:
            return False
        return self._on_edit(row.item.id, field, value)
