"""The «Сегодня» tab: the path «С чего начать» and what needs attention now, each step and
line opening the place to fix it."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import format_date
from app.services.agenda import today
from app.services.agenda.today import AttentionItem
from app.services.orders import orders
from app.services.storage.workspace import Workspace
from app.ui.agenda.start_path_panel import StartPathPanel
from app.ui.common.row_model import RowTableModel

log = logging.getLogger(__name__)

TEXTS = {
    "heading": "Что требует внимания на {date}",
    "failed": "Список не удалось составить; подробности — в журнале программы "
    "(«Справка → Где хранятся данные»).",
    "count": "Строк: {n}. Дважды щёлкните строку (или нажмите «Открыть»), чтобы перейти туда, "
    "где это исправляется.",
    "not_ready": "Просроченных и ближайших дел нет, но работа в школе ещё не налажена: "
    "продолжайте с шага «{step}» (список «С чего начать» выше).",
    "open": "Открыть",
    "refresh": "Обновить",
    "plan": "План на месяц…",
    "answers": "Ввести анкеты…",
    "indicators": "Показатели мониторинга…",
    "report": "Справка за полугодие…",
}
HEADERS = ["Важность", "Срок", "Что требует внимания"]
COL_SEVERITY, COL_DATE, COL_TEXT = range(3)
MIN_PATH_HEIGHT = 120  # a long path scrolls inside this much at least
COLORS = {today.HIGH: "#F8D0D0", today.MEDIUM: "#FFF0C2", today.LOW: "#E8EEF7"}
_Index = QModelIndex | QPersistentModelIndex


class TodayModel(RowTableModel[AttentionItem]):
    """Attention items as rows; the severity cell is coloured, the target kept per row."""

    def __init__(self) -> None:
        super().__init__(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == COL_SEVERITY:
                return item.severity_name
            if col == COL_DATE:
                return format_date(item.date)
            return item.text
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_SEVERITY:
            return QBrush(QColor(COLORS.get(item.severity, "#FFFFFF")))
        if role == Qt.ItemDataRole.TextAlignmentRole and col != COL_TEXT:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return item.target
        return None

    def target_at(self, row: int) -> tuple[object, ...] | None:
        return self.rows[row].target if 0 <= row < len(self.rows) else None


class PathArea(QScrollArea):
    """The scroll area of the path; it asks for the height of the whole path (``wanted``),
    so the layout gives it that much when the screen has room."""

    wanted = 0

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        hint = super().sizeHint()
        return QSize(hint.width(), max(self.wanted, self.minimumHeight()))


class TodayTab(QWidget):
    """The path, the list and the monitoring actions; ``open_requested`` carries a line's
    target, ``action_requested`` one of plan / answers / indicators / report,
    ``step_requested`` a step's action key (see ``start_path_panel.step_actions``),
    ``demo_requested`` asks for the demo school."""

    open_requested = Signal(object)
    action_requested = Signal(str)
    step_requested = Signal(str)
    demo_requested = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.as_of: dt.date | None = None  # None: the real date (tests fix it)
        self._shown_once = False
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: bold;")
        self.model = TodayModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)  # one line a row (the full text is the tooltip)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(COL_SEVERITY, 110)
        self.table.setColumnWidth(COL_DATE, 100)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.path_panel = StartPathPanel()
        self.path_panel.step_requested.connect(self.step_requested.emit)
        self.path_panel.demo_requested.connect(self.demo_requested.emit)
        # The path scrolls inside its own area: on a 1366×700 screen it never pushes the
        # list and the buttons below out of sight.
        self.path_area = PathArea()
        self.path_area.setWidget(self.path_panel)
        self.path_area.setWidgetResizable(True)
        self.path_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # the path's height changes after its layout settles (folded, unfolded, new texts)
        self.path_panel.installEventFilter(self)

        buttons = QHBoxLayout()
        self.open_button = QPushButton(TEXTS["open"])
        self.open_button.clicked.connect(self.open_selected)
        buttons.addWidget(self.open_button)
        refresh = QPushButton(TEXTS["refresh"])
        refresh.clicked.connect(self.reload)
        buttons.addWidget(refresh)
        buttons.addStretch(1)
        self.action_buttons: dict[str, QPushButton] = {}
        for key in ("answers", "indicators", "plan", "report"):
            b = QPushButton(TEXTS[key])
            b.clicked.connect(lambda _=False, k=key: self.action_requested.emit(k))
            buttons.addWidget(b)
            self.action_buttons[key] = b

        lay = QVBoxLayout(self)
        lay.addWidget(self.path_area, 3)
        lay.addWidget(self.heading)
        lay.addWidget(self.table, 2)
        lay.addWidget(self.info)
        # the spacer, not these lines, takes the height the path leaves while the list is
        # hidden (nothing to list): the lines stay right under the path
        for label in (self.heading, self.info):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._spare = lay.count()
        lay.addStretch(0)
        lay.addLayout(buttons)
        self._layout = lay
        self.reload()

    def showEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        # Back from fixing something on another tab: the list shows what is left.
        if self._shown_once:
            self.reload()
        self._shown_once = True
        super().showEvent(event)  # type: ignore[arg-type]

    def day(self) -> dt.date:
        return self.as_of or dt.date.today()

    def reload(self) -> None:
        day = self.day()
        try:
            found = today.overview(self.ws.db, day)
            items = found.items
            drafts = frozenset(
                r.kind for r in orders.list_orders(self.ws.db) if r.status != "signed"
            )
        except Exception:  # the window must open even if this list cannot be built
            log.exception("«Сегодня» could not be computed")
            self.model.set_rows([])
            self.info.setText(TEXTS["failed"])
            self.open_button.setEnabled(False)
            return
        self.path_panel.set_path(found.path, drafts)
        self._fit_path_area()
        self.model.set_rows(items)
        self.table.setVisible(bool(items))
        # with a list the path and the list share the height; without, the spacer under
        # the lines takes what the path leaves
        self._layout.setStretch(0, 3 if items else 0)
        self._layout.setStretch(self._spare, 0 if items else 1)
        self.heading.setText(TEXTS["heading"].format(date=format_date(day)))
        if items:
            self.info.setText(TEXTS["count"].format(n=len(items)))
        elif found.path.next_step is not None and not found.path.complete:
            # the path above says what is missing; the line only points to it
            step = found.path.next_step
            self.info.setText(TEXTS["not_ready"].format(step=f"{step.number}. {step.title}"))
        else:
            self.info.setText(found.empty_text)
        self.open_button.setEnabled(bool(items))
        if items:
            self.table.selectRow(0)

    def _fit_path_area(self) -> None:
        """The area is never taller than the path it holds (a folded path takes one line)."""
        frame = 2 * self.path_area.frameWidth()
        width = self.path_area.viewport().width()
        panel = self.path_panel
        height = panel.heightForWidth(width) if panel.hasHeightForWidth() else -1
        if height < 0:
            height = panel.sizeHint().height()
        wanted = height + frame
        self.path_area.wanted = wanted
        # a folded path is short: the area may be as short as it, never shorter (a long one
        # scrolls inside its area rather than pushing the buttons off the screen)
        self.path_area.setMinimumHeight(min(MIN_PATH_HEIGHT, wanted))
        self.path_area.setMaximumHeight(wanted)
        self.path_area.updateGeometry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.path_panel and event.type() == QEvent.Type.LayoutRequest:
            # the filter runs before the panel's own layout settles: settle it first
            layout = self.path_panel.layout()
            if layout is not None:
                layout.activate()
            self._fit_path_area()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit_path_area()  # wrapped lines take more or less height at another width

    def show_path(self) -> None:
        """Unfold the path (even a complete one) and scroll to its first step."""
        self.path_panel.expand()
        self._fit_path_area()
        self.path_area.verticalScrollBar().setValue(0)

    def open_row(self, row: int) -> None:
        target = self.model.target_at(row)
        if target is not None:
            self.open_requested.emit(target)

    def open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_row(index.row())
