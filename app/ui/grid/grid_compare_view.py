"""The before/after view: two rounds of a teacher, or the whole school on two dates, with
each direction coloured by what happened (better, worse, same) and the counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import format_date
from app.errors import KuratorError
from app.services.grid import diagnostics, grid_compare, grid_state
from app.services.grid.grid_compare import Change, Comparison
from app.services.grid.grid_state import DirectionInfo
from app.services.people import persons
from app.services.storage.workspace import Workspace
from app.ui.common.widgets import ERROR_STYLE, DateField, fit_combo
from app.ui.grid.grid_common import CHANGE_COLORS, CHANGE_MARKS, Palette, RotatedHeader, swatch

TEXTS = {
    "mode_teacher": "Педагог: две диагностики",
    "mode_school": "Вся школа: на две даты",
    "teacher": "Педагог:",
    "before": "Было:",
    "after": "Стало:",
    "date_before": "На дату:",
    "date_after": "и на дату:",
    "compare": "Сравнить",
    "row_before": "Было ({label})",
    "row_after": "Стало ({label})",
    "row_change": "Изменение",
    "counts": "Итого: {text}.",
    "need_two": "Для сравнения нужны две диагностики этого педагога.",
    "same_round": "Выберите две разные диагностики.",
    "improved": "лучше (дефицит уменьшился)",
    "worse": "хуже (дефицит вырос)",
    "same": "без изменений",
    "no_data": "не с чем сравнить (нет оценки в одной из диагностик)",
    "no_date": "Укажите обе даты.",
    "nobody": "На эти даты нет диагностики ни у кого.",
}


@dataclass(frozen=True)
class _Cell:
    text: str
    color: QColor | None
    tip: str


class CompareModel(QAbstractTableModel):
    """Rows with a heading (a teacher, or «Было»/«Стало»/«Изменение») × directions."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.directions: list[DirectionInfo] = []
        self.headings: list[str] = []
        self.cells: list[list[_Cell]] = []

    def set_rows(
        self, directions: list[DirectionInfo], headings: list[str], cells: list[list[_Cell]]
    ) -> None:
        self.beginResetModel()
        self.directions, self.headings, self.cells = directions, headings, cells
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headings)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.directions)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        cell = self.cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.BackgroundRole:
            return cell.color
        if role == Qt.ItemDataRole.ForegroundRole and cell.color is not None:
            return QColor(Qt.GlobalColor.black)
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tip or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            d = self.directions[section] if 0 <= section < len(self.directions) else None
            if d is None:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return d.label
            return d.name if role == Qt.ItemDataRole.ToolTipRole else None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.headings):
            return self.headings[section]
        return None


def _level_cell(palette: Palette, level_id: int | None, name: str) -> _Cell:
    return _Cell(
        palette.mark(level_id),
        palette.color(level_id),
        f"{name}: {palette.name(level_id)}" if level_id is not None else name,
    )


def _change_cell(palette: Palette, ch: Change | None, name: str, arrow: bool) -> _Cell:
    if ch is None:
        return _Cell("", None, name)
    before, after = palette.mark(ch.before_level_id) or "·", palette.mark(ch.after_level_id) or "·"
    text = f"{before}→{after}" if arrow else CHANGE_MARKS[ch.status]
    tip = (
        f"{name}: {palette.name(ch.before_level_id) or 'нет'} → "
        f"{palette.name(ch.after_level_id) or 'нет'} ({TEXTS[ch.status].split(' (')[0]})"
    )
    return _Cell(text, QColor(CHANGE_COLORS[ch.status]), tip)


