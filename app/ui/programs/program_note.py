"""The explanatory note page of the program editor: every field saved as it is typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import format_date
from app.errors import KuratorError, StaleRecordError
from app.services.pairs.pair_rules import MODES
from app.services.programs import programs
from app.services.programs.programs import STATUSES, ProgramData
from app.services.school.reference import values as reference_values
from app.services.storage.workspace import Workspace
from app.ui.common.widgets import ERROR_STYLE, DateField, EditableCombo

SAVE_DELAY_MS = 400
LABELS = {
    "title": "Название",
    "status": "Состояние",
    "is_route": "Индивидуальный образовательный маршрут (ИОМ)",
    "period": "Сроки реализации",
    "participants": "Участники",
    "problem": "Описание проблемы",
    "goal": "Цель",
    "tasks": "Задачи (по одной в строке)",
    "form": "Форма наставничества",
    "mentoring_type": "Тип наставничества",
    "kind": "Вид наставничества",
    "intermediate_results": "Промежуточные результаты",
    "planned_results": "Планируемые результаты",
    "schedule": "Расписание встреч",
    "mode": "Режим работы",
    "conditions": "Условия обучения",
    "desired_image": "Желаемый образ себя как профессионала (целеполагание)",
    "place": "Место реализации (для титульного листа)",
    "approval_number": "Утверждено приказом №",
    "approval_date": "от",
    "agreed_body": "Согласовано (кем)",
    "agreed_number": "протокол №",
    "agreed_date": "от",
    "change_period": "Продлить, сократить или перенести…",
    "stamps": "Титульный лист: утверждение и согласование",
    "image_tip": "Для ИОМ: каким педагог видит себя состоявшимся профессионалом. "
    "Образ можно переписывать по ходу программы.",
}
_LONG = (
    "problem",
    "goal",
    "intermediate_results",
    "planned_results",
    "schedule",
    "conditions",
    "desired_image",
)
_SHORT = ("title", "place", "approval_number", "agreed_body", "agreed_number")


class NotePage(QWidget):
    """The note's fields; ``change_period_requested`` asks the editor for the dialog;
    ``refused`` carries the Russian message when another user saved the program first (the
    editor then shows the program as stored)."""

    change_period_requested = Signal()
    saved = Signal()
    refused = Signal(str)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.program_id: int | None = None
        # The program as read: each save is checked against its version and moves it on.
        self.held: ProgramData | None = None
        self._pending: dict[str, Callable[[], object]] = {}
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.fields: dict[str, QWidget] = {}

        form = QFormLayout()
        self.participants = QLabel()
        self.participants.setWordWrap(True)
        form.addRow(LABELS["participants"], self.participants)
        self._line(form, "title")
        self.status = QComboBox()
        for key, name in STATUSES.items():
            self.status.addItem(name, key)
        self.status.currentIndexChanged.connect(
            lambda _i: self._queue("status", self.status.currentData, now=True)
        )
        form.addRow(LABELS["status"], self.status)
        period_row = QHBoxLayout()
        self.period = QLabel()
        change = QPushButton(LABELS["change_period"])
        change.clicked.connect(self.change_period_requested)
        period_row.addWidget(self.period)
        period_row.addWidget(change)
        period_row.addStretch(1)
        form.addRow(LABELS["period"], period_row)
        self.is_route = QCheckBox(LABELS["is_route"])
        self.is_route.toggled.connect(self._route_toggled)
        form.addRow("", self.is_route)
        for name in ("problem", "goal"):
            self._text(form, name)
        self.tasks = self._text(form, "tasks", lambda: self.tasks.toPlainText().split("\n"))
        self.tasks.setFixedHeight(96)
        self._combo(form, "form", reference_values(ws.db, "mentoring_form"))
        self._combo(form, "mentoring_type", programs.TYPES)
        self._combo(form, "kind", reference_values(ws.db, "mentoring_kind"))
        for name in ("intermediate_results", "planned_results", "schedule"):
            self._text(form, name)
        self._combo(form, "mode", list(MODES))
        self._text(form, "conditions")
        image = self._text(form, "desired_image")
        image.setToolTip(LABELS["image_tip"])
        self._line(form, "place")

        stamps = QGroupBox(LABELS["stamps"])
        stamp_form = QFormLayout(stamps)
        self._line(stamp_form, "approval_number")
        self._date(stamp_form, "approval_date")
        self._line(stamp_form, "agreed_body")
        self._line(stamp_form, "agreed_number")
        self._date(stamp_form, "agreed_date")
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)

        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.addLayout(form)
        lay.addWidget(stamps)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        outer.addWidget(self.message)

    # -- building -------------------------------------------------------------------------
    def _line(self, form: QFormLayout, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.textEdited.connect(lambda _t: self._queue(name, edit.text))
        edit.editingFinished.connect(self.flush)
        form.addRow(LABELS[name], edit)
        self.fields[name] = edit
        return edit

    def _text(
        self, form: QFormLayout, name: str, getter: Callable[[], object] | None = None
    ) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(64)
        edit.textChanged.connect(lambda: self._queue(name, getter or edit.toPlainText))
        form.addRow(LABELS[name], edit)
        self.fields[name] = edit
        return edit

    def _combo(self, form: QFormLayout, name: str, values: list[str]) -> EditableCombo:
        box = EditableCombo(values)
        box.editTextChanged.connect(lambda _t: self._queue(name, box.text))
        form.addRow(LABELS[name], box)
        self.fields[name] = box
        return box

    def _date(self, form: QFormLayout, name: str) -> DateField:
        field = DateField()
        field.editingFinished.connect(lambda: self._save_date(name, field))
        form.addRow(LABELS[name], field)
        self.fields[name] = field
        return field

    # -- loading and saving ---------------------------------------------------------------
    def set_program(self, data: ProgramData) -> None:
        self.flush()
        if self._pending and data.id == self.program_id:
            return  # reloading would overwrite what could not be saved; keep it and its message
        self._loading = True
        self.program_id = data.id
        self.held = data
        n = data.note
        mentees = "; ".join(m.name for m in data.mentees)
        word = "наставляемые" if len(data.mentees) > 1 else "наставляемый"
        self.participants.setText(f"наставник — {data.mentor.name}; {word} — {mentees}")
        self.period.setText(f"{format_date(n.start_date)} – {format_date(n.end_date)}")
        self.status.setCurrentIndex(max(0, self.status.findData(n.status)))
        self.is_route.setChecked(n.is_route)
        for name, widget in self.fields.items():
            value = n.tasks if name == "tasks" else getattr(n, name)
            if isinstance(widget, DateField):
                widget.set_date(value if isinstance(value, dt.date) else None)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText("\n".join(value) if name == "tasks" else str(value))
            elif isinstance(widget, EditableCombo):
                widget.set_text(str(value))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value))
        self.fields["desired_image"].setEnabled(n.is_route)
        self.message.clear()
        self._loading = False
        self._pending.clear()

    def show_refusal(self, text: str) -> None:
        """Say why a save was refused (after the program was shown as stored)."""
        self.message.setText(text)

    def _queue(self, name: str, getter: Callable[[], object], now: bool = False) -> None:
        if self._loading or self.program_id is None:
            return
        self._pending[name] = getter
        if now:
            self.flush()
        else:
            self._timer.start()

    def _route_toggled(self, on: bool) -> None:
        self.fields["desired_image"].setEnabled(on)
        self._queue("is_route", self.is_route.isChecked, now=True)

    def _save_date(self, name: str, field: DateField) -> None:
        try:
            value = field.date()
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        self._queue(name, lambda: value, now=True)

    def flush(self) -> None:
        """Save whatever was typed and not yet saved (called on a pause in typing, on leaving
        a field, on switching pages or programs and when the window closes)."""
        self._timer.stop()
        if self.program_id is None or not self._pending:
            return
        # Each field leaves the queue only once saved: one refused field neither loses the
        # others nor itself (it is tried again on the next pause or page switch).
        problems: list[str] = []
        saved = False
        for name, getter in list(self._pending.items()):
            try:
                programs.update_note(self.ws.db, self.program_id, name, getter(), held=self.held)
            except StaleRecordError as exc:
                # Another user saved the program first: nothing typed here can be saved over
                # it (the message says so); the editor shows their version.
                self._pending.clear()
                if saved:
                    self.saved.emit()
                self.refused.emit(str(exc))
                return
            except KuratorError as exc:
                problems.append(f"{LABELS.get(name, name)}: {exc}")
                continue
            if self._pending.get(name) is getter:
                del self._pending[name]
            saved = True
        if problems:
            self.message.setText("Не сохранено — " + "; ".join(problems))
        else:
            self.message.clear()
        if saved:
            self.saved.emit()

    def hideEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        self.flush()
        super().hideEvent(event)  # type: ignore[arg-type]
