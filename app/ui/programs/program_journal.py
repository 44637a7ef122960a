"""Pages of the program editor around the roadmap: history of changes (with the dialog that
prolongs or shortens), reflection per priority deficit, the mentor's diary and the
self-assessment sheet. Everything is saved as it is entered."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import format_date
from app.errors import KuratorError, StaleRecordError, ValidationError
from app.services.grid import grid_state
from app.services.programs import programs_journal
from app.services.programs.programs import ProgramData, get_program
from app.services.programs.programs_journal import Assessment, DiaryEntry
from app.services.programs.programs_suggestions import suggestion_lists
from app.services.storage.workspace import Workspace
from app.ui.common.widgets import ERROR_STYLE, DateField, EditableCombo, FieldMessages


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setWordWrap(True)
    return t


STORED_SHOWN = "Показано то, что сохранено сейчас."


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text if len(text) > 40 else "")
    return item


class PeriodDialog(QDialog):
    """Prolong, shorten or move a program: new dates, the date of the decision, the reason."""

    def __init__(self, ws: Workspace, data: ProgramData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.data = ws, data
        self.setWindowTitle("Изменение сроков программы")
        form = QFormLayout()
        self.msgs = FieldMessages()
        self.start, self.end, self.date = DateField(), DateField(), DateField()
        self.start.set_date(data.note.start_date)
        self.end.set_date(data.note.end_date)
        self.date.set_date(dt.date.today())
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(70)
        self.shift = QCheckBox("Сдвинуть запланированные мероприятия вместе с началом")
        self.msgs.add_row(form, "start_date", "Начало", self.start)
        self.msgs.add_row(form, "end_date", "Окончание", self.end)
        self.msgs.add_row(form, "date", "Дата решения", self.date)
        self.msgs.add_row(form, "reason", "Причина (согласовано с куратором)", self.reason)
        form.addRow("", self.shift)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        box.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(box)

    def save(self) -> bool:
        errors: dict[str, str] = {}
        values: dict[str, dt.date | None] = {}
        for key, field in (("start_date", self.start), ("end_date", self.end), ("date", self.date)):
            try:
                values[key] = field.date()
            except ValueError as exc:
                errors[key] = str(exc)
        if errors:
            self.msgs.show(errors)
            return False
        try:
            programs_journal.change_period(
                self.ws.db,
                self.data.id,
                values["start_date"],
                values["end_date"],
                self.reason.toPlainText(),
                values["date"],
                self.shift.isChecked(),
            )
        except ValidationError as exc:
            self.msgs.show(exc.errors)
            return False
        self.accept()
        return True


class HistoryPage(QWidget):
    """The record of changes: when, what, why; plus a plan change with its reason."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.program_id: int | None = None
        self.table = _table(["Дата", "Что", "Изменения", "Причина"])
        for col, width in enumerate((95, 150, 260)):
            self.table.setColumnWidth(col, width)
        self.date = DateField()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Что изменено в плане и почему")
        add = QPushButton("Записать изменение плана")
        add.clicked.connect(self.add_change)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        row = QHBoxLayout()
        row.addWidget(self.date)
        row.addWidget(self.reason, 1)
        row.addWidget(add)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(self.message)

    def set_program(self, data: ProgramData) -> None:
        self.program_id = data.id
        self.date.set_date(dt.date.today())
        events = programs_journal.history(self.ws.db, data.id)
        self.table.setRowCount(len(events))
        for r, e in enumerate(events):
            for c, text in enumerate((format_date(e.date), e.kind_name, e.summary, e.reason)):
                self.table.setItem(r, c, _cell(text))

    def hideEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        if self.reason.text().strip():  # typed and not recorded yet: keep it
            self.add_change()
        super().hideEvent(event)  # type: ignore[arg-type]

    def add_change(self) -> None:
        if self.program_id is None:
            return
        try:
            day = self.date.date() or dt.date.today()
            programs_journal.record_plan_change(
                self.ws.db, self.program_id, day, self.reason.text()
            )
        except (ValueError, ValidationError) as exc:
            self.message.setText(
                " ".join(exc.errors.values()) if isinstance(exc, ValidationError) else str(exc)
            )
            return
        self.message.clear()
        self.reason.clear()
        self.set_program(get_program(self.ws.db, self.program_id))