class CompareView(QWidget):
    """Pick two rounds of a teacher (or two dates for the school) and see the change."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.model = CompareModel(self)
        self.comparison: Comparison | None = None
        self._build()

    def _build(self) -> None:
        self.mode = QComboBox()
        self.mode.setObjectName("compare_mode")
        self.mode.addItem(TEXTS["mode_teacher"], "teacher")
        self.mode.addItem(TEXTS["mode_school"], "school")
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.teacher = QComboBox()
        self.teacher.setObjectName("compare_teacher")
        self.teacher.currentIndexChanged.connect(self._teacher_changed)
        self.before = QComboBox()
        self.before.setObjectName("compare_before")
        self.after = QComboBox()
        self.after.setObjectName("compare_after")
        for combo in (self.teacher, self.before, self.after):
            fit_combo(combo, 30)  # a long name or source: a wide popup and a tooltip
        self.before.currentIndexChanged.connect(self.refresh)
        self.after.currentIndexChanged.connect(self.refresh)
        self.date_before = DateField()
        self.date_before.setObjectName("date_before")
        self.date_after = DateField()
        self.date_after.setObjectName("date_after")
        self.compare_button = QPushButton(TEXTS["compare"])
        self.compare_button.clicked.connect(self.refresh)
        self.date_after.returnPressed.connect(self.refresh)
        self.date_before.returnPressed.connect(self.refresh)

        teacher_bar = QWidget()
        tl = QHBoxLayout(teacher_bar)
        tl.setContentsMargins(0, 0, 0, 0)
        for w in (
            QLabel(TEXTS["teacher"]),
            self.teacher,
            QLabel(TEXTS["before"]),
            self.before,
            QLabel(TEXTS["after"]),
            self.after,
        ):
            tl.addWidget(w)
        tl.addStretch(1)
        school_bar = QWidget()
        sl = QHBoxLayout(school_bar)
        sl.setContentsMargins(0, 0, 0, 0)
        school_widgets: list[QWidget] = [
            QLabel(TEXTS["date_before"]),
            self.date_before,
            QLabel(TEXTS["date_after"]),
            self.date_after,
            self.compare_button,
        ]
        for sw in school_widgets:
            sl.addWidget(sw)
        sl.addStretch(1)
        self.bars = QStackedWidget()
        self.bars.addWidget(teacher_bar)
        self.bars.addWidget(school_bar)
        self.bars.setSizePolicy(
            self.bars.sizePolicy().horizontalPolicy(), teacher_bar.sizePolicy().verticalPolicy()
        )

        self.table = QTableView()
        self.table.setObjectName("compare_table")
        self.table.setHorizontalHeader(RotatedHeader(0, self.table))
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.counts = QLabel()
        self.counts.setObjectName("compare_counts")
        self.counts.setStyleSheet("font-weight: bold;")
        self.message = QLabel()
        self.message.setObjectName("compare_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        legend = QHBoxLayout()
        for key in ("improved", "worse", "same", "no_data"):
            legend.addWidget(swatch(CHANGE_MARKS[key], CHANGE_COLORS[key]))
            legend.addWidget(QLabel(TEXTS[key]))
        legend.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(self.mode)
        top.addWidget(self.bars, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addLayout(legend)

    # --- data --------------------------------------------------------------------------
    def reload(self) -> None:
        self.grid_palette = Palette(grid_state.levels(self.ws.db))
        self.directions = grid_state.directions(self.ws.db)
        current = self.teacher.currentData()
        with_rounds = {r.person_id for r in diagnostics.list_rounds(self.ws.db)}
        self.teacher.blockSignals(True)
        self.teacher.clear()
        for p in persons.list_persons(self.ws.db, include_archived=False):
            if p.id in with_rounds:
                self.teacher.addItem(p.full_name, p.id)
        pos = self.teacher.findData(current) if current is not None else -1
        self.teacher.setCurrentIndex(pos if pos >= 0 else (0 if self.teacher.count() else -1))
        self.teacher.blockSignals(False)
        if not self.date_before.text():
            self._default_dates()
        self._teacher_changed()

    def _default_dates(self) -> None:
        """The usual question: the school just before the repeat diagnostics began
        (the day before anyone's second round) against today."""
        rounds = diagnostics.list_rounds(self.ws.db)
        if not rounds:
            return
        seen: set[int] = set()
        repeats = []
        for r in rounds:  # oldest first
            if r.person_id in seen:
                repeats.append(r.date)
            seen.add(r.person_id)
        before = min(repeats) - dt.timedelta(days=1) if repeats else rounds[0].date
        self.date_before.set_date(before)
        self.date_after.set_date(max(dt.date.today(), rounds[-1].date))

    def show_person(self, person_id: int) -> None:
        pos = self.teacher.findData(person_id)
        if pos >= 0:
            self.mode.setCurrentIndex(0)
            self.teacher.setCurrentIndex(pos)

    def _mode_changed(self) -> None:
        self.bars.setCurrentIndex(self.mode.currentIndex())
        self.refresh()

    def _teacher_changed(self) -> None:
        pid = self.teacher.currentData()
        rounds = diagnostics.list_rounds(self.ws.db, int(pid)) if pid is not None else []
        for combo in (self.before, self.after):
            combo.blockSignals(True)
            combo.clear()
            for r in rounds:
                combo.addItem(grid_compare.round_label(r.date, r.source), r.id)
            combo.blockSignals(False)
        if len(rounds) >= 2:  # the two most recent: the usual question
            self.before.setCurrentIndex(len(rounds) - 2)
            self.after.setCurrentIndex(len(rounds) - 1)
        self.refresh()

    def refresh(self) -> None:
        """Compute the comparison for what is picked and show it."""
        self.message.clear()
        try:
            if self.mode.currentData() == "teacher":
                self._show_teacher()
            else:
                self._show_school()
        except KuratorError as exc:
            self._show_nothing(str(exc))

    def _show_nothing(self, message: str) -> None:
        self.comparison = None
        self.model.set_rows(self.directions, [], [])
        self.counts.clear()
        self.message.setText(message)

    def _show_teacher(self) -> None:
        b, a = self.before.currentData(), self.after.currentData()
        if b is None or a is None or self.before.count() < 2:
            self._show_nothing(TEXTS["need_two"] if self.teacher.count() else "")
            return
        if b == a:
            self._show_nothing(TEXTS["same_round"])
            return
        result = grid_compare.compare_rounds(self.ws.db, int(b), int(a))
        changes = result.persons[0].changes
        pal = self.grid_palette
        rows = [
            [
                _level_cell(pal, ch.before_level_id if (ch := changes.get(d.id)) else None, d.name)
                for d in self.directions
            ],
            [
                _level_cell(pal, ch.after_level_id if (ch := changes.get(d.id)) else None, d.name)
                for d in self.directions
            ],
            [_change_cell(pal, changes.get(d.id), d.name, arrow=False) for d in self.directions],
        ]
        headings = [
            TEXTS["row_before"].format(label=result.before_label),
            TEXTS["row_after"].format(label=result.after_label),
            TEXTS["row_change"],
        ]
        self._show(result, headings, rows)

    def _show_school(self) -> None:
        try:
            before, after = self.date_before.date(), self.date_after.date()
        except ValueError as exc:
            self._show_nothing(str(exc))
            return
        if before is None or after is None:
            self._show_nothing(TEXTS["no_date"])
            return
        result = grid_compare.compare_dates(self.ws.db, before, after)
        if not result.persons:
            self._show_nothing(TEXTS["nobody"])
            return
        rows = [
            [
                _change_cell(self.grid_palette, pc.changes.get(d.id), d.name, arrow=True)
                for d in self.directions
            ]
            for pc in result.persons
        ]
        self._show(result, [pc.full_name for pc in result.persons], rows)
        self.counts.setText(f"{format_date(before)} → {format_date(after)}. " + self.counts.text())

    def _show(self, result: Comparison, headings: list[str], rows: list[list[_Cell]]) -> None:
        self.comparison = result
        self.model.set_rows(self.directions, headings, rows)
        for col in range(self.model.columnCount()):
            self.table.setColumnWidth(col, 64)
        text = result.counts.text()
        self.counts.setText(TEXTS["counts"].format(text=text[:1].upper() + text[1:]))
