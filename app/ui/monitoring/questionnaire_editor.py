"""Editing the questionnaires: title, who fills it, questions with their kind and options."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import KuratorError, StaleRecordError, ValidationError
from app.services.monitoring import questionnaires as qs
from app.services.monitoring.questionnaires import QuestionData, QuestionnaireData
from app.services.storage.workspace import Workspace
from app.ui.common.row_model import RowTableModel
from app.ui.common.widgets import DISCARD, SAVE, GuardedDialog

TEXTS = {
    "title": "Анкеты мониторинга",
    "name": "Название:",
    "role": "Кто заполняет:",
    "description": "Пояснение:",
    "add": "Добавить вопрос",
    "remove": "Убрать вопрос",
    "up": "Выше",
    "down": "Ниже",
    "save": "Сохранить анкету",
    "new": "Новая анкета",
    "delete": "Удалить анкету",
    "defaults": "Вернуть анкеты по умолчанию",
    "saved": "Анкета сохранена.",
    "stored_shown": "В окне показано то, что сохранено сейчас.",
    "hint": "Вопросы с ответами при удалении скрываются: их ответы остаются в итогах. "
    "Варианты ответа для «один вариант» — через точку с запятой.",
    "new_title": "Новая анкета",
    "new_question": "Новый вопрос",
}
HEADERS = ["Вопрос", "Вид ответа", "Варианты (через ;)", "Смысл для справки", "Ответов"]
COL_TEXT, COL_KIND, COL_OPTIONS, COL_CODE, COL_ANSWERS = range(5)
_Index = QModelIndex | QPersistentModelIndex


class QuestionsModel(RowTableModel[QuestionData]):
    """The questions of the questionnaire being edited (plain ``QuestionData`` rows)."""

    def __init__(self) -> None:
        super().__init__(HEADERS)

    def set_rows(self, rows: Sequence[QuestionData]) -> None:
        # Copies: the editor changes them in place until «Сохранить».
        super().set_rows(
            [QuestionData(r.kind, r.text, list(r.options), r.code, r.id, r.answers) for r in rows]
        )

    @staticmethod
    def locked(q: QuestionData, col: int) -> bool:
        """The answers column, and the kind and meaning of a question that has answers
        (changing them would change what the entered answers mean)."""
        return col == COL_ANSWERS or (q.answers > 0 and col in (COL_KIND, COL_CODE))

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.locked(self.rows[index.row()], index.column()):
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        q = self.rows[index.row()]
        col = index.column()
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and q.answers > 0
            and col in (COL_KIND, COL_CODE, COL_OPTIONS)
        ):
            return qs.LOCKED_HINT if col != COL_OPTIONS else qs.OPTIONS_HINT
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return [
                q.text,
                qs.KINDS.get(q.kind, q.kind),
                "; ".join(q.options),
                qs.CODES.get(q.code, q.code),
                str(q.answers),
            ][col]
        if role == Qt.ItemDataRole.EditRole:
            return [q.text, q.kind, "; ".join(q.options), q.code, q.answers][col]
        return None

    def setData(
        self,
        index: _Index,
        value: Any,  # noqa: N802 (Qt API)
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        q = self.rows[index.row()]
        col = index.column()
        if col == COL_TEXT:
            q.text = str(value)
        elif self.locked(q, col):
            return False
        elif col == COL_KIND:
            q.kind = str(value)
        elif col == COL_OPTIONS:
            q.options = [o.strip() for o in str(value).split(";") if o.strip()]
        elif col == COL_CODE:
            q.code = str(value)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), COL_ANSWERS))
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A combo of ``choices`` (key → Russian name) for the kind and meaning columns."""

    def __init__(self, choices: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,  # noqa: N802
        index: _Index,
    ) -> QWidget:
        combo = QComboBox(parent)
        for key, name in self.choices.items():
            combo.addItem(name, key)
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802 (Qt API)
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class QuestionnairesDialog(GuardedDialog):
    """The list of questionnaires on the left, the chosen one's editor on the right."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(TEXTS["title"])
        self.resize(1150, 650)
        self.current: QuestionnaireData | None = None
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._row_changed)
        new = QPushButton(TEXTS["new"])
        new.clicked.connect(self.new_questionnaire)
        delete = QPushButton(TEXTS["delete"])
        delete.clicked.connect(self.delete_current)
        defaults = QPushButton(TEXTS["defaults"])
        defaults.clicked.connect(self.restore_defaults)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        for b in (new, delete, defaults):
            left.addWidget(b)

        self.name = QLineEdit()
        self.role = QComboBox()
        for key, name in qs.ROLES.items():
            self.role.addItem(name, key)
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(60)
        form = QFormLayout()
        form.addRow(TEXTS["name"], self.name)
        form.addRow(TEXTS["role"], self.role)
        form.addRow(TEXTS["description"], self.description)
        self.model = QuestionsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(True)
        self.table.verticalHeader().setDefaultSectionSize(56)
        self.table.setItemDelegateForColumn(COL_KIND, ChoiceDelegate(qs.KINDS, self.table))
        self.table.setItemDelegateForColumn(COL_CODE, ChoiceDelegate(qs.CODES, self.table))
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for col, width in ((COL_KIND, 115), (COL_OPTIONS, 170), (COL_CODE, 170), (COL_ANSWERS, 65)):
            self.table.setColumnWidth(col, width)
        tools = QHBoxLayout()
        for key, slot in (
            ("add", self.add_question),
            ("remove", self.remove_question),
            ("up", lambda: self.move_row(-1)),
            ("down", lambda: self.move_row(1)),
        ):
            b = QPushButton(TEXTS[key])
            b.clicked.connect(slot)
            tools.addWidget(b)
        tools.addStretch(1)
        self.save_button = QPushButton(TEXTS["save"])
        self.save_button.clicked.connect(self.store)
        tools.addWidget(self.save_button)
        hint = QLabel(TEXTS["hint"])
        hint.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.table, 1)
        right.addWidget(hint)
        right.addLayout(tools)
        right.addWidget(self.status)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 1)
        lay.addLayout(right, 3)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self.items = qs.list_questionnaires(self.ws.db)
        self.list.blockSignals(True)
        self.list.clear()
        for q in self.items:
            self.list.addItem(
                QListWidgetItem(
                    f"{q.title}\n({q.role_name}, вопросов: "
                    f"{len(q.questions)}, заполнено: {q.responses})"
                )
            )
        self.list.blockSignals(False)
        index = next((i for i, q in enumerate(self.items) if q.id == select_id), 0)
        if self.items:
            self.list.blockSignals(True)
            self.list.setCurrentRow(index)
            self.list.blockSignals(False)
            self.show_questionnaire(self.items[index])

    def _row_changed(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            return
        if self.is_modified():
            choice = self.ask_save_changes()
            if choice == SAVE and self.store():
                return  # store() re-read the list and showed the saved questionnaire
            if choice != DISCARD:
                back = next(
                    (
                        i
                        for i, q in enumerate(self.items)
                        if self.current is not None and q.id == self.current.id
                    ),
                    -1,
                )
                self.list.blockSignals(True)
                self.list.setCurrentRow(back)
                self.list.blockSignals(False)
                return
        self.show_questionnaire(self.items[row])

    def show_questionnaire(self, q: QuestionnaireData) -> None:
        self.current = q
        self.name.setText(q.title)
        self.role.setCurrentIndex(max(0, self.role.findData(q.role)))
        self.description.setPlainText(q.description)
        self.model.set_rows(q.questions)
        self.status.clear()

    def new_questionnaire(self) -> None:
        self.list.clearSelection()
        self.show_questionnaire(
            QuestionnaireData(
                "mentee", TEXTS["new_title"], "", [QuestionData("score", TEXTS["new_question"])]
            )
        )

    def add_question(self) -> None:
        rows = list(self.model.rows) + [QuestionData("score", TEXTS["new_question"])]
        self.model.set_rows(rows)
        self.table.setCurrentIndex(self.model.index(len(rows) - 1, COL_TEXT))

    def remove_question(self) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < len(self.model.rows):
            rows = list(self.model.rows)
            del rows[row]
            self.model.set_rows(rows)

    def move_row(self, delta: int) -> None:
        row = self.table.currentIndex().row()
        target = row + delta
        rows = list(self.model.rows)
        if 0 <= row < len(rows) and 0 <= target < len(rows):
            rows[row], rows[target] = rows[target], rows[row]
            self.model.set_rows(rows)
            self.table.setCurrentIndex(self.model.index(target, COL_TEXT))

    def edited(self) -> QuestionnaireData:
        base = self.current or QuestionnaireData("mentee", "")
        return QuestionnaireData(
            str(self.role.currentData()),
            self.name.text(),
            self.description.toPlainText(),
            list(self.model.rows),
            base.id,
            base.responses,
            base.version,
        )

    def is_modified(self) -> bool:
        """The editor differs from the questionnaire as it was shown."""
        if self.current is None:
            return False
        shown = QuestionnaireData(
            self.current.role,
            self.current.title,
            self.current.description,
            self.current.questions,
            self.current.id,
        )
        now = self.edited()
        return (now.role, now.title, now.description, now.questions) != (
            shown.role,
            shown.title,
            shown.description,
            shown.questions,
        )

    def save(self) -> bool:
        """Save and close (the «Сохранить изменения?» answer)."""
        if self.store():
            self.accept()
            return True
        return False

    def store(self) -> bool:
        """Save the questionnaire being edited (the dialog stays open)."""
        data = self.edited()
        try:
            qid = qs.save_questionnaire(self.ws.db, data, seen=data.version or None)
        except ValidationError as exc:
            self.status.setStyleSheet("color: #b00020;")
            self.status.setText(" ".join(exc.errors.values()))
            return False
        except KuratorError as exc:  # changed by another user first, or removed
            self.show_stored(str(exc))
            return False
        self.reload(qid)
        self.status.setStyleSheet("")
        self.status.setText(TEXTS["saved"])
        return True

    def delete_current(self) -> None:
        if self.current is None or self.current.id is None:
            return
        answer = QMessageBox.question(
            self,
            TEXTS["delete"],
            f"Удалить анкету «{self.current.title}»? Если по ней уже "
            "есть ответы, она будет только скрыта.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            try:
                qs.delete_questionnaire(self.ws.db, self.current.id, seen=self.current.version)
            except StaleRecordError as exc:
                self.show_stored(str(exc))
                return
            self.reload()

    def show_stored(self, reason: str) -> None:
        """Another user changed (or removed) the questionnaire first: show the list and the
        questionnaire as stored now, with the reason."""
        self.reload(self.current.id if self.current is not None else None)
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(f"{reason} {TEXTS['stored_shown']}")

    def restore_defaults(self) -> None:
        qs.reset_defaults(self.ws.db)
        self.reload()
