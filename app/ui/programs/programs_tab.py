"""The «Программы» tab: the list of the school's programs with filters, and the editor."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import KuratorError
from app.services.programs import programs
from app.services.programs.programs import STATUSES
from app.services.storage.workspace import Workspace
from app.ui.common.dialogs import ask_yes_no
from app.ui.programs.program_create_dialog import CreateProgramDialog
from app.ui.programs.program_editor import ProgramEditor
from app.ui.programs.program_list_model import COL_WHO, ProgramListModel

TEXTS = {
    "create": "Создать программу…",
    "open": "Открыть",
    "delete": "Удалить…",
    "search": "Поиск по ФИО или названию…",
    "all_statuses": "Все состояния",
    "overdue": "Только с просроченными мероприятиями",
    "count": "Программ: {shown} из {total}",
    "empty": "Программ пока нет: нажмите «Создать программу…» (нужна закреплённая пара "
    "или группа).",
    "delete_title": "Удаление программы",
    "delete_text": "Удалить программу «{title}» ({who}) вместе с дорожной картой, историей, "
    "дневником и листом самооценки? Это нельзя отменить.",
    "delete_yes": "Удалить",
    "delete_no": "Не удалять",
    "error": "Не получилось",
}


class ProgramsTab(QWidget):
    """Page 0 — the list; page 1 — the editor of the chosen program."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.model = ProgramListModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_WHO, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open_index)

        self.status_box = QComboBox()
        self.status_box.addItem(TEXTS["all_statuses"], "")
        for key, name in STATUSES.items():
            self.status_box.addItem(name, key)
        self.search = QLineEdit()
        self.search.setPlaceholderText(TEXTS["search"])
        self.search.setClearButtonEnabled(True)
        self.overdue = QCheckBox(TEXTS["overdue"])
        for signal in (
            self.status_box.currentIndexChanged,
            self.search.textChanged,
            self.overdue.toggled,
        ):
            signal.connect(self._filter)
        create = QPushButton(TEXTS["create"])
        create.clicked.connect(self.create_program)
        open_button = QPushButton(TEXTS["open"])
        open_button.clicked.connect(self.open_selected)
        delete = QPushButton(TEXTS["delete"])
        delete.clicked.connect(self.delete_selected)
        self.count = QLabel()
        self.empty = QLabel(TEXTS["empty"])
        self.empty.setWordWrap(True)

        bar = QHBoxLayout()
        for w in (create, open_button, delete):
            bar.addWidget(w)
        bar.addSpacing(16)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.status_box)
        bar.addWidget(self.overdue)
        list_page = QWidget()
        lay = QVBoxLayout(list_page)
        lay.addLayout(bar)
        lay.addWidget(self.empty)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count)

        self.editor = ProgramEditor(ws)
        self.editor.back.connect(self.show_list)
        self.editor.changed.connect(self._editor_changed)
        self.stack = QStackedWidget()
        self.stack.addWidget(list_page)
        self.stack.addWidget(self.editor)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self._stale = False
        self.reload()

    # -- the list -------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the programs again (after the data was replaced, the editor goes back)."""
        if self.stack.currentWidget() is self.editor and self.editor.data is not None:
            try:
                self.editor.open_program(self.editor.data.id)
            except KuratorError:
                self.stack.setCurrentIndex(0)
        self.model.set_rows(programs.list_programs(self.ws.db, dt.date.today()))
        self._stale = False
        self._update_count()

    def _filter(self) -> None:
        self.model.set_filter(
            self.status_box.currentData(), self.search.text(), self.overdue.isChecked()
        )
        self._update_count()

    def _update_count(self) -> None:
        total = len(self.model.all_rows)
        self.count.setText(TEXTS["count"].format(shown=len(self.model.rows), total=total))
        self.empty.setVisible(total == 0)

    def _selected_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    # -- actions --------------------------------------------------------------------------
    def create_program(self) -> None:
        dialog = CreateProgramDialog(self.ws, self)
        if dialog.exec() and dialog.program_id is not None:
            self.reload()
            if not self.open_program(dialog.program_id):
                return
            if dialog.summary is not None:
                self.editor.show_draft(dialog.summary, dialog.remark)
            elif dialog.remark:
                self.editor.status.setText(dialog.remark)

    def _open_index(self, index: QModelIndex) -> None:
        program_id = self.model.id_at(index.row())
        if program_id is not None:
            self.open_program(program_id)

    def open_selected(self) -> None:
        program_id = self._selected_id()
        if program_id is not None:
            self.open_program(program_id)

    def open_program(self, program_id: int, item_id: int | None = None) -> bool:
        """Show the program's editor; with ``item_id``, on the roadmap page with that row
        selected (the «Сегодня» panel opens overdue rows so). False if it is gone."""
        try:
            self.editor.open_program(program_id)
        except KuratorError as exc:
            QMessageBox.warning(self, TEXTS["error"], str(exc))
            self.reload()
            return False
        self.stack.setCurrentWidget(self.editor)
        if item_id is not None:
            self.editor.pages.setCurrentWidget(self.editor.roadmap)
            self.editor.roadmap.select_item(item_id)
            return item_id in self.editor.roadmap.selected_ids()
        return True

    def show_list(self) -> None:
        self.editor.flush()
        if self._stale:
            self.reload()
        self.stack.setCurrentIndex(0)

    def _editor_changed(self) -> None:
        self._stale = True

    def delete_selected(self) -> None:
        program_id = self._selected_id()
        if program_id is None:
            return
        row = next(r for r in self.model.rows if r.id == program_id)
        text = TEXTS["delete_text"].format(title=row.title, who=f"{row.mentor} → {row.mentees}")
        if ask_yes_no(
            self, TEXTS["delete_title"], text, TEXTS["delete_yes"], TEXTS["delete_no"], warning=True
        ):
            programs.delete_program(self.ws.db, program_id)
            self.reload()

    def flush(self) -> None:
        """Save anything typed in the editor (the window calls it before closing)."""
        self.editor.flush()

    def hideEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        self.editor.flush()
        super().hideEvent(event)  # type: ignore[arg-type]

    def showEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        # Pairs made on their tab since appear in the list (reading it takes milliseconds).
        if self.stack.currentIndex() == 0:
            self.reload()
        super().showEvent(event)  # type: ignore[arg-type]