class ReflectionPage(QWidget):
    """For each first-priority deficit: how close to the desired image; go on next year?"""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.inner = QVBoxLayout()
        holder = QWidget()
        holder.setLayout(self.inner)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(scroll)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        lay.addWidget(self.message)
        self.editors: dict[int, tuple[QPlainTextEdit, QComboBox]] = {}
        self.program_id: int | None = None
        self._dirty: set[int] = set()
        # Each direction's version as read (or as this page's last save returned).
        self.versions: dict[int, int | None] = {}
        self._refusal = ""

    def set_program(self, data: ProgramData) -> None:
        if not self.flush() and data.id == self.program_id:
            return  # a reload would wipe the text that could not be saved; keep it on screen
        self._dirty = set()
        while self.inner.count():
            item = self.inner.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        self.program_id = data.id
        self.editors = {}
        self.versions = {d.direction_id: d.version for d in data.directions}
        priority = [d for d in data.directions if d.priority and d.focus == "deficit"]
        if not priority:
            self.inner.addWidget(
                QLabel(
                    "Первоочередных дефицитов нет: отметьте их на "
                    "странице «Дорожная карта» (меню строки направления)."
                )
            )
        for d in priority:
            box = QGroupBox(f"{d.name}: {d.deficit}" if d.deficit else d.name)
            form = QFormLayout(box)
            text = QPlainTextEdit(d.reflection)
            text.setFixedHeight(80)
            go_on = QComboBox()
            go_on.addItems(["не решено", "да, продолжить", "нет, дефицит преодолён"])
            go_on.setCurrentIndex({None: 0, True: 1, False: 2}[d.continue_next_year])
            form.addRow("Степень приближения к желаемому образу", text)
            form.addRow("Продолжить работу в следующем году", go_on)
            self.inner.addWidget(box)
            self.editors[d.direction_id] = (text, go_on)
            text.textChanged.connect(lambda did=d.direction_id: self._dirty.add(did))
            go_on.currentIndexChanged.connect(
                lambda _i, did=d.direction_id: self._mark_and_flush(did)
            )
        self.inner.addStretch(1)

    def _mark_and_flush(self, direction_id: int) -> None:
        self._dirty.add(direction_id)
        self.flush()

    def _save(self, direction_id: int) -> None:
        if self.program_id is None:
            return
        text, go_on = self.editors[direction_id]
        self.versions[direction_id] = programs_journal.update_direction(
            self.ws.db,
            self.program_id,
            direction_id,
            self.versions.get(direction_id),
            reflection=text.toPlainText(),
            continue_next_year={0: None, 1: True, 2: False}[go_on.currentIndex()],
        )
        self._dirty.discard(direction_id)

    def flush(self) -> bool:
        """Save every changed reflection; one that fails stays changed (saved on the next
        try) and the reason is shown above. True when nothing is left unsaved."""
        problems: list[str] = []
        for did in list(self._dirty):
            try:
                self._save(did)
            except StaleRecordError as exc:
                # another user wrote it first: theirs is shown (once this save has returned)
                self._dirty.discard(did)
                self._refusal = str(exc)
                QTimer.singleShot(0, self, self._show_stored)
            except KuratorError as exc:
                problems.append(str(exc))
        if problems:
            self.message.setText("Рефлексия не сохранена: " + " ".join(problems))
            self.message.show()
        else:
            self.message.clear()
            self.message.hide()
        return not self._dirty

    def _show_stored(self) -> None:
        """After a refused save: the reflections as stored now, with the refusal."""
        if self.program_id is None or not self._refusal:
            return
        text, self._refusal = self._refusal, ""
        try:
            self.set_program(get_program(self.ws.db, self.program_id))
        except KuratorError as exc:
            text = str(exc)
        self.message.setText(f"{text} {STORED_SHOWN}")
        self.message.show()

    def hideEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        self.flush()
        super().hideEvent(event)  # type: ignore[arg-type]


