"""The «Реквизиты школы» dialog: the school's names, director, curator, secretary, year."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.school_year import SchoolYear
from app.errors import KuratorError, StaleRecordError, ValidationError
from app.services.people import persons
from app.services.school import school
from app.services.school.school import SchoolData
from app.services.storage.workspace import Workspace
from app.ui.common import dialogs
from app.ui.common.widgets import (
    WARNING_STYLE,
    EditableCombo,
    FieldMessages,
    GuardedDialog,
    fit_combo,
)

TEXTS = {
    "title": "Реквизиты школы",
    "group_org": "Организация",
    "group_director": "Руководитель",
    "group_mentoring": "Наставничество",
    "full_name": "Полное наименование\n(как в уставе):",
    "full_name_hint": "Муниципальное бюджетное общеобразовательное учреждение «…»",
    "short_name": "Краткое наименование:",
    "short_name_hint": "МБОУ «Знаменская СОШ»",
    "locality": "Населённый пункт:",
    "locality_hint": "с. Знаменка",
    "founder": "Учредитель:",
    "founder_hint": "Управление образования администрации … района",
    "inn": "ИНН:",
    "inn_hint": "10 цифр",
    "ogrn": "ОГРН:",
    "ogrn_hint": "13 цифр",
    "director_position": "Должность:",
    "director_last_name": "Фамилия:",
    "director_first_name": "Имя:",
    "director_middle_name": "Отчество:",
    "curator_id": "Куратор:",
    "curator_id_hint": "Куратор внедрения целевой модели наставничества: так его называют "
    "приказы и справки",
    "secretary_id": "Секретарь:",
    "school_year": "Учебный год:",
    "school_year_hint": "2025/2026",
    "nobody": "— не выбран —",
    "archived": " (в архиве)",
    "missing": "Для печати документов заполните: {fields}.",
    "complete": "Все реквизиты для печати документов заполнены.",
    "save": "Сохранить",
    "cancel": "Отмена",
    "error_title": "Не получилось",
    "stale_title": "Реквизиты изменены другим пользователем",
    "stale_question": "Загрузить реквизиты в том виде, в каком их сохранил другой "
    "пользователь? Ваши изменения в этом окне будут отброшены; их можно будет внести заново.",
}
DIRECTOR_POSITIONS = ["Директор", "Исполняющий обязанности директора"]
_LINE_FIELDS = (
    "short_name",
    "locality",
    "founder",
    "inn",
    "ogrn",
    "director_last_name",
    "director_first_name",
    "director_middle_name",
    "school_year",
)
_PERSON_FIELDS = ("curator_id", "secretary_id")
COMPLETE_STYLE = "color: #1b5e20;"


class SchoolDialog(GuardedDialog):
    """Edits ``SchoolData``; an incomplete profile can be saved, the note says what is missing."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(TEXTS["title"])
        self.messages = FieldMessages()

        self.full_name = QPlainTextEdit()
        self.full_name.setTabChangesFocus(True)
        self.full_name.setPlaceholderText(TEXTS["full_name_hint"])
        self.full_name.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.lines: dict[str, QLineEdit] = {}
        for key in _LINE_FIELDS:
            edit = QLineEdit()
            hint = TEXTS.get(f"{key}_hint")
            if hint:
                edit.setPlaceholderText(hint)
            self.lines[key] = edit
        self.lines["school_year"].setMaximumWidth(140)
        self.director_position = EditableCombo(DIRECTOR_POSITIONS)
        self.person_combos: dict[str, QComboBox] = {key: QComboBox() for key in _PERSON_FIELDS}
        # a name with its position reads whole; a longer one is elided, never cut
        for combo in self.person_combos.values():
            fit_combo(combo, 60)
        fit_combo(self.director_position, 30)

        self.missing_note = QLabel()
        self.missing_note.setObjectName("missing_note")
        self.missing_note.setWordWrap(True)
        self.save_button = QPushButton(TEXTS["save"])
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(TEXTS["cancel"])
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

        self._build_layout()
        self.load()
        self.full_name.textChanged.connect(self.update_missing_note)
        for edit in self.lines.values():
            edit.textChanged.connect(self.update_missing_note)
        self.director_position.editTextChanged.connect(self.update_missing_note)
        for combo in self.person_combos.values():
            combo.currentIndexChanged.connect(self.update_missing_note)
        self.resize(820, self.sizeHint().height() + 24)

    def _build_layout(self) -> None:
        org = QGroupBox(TEXTS["group_org"])
        org_form = QFormLayout(org)
        self.messages.add_row(org_form, "full_name", TEXTS["full_name"], self.full_name)
        for key in ("short_name", "locality", "founder"):
            self.messages.add_row(org_form, key, TEXTS[key], self.lines[key])
        # INN and OGRN side by side: the municipal office recognises the school by them
        numbers = QWidget()
        numbers_row = QHBoxLayout(numbers)
        numbers_row.setContentsMargins(0, 0, 0, 0)
        self.messages.add_row(org_form, "inn", TEXTS["inn"], numbers)
        numbers_row.addWidget(self.lines["inn"], 1)
        ogrn_box = QFormLayout()
        ogrn_box.setContentsMargins(0, 0, 0, 0)
        self.messages.add_row(ogrn_box, "ogrn", TEXTS["ogrn"], self.lines["ogrn"])
        numbers_row.addLayout(ogrn_box, 1)

        director = QGroupBox(TEXTS["group_director"])
        dir_form = QFormLayout(director)
        self.messages.add_row(
            dir_form, "director_position", TEXTS["director_position"], self.director_position
        )
        for key in ("director_last_name", "director_first_name", "director_middle_name"):
            self.messages.add_row(dir_form, key, TEXTS[key], self.lines[key])

        mentoring = QGroupBox(TEXTS["group_mentoring"])
        men_form = QFormLayout(mentoring)
        self.person_combos["curator_id"].setToolTip(TEXTS["curator_id_hint"])
        for key in _PERSON_FIELDS:
            self.messages.add_row(men_form, key, TEXTS[key], self.person_combos[key])
        self.messages.add_row(
            men_form, "school_year", TEXTS["school_year"], self.lines["school_year"]
        )

        pair = QHBoxLayout()
        pair.addWidget(director, 1)
        pair.addWidget(mentoring, 1)

        buttons = QHBoxLayout()
        buttons.addWidget(self.missing_note, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        root = QVBoxLayout(self)
        root.addWidget(org)
        root.addLayout(pair)
        root.addStretch(1)
        root.addLayout(buttons)

    # --- data in and out ---------------------------------------------------------------
    def load(self) -> None:
        """Fill the form from the database; an empty school year gets the current one."""
        data = school.get_school(self.ws.db)
        self._seen = data.version
        self.full_name.setPlainText(data.full_name)
        for key, edit in self.lines.items():
            edit.setText(getattr(data, key))
        if not data.school_year:
            self.lines["school_year"].setText(str(SchoolYear.current()))
        self.director_position.set_text(data.director_position)
        rows = persons.list_persons(self.ws.db)
        for key, combo in self.person_combos.items():
            chosen = getattr(data, key)
            combo.clear()
            combo.addItem(TEXTS["nobody"], None)
            for row in rows:
                if row.archived and row.id != chosen:
                    continue
                label = row.full_name + (f" — {row.position}" if row.position else "")
                combo.addItem(label + (TEXTS["archived"] if row.archived else ""), row.id)
            combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)
        self._loaded = self.collect()
        self.messages.clear()
        self.update_missing_note()

    def collect(self) -> SchoolData:
        """The form as ``SchoolData`` (text trimmed, not yet validated)."""
        data = SchoolData(
            full_name=" ".join(self.full_name.toPlainText().split()),
            director_position=self.director_position.text(),
            version=getattr(self, "_seen", None),
        )
        for key, edit in self.lines.items():
            setattr(data, key, edit.text().strip())
        for key, combo in self.person_combos.items():
            setattr(data, key, combo.currentData())
        return data

    def is_modified(self) -> bool:
        return self.collect() != self._loaded

    def update_missing_note(self, *_: object) -> None:
        missing = school.missing_fields(self.collect())
        if missing:
            self.missing_note.setText(TEXTS["missing"].format(fields=", ".join(missing)))
            self.missing_note.setStyleSheet(WARNING_STYLE)
        else:
            self.missing_note.setText(TEXTS["complete"])
            self.missing_note.setStyleSheet(COMPLETE_STYLE)

    def save(self) -> bool:
        """Validate and store; errors appear next to their fields and nothing is saved."""
        data = self.collect()
        try:
            school.save_school(self.ws.db, data)
        except ValidationError as exc:
            self.messages.show(exc.errors)
            return False
        except StaleRecordError as exc:
            if self.ask_reload(str(exc)):
                self.load()
            return False
        except KuratorError as exc:
            self.show_error(str(exc))
            return False
        self.messages.clear()
        self._loaded = self.collect()
        self.accept()
        return True

    # --- dialogs, overridable in tests -------------------------------------------------
    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, TEXTS["error_title"], text)

    def ask_reload(self, text: str) -> bool:
        """Another user saved the requisites first: offer to show theirs (typing is lost)."""
        return dialogs.ask_reload(self, TEXTS["stale_title"], text, TEXTS["stale_question"])
