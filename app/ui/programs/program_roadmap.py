"""The roadmap page of the program editor: the table grouped by direction, its buttons and the
undo history (Ctrl+Z / Ctrl+Y). Every change is saved at once."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFocusEvent, QHideEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import KuratorError, StaleRecordError, ValidationError
from app.services.grid import grid_state
from app.services.programs import programs_items, programs_journal
from app.services.programs.programs import ItemData, ProgramData, get_program
from app.services.programs.programs_suggestions import (
    co_executor_names,
    significance_choices,
    suggestion_lists,
)
from app.services.storage.workspace import Workspace
from app.ui.common.widgets import ERROR_STYLE, fit_combo
from app.ui.programs.program_roadmap_edit import (
    AddCommand,
    DeleteCommand,
    EditCommand,
    MoveCommand,
    RoadmapDelegate,
)
from app.ui.programs.program_roadmap_model import (
    COL_CO,
    COL_END,
    COL_EVALUATION,
    COL_FORM,
    COL_KIND,
    COL_MARK,
    COL_MARK_DATE,
    COL_PARTICIPATION,
    COL_PLACE,
    COL_REPORTING,
    COL_RESULT,
    COL_SIGNIFICANCE,
    COL_START,
    COL_WHO,
    COLUMN_COUNT,
    FIELDS,
    HEADERS,
    ITEM_ROLE,
    RoadmapModel,
)

TEXTS = {
    "add": "Добавить строку",
    "copy": "Копировать",
    "up": "Выше",
    "down": "Ниже",
    "delete": "Удалить",
    "undo": "Отменить",
    "redo": "Повторить",
    "to_modules": "В модули наставляемых…",
    "direction": "Направления",
    "part_label": "Показать:",
    "part_all": "Вся программа",
    "part_common": "Общая часть",
    "part_of": "Модуль: {name}",
    "no_direction": "Сначала добавьте направление (кнопка «Направления»): строка без "
    "направления не сохраняется.",
    "legend": "Оранжевым отмечены даты вне срока программы, красным — просроченные мероприятия.",
    "add_direction": "Добавить: {name}",
    "as_strength": "Добавить как сильную сторону: {name}",
    "remove_direction": "Убрать направление «{name}»",
    "make_priority": "Первоочередное",
    "make_strength": "Цель: развитие сильной стороны",
    "make_deficit": "Цель: устранение дефицита",
    "modules_title": "Копировать в модули",
    "modules_text": "Выбранные строки будут скопированы в модули отмеченных наставляемых:",
    "columns": "Столбцы",
    "columns_tip": "Какие столбцы показывать (то же — правой кнопкой по заголовку таблицы)",
    "columns_default": "Как по умолчанию",
}
# Two lines of text per row: long entries wrap once, the rest shows as a tooltip.
ROW_HEIGHT = 42
WIDTHS = [150, 260, 150, 95, 95, 120, 260, 150, 140, 140, 130, 95, 200, 130]
# On screen the columns a curator edits most come first — the activity, its dates, the done
# mark and the result — and only they are shown at first, so the roadmap fits a 1366-pixel
# screen without scrolling sideways; the rest is one click away («Столбцы» or the header's
# menu) and remembered. The printed roadmap keeps the seed's order.
SCREEN_ORDER = [
    COL_WHO,
    COL_KIND,
    COL_START,
    COL_END,
    COL_MARK,
    COL_RESULT,
    COL_MARK_DATE,
    COL_FORM,
    COL_PLACE,
    COL_PARTICIPATION,
    COL_REPORTING,
    COL_CO,
    COL_SIGNIFICANCE,
    COL_EVALUATION,
]
SHOWN_AT_FIRST = {COL_KIND, COL_START, COL_END, COL_MARK, COL_RESULT}
CHOOSABLE = [c for c in SCREEN_ORDER if c != COL_WHO]  # «Часть программы» follows the group
SETTINGS_KEY = "roadmap/columns"  # the field names of the shown columns


class RoadmapPage(QWidget):
    """The roadmap of one program."""

    changed = Signal()  # any saved change (the list's progress is refreshed from it)
    refused = Signal(str)  # another user changed a row first: the message (editor reloads)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.data: ProgramData | None = None
        self.undo_stack = QUndoStack(self)
        self.model = RoadmapModel(self._edit)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.delegate = RoadmapDelegate(dict(suggestion_lists()), self.table)
        self.table.setItemDelegate(self.delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        for col, width in enumerate(WIDTHS):
            self.table.setColumnWidth(col, width)
        header = self.table.horizontalHeader()
        for place, col in enumerate(SCREEN_ORDER):
            header.moveSection(header.visualIndex(col), place)
        header.setStretchLastSection(True)  # the last shown column takes the room left
        self.settings = QSettings(str(ws.paths.settings), QSettings.Format.IniFormat)
        self.shown_columns = self._stored_columns()
        self.columns_menu = QMenu(self)
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda pos: self.columns_menu.exec(header.mapToGlobal(pos))
        )
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.part_box = fit_combo(QComboBox(), 24)
        self.part_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, slot in (
            ("add", self.add_row),
            ("copy", self.copy_row),
            ("up", self.move_up),
            ("down", self.move_down),
            ("delete", self.delete_rows),
            ("undo", self.undo_stack.undo),
            ("redo", self.undo_stack.redo),
            ("to_modules", self.copy_to_modules),
        ):
            button = QPushButton(TEXTS[key])
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[key] = button
        self.direction_button = QPushButton(TEXTS["direction"])
        self.direction_menu = QMenu(self)
        self.direction_menu.aboutToShow.connect(self._fill_direction_menu)
        self.direction_button.setMenu(self.direction_menu)
        bar.addWidget(self.direction_button)
        self.columns_button = QPushButton(TEXTS["columns"])
        self.columns_button.setToolTip(TEXTS["columns_tip"])
        self.columns_button.setMenu(self.columns_menu)
        bar.addWidget(self.columns_button)
        bar.addStretch(1)
        # A group's part has a row of its own: beside the buttons it would widen the window.
        self.part_row = QWidget()
        part_lay = QHBoxLayout(self.part_row)
        part_lay.setContentsMargins(0, 0, 0, 0)
        part_lay.addWidget(QLabel(TEXTS["part_label"]))
        part_lay.addWidget(self.part_box)
        part_lay.addStretch(1)
        self.undo_stack.canUndoChanged.connect(self.buttons["undo"].setEnabled)
        self.undo_stack.canRedoChanged.connect(self.buttons["redo"].setEnabled)
        self.buttons["undo"].setEnabled(False)
        self.buttons["redo"].setEnabled(False)

        self.message = QLabel()
        self.message.setWordWrap(True)
        legend = QLabel(TEXTS["legend"])
        legend.setStyleSheet("color: #555;")
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.part_row)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.message)
        lay.addWidget(legend)

        for seq, slot in (
            (QKeySequence.StandardKey.Undo, self.undo_stack.undo),
            (QKeySequence.StandardKey.Redo, self.undo_stack.redo),
            (QKeySequence(Qt.Key.Key_Delete), self.delete_rows),
            (QKeySequence(Qt.Key.Key_Insert), self.add_row),
        ):
            action = QAction(self)
            action.setShortcut(seq)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    # -- loading ------------------------------------------------------------------------
    def set_program(self, data: ProgramData) -> None:
        """Show a program (a new one clears the undo history)."""
        new = self.data is None or self.data.id != data.id
        self.data = data
        if new:
            self.undo_stack.clear()
            self.part_box.blockSignals(True)
            self.part_box.clear()
            self.part_box.addItem(TEXTS["part_all"], "all")
            if data.is_group:
                self.part_box.addItem(TEXTS["part_common"], None)
                for m in data.mentees:
                    self.part_box.addItem(TEXTS["part_of"].format(name=m.name), m.id)
            self.part_box.blockSignals(False)
            lists = dict(suggestion_lists())
            lists["co_executors"] = co_executor_names(self.ws.db)
            lists["significance"] = significance_choices(self.ws.db, data)
            self.delegate.lists = lists
        self.part_row.setVisible(data.is_group)
        self.buttons["to_modules"].setVisible(data.is_group)
        self._show(data)
        self._apply_columns()

    # -- columns --------------------------------------------------------------------------
    def _stored_columns(self) -> set[int]:
        stored = self.settings.value(SETTINGS_KEY)
        # one name reads back as a string, several as a list; anything else was not ours
        names = (
            {stored}
            if isinstance(stored, str)
            else set(map(str, stored))
            if isinstance(stored, list)
            else set()
        )
        shown = {c for c in CHOOSABLE if FIELDS[c] in names}
        return shown or set(SHOWN_AT_FIRST)

    def _apply_columns(self) -> None:
        for col in CHOOSABLE:
            self.table.setColumnHidden(col, col not in self.shown_columns)
        self.table.setColumnHidden(COL_WHO, self.data is None or not self.data.is_group)

    def set_column_shown(self, col: int, shown: bool) -> None:
        """Show or hide a column and remember the choice for the next programs and sessions."""
        if shown:
            self.shown_columns.add(col)
        elif len(self.shown_columns) > 1:  # the table never loses its last column
            self.shown_columns.discard(col)
        self._apply_columns()
        self._store_columns()

    def reset_columns(self) -> None:
        self.shown_columns = set(SHOWN_AT_FIRST)
        self._apply_columns()
        self._store_columns()

    def _store_columns(self) -> None:
        self.settings.setValue(
            SETTINGS_KEY, [FIELDS[c] for c in CHOOSABLE if c in self.shown_columns]
        )
        self.settings.sync()

    def _fill_columns_menu(self) -> None:
        self.columns_menu.clear()
        for col in CHOOSABLE:
            action = self.columns_menu.addAction(HEADERS[col])
            action.setCheckable(True)
            action.setChecked(col in self.shown_columns)
            action.toggled.connect(lambda on, c=col: self.set_column_shown(c, on))
        self.columns_menu.addSeparator()
        self.columns_menu.addAction(TEXTS["columns_default"]).triggered.connect(self.reset_columns)

    def _show(self, data: ProgramData) -> None:
        self.model.set_plan(
            data.directions,
            data.items,
            (data.note.start_date, data.note.end_date),
            data.mentees,
            data.is_group,
            self.part_box.currentData() if data.is_group else "all",
        )
        self.table.clearSpans()
        first = COL_WHO if data.is_group else COL_WHO + 1
        for r in self.model.heading_rows():
            self.table.setSpan(r, first, 1, COLUMN_COUNT - first)
            self.table.setRowHeight(r, 26)

    def reload(self) -> None:
        """Read the program again and show it (after a change that moves rows)."""
        if self.data is None:
            return
        try:
            self.data = get_program(self.ws.db, self.data.id)
        except KuratorError as exc:
            self._error(str(exc))
            return
        self._show(self.data)
        self.changed.emit()

    # -- helpers ------------------------------------------------------------------------
    def show_refusal(self, text: str) -> None:
        """Say why a save was refused (after the program was shown as stored); the undo
        history is dropped: its steps were made on rows that are no longer as stored."""
        self.undo_stack.clear()
        self._error(text)

    def _held_version(self, item_id: int) -> int | None:
        """The row's version as this page read it or its own last save returned."""
        items = self.data.items if self.data is not None else []
        return next((i.version for i in items if i.id == item_id), None)

    def _refuse(self, text: str) -> None:
        """Another user changed a row first: once the current edit or undo step has
        finished, the editor shows the program as stored with ``text``."""
        QTimer.singleShot(0, self, lambda: self.refused.emit(text))

    def _error(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)

    def _clear_message(self) -> None:
        self.message.clear()

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedIndexes()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        items = [self.model.rows[r].item for r in rows]
        ids = [item.id for item in items if item is not None]
        return [i for i in ids if i is not None]

    def select_item(self, item_id: int) -> None:
        """Select the row of ``item_id`` and scroll to it (nothing if it is not shown)."""
        r = self.model.row_of(item_id)
        if r >= 0:
            self.table.selectRow(r)
            self.table.scrollTo(self.model.index(r, COL_KIND))

    def _refresh_row(self, item: ItemData) -> None:
        if self.data is not None:
            self.data.items = [item if i.id == item.id else i for i in self.data.items]
        self.model.replace_item(item)
        self.changed.emit()

    # -- editing ------------------------------------------------------------------------
    def _edit(self, item_id: int, field: str, value: object) -> bool:
        """Save one cell; on success push an undoable command, else show why.

        The row is saved against the version this page read (or its own last save
        returned): another user's newer change of the row refuses the save."""
        try:
            old_item = programs_items.get_item(self.ws.db, item_id)
            old = {field: getattr(old_item, field)}
            if field == "mark":
                old["mark_date"] = old_item.mark_date
            seen = self._held_version(item_id)
            stored = programs_items.update_item(self.ws.db, item_id, seen, **{field: value})
        except StaleRecordError as exc:
            self._refuse(str(exc))
            return False
        except ValidationError as exc:
            self._error(" ".join(exc.errors.values()))
            return False
        except KuratorError as exc:
            self._error(str(exc))
            return False
        new = {name: getattr(stored, name) for name in old}
        self._clear_message()
        self._refresh_row(stored)
        self.undo_stack.push(
            EditCommand(
                self.ws.db, item_id, old, new, self._refresh_row, self._held_version, self._refuse
            )
        )
        return True

    def _target(self) -> tuple[int | None, int | None, int | None]:
        """(direction, mentee, row id) where a new row goes: the current row's group."""
        assert self.data is not None
        index = self.table.currentIndex()
        part = self.part_box.currentData() if self.data.is_group else None
        mentee = None if part == "all" else part
        if index.isValid():
            row = self.model.rows[index.row()]
            if row.item is not None:
                return row.direction.direction_id, row.item.mentee_id, row.item.id
            last = [
                r.item.id
                for r in self.model.rows
                if r.item is not None and r.direction is row.direction
            ]
            return row.direction.direction_id, mentee, last[-1] if last else None
        if self.data.directions:
            d = self.data.directions[0].direction_id
            last = [i.id for i in self.data.items if i.direction_id == d]
            return d, mentee, last[-1] if last else None
        return None, mentee, None

    def add_row(self) -> None:
        if self.data is None:
            return
        direction, mentee, after = self._target()
        try:
            new_id = programs_items.add_item(
                self.ws.db,
                self.data.id,
                ItemData(direction, mentee_id=mentee, start_date=None),
                after_id=after,
            )
        except ValidationError as exc:
            self._error(
                TEXTS["no_direction"]
                if "direction_id" in exc.errors
                else " ".join(exc.errors.values())
            )
            return
        self.undo_stack.push(self._add_command([new_id]))
        self.reload()
        self.select_item(new_id)
        self.table.edit(self.model.index(self.model.row_of(new_id), COL_KIND))

    def copy_row(self) -> None:
        """Copy the selected rows under themselves, each against the version this page holds
        (a row another user changed since is not copied: the editor shows it as stored)."""
        ids = self.selected_ids()
        if not ids:
            return
        new_ids: list[int] = []
        try:
            for i in ids:
                new_ids.append(programs_items.copy_item(self.ws.db, i, self._held_version(i)))
        except StaleRecordError as exc:  # copies made before the refused row are shown
            self._refuse(str(exc))
            return
        self.undo_stack.push(self._add_command(new_ids))
        self.reload()
        self.select_item(new_ids[-1])

    def _add_command(self, new_ids: list[int]) -> AddCommand:
        return AddCommand(self.ws.db, new_ids, self.reload, self._held_version, self._refuse)

    def _move(self, delta: int) -> None:
        """Move the selected row against the version this page holds."""
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        try:
            moved = programs_items.move_item(self.ws.db, ids[0], delta, self._held_version(ids[0]))
        except StaleRecordError as exc:
            self._refuse(str(exc))
            return
        if moved:
            self.undo_stack.push(
                MoveCommand(
                    self.ws.db, ids[0], delta, self.reload, self._held_version, self._refuse
                )
            )
            self.reload()
            self.select_item(ids[0])

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    def delete_rows(self) -> None:
        """Delete the selected rows against the versions this page holds: when another user
        changed one of them since, none is deleted and the editor shows them as stored."""
        ids = self.selected_ids()
        if not ids:
            return
        seen = {i: self._held_version(i) for i in ids}
        try:
            deleted = programs_items.delete_items(self.ws.db, ids, seen)
        except StaleRecordError as exc:
            self._refuse(str(exc))
            return
        self.undo_stack.push(DeleteCommand(self.ws.db, deleted, self.reload, self._refuse))
        self.reload()

    def copy_to_modules(self) -> None:
        ids = self.selected_ids()
        if self.data is None or not ids:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(TEXTS["modules_title"])
        people = QListWidget()
        for m in self.data.mentees:
            entry = QListWidgetItem(m.name)
            entry.setData(Qt.ItemDataRole.UserRole, m.id)
            entry.setCheckState(Qt.CheckState.Checked)
            people.addItem(entry)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(dialog.accept)
        box.rejected.connect(dialog.reject)
        lay = QVBoxLayout(dialog)
        lay.addWidget(QLabel(TEXTS["modules_text"]))
        lay.addWidget(people)
        lay.addWidget(box)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        chosen = [
            people.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(people.count())
            if people.item(i).checkState() == Qt.CheckState.Checked
        ]
        seen = {i: self._held_version(i) for i in ids}
        try:
            new_ids = programs_items.copy_to_mentees(self.ws.db, self.data.id, ids, chosen, seen)
        except StaleRecordError as exc:  # nothing copied: the rows are shown as stored
            self._refuse(str(exc))
            return
        except ValidationError as exc:
            self._error(" ".join(exc.errors.values()))
            return
        except KuratorError as exc:
            self._error(str(exc))
            return
        self.undo_stack.push(self._add_command(new_ids))
        self.reload()

    # -- directions -----------------------------------------------------------------------
    def _fill_direction_menu(self) -> None:
        self.direction_menu.clear()
        if self.data is None:
            return
        have = {d.direction_id for d in self.data.directions}
        for d in grid_state.directions(self.ws.db):
            if d.id in have:
                continue
            self.direction_menu.addAction(
                TEXTS["add_direction"].format(name=d.name)
            ).triggered.connect(lambda _c=False, did=d.id: self._add_direction(did, "deficit"))
            self.direction_menu.addAction(
                TEXTS["as_strength"].format(name=d.label)
            ).triggered.connect(lambda _c=False, did=d.id: self._add_direction(did, "strength"))

    def _add_direction(self, direction_id: int, focus: str) -> None:
        if self.data is None:
            return
        programs_journal.add_direction(self.ws.db, self.data.id, direction_id, focus)
        self.reload()

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if self.data is None or not index.isValid():
            return
        d = self.model.rows[index.row()].direction
        menu = QMenu(self)
        pid, did = self.data.id, d.direction_id
        prio = menu.addAction(TEXTS["make_priority"])
        prio.setCheckable(True)
        prio.setChecked(d.priority)
        prio.triggered.connect(lambda on: self._update_direction(did, priority=bool(on)))
        if d.focus == "deficit":
            menu.addAction(TEXTS["make_strength"]).triggered.connect(
                lambda: self._update_direction(did, focus="strength")
            )
        else:
            menu.addAction(TEXTS["make_deficit"]).triggered.connect(
                lambda: self._update_direction(did, focus="deficit")
            )
        menu.addSeparator()
        remove = menu.addAction(TEXTS["remove_direction"].format(name=d.name))
        remove.triggered.connect(lambda: self._remove_direction(pid, did))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _update_direction(self, direction_id: int, **changes: object) -> None:
        """Change a direction's focus or priority against the version this page read."""
        if self.data is None:
            return
        seen = next(
            (d.version for d in self.data.directions if d.direction_id == direction_id), None
        )
        try:
            programs_journal.update_direction(
                self.ws.db, self.data.id, direction_id, seen, **changes
            )
        except StaleRecordError as exc:
            self._refuse(str(exc))
            return
        self.reload()

    def _remove_direction(self, program_id: int, direction_id: int) -> None:
        try:
            programs_journal.remove_direction(self.ws.db, program_id, direction_id)
        except KuratorError as exc:
            self._error(str(exc))
            return
        self.reload()

    def commit_open_editor(self) -> None:
        """Finish an edit in progress (the cell editor saves when it loses focus)."""
        focused = QApplication.focusWidget()
        if focused is not None and focused is not self.table and self.table.isAncestorOf(focused):
            self.table.setFocus()
            QApplication.sendEvent(
                focused, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.OtherFocusReason)
            )

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        self.commit_open_editor()
        super().hideEvent(event)

    def item_id_at(self, row: int) -> int | None:
        value = self.model.index(row, 0).data(ITEM_ROLE)
        return int(value) if value is not None else None
