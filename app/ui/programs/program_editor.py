"""The program editor: a header with the pair and progress, and pages for the note, the
roadmap, the history, the reflection, the diary and the self-assessment sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import format_date
from app.errors import KuratorError
from app.services.programs import program_templates, programs
from app.services.programs.program_draft import DraftSummary
from app.services.programs.programs import ProgramData
from app.services.storage.workspace import Workspace
from app.ui.common.jobs import Job, default_runner
from app.ui.programs.draft_summary import DraftSummaryPanel
from app.ui.programs.program_journal import (
    AssessmentPage,
    DiaryPage,
    HistoryPage,
    PeriodDialog,
    ReflectionPage,
)
from app.ui.programs.program_note import NotePage
from app.ui.programs.program_roadmap import RoadmapPage

TEXTS = {
    "back": "← К списку программ",
    "print": "Печать (Word)…",
    "template": "Сохранить как шаблон…",
    "note": "Пояснительная записка",
    "roadmap": "Дорожная карта",
    "history": "История изменений",
    "reflection": "Рефлексия",
    "diary": "Дневник наставника",
    "assessment": "Лист самооценки",
    "summary": "<b>{title}</b><br>Наставник: {mentor}; {word}: {mentees}. "
    "Сроки: {start} – {end}. Выполнено {percent}% ({done} из {counted}), "
    "просрочено: {overdue}.",
    "template_title": "Шаблон программы",
    "template_ask": "Название шаблона:",
    "template_done": "Шаблон «{name}» сохранён: его можно выбрать при создании программы.",
    "save_title": "Сохранить программу",
    "printing": "Сохраняю программу…",
    "printed": "Программа сохранена: {path}",
    "error": "Не получилось",
    "stored_shown": "Программа уже показана в том виде, в каком она сохранена сейчас.",
}


class ProgramEditor(QWidget):
    """One program; ``back`` returns to the list, ``changed`` after any saved change."""

    back = Signal()
    changed = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.data: ProgramData | None = None
        self._job: Job | None = None
        back = QPushButton(TEXTS["back"])
        back.clicked.connect(self.go_back)
        self.print_button = QPushButton(TEXTS["print"])
        self.print_button.clicked.connect(self.print_program)
        template = QPushButton(TEXTS["template"])
        template.clicked.connect(self.save_template)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addStretch(1)
        top.addWidget(template)
        top.addWidget(self.print_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.draft_summary = DraftSummaryPanel()

        self.note = NotePage(ws)
        self.roadmap = RoadmapPage(ws)
        self.history = HistoryPage(ws)
        self.reflection = ReflectionPage(ws)
        self.diary = DiaryPage(ws)
        self.assessment = AssessmentPage(ws)
        self.pages = QTabWidget()
        for widget, key in (
            (self.note, "note"),
            (self.roadmap, "roadmap"),
            (self.history, "history"),
            (self.reflection, "reflection"),
            (self.diary, "diary"),
            (self.assessment, "assessment"),
        ):
            self.pages.addTab(widget, TEXTS[key])
        self.pages.currentChanged.connect(self._page_changed)
        self.note.change_period_requested.connect(self.change_period)
        self.note.saved.connect(self._note_saved)
        self.note.refused.connect(lambda text: self._show_stored(self.note, text))
        self.roadmap.refused.connect(lambda text: self._show_stored(self.roadmap, text))
        self.roadmap.changed.connect(self._roadmap_changed)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.draft_summary)
        lay.addWidget(self.pages, 1)
        lay.addWidget(self.status)

    # -- loading --------------------------------------------------------------------------
    def open_program(self, program_id: int) -> None:
        """Show ``program_id`` (what was typed in the previous one is saved first; a diary
        line that cannot be saved is asked about, and «no» keeps the current program)."""
        if self.data is not None and self.data.id != program_id and not self.diary.can_leave():
            return
        self.flush()
        self.data = programs.get_program(self.ws.db, program_id)
        self.note.set_program(self.data)
        self.roadmap.set_program(self.data)
        self.status.clear()
        self.draft_summary.hide()
        self._update_summary()
        self._page_changed(self.pages.currentIndex())

    def show_draft(self, summary: DraftSummary, remark: str = "") -> None:
        """After creating: the roadmap page, with what it was drafted from above it."""
        self.pages.setCurrentWidget(self.roadmap)
        self.draft_summary.show_summary(summary, remark)

    def _update_summary(self) -> None:
        if self.data is None:
            return
        d = self.data
        p = d.progress(dt.date.today())
        self.summary.setText(
            TEXTS["summary"].format(
                title=d.note.title,
                mentor=d.mentor.name,
                word="наставляемые" if len(d.mentees) > 1 else "наставляемый",
                mentees=", ".join(m.name for m in d.mentees),
                start=format_date(d.note.start_date),
                end=format_date(d.note.end_date),
                percent=p.percent,
                done=p.done,
                counted=p.total - p.cancelled,
                overdue=p.overdue,
            )
        )

    def _page_changed(self, index: int) -> None:
        if self.data is None:
            return
        page = self.pages.widget(index)
        if page in (self.history, self.reflection, self.diary, self.assessment):
            fresh = programs.get_program(self.ws.db, self.data.id)
            page.set_program(fresh)

    def _roadmap_changed(self) -> None:
        if self.roadmap.data is not None:
            self.data = self.roadmap.data
        self._update_summary()
        self.changed.emit()

    def _note_saved(self) -> None:
        if self.data is not None:
            self.data.note = programs.get_program(self.ws.db, self.data.id).note
            self._update_summary()
        self.changed.emit()

    def _show_stored(self, page: NotePage | RoadmapPage, message: str) -> None:
        """Another user saved this program first and a save on ``page`` was refused: show
        the program as stored now, with the refusal on that page."""
        if self.data is None:
            return
        try:
            self.data = programs.get_program(self.ws.db, self.data.id)
        except KuratorError as exc:  # removed by the other user
            self.status.setText(str(exc))
            return
        self.note.set_program(self.data)
        self.roadmap.set_program(self.data)
        self._update_summary()
        self._page_changed(self.pages.currentIndex())
        page.show_refusal(f"{message} {TEXTS['stored_shown']}")
        self.changed.emit()

    def flush(self) -> None:
        """Save whatever is typed and not yet saved."""
        self.note.flush()
        self.reflection.flush()

    def go_back(self) -> None:
        if not self.diary.can_leave():
            return
        self.flush()
        self.back.emit()

    # -- actions --------------------------------------------------------------------------
    def change_period(self) -> None:
        if self.data is None:
            return
        self.note.flush()
        if PeriodDialog(self.ws, self.data, self).exec():
            self.open_program(self.data.id)
            self.changed.emit()

    def save_template(self) -> None:
        if self.data is None:
            return
        self.flush()
        name, ok = QInputDialog.getText(
            self, TEXTS["template_title"], TEXTS["template_ask"], text=self.data.note.title
        )
        if not ok:
            return
        try:
            program_templates.save_as_template(self.ws.db, self.data.id, name)
        except KuratorError as exc:
            QMessageBox.warning(self, TEXTS["error"], str(exc))
            return
        self.status.setText(TEXTS["template_done"].format(name=name.strip()))

    def print_program(self) -> None:
        if self.data is None:
            return
        self.flush()
        # deferred: keeps python-docx out of opening the programs tab
        from app.services.programs.programs_document import export_program, file_stem

        try:
            stem = file_stem(self.ws.db, self.data.id)
        except KuratorError as exc:
            QMessageBox.warning(self, TEXTS["error"], str(exc))
            return
        path, _ = QFileDialog.getSaveFileName(
            self, TEXTS["save_title"], str(Path.home() / f"{stem}.docx"), "Документ Word (*.docx)"
        )
        if not path:
            return
        program_id = self.data.id
        db = self.ws.db
        self._job = default_runner().start(
            lambda _control: export_program(db, program_id, Path(path)),
            title=TEXTS["printing"],
            on_done=self._printed,
            on_error=self._print_failed,
            disable=[self.print_button],
        )

    def _printed(self, path: object) -> None:
        self.status.setText(TEXTS["printed"].format(path=path))

    def _print_failed(self, text: str) -> None:
        QMessageBox.warning(self, TEXTS["error"], text)
