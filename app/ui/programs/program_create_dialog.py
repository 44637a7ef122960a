"""Creating a program: which pair or group, from scratch or from a template, and the start."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.errors import KuratorError, ValidationError
from app.services.programs import program_templates, programs
from app.services.programs.program_draft import DraftSummary
from app.services.storage.workspace import Workspace
from app.ui.common.widgets import DateField, FieldMessages

SCRATCH = ""
TEXTS = {
    "title": "Новая программа наставничества",
    "pair": "Пара или группа",
    "template": "Основа",
    "scratch": "С чистого листа (направления — из пары и диагностики)",
    "starter": "Шаблон: {name}",
    "saved": "Мой шаблон: {name}",
    "start": "Начало",
    "end": "Окончание",
    "end_tip": "Пусто — по сроку пары (для шаблона — по его длительности).",
    "no_pairs": "Пар и групп пока нет: сначала закрепите наставников на вкладке «Пары и группы».",
    "has": " — уже есть программ: {n}",
    "create": "Создать",
    "cancel": "Отмена",
}


class CreateProgramDialog(QDialog):
    """``program_id`` holds the new program after ``accept``; ``remark`` a note to show;
    ``summary`` what the roadmap was drafted from (shown to the curator after creating)."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.program_id: int | None = None
        self.remark = ""
        self.summary: DraftSummary | None = None
        self.setWindowTitle(TEXTS["title"])
        self.setMinimumWidth(660)
        self.pairs = programs.pair_choices(ws.db)
        self.pair_box = QComboBox()
        for p in self.pairs:
            self.pair_box.addItem(
                p.label + (TEXTS["has"].format(n=p.programs) if p.programs else ""), p.id
            )
        self.pair_box.currentIndexChanged.connect(self._pair_changed)
        self.template_box = QComboBox()
        self.template_box.addItem(TEXTS["scratch"], SCRATCH)
        for t in program_templates.list_templates(ws.db):
            key = "starter" if t.starter else "saved"
            self.template_box.addItem(TEXTS[key].format(name=t.name), t.key)
            self.template_box.setItemData(
                self.template_box.count() - 1, t.description, Qt.ItemDataRole.ToolTipRole
            )
        for box in (self.pair_box, self.template_box):
            # Long labels must not squeeze the field names out of the form.
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(44)
        self.start = DateField()
        self.end = DateField()
        self.end.setToolTip(TEXTS["end_tip"])
        form = QFormLayout()
        self.msgs = FieldMessages()
        self.msgs.add_row(form, "pair", TEXTS["pair"], self.pair_box)
        form.addRow(TEXTS["template"], self.template_box)
        self.msgs.add_row(form, "start_date", TEXTS["start"], self.start)
        self.msgs.add_row(form, "end_date", TEXTS["end"], self.end)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(TEXTS["create"])
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(TEXTS["cancel"])
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        if not self.pairs:
            lay.addWidget(QLabel(TEXTS["no_pairs"]))
            buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self._pair_changed()

    def _pair_changed(self) -> None:
        index = self.pair_box.currentIndex()
        if 0 <= index < len(self.pairs):
            self.start.set_date(self.pairs[index].start_date)

    def save(self) -> bool:
        pair_id = self.pair_box.currentData()
        if pair_id is None:
            self.msgs.show({"pair": TEXTS["no_pairs"]})
            return False
        errors: dict[str, str] = {}
        dates: dict[str, dt.date | None] = {}
        for key, field in (("start_date", self.start), ("end_date", self.end)):
            try:
                dates[key] = field.date()
            except ValueError as exc:
                errors[key] = str(exc)
        if not errors and dates["start_date"] is None:
            errors["start_date"] = "Укажите дату начала программы."
        if errors:
            self.msgs.show(errors)
            return False
        start, end = dates["start_date"], dates["end_date"]
        assert start is not None
        key = self.template_box.currentData()
        try:
            # Both ways draft the roadmap from the mentees' diagnosis (a template goes on top).
            if key:
                made = program_templates.create_from_template(self.ws.db, pair_id, key, start, end)
                self.program_id, self.remark = made.program_id, made.remark
                self.summary = made.summary
            else:
                drafted = programs.create_program_draft(
                    self.ws.db, pair_id, start=start, end=end, fill=True
                )
                self.program_id, self.summary = drafted.program_id, drafted.summary
        except ValidationError as exc:
            self.msgs.show(exc.errors)
            return False
        except KuratorError as exc:
            self.msgs.show({"pair": str(exc)})
            return False
        self.accept()
        return True