class DiaryPage(QWidget):
    """The mentor's diary: the list and a form to add or change a line."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.program_id: int | None = None
        self.entries: list[DiaryEntry] = []
        self.table = _table(["Дата", "Тема", "Форма работы", "Результат", "Рекомендации"])
        for col, width in enumerate((95, 280, 190, 280)):
            self.table.setColumnWidth(col, width)
        self.table.itemSelectionChanged.connect(self._pick)
        form = QFormLayout()
        self.msgs = FieldMessages()
        self.date = DateField()
        self.topic = QLineEdit()
        self.form = EditableCombo(suggestion_lists()["work_form"])
        self.outcome = QLineEdit()
        self.recommendations = QLineEdit()
        self.msgs.add_row(form, "date", "Дата", self.date)
        self.msgs.add_row(form, "topic", "Тема", self.topic)
        form.addRow("Форма работы", self.form)
        form.addRow("Результат", self.outcome)
        form.addRow("Рекомендации", self.recommendations)
        buttons = QHBoxLayout()
        for text, slot in (
            ("Новая запись", self.new),
            ("Сохранить запись", self.save),
            ("Удалить запись", self.delete),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(form)
        lay.addLayout(buttons)
        self.editing: int | None = None
        self.editing_version: int | None = None  # the line's version as read
        self.dirty = False
        for edit in (self.topic, self.outcome, self.recommendations, self.date):
            edit.textEdited.connect(self._touched)
        self.form.editTextChanged.connect(self._touched)

    def _touched(self, _text: str = "") -> None:
        self.dirty = True

    def unsaved(self) -> bool:
        """Something typed in the form and not saved yet."""
        return self.dirty and any(
            w.text().strip() for w in (self.topic, self.form, self.outcome, self.recommendations)
        )

    def hideEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        # A line typed and not yet saved is saved when the curator leaves the page; when it
        # cannot be (no topic), it stays in the form with the reason next to the field.
        if self.unsaved():
            self.save()
        super().hideEvent(event)  # type: ignore[arg-type]

    def can_leave(self) -> bool:
        """Before another program is opened: save the typed line, or ask whether to drop
        it when it cannot be saved. False: stay (the line is still in the form)."""
        if not self.unsaved() or self.save() or not self.unsaved():
            return True  # (saved, or refused and shown as stored: nothing typed is left)
        errors = " ".join(t for t in (self.msgs.text(k) for k in ("date", "topic")) if t)
        answer = QMessageBox.question(
            self,
            "Дневник наставника",
            f"Запись дневника не сохранена: {errors}\n\nОтказаться от неё?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.dirty = False
            return True
        return False

    def set_program(self, data: ProgramData) -> None:
        same = data.id == self.program_id
        if self.unsaved() and not self.save() and same:
            self._fill()  # the typed line could not be saved: keep it in the form
            return
        self.program_id = data.id
        self._fill()
        if not (same and self.unsaved()):
            self.new()

    def _fill(self) -> None:
        assert self.program_id is not None
        self.entries = programs_journal.diary(self.ws.db, self.program_id)
        self.table.setRowCount(len(self.entries))
        for r, e in enumerate(self.entries):
            for c, text in enumerate(
                (format_date(e.date), e.topic, e.work_form, e.outcome, e.recommendations)
            ):
                self.table.setItem(r, c, _cell(text))

    def _pick(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) != 1:
            return
        if self.unsaved():
            self.save()
            return
        self._show_entry(self.entries[rows.pop()])

    def _show_entry(self, e: DiaryEntry) -> None:
        self.editing, self.editing_version = e.id, e.version
        self.date.set_date(e.date)
        self.topic.setText(e.topic)
        self.form.set_text(e.work_form)
        self.outcome.setText(e.outcome)
        self.recommendations.setText(e.recommendations)
        self.dirty = False

    def new(self) -> None:
        self.editing, self.editing_version = None, None
        self.table.clearSelection()
        self.date.set_date(dt.date.today())
        for w in (self.topic, self.outcome, self.recommendations):
            w.clear()
        self.form.set_text("")
        self.msgs.clear()
        self.dirty = False

    def save(self) -> bool:
        """Save the form; on a refusal the reason is shown next to the field and the text
        stays. True when saved."""
        if self.program_id is None:
            return False
        try:
            day = self.date.date()
        except ValueError as exc:
            self.msgs.show({"date": str(exc)})
            return False
        entry = DiaryEntry(
            day,  # type: ignore[arg-type]
            self.topic.text(),
            self.form.text(),
            self.outcome.text(),
            self.recommendations.text(),
            self.editing,
            self.editing_version,
        )
        try:
            programs_journal.save_diary_entry(self.ws.db, self.program_id, entry)
        except StaleRecordError as exc:
            self._show_stored(str(exc))
            return False
        except ValidationError as exc:
            self.msgs.show(exc.errors)
            return False
        except KuratorError as exc:
            self.msgs.show({"topic": str(exc)})
            return False
        self._fill()
        self.new()
        return True

    def delete(self) -> None:
        """Delete the line in the form, against the version read (another user's newer
        change of it is not deleted: it is shown instead)."""
        if self.editing is not None:
            try:
                programs_journal.delete_diary_entry(self.ws.db, self.editing, self.editing_version)
            except StaleRecordError as exc:
                self._show_stored(str(exc))
                return
            self._fill()
            self.new()

    def _show_stored(self, refusal: str) -> None:
        """Another user changed the line first: the diary as stored, the line in the form
        as stored, and the refusal next to it."""
        editing = self.editing
        self._fill()
        stored = next((e for e in self.entries if e.id == editing), None)
        if stored is None:
            self.new()
        else:
            self._show_entry(stored)
        self.msgs.show({"topic": f"{refusal} {STORED_SHOWN}"})


class AssessmentPage(QWidget):
    """The self-assessment sheet: a level per mentee and direction at the start and the end."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.table = _table(["Наставляемый", "Направление", "В начале", "В конце"])
        self.table.horizontalHeader().setStretchLastSection(False)
        for col, width in enumerate((240, 340, 190, 190)):
            self.table.setColumnWidth(col, width)
        lay = QVBoxLayout(self)
        lay.addWidget(
            QLabel(
                "Уровень по каждому направлению программы в начале и в конце "
                "(по оценке самого наставляемого)."
            )
        )
        lay.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        lay.addWidget(self.message)
        self.program_id: int | None = None

    def set_program(self, data: ProgramData) -> None:
        self.program_id = data.id
        self.message.clear()
        levels = grid_state.levels(self.ws.db)
        stored = {
            (a.person_id, a.direction_id): a
            for a in programs_journal.assessments(self.ws.db, data.id)
        }
        pairs = [(m, d) for m in data.mentees for d in data.directions]
        self.table.setRowCount(len(pairs))
        for r, (m, d) in enumerate(pairs):
            self.table.setItem(r, 0, _cell(m.name))
            self.table.setItem(r, 1, _cell(d.name))
            # version 0: read as not stored, so a mark another user stores meanwhile is kept
            a = stored.get((m.id, d.direction_id)) or Assessment(m.id, d.direction_id, version=0)
            for col, attr in ((2, "level_start_id"), (3, "level_end_id")):
                box = QComboBox()
                box.addItem("—", None)
                for lv in levels:
                    box.addItem(lv.name, lv.id)
                box.setCurrentIndex(max(0, box.findData(getattr(a, attr))))
                box.currentIndexChanged.connect(
                    lambda _i, a=a, attr=attr, box=box: self._save(a, attr, box.currentData())
                )
                self.table.setCellWidget(r, col, box)
        self.table.resizeRowsToContents()

    def _save(self, a: Assessment, attr: str, value: object) -> None:
        """Save one level against the mark's version as read; another user's newer mark
        refuses it and the sheet is shown as stored (after this signal has returned)."""
        if self.program_id is None:
            return
        setattr(a, attr, value)
        try:
            a.version = programs_journal.save_assessment(self.ws.db, self.program_id, a)
        except StaleRecordError as exc:
            QTimer.singleShot(0, self, lambda text=str(exc): self._show_stored(text))

    def _show_stored(self, refusal: str) -> None:
        if self.program_id is None:
            return
        try:
            self.set_program(get_program(self.ws.db, self.program_id))
        except KuratorError as exc:
            refusal = str(exc)
        self.message.setText(f"{refusal} {STORED_SHOWN}")
