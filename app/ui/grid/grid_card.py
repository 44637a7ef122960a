"""The teacher's card of the «Диагностика» tab: pick a teacher and a round, edit the two rows
in place (each committed cell is saved at once), see the legend."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import KuratorError, StaleRecordError
from app.services.grid import diagnostics, grid_state
from app.services.grid.diagnostics import CellInput
from app.services.grid.grid_compare import round_label
from app.services.people import persons
from app.services.storage.workspace import Workspace
from app.ui.common import dialogs
from app.ui.common.widgets import fit_combo
from app.ui.grid.grid_card_model import CardModel, CellDelegate
from app.ui.grid.grid_common import Legend, Palette
from app.ui.grid.grid_round_dialog import RoundDialog

TEXTS = {
    "teacher": "Педагог:",
    "teacher_hint": "начните вводить фамилию…",
    "round": "Диагностика:",
    "new": "Новая диагностика…",
    "edit": "Дата и источник…",
    "delete": "Удалить диагностику…",
    "no_teachers": "В базе пока нет педагогов: добавьте их на вкладке «Участники».",
    "no_rounds": "У этого педагога ещё нет диагностики: нажмите «Новая диагностика…».",
    "hint": "Двойной щелчок или F2 — изменить клетку; изменения сохраняются сразу.",
    "notes": "Примечание: {notes}",
    "delete_title": "Удаление диагностики",
    "delete_text": "Удалить диагностику от {label} со всеми клетками? Это нельзя отменить.",
    "delete_yes": "Удалить",
    "delete_no": "Не удалять",
    "error_title": "Не получилось",
    "stored_shown": "Карточка будет показана в том виде, в каком она сохранена сейчас.",
}


class CardView(QWidget):
    """One teacher, one round: the seed's two-row table with directions as columns."""

    data_changed = Signal()

    def __init__(
        self, ws: Workspace, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.today = today
        self.model = CardModel(self)
        self.delegate = CellDelegate(self)
        self.model.save_failed.connect(self._save_failed)
        # The shown round's version as read (and after each saved cell): every cell is saved
        # against it, so a cell saved over another user's newer change is refused.
        self._round_version: int | None = None
        self._stale = False
        self.model.cell_saved.connect(lambda _did: self.data_changed.emit())
        self.dialog: RoundDialog | None = None
        self._build()

    def _build(self) -> None:
        self.teacher = QComboBox()
        self.teacher.setObjectName("teacher")
        self.teacher.setEditable(True)
        self.teacher.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.teacher.lineEdit()
        assert line is not None
        line.setPlaceholderText(TEXTS["teacher_hint"])
        completer = self.teacher.completer()
        assert completer is not None
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.teacher.currentIndexChanged.connect(self._teacher_changed)
        self.round = QComboBox()
        self.round.setObjectName("round")
        self.round.currentIndexChanged.connect(self._round_changed)
        for combo in (self.teacher, self.round):
            fit_combo(combo, 30)  # a long name or source: a wide popup and a tooltip
        self.new_button = QPushButton(TEXTS["new"])
        self.new_button.setObjectName("new_round")
        self.new_button.clicked.connect(self.new_round)
        self.edit_button = QPushButton(TEXTS["edit"])
        self.edit_button.clicked.connect(self.edit_round)
        self.delete_button = QPushButton(TEXTS["delete"])
        self.delete_button.clicked.connect(self.delete_round)
        self.info = QLabel()
        self.info.setObjectName("card_info")
        self.info.setWordWrap(True)

        self.table = QTableView()
        self.table.setObjectName("card_table")
        self.table.setModel(self.model)
        self.table.setItemDelegate(self.delegate)
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Narrower columns would break long Russian words («интерактивные») in the middle;
        # on a small screen the card scrolls sideways instead.
        self.table.horizontalHeader().setMinimumSectionSize(100)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.verticalHeader().setHighlightSections(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.legend = Legend()

        top = QHBoxLayout()
        top.addWidget(QLabel(TEXTS["teacher"]))
        top.addWidget(self.teacher, 2)
        top.addWidget(QLabel(TEXTS["round"]))
        top.addWidget(self.round, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.legend, 1)
        hint = QLabel(TEXTS["hint"])
        hint.setStyleSheet("color: #555;")
        bottom.addWidget(hint)
        layout.addLayout(bottom)

    # --- data --------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read teachers, directions, levels and the shown round (keeps the choice)."""
        self.commit_edits()
        person_id, round_id = self.person_id(), self.round_id()
        self.grid_palette = Palette(grid_state.levels(self.ws.db))
        self.directions = grid_state.directions(self.ws.db)
        self.legend.set_levels(self.grid_palette.levels)
        self.teacher.blockSignals(True)
        self.teacher.clear()
        for p in persons.list_persons(self.ws.db, include_archived=False):
            self.teacher.addItem(p.full_name + (f" — {p.position}" if p.position else ""), p.id)
        pos = self.teacher.findData(person_id) if person_id is not None else -1
        if pos < 0:  # first time: the teacher diagnosed last, else the first in the list
            rounds = diagnostics.list_rounds(self.ws.db)
            pos = self.teacher.findData(rounds[-1].person_id) if rounds else -1
        self.teacher.setCurrentIndex(pos if pos >= 0 else (0 if self.teacher.count() else -1))
        self.teacher.blockSignals(False)
        self._fill_rounds(round_id)

    def person_id(self) -> int | None:
        value = self.teacher.currentData()
        return None if value is None else int(value)

    def round_id(self) -> int | None:
        value = self.round.currentData()
        return None if value is None else int(value)

    def show_person(self, person_id: int, round_id: int | None = None) -> bool:
        """Show a teacher's card (the newest round unless ``round_id``); False if unknown."""
        self.commit_edits()
        pos = self.teacher.findData(person_id)
        if pos < 0:
            return False
        self.teacher.blockSignals(True)
        self.teacher.setCurrentIndex(pos)
        self.teacher.blockSignals(False)
        self._fill_rounds(round_id)
        return True

    def commit_edits(self) -> None:
        """Save the cell being edited, if any (before switching away or closing)."""
        self.delegate.commit_open_editor()

    def _teacher_changed(self) -> None:
        self.commit_edits()
        self._fill_rounds(None)

    def _fill_rounds(self, round_id: int | None) -> None:
        line = self.teacher.lineEdit()
        if line is not None:
            line.setCursorPosition(0)  # the surname, not the end of a long line
        pid = self.person_id()
        rounds = diagnostics.list_rounds(self.ws.db, pid) if pid is not None else []
        self.round.blockSignals(True)
        self.round.clear()
        for r in reversed(rounds):  # newest first
            self.round.addItem(round_label(r.date, r.source), r.id)
        pos = self.round.findData(round_id) if round_id is not None else -1
        self.round.setCurrentIndex(pos if pos >= 0 else (0 if rounds else -1))
        self.round.blockSignals(False)
        self._round_changed()

    def _round_changed(self) -> None:
        self.commit_edits()
        rid = self.round_id()
        cells: list[CellInput] = []
        notes = ""
        self._round_version = None
        if rid is not None:
            try:
                data = diagnostics.get_round(self.ws.db, rid)
            except KuratorError as exc:
                self._warn(str(exc))
                rid = None
            else:
                cells, notes, self._round_version = data.cells, data.notes, data.version
        saver = None if rid is None else self._saver(rid)
        self.model.set_rows(self.directions, cells, self.grid_palette, saver)
        has_person = self.person_id() is not None
        self.new_button.setEnabled(has_person)
        self.edit_button.setEnabled(rid is not None)
        self.delete_button.setEnabled(rid is not None)
        if not has_person:
            self.info.setText(TEXTS["no_teachers"])
        elif rid is None:
            self.info.setText(TEXTS["no_rounds"])
        else:
            self.info.setText(TEXTS["notes"].format(notes=notes) if notes else "")
        self.info.setVisible(bool(self.info.text()))

    def _saver(self, round_id: int):  # type: ignore[no-untyped-def]
        def save(cell: CellInput) -> None:
            try:
                self._round_version = diagnostics.save_cell(
                    self.ws.db, round_id, cell, self._round_version
                )
            except StaleRecordError:
                self._stale = True
                raise

        return save

    def _save_failed(self, text: str) -> None:
        """Say why a cell was not saved; when another user changed the round first, show
        the round as stored once the cell's edit has finished."""
        stale, self._stale = self._stale, False
        self._warn(f"{text} {TEXTS['stored_shown']}" if stale else text)
        if stale:
            QTimer.singleShot(0, self, self._round_changed)

    # --- actions -----------------------------------------------------------------------
    def new_round(self) -> RoundDialog | None:
        return self._open_dialog(None)

    def edit_round(self) -> RoundDialog | None:
        return self._open_dialog(self.round_id())

    def _open_dialog(self, round_id: int | None) -> RoundDialog | None:
        pid = self.person_id()
        if pid is None:
            return None
        self.commit_edits()
        dialog = RoundDialog(self.ws, pid, self.teacher.currentText(), round_id, self, self.today)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._round_saved(dialog.round_id))
        dialog.finished.connect(lambda _code: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _round_saved(self, round_id: int | None) -> None:
        self._fill_rounds(round_id)
        self.data_changed.emit()

    def delete_round(self) -> None:
        rid = self.round_id()
        if rid is None:
            return
        text = TEXTS["delete_text"].format(label=self.round.currentText())
        if not self._confirm(TEXTS["delete_title"], text, TEXTS["delete_yes"], TEXTS["delete_no"]):
            return
        try:
            diagnostics.delete_round(self.ws.db, rid, self._round_version)
        except StaleRecordError as exc:  # nothing deleted: the round is shown as stored
            self._warn(f"{exc} {TEXTS['stored_shown']}")
            self._fill_rounds(rid)
            return
        self._fill_rounds(None)
        self.data_changed.emit()

    # --- message boxes (methods so tests can replace them) ------------------------------
    def _confirm(self, title: str, text: str, yes: str, no: str) -> bool:
        return dialogs.ask_yes_no(self, title, text, yes, no)

    def _warn(self, text: str) -> None:
        dialogs.show_warning(self, TEXTS["error_title"], text)
