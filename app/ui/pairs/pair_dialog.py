"""The add/edit dialog of a mentoring pair or group.

On «Сохранить» every rule is checked by the service (``pairs.save_pair``): bad input is shown
in red next to its field, a broken limit (a mentor's 4 programs, a mentee's 2) shows the
Russian explanation of who and which pairs next to the person, and nothing is saved. A
duration outside 3–12 months opens a confirmation with a reason. Closing with unsaved input
asks «Сохранить изменения?»."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import KuratorError, StaleRecordError, ValidationError
from app.services.grid import grid_state
from app.services.pairs import matching, pairs
from app.services.pairs.pair_checks import PairRuleError
from app.services.pairs.pair_data import DirectionPick, PairData
from app.services.pairs.pair_rules import MODES, STATUS_LABELS, duration_problem
from app.services.people import persons
from app.services.school import reference
from app.services.storage.workspace import Workspace
from app.ui.common import dialogs
from app.ui.common.dialogs import show_warning
from app.ui.common.widgets import (
    ERROR_STYLE,
    DateField,
    EditableCombo,
    FieldMessages,
    GuardedDialog,
    fit_combo,
    scrolled,
)
from app.ui.pairs.pair_widgets import (
    CheckList,
    DirectionsTable,
    DurationBox,
    MenteeList,
    PersonCombo,
)
from app.ui.pairs.suggestions_dialog import SuggestionsDialog

TEXTS = {
    "title_new": "Новая пара или группа",
    "title_edit": "Пара (группа) № {id}",
    "people": "Участники",
    "is_group": "Группа: несколько наставляемых с общим дефицитом",
    "suggest": "Подобрать наставника…",
    "suggest_tip": "Кандидаты по диагностике наставляемого: сильные стороны там, где у него "
    "дефицит, предмет, стаж и нагрузка — с объяснением",
    "suggest_need": "Сначала выберите наставляемого (или наставляемых группы).",
    "directions": "Направления и дефициты, над которыми работает пара (из диагностики "
    "наставляемого)",
    "fixed_tip": "Пара закреплена подписанным {order}: номер и дата берутся из приказа. "
    "Чтобы их изменить, верните приказ в проект.",
    "other_kinds": "Другие виды (через запятую)",
    "save": "Сохранить",
    "cancel": "Отмена",
    "errors_hint": "Исправьте поля, отмеченные красным. Ничего не сохранено.",
    "rule_hint": "Пару нельзя сохранить: нарушено правило (см. сообщение выше). "
    "Ничего не сохранено.",
    "error_title": "Не получилось сохранить",
    "stale_title": "Пара изменена другим пользователем",
    "stale_question": "Загрузить пару в том виде, в каком её сохранил другой пользователь? "
    "Ваши изменения в этом окне будут отброшены; их можно будет внести заново.",
    "reverse_kind": "реверсивное",
    "mentee_label": "Наставляемый *",
    "mentees_label": "Наставляемые *",
}
LABELS = {
    "mentor_id": "Наставник *",
    "mentee_ids": "Наставляемый *",
    "form": "Форма",
    "kinds": "Виды",
    "role_model": "Ролевая модель",
    "start_date": "Начало *",
    "end_date": "Окончание *",
    "duration_reason": "Срок",
    "status": "Состояние",
    "end_reason": "Причина прекращения",
    "schedule": "Расписание встреч",
    "mode": "Режим",
    "consent_date": "Согласие наставника",
    "allowance": "Доплата",
    "order_number": "Приказ №",
    "order_date": "Дата приказа",
    "notes": "Примечания",
}
TOOLTIPS = {
    "consent_date": "Дата письменного согласия наставника",
    "allowance": "Доплата наставнику, если есть (например, «10 % оклада»)",
    "order_number": "Номер приказа о закреплении пары — когда он издан",
    "schedule": "Например: «по вторникам, 15:00–16:00»",
}


class PairDialog(GuardedDialog):
    """Create (``pair_id=None``) or edit a pair; after saving ``pair_id`` holds its id."""

    def __init__(
        self,
        ws: Workspace,
        parent: QWidget | None = None,
        pair_id: int | None = None,
        mentee_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.pair_id = pair_id
        self.original = (
            pairs.get_pair(ws.db, pair_id)
            if pair_id is not None
            else PairData(mentee_ids=[mentee_id] if mentee_id is not None else [])
        )
        keep = {self.original.mentor_id, *self.original.mentee_ids}
        self._people = [r for r in persons.list_persons(ws.db) if not r.archived or r.id in keep]
        self.messages = FieldMessages()
        self.fields: dict[str, QWidget] = {}
        # The mentee's red directions ticked in advance, while the curator has ticked
        # nothing of their own (``_auto_ticked`` is what the dialog ticked itself).
        self._auto_ticked: set[int] = set()
        self._may_pretick = pair_id is None
        self.setWindowTitle(
            TEXTS["title_edit"].format(id=pair_id) if pair_id is not None else TEXTS["title_new"]
        )
        self.resize(1080, 700)
        self._build()
        self._load(self.original)
        self._initial = self.snapshot()

    # --- building ----------------------------------------------------------------------
    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _add(self, form: QFormLayout, key: str, widget: QWidget) -> None:
        widget.setObjectName(key)
        if key in TOOLTIPS:
            widget.setToolTip(TOOLTIPS[key])
        self.fields[key] = widget
        self.messages.add_row(form, key, LABELS[key], widget)

    def _build(self) -> None:
        db = self.ws.db
        self.mentor = PersonCombo(self._people)
        self.suggest_button = QPushButton(TEXTS["suggest"])
        self.suggest_button.setObjectName("suggest")
        self.suggest_button.setToolTip(TEXTS["suggest_tip"])
        self.suggest_button.clicked.connect(self.suggest_mentor)
        mentor_row = QWidget()
        row = QHBoxLayout(mentor_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.mentor, 1)
        row.addWidget(self.suggest_button)
        self.group_check = QCheckBox(TEXTS["is_group"])
        self.group_check.setObjectName("is_group")
        self.mentee = PersonCombo(self._people)
        self.mentee_list = MenteeList(self._people)
        self.mentee_list.setMinimumHeight(120)
        self.mentee_stack = QWidget()
        stack = QVBoxLayout(self.mentee_stack)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addWidget(self.mentee)
        stack.addWidget(self.mentee_list)
        self.mentee_list.setVisible(False)
        self.group_check.toggled.connect(self._group_toggled)
        self.mentee.currentIndexChanged.connect(self._mentees_changed)
        self.mentee_list.changed.connect(self._mentees_changed)

        people = self._form()
        self._add(people, "mentor_id", mentor_row)
        people.addRow("", self.group_check)
        self._add(people, "mentee_ids", self.mentee_stack)
        self._people_form = people

        left = self._form()
        self._add(left, "form", fit_combo(EditableCombo(reference.values(db, "mentoring_form"))))
        self._add(left, "role_model", fit_combo(EditableCombo(reference.values(db, "role_model"))))
        self.kinds = CheckList(reference.values(db, "mentoring_kind"))
        self.kinds.setMaximumHeight(150)
        self._add(left, "kinds", self.kinds)
        self.other_kinds = QLineEdit()
        self.other_kinds.setPlaceholderText(TEXTS["other_kinds"])
        left.addRow("", self.other_kinds)
        self._add(left, "schedule", QLineEdit())
        mode = QComboBox()
        mode.addItems(["", *MODES])
        self._add(left, "mode", mode)

        right = self._form()
        for key in ("start_date", "end_date"):
            self._add(right, key, DateField())
        self.duration_box = DurationBox()
        self.duration_check = self.duration_box.check  # kept for tests and for focus
        self._add(right, "duration_reason", self.duration_box)
        self.duration_row = self.messages.row("duration_reason")
        self._right_form = right
        status = QComboBox()
        for key, label in STATUS_LABELS.items():
            if key != "ended_early" or self.original.status == "ended_early":
                status.addItem(label, key)
        self._add(right, "status", status)
        self._add(right, "end_reason", QLineEdit())
        self._add(right, "consent_date", DateField())
        self._add(right, "allowance", QLineEdit())
        order = QWidget()
        orow = QHBoxLayout(order)
        orow.setContentsMargins(0, 0, 0, 0)
        self.order_number = QLineEdit()
        self.order_number.setObjectName("order_number")
        self.order_number.setMaximumWidth(120)
        self.order_date = DateField()
        self.order_date.setObjectName("order_date")
        orow.addWidget(self.order_number)
        orow.addWidget(QLabel("от"))
        orow.addWidget(self.order_date)
        orow.addStretch(1)
        self.fields["order_date"] = self.order_date
        self._add(right, "order_number", order)
        self.fields["order_number"] = self.order_number
        self._add(right, "notes", QLineEdit())
        for key in ("start_date", "end_date"):
            self.fields[key].textChanged.connect(self._update_duration)  # type: ignore[attr-defined]
        status.currentIndexChanged.connect(self._update_end_reason)
        status.currentIndexChanged.connect(self._status_changed)

        self.directions = DirectionsTable(grid_state.directions(db), grid_state.levels(db))
        self.directions.setMinimumHeight(150)
        dir_box = QGroupBox(TEXTS["directions"])
        QVBoxLayout(dir_box).addWidget(self.directions)

        top = QGroupBox(TEXTS["people"])
        top.setLayout(people)
        grid = QGridLayout()
        grid.addWidget(top, 0, 0, 1, 2)
        grid.addLayout(left, 1, 0)
        grid.addLayout(right, 1, 1)
        grid.addWidget(dir_box, 2, 0, 1, 2)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self.hint = QLabel()
        self.hint.setObjectName("dialog_hint")
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(TEXTS["save"])
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(TEXTS["cancel"])
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.buttons)
        body = QWidget()
        body.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolled(body, sideways=True), 1)  # a group's list is long
        layout.addLayout(bottom)

    # --- reacting ----------------------------------------------------------------------
    def _group_toggled(self, group: bool) -> None:
        if group:
            current = self.mentee.current_id()
            if current is not None and not self.mentee_list.ids():
                self.mentee_list.set_ids([current])
        else:
            ids = self.mentee_list.ids()
            if ids and self.mentee.current_id() is None:
                self.mentee.set_id(ids[0])
        self._show_group(group)
        item = self._people_form.itemAt(2, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel):
            label.setText(TEXTS["mentees_label" if group else "mentee_label"])
        self._mentees_changed()

    def _show_group(self, group: bool) -> None:
        self.mentee.setVisible(not group)
        self.mentee_list.setVisible(group)

    def mentee_ids(self) -> list[int]:
        if self.group_check.isChecked():
            return self.mentee_list.ids()
        current = self.mentee.current_id()
        return [current] if current is not None else []

    def _mentees_changed(self) -> None:
        """Refill the directions from the chosen mentees' latest grid cells."""
        ids = self.mentee_ids()
        picked = (
            dict(self.directions.picked())
            if self.directions.rowCount()
            else {d.direction_id: d.deficit for d in self.original.directions}
        )
        latest = grid_state.latest_cells(self.ws.db, person_ids=ids) if ids else {}
        tick: list[int] = []
        if self._may_pretick and set(picked) == self._auto_ticked:
            tick = matching.red_directions(self.ws.db, ids) if ids else []
            picked = {}
            self._auto_ticked = set(tick)
        self.directions.fill([latest.get(i, {}) for i in ids], picked, tick)

    def _dates(self) -> tuple[dt.date | None, dt.date | None]:
        out = []
        for key in ("start_date", "end_date"):
            w = self.fields[key]
            assert isinstance(w, DateField)
            try:
                out.append(w.date())
            except ValueError:
                out.append(None)
        return out[0], out[1]

    def _status(self) -> str:
        status = self.fields["status"]
        assert isinstance(status, QComboBox)
        return str(status.currentData())

    def _update_duration(self) -> None:
        start, end = self._dates()
        # an ended-early pair's end date is the day it stopped, not a chosen term
        problem = (
            duration_problem(start, end)
            if start and end and end > start and self._status() != "ended_early"
            else None
        )
        self._right_form.setRowVisible(self.duration_row, self.duration_box.set_problem(problem))

    def _status_changed(self) -> None:
        """Leaving «прекращена досрочно» brings back the planned end date (as the service's
        ``set_status`` does); going back to it restores the day it stopped."""
        data = self.original
        if data.status != "ended_early" or data.planned_end is None:
            return
        end = self.fields["end_date"]
        assert isinstance(end, DateField)
        end.set_date(data.end_date if self._status() == "ended_early" else data.planned_end)
        self._update_duration()

    def _update_end_reason(self) -> None:
        status = self.fields["status"]
        assert isinstance(status, QComboBox)
        self.fields["end_reason"].setEnabled(status.currentData() == "ended_early")

    # --- loading and reading -----------------------------------------------------------
    def _text(self, key: str) -> str:
        w = self.fields[key]
        if isinstance(w, EditableCombo):
            return w.text()
        if isinstance(w, QComboBox):
            return w.currentText()
        if isinstance(w, QLineEdit):
            return w.text().strip()
        return ""

    def _load(self, data: PairData) -> None:
        self.mentor.set_id(data.mentor_id)
        self.group_check.setChecked(data.is_group)
        if data.is_group:
            self.mentee_list.set_ids(data.mentee_ids)
        else:
            self.mentee.set_id(data.mentee_ids[0] if data.mentee_ids else None)
        self._show_group(data.is_group)
        for key in ("form", "role_model"):
            w = self.fields[key]
            assert isinstance(w, EditableCombo)
            w.set_text(getattr(data, key))
        self.kinds.set_values(data.kinds)
        for key in ("schedule", "end_reason", "allowance", "notes"):
            w = self.fields[key]
            assert isinstance(w, QLineEdit)
            w.setText(getattr(data, key))
        self.order_number.setText(data.order_number)
        for key, value in (
            ("start_date", data.start_date),
            ("end_date", data.end_date),
            ("consent_date", data.consent_date),
            ("order_date", data.order_date),
        ):
            w = self.fields[key]
            assert isinstance(w, DateField)
            w.set_date(value)
        mode = self.fields["mode"]
        assert isinstance(mode, QComboBox)
        mode.setCurrentText(data.mode)
        status = self.fields["status"]
        assert isinstance(status, QComboBox)
        status.setCurrentIndex(max(status.findData(data.status), 0))
        self.duration_box.set_values(data.duration_confirmed, data.duration_reason)
        fixed = TEXTS["fixed_tip"].format(order=data.fixed_by) if data.fixed_by else ""
        for w in (self.order_number, self.order_date):
            w.setReadOnly(bool(data.fixed_by))
            w.setToolTip(fixed or TOOLTIPS.get(w.objectName(), ""))
        self.directions.setRowCount(0)
        self._mentees_changed()
        # An existing pair's directions are the curator's: a later change of mentee may
        # pre-tick only when nothing is ticked.
        self._may_pretick = True
        self._update_duration()
        self._update_end_reason()

    def snapshot(self) -> tuple[object, ...]:
        """Raw state of every input, to tell whether anything was changed."""
        texts = tuple(self._text(k) for k in self.fields if k not in ("kinds",))
        dates = tuple(w.text() for w in self.fields.values() if isinstance(w, DateField))
        return (
            self.mentor.currentText(),
            self.group_check.isChecked(),
            tuple(self.mentee_ids()),
            texts,
            dates,
            tuple(self.kinds.values()),
            self.other_kinds.text(),
            self.duration_box.state(),
            tuple(self.directions.picked()),
        )

    def is_modified(self) -> bool:
        return self.snapshot() != self._initial

    def collect(self) -> tuple[PairData, dict[str, str]]:
        """PairData from the widgets, and the date fields that could not be read."""
        errors: dict[str, str] = {}
        dates: dict[str, dt.date | None] = {}
        for key in ("start_date", "end_date", "consent_date", "order_date"):
            w = self.fields[key]
            assert isinstance(w, DateField)
            try:
                dates[key] = w.date()
            except ValueError as exc:
                errors["order_number" if key == "order_date" else key] = str(exc)
                dates[key] = None
        if self.mentor.currentText().strip() and self.mentor.current_id() is None:
            errors["mentor_id"] = "Такого человека нет в списке: выберите из списка."
        status = self.fields["status"]
        assert isinstance(status, QComboBox)
        other = [k.strip() for k in self.other_kinds.text().split(",") if k.strip()]
        data = PairData(
            mentor_id=self.mentor.current_id(),
            mentee_ids=self.mentee_ids(),
            is_group=self.group_check.isChecked(),
            form=self._text("form"),
            kinds=self.kinds.values() + other,
            role_model=self._text("role_model"),
            start_date=dates["start_date"],
            end_date=dates["end_date"],
            status=str(status.currentData()),
            schedule=self._text("schedule"),
            mode=self._text("mode"),
            consent_date=dates["consent_date"],
            allowance=self._text("allowance"),
            order_number=self.order_number.text(),
            order_date=dates["order_date"],
            notes=self._text("notes"),
            directions=[DirectionPick(d, text) for d, text in self.directions.picked()],
            duration_confirmed=self.duration_box.confirmed(),
            duration_reason=self.duration_box.reason_text(),
            end_reason=self._text("end_reason"),
            id=self.pair_id,
            version=self.original.version,
        )
        return data, errors

    # --- saving ------------------------------------------------------------------------
    def _show_errors(self, errors: dict[str, str], hint: str) -> None:
        self.messages.show(errors)
        self.hint.setText(hint)
        self.hint.setStyleSheet(ERROR_STYLE)

    def save(self) -> bool:
        """Validate and store; True when the pair was saved and the dialog accepted."""
        data, errors = self.collect()
        if errors:
            self._show_errors(errors, TEXTS["errors_hint"])
            return False
        try:
            self.pair_id = pairs.save_pair(self.ws.db, data)
        except PairRuleError as exc:
            self._show_errors({exc.field: str(exc)}, TEXTS["rule_hint"])
            return False
        except ValidationError as exc:
            self._show_errors(exc.errors, TEXTS["errors_hint"])
            return False
        except StaleRecordError as exc:
            self.offer_reload(str(exc))
            return False
        except KuratorError as exc:
            show_warning(self, TEXTS["error_title"], str(exc))
            return False
        self.messages.clear()
        self.hint.clear()
        self._initial = self.snapshot()
        self.accept()
        return True

    def offer_reload(self, message: str) -> None:
        """Another user saved this pair first: say what changed and offer to show their
        version (the typed changes are then dropped) or to keep typing."""
        if not dialogs.ask_reload(self, TEXTS["stale_title"], message, TEXTS["stale_question"]):
            return
        try:
            self.original = pairs.get_pair(self.ws.db, self.pair_id or 0)
        except KuratorError as exc:  # removed by the other user
            show_warning(self, TEXTS["error_title"], str(exc))
            self.reject()
            return
        self._load(self.original)
        self._initial = self.snapshot()

    # --- suggestions -------------------------------------------------------------------
    def suggest_mentor(self) -> None:
        """Open the ranked candidates; choosing one fills the mentor (or, for reverse
        mentoring, makes this mentee the mentor of the chosen colleague)."""
        ids = self.mentee_ids()
        if not ids:
            self._show_errors({"mentee_ids": TEXTS["suggest_need"]}, "")
            return
        start, end = self._dates()
        dialog = SuggestionsDialog(
            self.ws, ids, start=start, end=end, exclude_pair_id=self.pair_id, parent=self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
            return
        self.apply_choice(*dialog.chosen)

    def apply_choice(self, kind: str, person_id: int) -> None:
        """``("mentor", id)``: that person mentors; ``("reverse", id)``: the current mentee
        mentors that colleague, and the kind «реверсивное» is ticked."""
        if kind == "mentor":
            self.mentor.set_id(person_id)
        else:
            me = self.mentee_ids()[0]
            self.group_check.setChecked(False)
            self.mentor.set_id(me)
            self.mentee.set_id(person_id)
            values = self.kinds.values()
            reverse = next(
                (
                    self.kinds.item(i).text()
                    for i in range(self.kinds.count())
                    if self.kinds.item(i).text().startswith(TEXTS["reverse_kind"])
                ),
                TEXTS["reverse_kind"],
            )
            if reverse not in values:
                self.kinds.set_values([*values, reverse])
        self.messages.clear()
        self.hint.clear()
