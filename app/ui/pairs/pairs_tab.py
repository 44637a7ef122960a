"""The «Пары и группы» tab: the filtered list of pairs, their actions and their history."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.school_year import SchoolYear
from app.core.textutil import format_date
from app.errors import KuratorError
from app.models.db import Database
from app.services.pairs import pairs
from app.services.pairs.pair_data import PairRow
from app.services.pairs.pair_rules import STATUS_LABELS
from app.services.programs.programs import list_programs
from app.services.school import reference
from app.services.storage.workspace import Workspace
from app.ui.common.dialogs import ask_yes_no, show_warning
from app.ui.common.widgets import fit_combo, refill_filter
from app.ui.pairs.pair_change_dialog import PairChangeDialog
from app.ui.pairs.pair_dialog import PairDialog
from app.ui.pairs.pair_table_model import (
    COL_END,
    COL_FORM,
    COL_ID,
    COL_MENTEES,
    COL_MENTOR,
    COL_ORDER,
    COL_PROGRESS,
    COL_START,
    COL_STATUS,
    PairTableModel,
)
from app.ui.pairs.suggestions_settings import WeightsDialog
from app.ui.people.participants_tab import ElidedTextTips

TEXTS = {
    "add": "Добавить…",
    "edit": "Изменить…",
    "term": "Продлить или сократить…",
    "end": "Прекратить досрочно…",
    "delete": "Удалить…",
    "weights": "Веса подбора…",
    "all_status": "Все состояния",
    "all_mentors": "Все наставники",
    "all_mentees": "Все наставляемые",
    "all_forms": "Все формы",
    "all_years": "Все учебные годы",
    "count": "Показано: {n}",
    "empty": "Пар и групп пока нет: нажмите «Добавить…». В окне пары есть «Подобрать "
    "наставника…» — подбор по диагностике с объяснением.",
    "history": "История пары № {id}",
    "history_none": "Выберите пару, чтобы увидеть историю её изменений.",
    "delete_title": "Удаление пары",
    "delete_text": "Удалить пару № {id} ({mentor} → {mentees}) вместе с историей? Это нельзя "
    "отменить.\n\nЕсли работа пары просто закончилась, лучше поставить "
    "состояние «завершена» или прекратить пару досрочно.",
    "delete_yes": "Удалить",
    "delete_no": "Не удалять",
    "error_title": "Не получилось",
    "ended_hint": "Пара уже прекращена досрочно.",
}
COLUMN_WIDTHS = {
    COL_ID: 36,
    COL_MENTOR: 235,
    COL_MENTEES: 250,
    COL_FORM: 120,
    COL_START: 84,
    COL_END: 84,
    COL_STATUS: 130,
    COL_ORDER: 150,
    COL_PROGRESS: 76,
}


def program_progress(db: Database) -> dict[int, tuple[int, int, int, int]]:
    """Pair id → (percent, done, counted, overdue) over its programs' roadmaps."""
    sums: dict[int, list[int]] = {}
    for p in list_programs(db):
        acc = sums.setdefault(p.pair_id, [0, 0, 0])
        acc[0] += p.progress.done
        acc[1] += p.progress.total - p.progress.cancelled
        acc[2] += p.progress.overdue
    return {
        pid: (round(100 * done / counted) if counted else 0, done, counted, overdue)
        for pid, (done, counted, overdue) in sums.items()
    }


