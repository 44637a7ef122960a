"""Monitoring indicators of a program for a period: stage 1 typed in, stage 2 partly computed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import KuratorError, StaleRecordError, ValidationError
from app.services.monitoring import halfyear_periods, monitoring
from app.services.monitoring.monitoring import COUNT_FIELDS, LABELS, TEXT_FIELDS, Indicators
from app.services.monitoring.questionnaire_results import coded_figures, format_mean
from app.services.programs import programs
from app.services.storage.workspace import Workspace
from app.ui.common.widgets import CANCEL, SAVE, DateField, FieldMessages, GuardedDialog
from app.ui.monitoring.questionnaire_answers import program_label

TEXTS = {
    "title": "Показатели мониторинга программы",
    "program": "Программа:",
    "from": "Период с:",
    "to": "по:",
    "stage1": "Этап 1. Процесс реализации программы",
    "stage2": "Этап 2. Влияние программы на участников",
    "computed": "По данным программы: {deficits}; {satisfaction}; «да» на вопрос о желании "
    "стать наставником: {mentor}.",
    "no_grid": "повторной диагностики по направлениям программы нет",
    "grid": "дефициты наставляемых в начале — {before}, на конец периода — {after} "
    "(стало лучше: {improved})",
    "no_answers": "анкет за период нет",
    "answers": "удовлетворённость {parts}",
    "save": "Сохранить",
    "saved": "Показатели сохранены.",
    "stored_shown": "В окне показано то, что сохранено сейчас.",
    "no_programs": "Программ пока нет: сначала создайте программу на вкладке «Программы».",
}
STAGE1 = (
    "exams",
    "exam_pupils",
    "exam_passed",
    "olympiad_participants",
    "olympiad_winners",
    "pupils_dynamics",
    "joint_projects",
    "risks",
    "open_lessons",
    "competitions",
    "publications",
    "activity_notes",
)
STAGE2 = ("wants_mentor", "wants_mentee", "influence_notes")


class IndicatorsDialog(GuardedDialog):
    """One program and period at a time; switching either loads what was saved for it."""

    def __init__(
        self,
        ws: Workspace,
        parent: QWidget | None = None,
        program_id: int | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(TEXTS["title"])
        self.resize(760, 680)  # a 768-pixel screen with a taskbar and a title bar
        half = halfyear_periods.default_period(today or dt.date.today())
        self.program = QComboBox()
        for row in programs.list_programs(ws.db):
            self.program.addItem(program_label(row), row.id)
        if program_id is not None:
            self.program.setCurrentIndex(max(0, self.program.findData(program_id)))
        self.date_from, self.date_to = DateField(), DateField()
        self.date_from.set_date(half.start)
        self.date_to.set_date(half.end)
        self.messages = FieldMessages()
        head = QFormLayout()
        head.addRow(TEXTS["program"], self.program)
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(QLabel(TEXTS["to"]))
        period.addWidget(self.date_to)
        period.addStretch(1)
        head.addRow(TEXTS["from"], period)
        self.period_error = QLabel()
        self.period_error.setStyleSheet("color: #b00020;")
        head.addRow("", self.period_error)

        self.fields: dict[str, QSpinBox | QLineEdit | QPlainTextEdit] = {}
        body = QWidget()
        body_lay = QVBoxLayout(body)
        for title, names in ((TEXTS["stage1"], STAGE1), (TEXTS["stage2"], STAGE2)):
            group = QGroupBox(title)
            form = QFormLayout(group)
            for name in names:
                widget: QSpinBox | QLineEdit | QPlainTextEdit
                if name in COUNT_FIELDS:
                    spin = QSpinBox()
                    spin.setRange(-1, 10000)
                    spin.setSpecialValueText("—")
                    spin.setValue(-1)
                    spin.setMaximumWidth(110)
                    widget = spin
                elif name in TEXT_FIELDS:
                    text = QPlainTextEdit()
                    text.setFixedHeight(52)
                    widget = text
                else:
                    widget = QLineEdit()
                self.fields[name] = widget
                self.messages.add_row(form, name, LABELS[name] + ":", widget)
            body_lay.addWidget(group)
            if names is STAGE2:
                self.computed = QLabel()
                self.computed.setWordWrap(True)
                form.addRow(self.computed)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.status = QLabel()
        self.status.setWordWrap(True)
        box = QDialogButtonBox()
        self.save_button = box.addButton(TEXTS["save"], QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton("Закрыть", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.store)
        box.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.status)
        lay.addWidget(box)
        if self.program.count() == 0:
            self.status.setText(TEXTS["no_programs"])
            self.save_button.setEnabled(False)
        self._loaded = Indicators()
        self._shown: tuple[int, tuple[dt.date, dt.date]] | None = None
        self.program.currentIndexChanged.connect(lambda _i: self.switch())
        self.date_from.editingFinished.connect(self.switch)
        self.date_to.editingFinished.connect(self.switch)
        self.load()

    def program_id(self) -> int | None:
        data = self.program.currentData()
        return int(data) if data is not None else None

    def period(self) -> tuple[dt.date, dt.date] | None:
        self.period_error.clear()
        try:
            start, end = self.date_from.date(), self.date_to.date()
        except ValueError as exc:
            self.period_error.setText(str(exc))
            return None
        errors = monitoring.period_errors(start, end)
        if errors or start is None or end is None:
            self.period_error.setText(" ".join(errors.values()))
            return None
        return start, end

    def is_modified(self) -> bool:
        """Typed since the program and period were loaded or saved."""
        try:
            return self.entered() != self._loaded
        except TypeError:
            return True

    def save(self) -> bool:
        """Save and close (the «Сохранить изменения?» answer)."""
        if self.store():
            self.accept()
            return True
        return False

    def switch(self) -> None:
        """Another program or period was chosen: ask about typed figures first."""
        pid, period = self.program_id(), self.period()
        if pid is None or period is None or self._shown == (pid, period):
            return
        if self.is_modified() and self._shown is not None:
            choice = self.ask_save_changes()
            if choice == SAVE and not self._store_for(*self._shown):
                choice = CANCEL
            if choice == CANCEL:
                old_pid, (old_start, old_end) = self._shown
                self.program.blockSignals(True)
                self.program.setCurrentIndex(self.program.findData(old_pid))
                self.program.blockSignals(False)
                self.date_from.set_date(old_start)
                self.date_to.set_date(old_end)
                return
        self.load()

    def load(self) -> None:
        pid, period = self.program_id(), self.period()
        if pid is None or period is None:
            return
        self._fill(pid, period)

    def _fill(self, pid: int, period: tuple[dt.date, dt.date]) -> None:
        """Show the stored figures of the program and period, and hold their version."""
        data = monitoring.get_indicators(self.ws.db, pid, *period)
        for name, widget in self.fields.items():
            value = getattr(data, name)
            if isinstance(widget, QSpinBox):
                widget.setValue(-1 if value is None else int(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(value))
            else:
                widget.setText(str(value))
        self.messages.clear()
        self._loaded = data
        self._shown = (pid, period)
        self.show_computed(pid, *period)

    def show_computed(self, pid: int, start: dt.date, end: dt.date) -> None:
        rows = monitoring.deficits(self.ws.db, [pid], end)
        deficits = (
            TEXTS["grid"].format(
                before=sum(r.before for r in rows),
                after=sum(r.after for r in rows),
                improved=sum(r.improved for r in rows),
            )
            if rows
            else TEXTS["no_grid"]
        )
        fig = coded_figures(self.ws.db, [pid], start, end)
        names = {"mentee": "наставляемых", "mentor": "наставников"}
        sat = (
            TEXTS["answers"].format(
                parts=", ".join(
                    f"{names.get(r, r)} {format_mean(m)}" for r, (m, _n) in fig.satisfaction.items()
                )
            )
            if fig.satisfaction
            else TEXTS["no_answers"]
        )
        self.computed.setText(
            TEXTS["computed"].format(deficits=deficits, satisfaction=sat, mentor=fig.become_mentor)
        )

    def entered(self) -> Indicators:
        values: dict[str, object] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QSpinBox):
                values[name] = None if widget.value() < 0 else widget.value()
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText()
            else:
                values[name] = widget.text()
        return Indicators(**values)  # type: ignore[arg-type]

    def store(self) -> bool:
        """Save the figures for the chosen program and period (the dialog stays open)."""
        pid, period = self.program_id(), self.period()
        if pid is None or period is None:
            return False
        return self._store_for(pid, period)

    def _store_for(self, pid: int, period: tuple[dt.date, dt.date]) -> bool:
        data = self.entered()
        try:
            version = monitoring.save_indicators(
                self.ws.db, pid, *period, data, seen=self._loaded.version
            )
        except ValidationError as exc:
            self.messages.show(exc.errors)
            return False
        except StaleRecordError as exc:
            # another user saved these figures first: show them as stored, with the reason
            self._fill(pid, period)
            self.status.setText(f"{exc} {TEXTS['stored_shown']}")
            return False
        except KuratorError as exc:
            self.status.setText(str(exc))
            return False
        self.messages.clear()
        self._loaded = replace(data, version=version)
        self.status.setText(TEXTS["saved"])
        return True
