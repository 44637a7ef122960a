"""Changing a pair's term with a reason: prolong or shorten, or end early.

The service checks everything (reason required, duration, limits); errors are shown next to
the fields and nothing is changed until they are fixed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import format_date
from app.errors import KuratorError, ValidationError
from app.services.pairs import pairs
from app.services.pairs.pair_checks import PairRuleError
from app.services.pairs.pair_data import PairRow
from app.services.pairs.pair_rules import duration_problem
from app.ui.common.dialogs import show_warning
from app.ui.common.widgets import ERROR_STYLE, DateField, FieldMessages, GuardedDialog
from app.ui.pairs.pair_widgets import DurationBox

TEXTS = {
    "term_title": "Изменить срок пары № {id}",
    "end_title": "Прекратить досрочно пару № {id}",
    "about": "{mentor} → {mentees}. Сейчас: с {start} по {end}.",
    "new_end": "Новая дата окончания *",
    "end_on": "Дата прекращения *",
    "reason": "Причина *",
    "duration": "Срок",
    "term_note": "Продление или сокращение — по взаимному желанию наставника и "
    "наставляемого; запись попадёт в историю пары.",
    "end_note": "Досрочно прекращённая пара больше не учитывается в пределах "
    "(4 программы у наставника, 2 у наставляемого).",
    "save": "Сохранить",
    "cancel": "Отмена",
    "errors_hint": "Исправьте поля, отмеченные красным. Ничего не изменено.",
    "error_title": "Не получилось",
}


class PairChangeDialog(GuardedDialog):
    """``mode`` «term» (prolong/shorten) or «end» (end early) for the pair ``row``."""

    def __init__(
        self,
        ws: object,
        row: PairRow,
        mode: str,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.row = row
        self.mode = mode
        self.today = today or dt.date.today()
        self.messages = FieldMessages()
        self.setWindowTitle(
            TEXTS["term_title" if mode == "term" else "end_title"].format(id=row.id)
        )
        self.resize(560, 360)
        about = QLabel(
            TEXTS["about"].format(
                mentor=row.mentor_name,
                mentees=row.mentee_names,
                start=format_date(row.start_date),
                end=format_date(row.end_date),
            )
        )
        about.setWordWrap(True)
        note = QLabel(TEXTS["term_note" if mode == "term" else "end_note"])
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        form = QFormLayout()
        self.date = DateField()
        self.date.setObjectName("end_date")
        self.date.set_date(row.end_date if mode == "term" else min(self.today, row.end_date))
        self.messages.add_row(
            form, "end_date", TEXTS["new_end" if mode == "term" else "end_on"], self.date
        )
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setMaximumHeight(70)
        self.messages.add_row(form, "reason", TEXTS["reason"], self.reason)
        self.duration_box = DurationBox()
        self.messages.add_row(form, "duration_reason", TEXTS["duration"], self.duration_box)
        self.duration_row = self.messages.row("duration_reason")
        self._form = form
        self.date.textChanged.connect(self._update_duration)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(TEXTS["save"], QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(TEXTS["cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (about, note):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self._update_duration()
        self._initial = self._state()

    def _state(self) -> tuple[object, ...]:
        return (self.date.text(), self.reason.toPlainText(), self.duration_box.state())

    def is_modified(self) -> bool:
        return self._state() != self._initial

    def _update_duration(self) -> None:
        try:
            end = self.date.date()
        except ValueError:
            end = None
        problem = (
            duration_problem(self.row.start_date, end)
            if self.mode == "term" and end and end > self.row.start_date
            else None
        )
        self._form.setRowVisible(self.duration_row, self.duration_box.set_problem(problem))

    def save(self) -> bool:
        """Apply the change through the service; True when done and the dialog accepted."""
        try:
            day = self.date.date()
        except ValueError as exc:
            return self._errors({"end_date": str(exc)})
        if day is None:
            return self._errors({"end_date": "Укажите дату."})
        db = self.ws.db  # type: ignore[attr-defined]
        try:
            if self.mode == "term":
                pairs.change_end_date(
                    db,
                    self.row.id,
                    day,
                    self.reason.toPlainText(),
                    duration_confirmed=self.duration_box.confirmed(),
                    duration_reason=self.duration_box.reason_text(),
                    today=self.today,
                )
            else:
                pairs.end_early(db, self.row.id, day, self.reason.toPlainText(), today=self.today)
        except PairRuleError as exc:
            return self._errors({"end_date": str(exc)})
        except ValidationError as exc:
            return self._errors(exc.errors)
        except KuratorError as exc:
            show_warning(self, TEXTS["error_title"], str(exc))
            return False
        self._initial = self._state()
        self.accept()
        return True

    def _errors(self, errors: dict[str, str]) -> bool:
        self.messages.show(errors)
        self.hint.setText(TEXTS["errors_hint"])
        self.hint.setStyleSheet(ERROR_STYLE)
        return False
