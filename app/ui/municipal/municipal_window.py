"""The window in municipal mode: tabs over the store (schools, heat map, «было / стало»,
severe deficits), adding schools' files and writing the summary in the background."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import format_date
from app.errors import KuratorError
from app.reports.municipal_data import BeforeAfter
from app.services.monitoring.halfyear_periods import default_period
from app.services.municipal import store as municipal
from app.services.municipal import summary, views
from app.services.municipal.store import FileOutcome, MunicipalStore
from app.services.municipal.views import Period
from app.ui.common.jobs import Job, default_runner
from app.ui.common.widgets import WARNING_STYLE
from app.ui.municipal.municipal_models import (
    ID_ROLE,
    SORT_ROLE,
    BeforeAfterModel,
    GridModel,
    HeatModel,
    SchoolsModel,
    SevereModel,
)

TEXTS = {
    "title": "Куратор — методический кабинет",
    "menu_file": "Файл",
    "add": "Добавить файлы школ…",
    "summary": "Сводная справка…",
    "heat_export": "Тепловая карта в Excel или Word…",
    "quit": "Выход",
    "tab_schools": "Школы",
    "tab_heat": "Тепловая карта дефицитов",
    "tab_before_after": "Было / стало",
    "tab_severe": "Выраженный дефицит",
    "filter": "Найти школу:",
    "filter_hint": "часть названия",
    "heat_hint": (
        "В клетке — доли педагогов с выраженным (В) и частичным (Ч) дефицитом по последней "
        "диагностике; цвет — уровень, который встречается чаще. Двойной щелчок по школе "
        "открывает её диагностическую карту (только просмотр)."
    ),
    "before_after_hint": (
        "Педагоги, прошедшие диагностику по направлению не менее двух раз: выраженный (В) и "
        "частичный (Ч) дефицит при первой и последней диагностике — по выбранной школе или "
        "итог по муниципалитету."
    ),
    "direction": "Направление:",
    "school": "Школа:",
    "all_schools": "Итого по муниципалитету (все школы)",
    "severe_export": "Сохранить в Excel…",
    "severe_count": "Педагогов с выраженным дефицитом: {n}",
    "empty": "В кабинете пока нет школ. «Файл → Добавить файлы школ…» — файлы обмена, "
    "которые школы выгружают командой «Файл → Отправить в методический кабинет…».",
    "store": "Хранилище: {where}. Школ: {n}.",
    "pick_files": "Файлы обмена школ",
    "exchange_filter": "Файл обмена «Куратора» (*.json)",
    "save_as": "Сохранить как",
    "job_add": "Добавляю файлы школ…",
    "job_write": "Сохраняю документ…",
    "saved": "Файл сохранён:\n{path}",
    "added_title": "Файлы школ",
    "error_title": "Не получилось",
    "renamed_title": "Школа переименована?",
    "renamed_ask": "{message}\n\nЭто та же школа под новым названием? Её данные заменятся, "
    "название станет новым.",
    "grid_title": "Диагностическая карта — {school} (только просмотр)",
    "close": "Закрыть",
    "period_title": "Период сводной справки",
    "period_note": "Школы, приславшие файл с начала периода, считаются представившими данные; "
    "дефициты — по последней диагностике на конец периода.",
    "period_from": "С (ДД.ММ.ГГГГ):",
    "period_to": "По (ДД.ММ.ГГГГ):",
}
MAX_W, MAX_H = 1340, 680  # fits 1366×768 with a taskbar
# the schools table's columns (all ten visible at the window's width; headers wrap)
SCHOOL_WIDTHS = (240, 90, 95, 110, 60, 70, 230, 120, 140, 130)


def _table(model: Any, sortable: bool = False) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(0)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(sortable)
    if sortable:
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by name, А to Я, at first
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
    )
    return view, proxy


class PeriodDialog(QDialog):
    """The summary's period: ДД.ММ.ГГГГ from and to, the current half-year offered."""

    def __init__(self, parent: QWidget, today: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle(TEXTS["period_title"])
        half = default_period(today)
        self.date_from = QLineEdit(format_date(half.start))
        self.date_to = QLineEdit(format_date(half.end))
        self.message = QLabel()
        self.message.setStyleSheet(WARNING_STYLE)
        self.message.setWordWrap(True)
        self.period = Period(half.start, half.end)
        form = QFormLayout()
        form.addRow(TEXTS["period_from"], self.date_from)
        form.addRow(TEXTS["period_to"], self.date_to)
        note = QLabel(TEXTS["period_note"])
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def accept(self) -> None:
        try:
            self.period = summary.parse_period(self.date_from.text(), self.date_to.text())
        except KuratorError as exc:
            self.message.setText(str(exc))
            return
        super().accept()


class GridDialog(QDialog):
    """A stored school's diagnostic grid, read-only."""

    def __init__(self, store: MunicipalStore, school_id: int, parent: QWidget) -> None:
        super().__init__(parent)
        grid = views.school_grid(store, school_id)
        self.setWindowTitle(TEXTS["grid_title"].format(school=grid.school))
        self.model = GridModel(grid)
        self.view, _ = _table(self.model)
        self.view.setColumnWidth(0, 220)
        self.view.setColumnWidth(1, 140)
        for col in range(2, self.model.columnCount()):
            self.view.setColumnWidth(col, 86)  # short names; the full one in the tooltip
        self.view.horizontalHeader().setMinimumHeight(44)
        self.view.resizeRowsToContents()
        legend = QLabel(
            "   ".join(
                f'<span style="background:#{fill}">&nbsp;{mark}&nbsp;</span> — {name}'
                for mark, name, fill in grid.legend
            )
        )
        close = QPushButton(TEXTS["close"])
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(legend, 1)
        bottom.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view)
        lay.addLayout(bottom)
        self.resize(MAX_W, min(MAX_H, 640))


