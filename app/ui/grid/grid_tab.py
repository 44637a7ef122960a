"""The «Диагностика» tab: a switch between the teacher's card, the school view and
before/after, the directions-and-levels dialog and printing the grid in the background."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import format_date
from app.services.documents.exports import run_export
from app.services.grid import diagnostics
from app.services.storage.workspace import Workspace
from app.ui.common.jobs import Job, default_runner
from app.ui.grid.directions_dialog import DirectionsDialog
from app.ui.grid.grid_card import CardView
from app.ui.grid.grid_compare_view import CompareView
from app.ui.grid.grid_school import SchoolView

VIEW_CARD, VIEW_SCHOOL, VIEW_COMPARE = 0, 1, 2
TEXTS = {
    "card": "Карточка педагога",
    "school": "Вся школа",
    "compare": "Было / стало",
    "settings": "Направления и уровни…",
    "export": "Печать / в Excel, Word…",
    "export_tip": "Сохранить таблицу (карточку педагога или всю школу) в Excel или Word",
    "save_title": "Сохранить диагностическую карту",
    "filters": "Книга Excel (*.xlsx);;Документ Word (*.docx)",
    "name_card": "Диагностика — {name}",
    "name_school": "Диагностика — вся школа",
    "busy": "Сохраняю…",
    "saved": "Сохранено: {path}",
    "error_title": "Не получилось",
}


class GridTab(QWidget):
    """Three views of the diagnostic grid over the same data; ``reload()`` re-reads all."""

    data_changed = Signal()
    export_finished = Signal(object)  # the written path, or the Russian error message

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.card = CardView(ws)
        self.school = SchoolView(ws)
        self.compare = CompareView(ws)
        self._stale = {VIEW_CARD: True, VIEW_SCHOOL: True, VIEW_COMPARE: True}
        self.last_export: Path | None = None
        self._build()
        self.card.data_changed.connect(self._card_changed)
        self.school.open_card.connect(self.open_card)

    def _build(self) -> None:
        self.switch = QButtonGroup(self)
        self.switch.setExclusive(True)
        switch_row = QHBoxLayout()
        switch_row.setSpacing(0)
        self.view_buttons: list[QPushButton] = []
        for i, key in enumerate(("card", "school", "compare")):
            button = QPushButton(TEXTS[key])
            button.setObjectName(f"view_{key}")
            button.setCheckable(True)
            self.switch.addButton(button, i)
            switch_row.addWidget(button)
            self.view_buttons.append(button)
        self.view_buttons[0].setChecked(True)
        self.switch.idToggled.connect(self._switch_toggled)
        self.settings_button = QPushButton(TEXTS["settings"])
        self.settings_button.setObjectName("grid_settings")
        self.settings_button.clicked.connect(self.edit_directions)
        self.export_button = QPushButton(TEXTS["export"])
        self.export_button.setObjectName("grid_export")
        self.export_button.setToolTip(TEXTS["export_tip"])
        self.export_button.clicked.connect(self.export)
        self.status = QLabel()
        self.status.setObjectName("grid_status")
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setOpenExternalLinks(True)  # «Сохранено: <путь>» opens the file
        self.stack = QStackedWidget()
        for view in (self.card, self.school, self.compare):
            self.stack.addWidget(view)
        top = QHBoxLayout()
        top.addLayout(switch_row)
        top.addSpacing(12)
        top.addWidget(self.status, 1)
        top.addWidget(self.settings_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    # --- views -------------------------------------------------------------------------
    def current_view(self) -> int:
        return self.stack.currentIndex()

    def set_view(self, view: int) -> None:
        self.view_buttons[view].setChecked(True)

    def _switch_toggled(self, view: int, checked: bool) -> None:
        if not checked:
            return
        self.card.commit_edits()
        self.stack.setCurrentIndex(view)
        self._refresh_if_stale(view)
        self.export_button.setEnabled(view != VIEW_COMPARE)

    def _refresh_if_stale(self, view: int) -> None:
        if not self._stale[view]:
            return
        self._stale[view] = False
        (self.card, self.school, self.compare)[view].reload()

    def reload(self) -> None:
        """Re-read everything (data replaced, directions or levels edited); the shown view
        now, the others when they are opened."""
        self.card.commit_edits()
        self._stale = {VIEW_CARD: True, VIEW_SCHOOL: True, VIEW_COMPARE: True}
        if self.isVisible():
            self._refresh_if_stale(self.current_view())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        self._refresh_if_stale(self.current_view())
        super().showEvent(event)

    def _card_changed(self) -> None:
        self._stale[VIEW_SCHOOL] = True
        self._stale[VIEW_COMPARE] = True
        self.data_changed.emit()

    def open_card(self, person_id: int) -> None:
        """Show a teacher's card (from a double-click in the school view)."""
        self._refresh_if_stale(VIEW_CARD)
        self.card.show_person(person_id)
        self.set_view(VIEW_CARD)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        self.card.commit_edits()  # another tab chosen or the window closing: keep the typing
        super().hideEvent(event)

    def edit_directions(self) -> None:
        self.card.commit_edits()
        dialog = DirectionsDialog(self.ws, self)
        dialog.changed.connect(self.reload)
        dialog.exec()

    # --- export ------------------------------------------------------------------------
    def export_options(self) -> tuple[dict[str, Any], str]:
        """Options for ``run_export("grid")`` and a suggested file name for what is shown."""
        if self.current_view() == VIEW_CARD and self.card.person_id() is not None:
            name = self.card.teacher.currentText().split(" — ")[0]
            options: dict[str, Any] = {"teacher": self.card.person_id(), "round": None}
            rid = self.card.round_id()
            if rid is not None:
                options["round"] = format_date(diagnostics.get_round(self.ws.db, rid).date)
            return options, TEXTS["name_card"].format(name=name)
        return {"teacher": None, "round": None}, TEXTS["name_school"]

    def export(self, target: Path | None = None) -> Job | None:
        """Ask where to save and write the grid off the UI thread."""
        self.card.commit_edits()
        options, name = self.export_options()
        target = target or self.choose_save(name)
        if target is None:
            return None
        db = self.ws.db
        self.status.setText(TEXTS["busy"])

        def done(path: Any) -> None:
            self.last_export = Path(path)
            url = QUrl.fromLocalFile(str(path)).toString()
            self.status.setText(
                TEXTS["saved"].format(path=f'<a href="{url}">{html.escape(str(path))}</a>')
            )
            self.export_finished.emit(Path(path))

        def failed(text: str) -> None:
            self.status.clear()
            self.export_finished.emit(text)
            self.fail(text)

        return default_runner().start(
            lambda _control: run_export(db, "grid", target, **options),
            title=TEXTS["busy"],
            on_done=done,
            on_error=failed,
            disable=[self.export_button],
        )

    # --- dialogs (methods so tests can replace them) ------------------------------------
    def choose_save(self, name: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            self, TEXTS["save_title"], f"{name}.xlsx", TEXTS["filters"]
        )
        return Path(path) if path else None

    def fail(self, text: str) -> None:
        QMessageBox.warning(self, TEXTS["error_title"], text)
