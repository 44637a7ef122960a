"""The dialog of a diagnostic round's heading: date, source, notes (new or edited)."""

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

from app.errors import KuratorError, StaleRecordError, ValidationError
from app.services.grid import diagnostics
from app.services.grid.diagnostics import RoundInput
from app.services.school import reference
from app.services.storage.workspace import Workspace
from app.ui.common.widgets import DateField, EditableCombo, FieldMessages, GuardedDialog

TEXTS = {
    "new_title": "Новая диагностика",
    "edit_title": "Диагностика: дата и источник",
    "who": "Педагог: {name}",
    "date": "Дата",
    "source": "Источник",
    "notes": "Примечание",
    "save": "Сохранить",
    "cancel": "Отмена",
    "no_date": "Укажите дату диагностики.",
    "stored_shown": "В окне показано то, что сохранено сейчас.",
}


class RoundDialog(GuardedDialog):
    """Creates a round (``round_id`` None) or edits the heading of one; ``round_id`` holds
    the saved round after «Сохранить»."""

    def __init__(
        self,
        ws: Workspace,
        person_id: int,
        person_name: str,
        round_id: int | None = None,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.person_id = person_id
        self.round_id = round_id
        self.today = today
        self.version: int | None = None  # the round's version as opened (edit only)
        self.setWindowTitle(TEXTS["edit_title" if round_id else "new_title"])
        self.date = DateField()
        self.date.setObjectName("date")
        self.source = EditableCombo(reference.values(ws.db, "diagnostic_source"))
        self.source.setObjectName("source")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setMaximumHeight(90)
        self.messages = FieldMessages()
        form = QFormLayout()
        self.messages.add_row(form, "date", TEXTS["date"], self.date)
        self.messages.add_row(form, "source", TEXTS["source"], self.source)
        self.messages.add_row(form, "notes", TEXTS["notes"], self.notes)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(TEXTS["save"], QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(TEXTS["cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(TEXTS["who"].format(name=person_name)))
        layout.addLayout(form)
        layout.addWidget(buttons)
        if round_id is not None:
            self._show_round(round_id)
        else:
            self.date.set_date(today or dt.date.today())
        self._saved = self._state()
        self.setMinimumWidth(440)

    def _show_round(self, round_id: int) -> None:
        """Fill the fields from the stored round and remember its version."""
        data = diagnostics.get_round(self.ws.db, round_id)
        self.version = data.version
        self.date.set_date(data.date)
        self.source.set_text(data.source)
        self.notes.setPlainText(data.notes)

    def _state(self) -> tuple[str, str, str]:
        return self.date.text(), self.source.text(), self.notes.toPlainText()

    def is_modified(self) -> bool:
        return self._state() != self._saved

    def save(self) -> bool:
        """Validate and store; errors appear next to their fields and the dialog stays."""
        self.messages.clear()
        try:
            date = self.date.date()
        except ValueError as exc:
            self.messages.show({"date": str(exc)})
            return False
        if date is None:
            self.messages.show({"date": TEXTS["no_date"]})
            return False
        try:
            if self.round_id is None:
                self.round_id = diagnostics.save_round(
                    self.ws.db,
                    RoundInput(self.person_id, date, self.source.text(), self.notes.toPlainText()),
                    self.today,
                )
            else:
                diagnostics.save_round_header(
                    self.ws.db,
                    self.round_id,
                    date,
                    self.source.text(),
                    self.notes.toPlainText(),
                    self.today,
                    self.version,
                )
        except StaleRecordError as exc:
            # another user changed the round first: show it as stored, with the reason
            assert self.round_id is not None
            try:
                self._show_round(self.round_id)
            except KuratorError as gone:
                self.messages.show({"date": str(gone)})
                return False
            self._saved = self._state()
            self.messages.show({"date": f"{exc} {TEXTS['stored_shown']}"})
            return False
        except ValidationError as exc:
            errors = dict(exc.errors)
            if "person" in errors:
                errors.setdefault("date", errors.pop("person"))
            self.messages.show(errors)
            return False
        except KuratorError as exc:
            self.messages.show({"date": str(exc)})
            return False
        self._saved = self._state()
        self.accept()
        return True
