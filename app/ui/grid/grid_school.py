"""The school view of the «Диагностика» tab: every teacher × every direction, filters, the
«по сильным сторонам» toggle; a double-click opens the teacher's card."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.grid import grid_school, grid_state
from app.services.storage.workspace import Workspace
from app.ui.common.widgets import refill_filter
from app.ui.grid.grid_common import Legend, Palette, RotatedHeader
from app.ui.grid.grid_school_model import (
    COL_NAME,
    COL_POSITION,
    COL_RED,
    FIRST_DIRECTION,
    ID_ROLE,
    ROLE_ALL,
    ROLE_MENTEES,
    ROLE_MENTORS,
    SchoolFilterProxy,
    SchoolModel,
)

TEXTS = {
    "search": "Поиск по ФИО…",
    "all_positions": "Все должности",
    "all_subjects": "Все предметы",
    "all_roles": "Все роли",
    "mentors": "Наставники",
    "mentees": "Наставляемые",
    "any_level": "Любой уровень",
    "min_level": "не ниже: {mark} {name}",
    "strengths": "По сильным сторонам",
    "strengths_tip": "Раскрасить по записанным достижениям: видно, кто может помочь "
    "коллеге в этом направлении (в том числе реверсивное наставничество)",
    "count": "Показано {shown} из {total}",
    "hint": "Двойной щелчок — карточка педагога; щелчок по заголовку — сортировка.",
    "red_note": "Столбец «{mark}» — число направлений с уровнем «{name}»",
    "empty": "Диагностики ещё нет: откройте карточку педагога и нажмите «Новая диагностика…».",
}
DIRECTION_WIDTH = 48
RED_WIDTH = 38


class SchoolView(QWidget):
    """Teachers × directions coloured by the latest level; ``open_card(person_id)`` on
    double-click."""

    open_card = Signal(int)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.model = SchoolModel(self)
        self.proxy = SchoolFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.model.texts_loader = lambda pid: grid_school.cell_texts(ws.db, pid)
        self._build()

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("school_search")
        self.search.setPlaceholderText(TEXTS["search"])
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(170)
        self.position = QComboBox()
        self.position.setObjectName("position_filter")
        self.subject = QComboBox()
        self.subject.setObjectName("subject_filter")
        self.role = QComboBox()
        self.role.setObjectName("role_filter")
        for key, label in (
            (ROLE_ALL, TEXTS["all_roles"]),
            (ROLE_MENTORS, TEXTS["mentors"]),
            (ROLE_MENTEES, TEXTS["mentees"]),
        ):
            self.role.addItem(label, key)
        self.min_level = QComboBox()
        self.min_level.setObjectName("min_level")
        self.strengths = QCheckBox(TEXTS["strengths"])
        self.strengths.setObjectName("strengths")
        self.strengths.setToolTip(TEXTS["strengths_tip"])
        self.count = QLabel()
        self.count.setObjectName("school_count")
        for combo in (self.position, self.subject, self.role, self.min_level):
            combo.currentIndexChanged.connect(self.apply_filters)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        self.search.textChanged.connect(self.apply_filters)
        self.strengths.toggled.connect(self._strengths_toggled)

        self.table = QTableView()
        self.table.setObjectName("school_table")
        self.table.setHorizontalHeader(RotatedHeader(FIRST_DIRECTION, self.table))
        self.table.setModel(self.proxy)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        vheader = self.table.verticalHeader()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vheader.setVisible(False)
        self.table.doubleClicked.connect(self._double_clicked)
        self.legend = Legend()
        self.red_note = QLabel()
        self.red_note.setObjectName("red_note")
        self.empty = QLabel(TEXTS["empty"])
        self.empty.setObjectName("school_empty")
        self.empty.setWordWrap(True)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for w in (self.position, self.subject, self.role, self.min_level, self.strengths):
            filters.addWidget(w)
        filters.addStretch(1)
        filters.addWidget(self.count)
        # The legend has its own line: beside the notes it was squeezed into «выраже…».
        notes = QHBoxLayout()
        notes.addWidget(self.red_note)
        notes.addStretch(1)
        hint = QLabel(TEXTS["hint"])
        hint.setStyleSheet("color: #555;")
        notes.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        layout.addLayout(notes)

    # --- data --------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read teachers, directions, levels and the latest cells."""
        levels = grid_state.levels(self.ws.db)
        palette = Palette(levels)
        directions = grid_state.directions(self.ws.db)
        rows = grid_school.school_rows(self.ws.db)
        self.model.set_rows(rows, directions, palette)
        self._fill_filters(rows, levels)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_POSITION, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(COL_POSITION, 190)
        header.setSectionResizeMode(COL_RED, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(COL_RED, RED_WIDTH)
        for col in range(FIRST_DIRECTION, self.model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(col, DIRECTION_WIDTH)
        self.legend.set_levels(levels, strengths=self.strengths.isChecked(), priority_mark=True)
        top = self.model.top_level()
        self.red_note.setText(TEXTS["red_note"].format(mark=top.mark, name=top.name) if top else "")
        self.red_note.setToolTip(
            self.model.headerData(COL_RED, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            or ""
        )
        self.empty.setVisible(not any(r.cells for r in rows))
        self._update_count()

    def _fill_filters(self, rows: list[grid_school.SchoolRow], levels: list) -> None:  # type: ignore[type-arg]
        refill = refill_filter
        positions = sorted({r.position for r in rows if r.position}, key=str.lower)
        subjects: dict[str, str] = {}
        for r in rows:
            for s in r.subject_list:
                subjects.setdefault(s.lower(), s)
        refill(self.position, TEXTS["all_positions"], [(p, p) for p in positions])
        refill(
            self.subject,
            TEXTS["all_subjects"],
            [(s, s) for s in sorted(subjects.values(), key=str.lower)],
        )
        graded = sorted(
            (lv for lv in levels if lv.severity is not None and lv.severity > 0),
            key=lambda lv: -lv.severity,
        )
        refill(
            self.min_level,
            TEXTS["any_level"],
            [(TEXTS["min_level"].format(mark=lv.mark, name=lv.name), lv.severity) for lv in graded],
        )
        self.apply_filters()

    def apply_filters(self) -> None:
        position = self.position.currentData()
        subject = self.subject.currentData()
        severity = self.min_level.currentData()
        self.proxy.set_filters(
            self.search.text(),
            position or "",
            subject or "",
            str(self.role.currentData()),
            None if severity is None else int(severity),
        )
        self._update_count()

    def _strengths_toggled(self, on: bool) -> None:
        self.model.set_strength_mode(on)
        self.legend.set_levels(self.model.palette.levels, strengths=on, priority_mark=True)

    def _update_count(self) -> None:
        self.count.setText(
            TEXTS["count"].format(shown=self.proxy.rowCount(), total=self.model.rowCount())
        )

    def visible_ids(self) -> list[int]:
        return [int(self.proxy.index(r, 0).data(ID_ROLE)) for r in range(self.proxy.rowCount())]

    def _double_clicked(self, index: QModelIndex) -> None:
        value = index.data(ID_ROLE)
        if value is not None:
            self.open_card.emit(int(value))
