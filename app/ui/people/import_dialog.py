"""The «Загрузка сотрудников из Excel» dialog: pick a file, map columns, preview, import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import format_date
from app.services.people import staff_import
from app.services.people.staff_import import FIELDS, ImportPlan, ImportResult, PlannedRow
from app.services.people.staff_import_cells import NAME_FIELDS
from app.services.storage.workspace import Workspace
from app.ui.common.jobs import Job, default_runner
from app.ui.common.widgets import ERROR_STYLE

TEXTS = {
    "title": "Загрузка сотрудников из Excel",
    "no_file": "Файл не выбран.",
    "pick": "Файл…",
    "pick_title": "Список сотрудников (книга Excel)",
    "pick_filter": "Книги Excel (*.xlsx);;Все файлы (*)",
    "sheet": "Лист:",
    "header_at": "Заголовки таблицы — в строке {row}.",
    "header_at_2": "Заголовки таблицы — в строках {row}–{row2}.",
    "mapping": "Столбцы файла",
    "mapping_hint": "Проверьте, что программа правильно поняла столбцы; при необходимости "
    "выберите поле вручную.",
    "col_source": "Столбец в файле",
    "col_target": "Загружать как",
    "skip_column": "— не загружать —",
    "no_header": "(без заголовка)",
    "preview": "Будут загружены",
    "preview_more": "Будут загружены (показаны первые {shown} из {total})",
    "problems": "Не будут загружены",
    "refused_line": "Строка {row} — не загружена: {reason}",
    "skipped_line": "Строка {row} — пропущена: {reason}",
    "existing_line": "Строка {row} — {reason}",
    "nothing_skipped": "Все строки с данными будут загружены.",
    "copy": "Копировать список",
    "intro": "Выберите книгу Excel (.xlsx) со списком педагогов. Программа сама найдёт строку "
    "заголовков (ФИО, Должность, Стаж…) и покажет, что будет загружено.",
    "reading": "Читаю файл…",
    "writing": "Загружаю в базу…",
    "import": "Загрузить",
    "cancel": "Отмена",
    "error_title": "Не получилось",
}
PREVIEW_COLUMNS = [
    "Строка",
    "ФИО",
    "Должность",
    "Предметы",
    "Стаж",
    "Категория",
    "Телефон",
    "Дата рождения",
    "Замечание",
]
PREVIEW_LIMIT = 200
# Widest a column may get from its contents (longer text wraps) so that at 1000 px the
# remark keeps about a quarter of the width.
_COLUMN_CAPS = {"ФИО": 170, "Должность": 110, "Предметы": 100, "Категория": 80, "Телефон": 110}
# Fields that take a single column: choosing one for a column frees it elsewhere.
_ONE_COLUMN = {*NAME_FIELDS, "experience_years", "birth_date", "consent_date"}
_EXISTING_COLOR = QColor("#5f6368")
_SKIPPED_COLOR = QColor("#8a3b00")
_SERVICE_COLOR = QColor("#9aa0a6")  # blank and total rows: listed, but no loss
REMARK_COLUMN = PREVIEW_COLUMNS.index("Замечание")
_LINE_STYLES = {
    "refused": ("refused_line", _SKIPPED_COLOR),  # kind of row → wording, colour
    "existing": ("existing_line", _EXISTING_COLOR),
    "repeat": ("skipped_line", _EXISTING_COLOR),
    "service": ("skipped_line", _SERVICE_COLOR),
}


def rows_word(n: int) -> str:
    """«1 строку», «3 строки», «25 строк»."""
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} строку"
    return f"{n} строки" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else f"{n} строк"


class PreviewModel(QAbstractTableModel):
    """The rows that will be imported, as the preview table shows them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PlannedRow] = []

    def set_rows(self, rows: list[PlannedRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(PREVIEW_COLUMNS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return PREVIEW_COLUMNS[section].replace("Дата ", "Дата\n")  # a narrower column
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.cell(row, index.column())  # the tooltip shows what a column cuts off
            return text if role == Qt.ItemDataRole.DisplayRole else (text or None)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == REMARK_COLUMN:
            return QBrush(_SKIPPED_COLOR)
        return None

    @staticmethod
    def cell(row: PlannedRow, column: int) -> str:
        d = row.data
        years = "" if d.experience_years is None else str(d.experience_years)
        values = [
            str(row.row_number),
            d.full_name,
            d.position,
            d.subjects,
            years,
            d.category,
            d.phone,
            format_date(d.birth_date),
            row.note,
        ]
        return values[column]


class StaffImportDialog(QDialog):
    """Reads a staff list in the background, shows what will be loaded and loads it."""

    analysis_finished = Signal()  # after every analysis, successful or not

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(TEXTS["title"])
        self.plan: ImportPlan | None = None
        self.import_result: ImportResult | None = None
        self._path: Path | None = None
        self._headers: list[str] = []
        self._job: Job | None = None
        self._applying = False

        self.path_label = QLabel(
            TEXTS["no_file"], textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.file_button = QPushButton(TEXTS["pick"])
        self.file_button.clicked.connect(self.pick_file)
        self.sheet_label = QLabel(TEXTS["sheet"])
        self.sheet_combo = QComboBox(
            sizeAdjustPolicy=QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon,
            minimumContentsLength=16,
        )
        self.sheet_combo.currentIndexChanged.connect(self._sheet_changed)
        self.header_label = QLabel()

        self.mapping_table = QTableWidget(0, 2)
        self.mapping_table.setHorizontalHeaderLabels([TEXTS["col_source"], TEXTS["col_target"]])
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_combos: list[QComboBox] = []
        # the field combos are cell widgets, which ResizeToContents ignores: size by hand
        combo_width = self._field_combo().sizeHint().width()
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.mapping_table.setColumnWidth(1, combo_width)
        self.mapping_table.setMinimumWidth(combo_width + 150)

        self.preview_model = PreviewModel(self)
        # The remark takes the width left over; long texts wrap and rows grow to show them.
        self.preview = QTableView(wordWrap=True)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setModel(self.preview_model)
        self.preview.verticalHeader().setVisible(False)
        preview_header = self.preview.horizontalHeader()
        preview_header.setSectionResizeMode(REMARK_COLUMN, QHeaderView.ResizeMode.Stretch)
        # Text wraps, so rows are re-measured after a resize; queued: once the header has settled.
        preview_header.sectionResized.connect(
            self.preview.resizeRowsToContents, Qt.ConnectionType.QueuedConnection
        )
        self.problems = QListWidget()
        self.problems.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.problems.setWordWrap(True)
        self.problems.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.problems.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.copy_button = QPushButton(TEXTS["copy"])
        self.copy_button.clicked.connect(self.copy_report)

        self.busy_bar = QProgressBar(maximum=0, textVisible=False)
        self.busy_bar.setMaximumWidth(200)
        self.summary_label = QLabel(TEXTS["intro"], wordWrap=True)
        self.import_button = QPushButton(TEXTS["import"], default=True)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton(TEXTS["cancel"])
        self.cancel_button.clicked.connect(self.reject)

        self._build_layout()
        self._set_busy("")
        self._show_plan()
        self.resize(1000, 640)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        for widget, stretch in (
            (self.file_button, 0),
            (self.path_label, 1),
            (self.sheet_label, 0),
            (self.sheet_combo, 0),
        ):
            top.addWidget(widget, stretch)
        top.addSpacing(12)
        top.addWidget(self.header_label)

        self.mapping_box = QGroupBox(TEXTS["mapping"])
        mapping_lay = QVBoxLayout(self.mapping_box)
        mapping_lay.addWidget(QLabel(TEXTS["mapping_hint"], wordWrap=True))
        mapping_lay.addWidget(self.mapping_table)

        self.preview_box = QGroupBox(TEXTS["preview"])
        QVBoxLayout(self.preview_box).addWidget(self.preview)
        self.problems_box = QGroupBox(TEXTS["problems"])
        problems_lay = QVBoxLayout(self.problems_box)
        problems_lay.addWidget(self.problems)
        problems_lay.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignRight)

        # the preview gets the full width; the mapping and the report share the lower half
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.mapping_box)
        lower.addWidget(self.problems_box)
        lower.setStretchFactor(0, 2)
        lower.setStretchFactor(1, 3)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.preview_box)
        body.addWidget(lower)
        body.setChildrenCollapsible(False)
        lower.setChildrenCollapsible(False)

        bottom = QHBoxLayout()
        for part, stretch in (
            (self.busy_bar, 0),
            (self.summary_label, 1),
            (self.import_button, 0),
            (self.cancel_button, 0),
        ):
            bottom.addWidget(part, stretch)

        root = QVBoxLayout(self)
        root.addLayout(top)
        root.addWidget(body, 1)
        root.addLayout(bottom)

    # --- dialogs, overridable in tests -------------------------------------------------
    def choose_file(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self, TEXTS["pick_title"], "", TEXTS["pick_filter"])
        return Path(name) if name else None

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, TEXTS["error_title"], text)

    # --- analysis ----------------------------------------------------------------------
    def pick_file(self) -> None:
        path = self.choose_file()
        if path is not None:
            self.load_file(path)

    def load_file(self, path: Path) -> None:
        """Read ``path`` with the detected header and mapping (in the background)."""
        self._analyze(Path(path), None, None, new_file=True)

    def is_busy(self) -> bool:
        return self._job is not None

    def current_mapping(self) -> dict[int, str]:
        """Column index → field key as the combo boxes say now."""
        return {
            col: combo.currentData()
            for col, combo in enumerate(self.mapping_combos)
            if combo.currentData()
        }

    def set_mapping(self, column: int, key: str | None) -> None:
        """Choose the field for a column (``None``: not loaded), as the user would."""
        combo = self.mapping_combos[column]
        combo.setCurrentIndex(combo.findData(key))

    def _analyze(
        self, path: Path, mapping: dict[int, str] | None, sheet: str | None, new_file: bool
    ) -> None:
        db = self.ws.db
        if self._job is not None:
            self._job.cancel()  # a reading still under way is replaced by this one

        def done(plan: ImportPlan) -> None:
            self._finish_job()
            self._path = path
            self.plan = plan
            self._show_plan()
            self.analysis_finished.emit()

        def failed(text: str) -> None:
            self._finish_job()
            if mapping is not None:
                # A mapping the service refuses (no name column): say so in place.
                self.plan = None
                self._show_plan(error=text)
            else:
                if new_file:
                    self._path, self.plan, self._headers = None, None, []
                    self._fill_mapping_table([], {})
                self._show_plan()
                self.show_error(text)
            self.analysis_finished.emit()

        self._set_busy(TEXTS["reading"])
        self._job = default_runner().start(
            lambda _control: staff_import.analyze(db, path, mapping, sheet),
            title=TEXTS["reading"],
            on_done=done,
            on_error=failed,
            can_cancel=True,
        )

    def _finish_job(self) -> None:
        self._job = None
        self._set_busy("")

    def _sheet_changed(self, index: int) -> None:
        if index < 0 or self._path is None or self.is_busy():
            return
        sheet = self.sheet_combo.itemText(index)
        if self.plan is not None and sheet == self.plan.sheet_name:
            return
        self._analyze(self._path, None, sheet, new_file=False)

    def _mapping_changed(self, column: int) -> None:
        key = self.mapping_combos[column].currentData()
        if key in _ONE_COLUMN:
            for other, combo in enumerate(self.mapping_combos):
                if other != column and combo.currentData() == key:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
        if self._path is None:
            return
        sheet = self.plan.sheet_name if self.plan is not None else None
        self._analyze(self._path, self.current_mapping(), sheet, new_file=False)

    # --- showing the plan --------------------------------------------------------------
    def _fill_mapping_table(self, headers: list[str], mapping: dict[int, str]) -> None:
        self._headers = list(headers)
        last = max([i for i, h in enumerate(headers) if h] + list(mapping) + [-1])
        self.mapping_table.setRowCount(0)
        self.mapping_combos = []
        self.mapping_table.setRowCount(last + 1)
        for col in range(last + 1):
            header = headers[col] if col < len(headers) else ""
            label = f"{get_column_letter(col + 1)}: {header or TEXTS['no_header']}"
            item = QTableWidgetItem(label)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setToolTip(header)
            self.mapping_table.setItem(col, 0, item)
            combo = self._field_combo()
            combo.setCurrentIndex(combo.findData(mapping.get(col)))
            combo.currentIndexChanged.connect(lambda _i, c=col: self._mapping_changed(c))
            self.mapping_table.setCellWidget(col, 1, combo)
            self.mapping_combos.append(combo)
        self.mapping_table.resizeRowsToContents()

    @staticmethod
    def _field_combo() -> QComboBox:
        combo = QComboBox()
        for key, name in [(None, TEXTS["skip_column"]), *FIELDS.items()]:
            combo.addItem(name, key)
        return combo

    def _sync_mapping(self, mapping: dict[int, str]) -> None:
        for col, combo in enumerate(self.mapping_combos):
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(mapping.get(col)))
            combo.blockSignals(False)

    def _show_plan(self, error: str = "") -> None:
        plan = self.plan
        self.path_label.setText(str(self._path) if self._path else TEXTS["no_file"])
        if plan is not None:
            if plan.headers != self._headers or len(self.mapping_combos) == 0:
                self._fill_mapping_table(plan.headers, plan.mapping)
            else:
                self._sync_mapping(plan.mapping)
            self.sheet_combo.blockSignals(True)
            self.sheet_combo.clear()
            self.sheet_combo.addItems(plan.sheet_names)
            self.sheet_combo.setCurrentText(plan.sheet_name)
            self.sheet_combo.blockSignals(False)
            key = "header_at" if plan.header_rows == 1 else "header_at_2"
            self.header_label.setText(
                TEXTS[key].format(row=plan.header_row, row2=plan.header_row + plan.header_rows - 1)
            )
        else:
            self.header_label.clear()
        for widget in (self.sheet_label, self.sheet_combo):
            widget.setVisible(plan is not None and len(plan.sheet_names) > 1)

        rows = plan.rows if plan is not None else []
        self.preview_model.set_rows(rows[:PREVIEW_LIMIT])
        self._size_preview_columns()
        self.preview_box.setTitle(
            TEXTS["preview_more"].format(shown=PREVIEW_LIMIT, total=len(rows))
            if len(rows) > PREVIEW_LIMIT
            else TEXTS["preview"]
        )
        self.problems.clear()
        for line, color in self.problem_lines():
            item = QListWidgetItem(line)
            item.setForeground(QBrush(color))
            self.problems.addItem(item)
        if plan is not None and not self.problems.count():
            self.problems.addItem(TEXTS["nothing_skipped"])
        self.copy_button.setEnabled(plan is not None)

        n = len(rows)
        self.import_button.setText(f"{TEXTS['import']} {rows_word(n)}" if plan else TEXTS["import"])
        self.import_button.setEnabled(n > 0 and not self.is_busy())
        self.summary_label.setStyleSheet(ERROR_STYLE if error else "")
        self.summary_label.setText(error or (TEXTS["intro"] if plan is None else plan.summary()))

    def _size_preview_columns(self) -> None:
        """Columns fit their contents up to a cap; the remark gets the width left over."""
        self.preview.resizeColumnsToContents()
        for title, cap in _COLUMN_CAPS.items():
            col = PREVIEW_COLUMNS.index(title)
            self.preview.setColumnWidth(col, min(self.preview.columnWidth(col), cap))
        self.preview.resizeRowsToContents()

    def problem_lines(self) -> list[tuple[str, QColor]]:
        """Rows not loaded: refused people first, blank and service rows last (light grey)."""
        rows = self.plan.not_loaded() if self.plan is not None else []
        return [
            (
                TEXTS[_LINE_STYLES[kind][0]].format(row=s.row_number, reason=s.reason),
                _LINE_STYLES[kind][1],
            )
            for kind, s in rows
        ]

    def copy_report(self) -> None:
        """The whole report (columns, every row not loaded, counts) to the clipboard."""
        if self.plan is not None:
            QGuiApplication.clipboard().setText("\n".join(self.plan.report_lines()))

    def _set_busy(self, text: str) -> None:
        busy = bool(text)
        self.busy_bar.setVisible(busy)
        if busy:  # the summary line says what is going on; _show_plan puts it back
            self.summary_label.setStyleSheet("")
            self.summary_label.setText(text)
        for widget in (self.file_button, self.sheet_combo, self.mapping_table, self.copy_button):
            widget.setEnabled(not busy)
        self.import_button.setEnabled(not busy and bool(self.plan and self.plan.rows))
        self.cancel_button.setEnabled(not self._applying)

    # --- import ------------------------------------------------------------------------
    def start_import(self) -> None:
        """Write the planned rows (all or nothing) in the background; close on success."""
        plan = self.plan
        if plan is None or not plan.rows or self.is_busy():
            return
        db = self.ws.db
        self._applying = True

        def done(result: ImportResult) -> None:
            self._applying = False
            self._finish_job()
            self.import_result = result
            self.accept()

        def failed(text: str) -> None:
            self._applying = False
            self._finish_job()
            self._show_plan()
            self.show_error(text)

        self._set_busy(TEXTS["writing"])
        self._job = default_runner().start(
            lambda _control: staff_import.apply_plan(db, plan),
            title=TEXTS["writing"],
            on_done=done,
            on_error=failed,
            writes_db=True,
        )

    def reject(self) -> None:
        """«Отмена», Esc and ✕: nothing is imported; not allowed while rows are being written."""
        if self._applying:
            return
        if self._job is not None:
            self._job.cancel()  # a reading still under way is dropped when it ends
        self._finish_job()
        super().reject()
