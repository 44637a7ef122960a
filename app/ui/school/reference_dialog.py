"""The «Справочники» dialog: edit, reorder and save the reference lists (and the library of
program activities, on its own page)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import KuratorError
from app.services.grid import grid_state
from app.services.programs import activity_library
from app.services.school import reference
from app.services.storage.workspace import Workspace
from app.ui.common.widgets import GuardedDialog
from app.ui.school.activity_editor import ActivityLibraryEditor

TEXTS = {
    "title": "Справочники",
    "kinds": "Справочник",
    "values": "Значения (двойной щелчок — изменить)",
    "hint": "Значения предлагаются в выпадающих списках карточек; "
    "вписать своё значение там всё равно можно.",
    "add": "Добавить",
    "remove": "Удалить",
    "up": "Выше",
    "down": "Ниже",
    "save": "Сохранить",
    "cancel": "Отмена",
    "ask_title": "Справочники",
    "error_title": "Не получилось",
    "activities": "Мероприятия программы",
}
ACTIVITIES = "activity"  # the kind of the library's page (not a list of strings)


class ReferenceListsDialog(GuardedDialog):
    """Kinds on the left, values on the right; all edited lists are saved together."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(TEXTS["title"])
        self._lists: dict[str, list[str]] = {
            kind: reference.values(ws.db, kind) for kind in reference.KIND_NAMES
        }
        self._saved = {kind: list(items) for kind, items in self._lists.items()}
        self._kind = ""
        self._saved_activities = activity_library.activities(ws.db)
        self.activities = ActivityLibraryEditor(
            self._saved_activities,
            activity_library.kind_names(),
            [d.name for d in grid_state.directions(ws.db)],
        )

        self.kinds = QListWidget()
        for kind, name in [*reference.KIND_NAMES.items(), (ACTIVITIES, TEXTS["activities"])]:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, kind)
            self.kinds.addItem(item)
        self.kinds.setMaximumWidth(260)
        # Long names («Должности, не предлагаемые в наставники») wrap instead of scrolling.
        self.kinds.setWordWrap(True)
        self.kinds.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.kinds.currentRowChanged.connect(self._show_kind)

        self.values = QListWidget()
        self.values.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.values.itemChanged.connect(self._store_current)
        self.values.currentRowChanged.connect(self._update_buttons)

        self.add_button = QPushButton(TEXTS["add"])
        self.remove_button = QPushButton(TEXTS["remove"])
        self.up_button = QPushButton(TEXTS["up"])
        self.down_button = QPushButton(TEXTS["down"])
        self.add_button.clicked.connect(self.add_value)
        self.remove_button.clicked.connect(self.remove_value)
        self.up_button.clicked.connect(lambda: self.move_value(-1))
        self.down_button.clicked.connect(lambda: self.move_value(1))
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.values, self.remove_value)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.save_button = QPushButton(TEXTS["save"])
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(TEXTS["cancel"])
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self._build_layout()
        self.kinds.setCurrentRow(0)
        self.resize(1040, 640)

    def _build_layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(QLabel(TEXTS["kinds"]))
        left.addWidget(self.kinds)

        buttons = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right_row = QHBoxLayout()
        right_row.addWidget(self.values, 1)
        right_row.addLayout(buttons)
        list_page = QWidget()
        right = QVBoxLayout(list_page)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(QLabel(TEXTS["values"]))
        right.addLayout(right_row)
        hint = QLabel(TEXTS["hint"])
        hint.setWordWrap(True)
        right.addWidget(hint)
        self.pages = QStackedWidget()
        self.pages.addWidget(list_page)
        self.pages.addWidget(self.activities)

        body = QHBoxLayout()
        body.addLayout(left)
        body.addWidget(self.pages, 1)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.cancel_button)

        root = QVBoxLayout(self)
        root.addLayout(body, 1)
        root.addLayout(bottom)

    # --- state -------------------------------------------------------------------------
    def current_kind(self) -> str:
        return ACTIVITIES if self.pages.currentWidget() is self.activities else self._kind

    def current_values(self) -> list[str]:
        """The values of the shown list, as edited."""
        return [self.values.item(i).text() for i in range(self.values.count())]

    def edited_lists(self) -> dict[str, list[str]]:
        """Every list as it would be saved now (blank lines dropped)."""
        self._store_current()
        return {kind: [v for v in items if v.strip()] for kind, items in self._lists.items()}

    def is_modified(self) -> bool:
        return (
            self.edited_lists() != self._saved
            or self.activities.activities() != self._saved_activities
        )

    def select_kind(self, kind: str) -> None:
        self.kinds.setCurrentRow([*reference.KIND_NAMES, ACTIVITIES].index(kind))

    def _show_kind(self, row: int) -> None:
        self._store_current()
        item = self.kinds.item(row)
        kind = item.data(Qt.ItemDataRole.UserRole) if item is not None else ""
        self.pages.setCurrentIndex(1 if kind == ACTIVITIES else 0)
        self._kind = "" if kind == ACTIVITIES else kind
        self.values.blockSignals(True)
        self.values.clear()
        for value in self._lists.get(self._kind, []):
            self.values.addItem(self._make_item(value))
        self.values.blockSignals(False)
        self.values.setCurrentRow(0 if self.values.count() else -1)
        self._update_buttons()

    def _make_item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def _store_current(self, *_: object) -> None:
        if self._kind:
            self._lists[self._kind] = self.current_values()

    def _update_buttons(self, *_: object) -> None:
        row, count = self.values.currentRow(), self.values.count()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)

    # --- editing -----------------------------------------------------------------------
    def add_value(self, text: str = "") -> QListWidgetItem:
        """Append a value; without ``text`` the new line opens for typing."""
        item = self._make_item(text)
        self.values.addItem(item)
        self.values.setCurrentItem(item)
        self._store_current()
        if not text:
            self.values.editItem(item)
        return item

    def remove_value(self) -> None:
        row = self.values.currentRow()
        if row < 0:
            return
        self.values.takeItem(row)
        self._store_current()
        self._update_buttons()

    def move_value(self, step: int) -> None:
        row = self.values.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.values.count():
            return
        item = self.values.takeItem(row)
        self.values.insertItem(target, item)
        self.values.setCurrentRow(target)
        self._store_current()

    # --- saving ------------------------------------------------------------------------
    def save(self) -> bool:
        """Store every changed list; close on success."""
        lists = self.edited_lists()
        try:
            for kind, items in lists.items():
                if items != self._saved.get(kind):
                    reference.set_values(self.ws.db, kind, items)
            edited = self.activities.activities()
            if edited != self._saved_activities:
                activity_library.save_activities(self.ws.db, edited)
        except KuratorError as exc:
            self.show_error(str(exc))
            return False
        self._saved_activities = activity_library.activities(self.ws.db)
        self._saved = {kind: reference.values(self.ws.db, kind) for kind in lists}
        self._lists = {kind: list(items) for kind, items in self._saved.items()}
        self.accept()
        return True

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, TEXTS["error_title"], text)