class MunicipalWindow(QMainWindow):
    """Builds the tabs and the menu, reloads them from the store, runs the long work."""

    def __init__(self, store: MunicipalStore) -> None:
        super().__init__()
        self.store = store
        self._jobs: list[Job] = []
        self.setWindowTitle(TEXTS["title"])
        self.schools = SchoolsModel()
        self.heat = HeatModel()
        self.before_after = BeforeAfterModel()
        self.severe = SevereModel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._schools_tab(), TEXTS["tab_schools"])
        self.tabs.addTab(self._heat_tab(), TEXTS["tab_heat"])
        self.tabs.addTab(self._before_after_tab(), TEXTS["tab_before_after"])
        self.tabs.addTab(self._severe_tab(), TEXTS["tab_severe"])
        self.setCentralWidget(self.tabs)
        self._build_menu()
        self.reload()
        self.resize(MAX_W, MAX_H)

    # --- building ------------------------------------------------------------------------
    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(TEXTS["menu_file"])
        self.add_action = self._action(menu, TEXTS["add"], self.add_files)
        self.summary_action = self._action(menu, TEXTS["summary"], self.write_summary)
        self.heat_action = self._action(menu, TEXTS["heat_export"], self.write_heat)
        menu.addSeparator()
        quit_action = self._action(menu, TEXTS["quit"], self.close)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))

    def _action(self, menu: Any, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _schools_tab(self) -> QWidget:
        self.schools_view, self.schools_proxy = _table(self.schools, sortable=True)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(TEXTS["filter_hint"])
        self.filter.textChanged.connect(self.schools_proxy.setFilterFixedString)
        self.empty_note = QLabel(TEXTS["empty"])
        self.empty_note.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(QLabel(TEXTS["filter"]))
        head.addWidget(self.filter, 1)
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addLayout(head)
        lay.addWidget(self.empty_note)
        lay.addWidget(self.schools_view)
        return page

    def _heat_tab(self) -> QWidget:
        self.heat_view, _ = _table(self.heat)
        self.heat_view.doubleClicked.connect(self.open_grid)
        header = self.heat_view.horizontalHeader()
        font = header.font()
        font.setPointSizeF(font.pointSizeF() - 1)  # eleven directions across 1366 pixels
        header.setFont(font)
        note = QLabel(TEXTS["heat_hint"])
        note.setWordWrap(True)
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(note)
        lay.addWidget(self.heat_view)
        return page

    def _before_after_tab(self) -> QWidget:
        self.before_after_view, _ = _table(self.before_after)
        self.before_after_school = QComboBox()
        self.before_after_school.currentIndexChanged.connect(self.show_before_after)
        self._before_after: tuple[list[BeforeAfter], list[BeforeAfter]] = ([], [])
        note = QLabel(TEXTS["before_after_hint"])
        note.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(QLabel(TEXTS["school"]))
        head.addWidget(self.before_after_school, 1)
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(note)
        lay.addLayout(head)
        lay.addWidget(self.before_after_view)
        return page

    def show_before_after(self) -> None:
        """The chosen school's directions, or the municipal total (the first item)."""
        by_school, total = self._before_after
        chosen = self.before_after_school.currentData()
        rows = total if chosen is None else [r for r in by_school if r.school == chosen]
        self.before_after.set_rows(rows)
        self.before_after_view.setColumnWidth(0, 260)
        self.before_after_view.setColumnWidth(1, 360)
        for col in range(2, self.before_after.columnCount()):
            self.before_after_view.setColumnWidth(col, 110)
        self.before_after_view.resizeRowsToContents()

    def _severe_tab(self) -> QWidget:
        self.severe_view, _ = _table(self.severe)
        self.direction = QComboBox()
        self.direction.currentIndexChanged.connect(self.reload_severe)
        self.severe_count = QLabel()
        self.severe_button = QPushButton(TEXTS["severe_export"])
        self.severe_button.clicked.connect(self.write_severe)
        head = QHBoxLayout()
        head.addWidget(QLabel(TEXTS["direction"]))
        head.addWidget(self.direction, 1)
        head.addWidget(self.severe_count)
        head.addWidget(self.severe_button)
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addLayout(head)
        lay.addWidget(self.severe_view)
        return page

    # --- data ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read every view again from the store (after files were added)."""
        rows = municipal.list_schools(self.store)
        self.schools.set_rows(rows)
        self.empty_note.setVisible(not rows)
        for col, width in enumerate(SCHOOL_WIDTHS):
            self.schools_view.setColumnWidth(col, width)
        self.schools_view.horizontalHeader().setMinimumHeight(44)
        self.schools_view.resizeRowsToContents()
        self.heat.set_heat(views.heat_map(self.store))
        self.heat_view.setColumnWidth(0, 170)
        for col in range(1, self.heat.columnCount()):
            self.heat_view.setColumnWidth(col, 103)  # «Воспитательная» whole
        self.heat_view.horizontalHeader().setMinimumHeight(44)
        self.heat_view.resizeRowsToContents()
        self._before_after = views.before_after(self.store)
        shown = self.before_after_school.currentData()
        self.before_after_school.blockSignals(True)
        self.before_after_school.clear()
        self.before_after_school.addItem(TEXTS["all_schools"], None)
        for name in dict.fromkeys(r.school for r in self._before_after[0]):
            self.before_after_school.addItem(name, name)
        found = self.before_after_school.findData(shown) if shown else 0
        self.before_after_school.setCurrentIndex(max(found, 0))
        self.before_after_school.blockSignals(False)
        self.show_before_after()
        chosen = self.direction.currentData()
        self.direction.blockSignals(True)
        self.direction.clear()
        for key, name in views.direction_choices(self.store):
            self.direction.addItem(name, key)
        if chosen is not None and self.direction.findData(chosen) >= 0:
            self.direction.setCurrentIndex(self.direction.findData(chosen))
        self.direction.blockSignals(False)
        self.reload_severe()
        self.statusBar().showMessage(TEXTS["store"].format(where=self.store.where, n=len(rows)))

    def reload_severe(self) -> None:
        key = self.direction.currentData()
        teachers = views.severe_teachers(self.store, key) if key else []
        self.severe.set_rows(teachers)
        self.severe_count.setText(TEXTS["severe_count"].format(n=len(teachers)))
        self.severe_button.setEnabled(bool(teachers))
        self.severe_view.setColumnWidth(0, 40)
        self.severe_view.setColumnWidth(1, 220)
        self.severe_view.setColumnWidth(2, 240)
        self.severe_view.setColumnWidth(3, 160)
        self.severe_view.setColumnWidth(4, 220)
        self.severe_view.setColumnWidth(5, 110)
        self.severe_view.horizontalHeader().setStretchLastSection(True)
        self.severe_view.horizontalHeader().setMinimumHeight(44)

    def open_grid(self, index: QModelIndex) -> GridDialog | None:
        school_id = index.data(ID_ROLE)
        if school_id is None:
            return None  # the municipal total has no grid of its own
        dialog = GridDialog(self.store, int(school_id), self)
        dialog.open()
        return dialog

    # --- dialogs, overridable in tests -------------------------------------------------
    def choose_files(self) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(
            self, TEXTS["pick_files"], "", TEXTS["exchange_filter"]
        )
        return [Path(n) for n in names]

    def choose_save(self, suggested: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, TEXTS["save_as"], suggested, filters)
        return Path(name) if name else None

    def choose_period(self) -> Period | None:
        dialog = PeriodDialog(self, dt.date.today())
        return dialog.period if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, TEXTS["renamed_title"], text)
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, text: str) -> None:
        QMessageBox.information(self, TEXTS["added_title"], text)

    def fail(self, text: str) -> None:
        QMessageBox.warning(self, TEXTS["error_title"], text)

    # --- long work -----------------------------------------------------------------------
    def _run(self, fn: Callable[[], Any], title: str, done: Callable[[Any], None]) -> Job:
        job = default_runner().start(
            lambda _control: fn(),
            title=title,
            on_done=done,
            on_error=self.fail,
            writes_db=True,
            disable=[self.tabs, self.menuBar()],
        )
        self._jobs.append(job)
        job.ended.connect(lambda: self._jobs.remove(job))
        return job

    def add_files(self, paths: list[Path] | None = None, merge: bool = False) -> Job | None:
        """Add schools' files in the background; a renamed school is asked about, then
        merged by a second run with the methodist's yes."""
        paths = paths if paths is not None else self.choose_files()
        if not paths:
            return None
        store = self.store
        return self._run(
            lambda: municipal.add_files(store, paths, merge),
            TEXTS["job_add"],
            self._files_added,
        )

    def _files_added(self, outcomes: list[FileOutcome]) -> None:
        self.reload()
        lines = [
            o.message if o.ok else f"Не добавлен: {o.message}" for o in outcomes if not o.renamed
        ]
        if lines:
            self.inform("\n\n".join(lines))
        renamed = [o for o in outcomes if o.renamed is not None]
        confirmed = [
            o.path for o in renamed if self.ask(TEXTS["renamed_ask"].format(message=_plain(o)))
        ]
        if confirmed:
            self.add_files(confirmed, merge=True)

    def write_summary(self) -> Job | None:
        target = self.choose_save(
            f"Сводная справка {dt.date.today():%d.%m.%Y}.docx", "Документ Word (*.docx)"
        )
        if target is None:
            return None
        period = self.choose_period()
        if period is None:
            return None
        store = self.store
        return self._run(
            lambda: summary.export_summary(store, target, period),
            TEXTS["job_write"],
            lambda path: self.inform(TEXTS["saved"].format(path=path)),
        )

    def write_heat(self) -> Job | None:
        target = self.choose_save(
            "Тепловая карта дефицитов.xlsx", "Книга Excel (*.xlsx);;Документ Word (*.docx)"
        )
        if target is None:
            return None
        store = self.store
        return self._run(
            lambda: summary.export_heat(store, target),
            TEXTS["job_write"],
            lambda path: self.inform(TEXTS["saved"].format(path=path)),
        )

    def write_severe(self) -> Job | None:
        key = self.direction.currentData()
        if not key:
            return None
        target = self.choose_save(
            f"Выраженный дефицит — {self.direction.currentText()[:60]}.xlsx",
            "Книга Excel (*.xlsx)",
        )
        if target is None:
            return None
        store = self.store
        return self._run(
            lambda: summary.export_severe(store, key, target),
            TEXTS["job_write"],
            lambda path: self.inform(TEXTS["saved"].format(path=path)),
        )

    @property
    def running(self) -> bool:
        return bool(self._jobs)


def _plain(outcome: FileOutcome) -> str:
    """The renamed school in words for the question (the command-line hint left out)."""
    exc = outcome.renamed
    assert exc is not None
    return (
        f"В файле {exc.path.name} школа «{exc.new_name}» с теми же ИНН/ОГРН, что у школы "
        f"«{exc.old_name}» в кабинете."
    )