class PairsTab(QWidget):
    """Table of pairs and groups with filters, the add/edit dialog and recorded changes."""

    data_changed = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.dialog: QWidget | None = None
        self.model = PairTableModel(self)
        self._build()
        self.reload()

    # --- building ----------------------------------------------------------------------
    def _button(self, key: str, slot: object) -> QPushButton:
        button = QPushButton(TEXTS[key])
        button.setObjectName(f"btn_{key}")
        button.clicked.connect(slot)
        return button

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        fit_combo(combo, 20)  # a long name is elided, never widens the window
        combo.currentIndexChanged.connect(self._filter_changed)
        return combo

    def _build(self) -> None:
        self.add_button = self._button("add", self.add_pair)
        self.edit_button = self._button("edit", self.edit_selected)
        self.term_button = self._button("term", lambda: self.change_selected("term"))
        self.end_button = self._button("end", lambda: self.change_selected("end"))
        self.delete_button = self._button("delete", self.delete_selected)
        self.weights_button = self._button("weights", self.edit_weights)
        actions = QHBoxLayout()
        for b in (
            self.add_button,
            self.edit_button,
            self.term_button,
            self.end_button,
            self.delete_button,
        ):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.weights_button)

        self.year_filter = self._combo("year_filter")
        self.status_filter = self._combo("status_filter")
        self.mentor_filter = self._combo("mentor_filter")
        self.mentee_filter = self._combo("mentee_filter")
        self.form_filter = self._combo("form_filter")
        self.count_label = QLabel()
        filters = QHBoxLayout()
        for w in (
            self.year_filter,
            self.status_filter,
            self.mentor_filter,
            self.mentee_filter,
            self.form_filter,
        ):
            filters.addWidget(w)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        self.view = QTableView()
        self.view.setObjectName("pairs_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COL_START, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        self.view.setItemDelegate(ElidedTextTips(self.view))  # cut-off names as tooltips
        header = self.view.horizontalHeader()
        for col, width in COLUMN_WIDTHS.items():
            self.view.setColumnWidth(col, width)
        header.setSectionResizeMode(COL_MENTEES, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _i: self.edit_selected())
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

        self.empty_label = QLabel(TEXTS["empty"])
        self.empty_label.setObjectName("empty_hint")
        self.empty_label.setWordWrap(True)
        self.history_title = QLabel(TEXTS["history_none"])
        self.history = QPlainTextEdit()
        self.history.setObjectName("history")
        self.history.setReadOnly(True)
        lower = QWidget()
        lay = QVBoxLayout(lower)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.history_title)
        lay.addWidget(self.history)
        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tlay = QVBoxLayout(top)
        tlay.setContentsMargins(0, 0, 0, 0)
        tlay.addWidget(self.empty_label)
        tlay.addWidget(self.view)
        split.addWidget(top)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(split, 1)

    # --- data ---------------------------------------------------------------------------
    def _fill(self, combo: QComboBox, first: str, items: list[tuple[str, object]]) -> None:
        refill_filter(combo, first, items)

    def _refill_filters(self, rows: list[PairRow]) -> None:
        years = pairs.school_years(self.ws.db)
        this_year = str(SchoolYear.current())
        if this_year not in years:
            years = sorted({*years, this_year}, reverse=True)
        first_time = self.year_filter.count() == 0
        self._fill(self.year_filter, TEXTS["all_years"], [(y, y) for y in years])
        if first_time:
            self.year_filter.setCurrentIndex(max(self.year_filter.findData(this_year), 0))
        self._fill(
            self.status_filter,
            TEXTS["all_status"],
            [(label, key) for key, label in STATUS_LABELS.items()],
        )
        mentors = sorted({(r.mentor_name, r.mentor_id) for r in rows})
        mentees = sorted({(m.full_name, m.id) for r in rows for m in r.mentees})
        self._fill(self.mentor_filter, TEXTS["all_mentors"], list(mentors))
        self._fill(self.mentee_filter, TEXTS["all_mentees"], list(mentees))
        forms = list(
            dict.fromkeys(
                [*reference.values(self.ws.db, "mentoring_form"), *(r.form for r in rows if r.form)]
            )
        )
        self._fill(self.form_filter, TEXTS["all_forms"], [(f, f) for f in forms])

    def reload(self, select_id: int | None = None) -> None:
        """Re-read the pairs (all of them for the filter lists, then the filtered ones)."""
        self._refill_filters(pairs.list_pairs(self.ws.db))
        self._apply_filters(select_id)

    def _filter_changed(self) -> None:
        self._apply_filters(self.selected_id())

    def _apply_filters(self, select_id: int | None) -> None:
        rows = pairs.list_pairs(
            self.ws.db,
            school_year=self.year_filter.currentData(),
            status=self.status_filter.currentData(),
            mentor_id=self.mentor_filter.currentData(),
            mentee_id=self.mentee_filter.currentData(),
            form=self.form_filter.currentData(),
        )
        self.model.set_rows(rows, program_progress(self.ws.db))
        self.count_label.setText(TEXTS["count"].format(n=len(rows)))
        self.empty_label.setVisible(
            not rows and self.year_filter.currentIndex() <= 1 and not pairs.list_pairs(self.ws.db)
        )
        if select_id is not None:
            self.select_pair(select_id)
        self._selection_changed()

    def select_pair(self, pair_id: int) -> bool:
        for i, row in enumerate(self.model.rows):
            if row.id == pair_id:
                self.view.selectRow(i)
                return True
        return False

    def selected_row(self) -> PairRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row else None

    def _selection_changed(self) -> None:
        row = self.selected_row()
        for b in (self.edit_button, self.term_button, self.end_button, self.delete_button):
            b.setEnabled(row is not None)
        if row is not None and row.status == "ended_early":
            self.term_button.setEnabled(False)
            self.end_button.setEnabled(False)
            self.end_button.setToolTip(TEXTS["ended_hint"])
        self.show_history(row)

    def show_history(self, row: PairRow | None) -> None:
        if row is None:
            self.history_title.setText(TEXTS["history_none"])
            self.history.clear()
            return
        self.history_title.setText(TEXTS["history"].format(id=row.id))
        lines = []
        for ev in reversed(pairs.history(self.ws.db, row.id)):
            head = f"{format_date(ev.date)} — {ev.kind_label}"
            if ev.reason:
                head += f". Причина: {ev.reason}"
            lines.append(head)
            lines.extend(f"    {c}" for c in ev.changes)
        self.history.setPlainText("\n".join(lines))

    # --- actions ------------------------------------------------------------------------
    def add_pair(self) -> None:
        self.open_dialog(None)

    def edit_selected(self) -> None:
        pid = self.selected_id()
        if pid is not None:
            self.open_dialog(pid)

    def open_dialog(self, pair_id: int | None, mentee_id: int | None = None) -> QWidget | None:
        """Open the add/edit dialog window-modally; the list reloads when it saves."""
        try:
            dialog = PairDialog(self.ws, self, pair_id, mentee_id=mentee_id)
        except KuratorError as exc:
            show_warning(self, TEXTS["error_title"], str(exc))
            self.reload()
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._saved(dialog.pair_id))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def change_selected(self, mode: str) -> QWidget | None:
        """«Продлить или сократить…» (``mode`` «term») or «Прекратить досрочно…» («end»)."""
        row = self.selected_row()
        if row is None:
            return None
        dialog = PairChangeDialog(self.ws, row, mode, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._saved(row.id))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, pair_id: int | None) -> None:
        self.reload(select_id=pair_id)
        if pair_id is not None and not self.select_pair(pair_id):
            # the filters hide it (e.g. another school year): show everything
            self.year_filter.setCurrentIndex(0)
            for combo in (
                self.status_filter,
                self.mentor_filter,
                self.mentee_filter,
                self.form_filter,
            ):
                combo.setCurrentIndex(0)
            self.select_pair(pair_id)
        self.data_changed.emit()

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        text = TEXTS["delete_text"].format(
            id=row.id, mentor=row.mentor_name, mentees=row.mentee_names
        )
        if not ask_yes_no(
            self, TEXTS["delete_title"], text, TEXTS["delete_yes"], TEXTS["delete_no"]
        ):
            return
        try:
            pairs.delete_pair(self.ws.db, row.id)
        except KuratorError as exc:
            show_warning(self, TEXTS["error_title"], str(exc))
            return
        self.reload()
        self.data_changed.emit()

    def edit_weights(self) -> None:
        WeightsDialog(self.ws, self).exec()
