"""The add/edit dialog of a participant: main data, mentor profile, mentee profile.

Behaviour on «Сохранить»: errors (required names, impossible dates) are shown in red next to
their fields and nothing is saved. Soft warnings (a phone number with too few digits, an odd
e-mail) are shown in brown next to the field together with a hint at the bottom; pressing
«Сохранить» again without changing those fields saves the record as typed. A probable duplicate
(same full name and birth date) asks first. Closing with Esc/✕/«Отмена» after changes asks
whether to save, so typed data is never silently lost."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import name_key
from app.errors import KuratorError, StaleRecordError, ValidationError
from app.services.people import persons
from app.services.people.persons import MenteeData, MentorData, PersonData
from app.services.school import reference
from app.services.storage.workspace import Workspace
from app.ui.common import dialogs
from app.ui.common.widgets import (
    WARNING_STYLE,
    DateField,
    EditableCombo,
    FieldMessages,
    GuardedDialog,
    fit_combo,
    scrolled,
)

TEXTS = {
    "title_new": "Новый участник",
    "title_edit": "Участник: {name}",
    "tab_main": "Основное",
    "tab_mentor": "Профиль наставника",
    "tab_mentee": "Профиль наставляемого",
    "in_mentors": "Входит в базу наставников",
    "in_mentees": "Входит в базу наставляемых",
    "profile_will_be_removed": "Профиль будет удалён при сохранении: заполненные поля пропадут.",
    "required_note": "* — обязательные поля. Даты — в виде ДД.ММ.ГГГГ.",
    "save": "Сохранить",
    "cancel": "Отмена",
    "yes_save": "Да, сохранить",
    "no": "Нет",
    "duplicate_title": "Возможно, это повтор",
    "errors_hint": "Исправьте поля, отмеченные красным.",
    "warnings_hint": "Проверьте поля, отмеченные коричневым. "
    "Нажмите «Сохранить» ещё раз, чтобы сохранить как есть.",
    "error_title": "Не получилось сохранить",
    "stale_title": "Запись изменена другим пользователем",
    "stale_question": "Загрузить запись в том виде, в каком её сохранил другой пользователь? "
    "Ваши изменения в этом окне будут отброшены; их можно будет внести заново.",
    "unknown": "—",
}

# Field key → label. Keys match ValidationError keys; profile fields carry a prefix.
LABELS = {
    "last_name": "Фамилия *",
    "first_name": "Имя *",
    "middle_name": "Отчество",
    "birth_date": "Дата рождения",
    "phone": "Телефон",
    "email": "E-mail",
    "position": "Должность",
    "subjects": "Предметы",
    "experience_years": "Стаж, лет",
    "category": "Категория",
    "education": "Образование",
    "consent_date": "Согласие на обработку ПДн",
    "archived": "В архиве",
    "notes": "Примечания",
    "mentor.workplace": "Место работы",
    "mentor.mentoring_form": "Форма наставничества",
    "mentor.program_place": "Место программы",
    "mentor.case_link": "Ссылка на кейс, отзыв",
    "mentor.preferred_mentee_age": "Возраст наставляемых",
    "mentor.contact_time": "Время для связи",
    "mentor.date_in": "Дата вхождения",
    "mentor.date_out": "Дата выхода",
    "mentor.competencies": "Ключевые компетенции",
    "mentor.achievements": "Достижения, важные для программы",
    "mentor.interests": "Интересы",
    "mentor.mentee_requests": "Основные запросы наставляемых",
    "mentor.mentees_note": "Наставляемые",
    "mentor.results": "Результаты",
    "mentee.mentor_note": "Наставник",
    "mentee.mentor_workplace": "Место работы наставника",
    "mentee.mentoring_form": "Форма наставничества",
    "mentee.program_place": "Место программы",
    "mentee.date_in": "Дата вхождения",
    "mentee.date_out": "Дата завершения",
    "mentee.case_link": "Ссылка на кейс, отзыв",
    "mentee.key_requests": "Ключевые запросы",
    "mentee.results": "Результаты",
}
TOOLTIPS = {
    "subjects": "Можно несколько через запятую: выбранный в списке предмет добавляется.",
    "consent_date": "Дата согласия на обработку персональных данных",
    "experience_years": "Педагогический стаж в годах; «—» — неизвестно",
    "mentor.preferred_mentee_age": "Желаемый возраст наставляемых",
    "mentor.contact_time": "Удобное время для связи",
    "mentor.program_place": "Место реализации программы",
    "mentee.program_place": "Место реализации программы",
}
# Tab layout: (left column, right column, long texts in two columns under them).
PAGES = [
    (
        ["last_name", "first_name", "middle_name", "birth_date", "phone", "email"],
        [
            "position",
            "subjects",
            "experience_years",
            "category",
            "education",
            "consent_date",
            "archived",
        ],
        ["notes"],
    ),
    (
        ["mentor.workplace", "mentor.mentoring_form", "mentor.program_place", "mentor.case_link"],
        ["mentor.preferred_mentee_age", "mentor.contact_time", "mentor.date_in", "mentor.date_out"],
        [
            "mentor.competencies",
            "mentor.achievements",
            "mentor.interests",
            "mentor.mentee_requests",
            "mentor.mentees_note",
            "mentor.results",
        ],
    ),
    (
        [
            "mentee.mentor_note",
            "mentee.mentor_workplace",
            "mentee.mentoring_form",
            "mentee.program_place",
        ],
        ["mentee.date_in", "mentee.date_out", "mentee.case_link"],
        ["mentee.key_requests", "mentee.results"],
    ),
]
COMBOS = {
    "position": "position",
    "subjects": "subject",
    "category": "category",
    "education": "education",
    "mentor.mentoring_form": "mentoring_form",
    "mentee.mentoring_form": "mentoring_form",
}
_DATES = {"birth_date", "consent_date", "date_in", "date_out"}
PLACEHOLDERS = {"phone": "+7 900 000-00-00", "email": "имя@домен.ru"}


class PersonDialog(GuardedDialog):
    """Create (``person_id=None``) or edit a participant; after «Сохранить» the record is in
    the database and ``person_id`` holds its id."""

    def __init__(
        self, ws: Workspace, parent: QWidget | None = None, person_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.person_id = person_id
        self.original = (
            persons.get_person(ws.db, person_id) if person_id is not None else PersonData()
        )
        self.messages = FieldMessages()
        self.fields: dict[str, QWidget] = {}
        self._field_tab: dict[str, int] = {}
        self._acknowledged: dict[str, tuple[str, str]] = {}
        self._subjects_typed = ""

        self.setWindowTitle(
            TEXTS["title_edit"].format(name=self.original.full_name)
            if person_id is not None
            else TEXTS["title_new"]
        )
        self.setMinimumSize(760, 540)
        self.resize(900, 620)

        self.tabs = QTabWidget()
        for tab, title in enumerate(("tab_main", "tab_mentor", "tab_mentee")):
            self.tabs.addTab(scrolled(self._build_page(tab)), TEXTS[title])

        self.hint = QLabel()
        self.hint.setObjectName("dialog_hint")
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(TEXTS["save"])
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(TEXTS["cancel"])
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        self._load(self.original)
        self._initial = self.snapshot()
        self.fields["last_name"].setFocus()

    # --- building ----------------------------------------------------------------------
    @staticmethod
    def _form(wrap: bool = False) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setSpacing(7)
        if wrap:
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        return form

    def _widget(self, key: str) -> QWidget:
        """The input for a field key, by the kind of value it holds."""
        name = key.rsplit(".", 1)[-1]
        widget: QWidget
        if key in COMBOS:
            # Long reference values must not widen the whole dialog.
            widget = fit_combo(EditableCombo(reference.values(self.ws.db, COMBOS[key])), 24)
        elif name in _DATES:
            widget = DateField()
        elif key == "experience_years":
            spin = QSpinBox()
            spin.setRange(-1, 70)
            spin.setSpecialValueText(TEXTS["unknown"])
            spin.setMaximumWidth(100)
            widget = spin
        elif key == "archived":
            widget = QCheckBox()
        elif any(key in page[2] for page in PAGES):
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(54)
            widget = edit
        else:
            line = QLineEdit()
            limit = persons.field_limit(key)
            if limit is not None:
                line.setMaxLength(limit)
            line.setPlaceholderText(PLACEHOLDERS.get(key, ""))
            widget = line
        widget.setObjectName(f"field_{key}")
        if key in TOOLTIPS:
            widget.setToolTip(TOOLTIPS[key])
        return widget

    def _add(self, form: QFormLayout, tab: int, key: str) -> None:
        widget = self._widget(key)
        self.fields[key] = widget
        self._field_tab[key] = tab
        self.messages.add_row(form, key, LABELS[key], widget)

    def _build_page(self, tab: int) -> QWidget:
        """One tab: two columns of short fields, long texts under them; a profile tab also
        gets the checkbox that enables its fields."""
        left_keys, right_keys, long_keys = PAGES[tab]
        page, body = QWidget(), QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        for col, keys in enumerate((left_keys, right_keys)):
            form = self._form()
            for key in keys:
                self._add(form, tab, key)
            grid.addLayout(form, 0, col)
        for i, key in enumerate(long_keys):
            form = self._form(wrap=True)
            self._add(form, tab, key)
            span = 2 if len(long_keys) == 1 else 1
            grid.addLayout(form, 1 + i // 2, i % 2, 1, span)
            grid.setRowStretch(1 + i // 2, 1)
        grid.setColumnStretch(0, 4)  # the right column has the longer labels
        grid.setColumnStretch(1, 5)
        layout = QVBoxLayout(page)
        if tab == 0:
            self.fields["notes"].setMinimumHeight(110)
            layout.addWidget(body)
            note = QLabel(TEXTS["required_note"])
            note.setStyleSheet("color: #555;")
            layout.addWidget(note)
            layout.addStretch(1)
            subjects = self.fields["subjects"]
            assert isinstance(subjects, EditableCombo)
            subjects.lineEdit().textEdited.connect(  # type: ignore[union-attr]
                lambda text: setattr(self, "_subjects_typed", text)
            )
            subjects.activated.connect(self._subject_picked)
            return page
        check = QCheckBox(TEXTS["in_mentors" if tab == 1 else "in_mentees"])
        check.setObjectName("mentor_enabled" if tab == 1 else "mentee_enabled")
        check.toggled.connect(self._profile_toggled)
        removed = QLabel(TEXTS["profile_will_be_removed"])
        removed.setStyleSheet(WARNING_STYLE)
        removed.setVisible(False)
        layout.addWidget(check)
        layout.addWidget(removed)
        layout.addWidget(body, 1)
        if tab == 1:
            self.mentor_check, self.mentor_body, self._mentor_removed = check, body, removed
        else:
            self.mentee_check, self.mentee_body, self._mentee_removed = check, body, removed
        return page

    # --- subjects: picking from the list adds to what is already typed ------------------
    def _subject_picked(self, index: int) -> None:
        combo = self.fields["subjects"]
        assert isinstance(combo, EditableCombo)
        item = combo.itemText(index)
        parts = [p.strip() for p in self._subjects_typed.split(",") if p.strip()]
        if parts and item.lower().startswith(parts[-1].lower()):
            parts[-1] = item  # the user was typing this subject
        elif item not in parts:
            parts.append(item)
        text = ", ".join(parts)
        combo.set_text(text)
        self._subjects_typed = text

    def _profile_toggled(self) -> None:
        self.mentor_body.setEnabled(self.mentor_check.isChecked())
        self.mentee_body.setEnabled(self.mentee_check.isChecked())
        self._mentor_removed.setVisible(
            self.original.mentor is not None and not self.mentor_check.isChecked()
        )
        self._mentee_removed.setVisible(
            self.original.mentee is not None and not self.mentee_check.isChecked()
        )

    # --- widget values -----------------------------------------------------------------
    def _get_text(self, key: str) -> str:
        w = self.fields[key]
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        return w.currentText() if isinstance(w, EditableCombo) else w.text()  # type: ignore[attr-defined]

    def _set_value(self, key: str, value: object) -> None:
        w = self.fields[key]
        if isinstance(w, DateField):
            w.set_date(value)  # type: ignore[arg-type]
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(str(value or ""))
        elif isinstance(w, EditableCombo):
            w.set_text(str(value or ""))
            w.lineEdit().setCursorPosition(0)  # type: ignore[union-attr]  # show the start
        elif isinstance(w, QSpinBox):
            w.setValue(-1 if value is None else int(value))  # type: ignore[call-overload]
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QLineEdit):
            w.setText(str(value or ""))
            w.setCursorPosition(0)  # a long place of work shows its start, not its tail

    def _load(self, data: PersonData) -> None:
        for f in dataclasses.fields(PersonData):
            if f.name in self.fields:
                self._set_value(f.name, getattr(data, f.name))
        self._subjects_typed = data.subjects
        for prefix, profile, check, cls in (
            ("mentor", data.mentor, self.mentor_check, MentorData),
            ("mentee", data.mentee, self.mentee_check, MenteeData),
        ):
            check.setChecked(profile is not None)
            values = profile or cls()
            for f in dataclasses.fields(cls):
                self._set_value(f"{prefix}.{f.name}", getattr(values, f.name))
        self._profile_toggled()

    def snapshot(self) -> tuple[object, ...]:
        """Raw state of every input, to tell whether anything was changed."""
        out: list[object] = [self.mentor_check.isChecked(), self.mentee_check.isChecked()]
        for key, w in self.fields.items():
            if isinstance(w, QSpinBox):
                out.append(w.value())
            elif isinstance(w, QCheckBox):
                out.append(w.isChecked())
            else:
                out.append(self._get_text(key))
        return tuple(out)

    def is_modified(self) -> bool:
        return self.snapshot() != self._initial

    def _collect(self) -> tuple[PersonData, dict[str, str]]:
        """PersonData from the widgets and the date fields that could not be read."""
        errors: dict[str, str] = {}

        def date_of(key: str) -> object:
            w = self.fields[key]
            assert isinstance(w, DateField)
            try:
                return w.date()
            except ValueError as exc:
                errors[key] = str(exc)
                return None

        def read(prefix: str, cls: type) -> dict[str, object]:
            out: dict[str, object] = {}
            for f in dataclasses.fields(cls):
                key = f"{prefix}{f.name}"
                if key not in self.fields:
                    continue
                w = self.fields[key]
                if isinstance(w, DateField):
                    out[f.name] = date_of(key)
                elif isinstance(w, QSpinBox):
                    out[f.name] = None if w.value() < 0 else w.value()
                elif isinstance(w, QCheckBox):
                    out[f.name] = w.isChecked()
                else:
                    out[f.name] = self._get_text(key)
            return out

        scalars, seen = read("", PersonData), self.original.version
        data = PersonData(**scalars, id=self.person_id, version=seen)  # type: ignore[arg-type]
        if self.mentor_check.isChecked():
            data.mentor = MentorData(**read("mentor.", MentorData))  # type: ignore[arg-type]
        if self.mentee_check.isChecked():
            data.mentee = MenteeData(**read("mentee.", MenteeData))  # type: ignore[arg-type]
        return data, errors

    # --- saving ------------------------------------------------------------------------
    def _show_errors(self, errors: dict[str, str], warnings: dict[str, str]) -> None:
        order = list(self.fields)  # the first error in form order gets the focus
        errors = dict(
            sorted(
                errors.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)
            )
        )
        first = next(iter(errors), None) or next(iter(warnings), None)
        if first in self._field_tab:
            self.tabs.setCurrentIndex(self._field_tab[first])
        self.messages.show(errors, warnings)
        self.hint.setText(TEXTS["errors_hint"] if errors else TEXTS["warnings_hint"])
        self.hint.setStyleSheet("color: #b00020;" if errors else WARNING_STYLE)

    def save(self) -> bool:
        """Validate and store; True when the record was saved and the dialog accepted."""
        data, errors = self._collect()
        persons.normalize(data)
        warnings: dict[str, str] = {}
        try:
            warnings = persons.validate(data).items
        except ValidationError as exc:
            errors = {**exc.errors, **errors}
        if errors:
            self._show_errors(errors, warnings)
            return False
        self.messages.clear()
        self.hint.clear()
        pending = {key: (msg, self._get_text(key)) for key, msg in warnings.items()}
        if any(self._acknowledged.get(k) != v for k, v in pending.items()):
            self._acknowledged = pending
            self._show_errors({}, warnings)
            return False
        if self._identity_changed(data):
            duplicates = persons.find_duplicates(self.ws.db, data)
            if duplicates and not dialogs.ask_yes_no(
                self,
                TEXTS["duplicate_title"],
                persons.duplicate_message(duplicates),
                TEXTS["yes_save"],
                TEXTS["no"],
            ):
                return False
        try:
            self.person_id = persons.save_person(self.ws.db, data)
        except ValidationError as exc:
            self._show_errors(exc.errors, {})
            return False
        except StaleRecordError as exc:
            self.offer_reload(str(exc))
            return False
        except KuratorError as exc:
            dialogs.show_warning(self, TEXTS["error_title"], str(exc))
            return False
        self._initial = self.snapshot()
        self.accept()
        return True

    def offer_reload(self, message: str) -> None:
        """Another user saved this record first: say what changed and offer to show their
        version (the typed changes are then dropped) or to keep typing."""
        if not dialogs.ask_reload(self, TEXTS["stale_title"], message, TEXTS["stale_question"]):
            return
        try:
            self.original = persons.get_person(self.ws.db, self.person_id or 0)
        except KuratorError as exc:  # removed by the other user
            dialogs.show_warning(self, TEXTS["error_title"], str(exc))
            self.reject()
            return
        self._load(self.original)
        self._initial = self.snapshot()

    def _identity_changed(self, data: PersonData) -> bool:
        """New, or renamed / re-dated: only then can it have become a duplicate."""
        o = self.original
        return self.person_id is None or (
            name_key(data.last_name, data.first_name, data.middle_name)
            != name_key(o.last_name, o.first_name, o.middle_name)
            or data.birth_date != o.birth_date
        )

    # --- closing -----------------------------------------------------------------------
