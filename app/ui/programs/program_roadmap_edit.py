"""Editors of roadmap cells (combo boxes with suggestions, date pickers, the done mark) and the
undoable commands that save each change at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.errors import StaleRecordError
from app.models.db import Database
from app.services.programs import programs_items
from app.services.programs.programs import ItemData
from app.services.programs.programs_progress import MARKS
from app.ui.common.widgets import EditableCombo
from app.ui.programs.program_roadmap_model import (
    COL_CO,
    COL_EVALUATION,
    COL_FORM,
    COL_KIND,
    COL_MARK,
    COL_PARTICIPATION,
    COL_REPORTING,
    COL_SIGNIFICANCE,
    DATE_COLUMNS,
)

NO_DATE = QDate(2000, 1, 1)
POPUP_WIDTH = 420
_INDEX = QModelIndex | QPersistentModelIndex
LIST_OF_COLUMN = {
    COL_KIND: "activity_kind",
    COL_FORM: "event_form",
    COL_PARTICIPATION: "participation",
    COL_REPORTING: "reporting",
    COL_EVALUATION: "evaluation",
    COL_CO: "co_executors",
    COL_SIGNIFICANCE: "significance",
}


class DatePicker(QDateEdit):
    """A date with a calendar pop-up; the lowest date shows «—» and means "no date"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd.MM.yyyy")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("—")

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)

    def value(self) -> dt.date | None:
        d = self.date()
        return None if d == NO_DATE else dt.date(d.year(), d.month(), d.day())


class RoadmapDelegate(QStyledItemDelegate):
    """Picks the editor by column; ``lists`` maps a suggestion list name to its values."""

    def __init__(self, lists: dict[str, list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lists = lists

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,  # noqa: N802
        index: _INDEX,
    ) -> QWidget:
        col = index.column()
        if col in DATE_COLUMNS:
            return DatePicker(parent)
        if col == COL_MARK:
            box = QComboBox(parent)
            for key, name in MARKS.items():
                box.addItem(name, key)
            return box
        if col in LIST_OF_COLUMN:
            combo = EditableCombo(self.lists.get(LIST_OF_COLUMN[col], []), parent)
            # The list shows whole suggestions even when the column is narrow.
            combo.view().setMinimumWidth(POPUP_WIDTH)
            return combo
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: _INDEX) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, DatePicker):
            editor.set_value(value)
        elif isinstance(editor, EditableCombo):
            editor.set_text(str(value or ""))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        else:
            super().setEditorData(editor, index)

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,  # noqa: N802
        index: _INDEX,
    ) -> None:
        if isinstance(editor, DatePicker):
            model.setData(index, editor.value())
        elif isinstance(editor, EditableCombo):
            model.setData(index, editor.text())
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        else:
            super().setModelData(editor, model, index)


# --- undoable commands ---------------------------------------------------------------------

Refresh = Callable[[], None]


class EditCommand(QUndoCommand):
    """A change of some fields of one row, already saved when pushed; undo saves the old
    values back. Both are saved against the row's version the page holds (``seen``): when
    another user changed the row since, nothing is written and ``refused`` gets the message."""

    def __init__(
        self,
        db: Database,
        item_id: int,
        old: dict[str, Any],
        new: dict[str, Any],
        refresh: Callable[[ItemData], None],
        seen: Callable[[int], int | None] = lambda _item_id: None,
        refused: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__("изменение строки")
        self.db, self.item_id, self.old, self.new = db, item_id, old, new
        self.refresh, self.seen, self.refused = refresh, seen, refused
        self._applied = True

    def redo(self) -> None:
        if self._applied:  # the first redo happens on push: the change is saved already
            self._applied = False
            return
        self._save(self.new)

    def undo(self) -> None:
        self._save(self.old)

    def _save(self, values: dict[str, Any]) -> None:
        try:
            stored = programs_items.update_item(
                self.db, self.item_id, self.seen(self.item_id), **values
            )
        except StaleRecordError as exc:
            if self.refused is None:
                raise
            self.refused(str(exc))
            return
        self.refresh(stored)


Seen = Callable[[int], int | None]
Refused = Callable[[str], None]


def _guarded(refused: Refused | None, step: Callable[[], object]) -> bool:
    """Run ``step``; when another user changed a row first, hand ``refused`` the message
    (nothing was written) and return False."""
    try:
        step()
    except StaleRecordError as exc:
        if refused is None:
            raise
        refused(str(exc))
        return False
    return True


class DeleteCommand(QUndoCommand):
    """Rows deleted (already, when pushed); undo puts them back with their ids and versions,
    redo deletes them again against those versions. Either is refused (``refused`` gets the
    message) when another user put the rows back or changed them since."""

    def __init__(
        self,
        db: Database,
        deleted: list[tuple[int, ItemData]],
        refresh: Refresh,
        refused: Refused | None = None,
    ) -> None:
        super().__init__("удаление строк")
        self.db, self.deleted, self.refresh, self.refused = db, deleted, refresh, refused
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        seen = {i.id: i.version for _, i in self.deleted if i.id}
        if _guarded(self.refused, lambda: programs_items.delete_items(self.db, list(seen), seen)):
            self.refresh()

    def undo(self) -> None:
        if _guarded(self.refused, lambda: programs_items.restore_items(self.db, self.deleted)):
            self.refresh()


class AddCommand(QUndoCommand):
    """Rows added (already, when pushed); undo deletes them against the versions the page
    holds, redo restores them; refused (``refused`` gets the message) when another user
    changed or put back the rows since."""

    def __init__(
        self,
        db: Database,
        item_ids: list[int],
        refresh: Refresh,
        seen: Seen = lambda _item_id: None,
        refused: Refused | None = None,
    ) -> None:
        super().__init__("добавление строк")
        self.db, self.item_ids, self.refresh = db, item_ids, refresh
        self.seen, self.refused = seen, refused
        self.deleted: list[tuple[int, ItemData]] = []
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        if _guarded(self.refused, lambda: programs_items.restore_items(self.db, self.deleted)):
            self.refresh()

    def undo(self) -> None:
        seen = {i: self.seen(i) for i in self.item_ids}

        def delete() -> None:
            self.deleted = programs_items.delete_items(self.db, self.item_ids, seen)

        if _guarded(self.refused, delete):
            self.refresh()


class MoveCommand(QUndoCommand):
    """A row moved up or down (already, when pushed); undo and redo move it against the
    row's version the page holds (refused when another user changed the row since)."""

    def __init__(
        self,
        db: Database,
        item_id: int,
        delta: int,
        refresh: Refresh,
        seen: Seen = lambda _item_id: None,
        refused: Refused | None = None,
    ) -> None:
        super().__init__("перемещение строки")
        self.db, self.item_id, self.delta, self.refresh = db, item_id, delta, refresh
        self.seen, self.refused = seen, refused
        self._applied = True

    def _step(self, delta: int) -> None:
        seen = self.seen(self.item_id)
        if _guarded(
            self.refused, lambda: programs_items.move_item(self.db, self.item_id, delta, seen)
        ):
            self.refresh()

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._step(self.delta)

    def undo(self) -> None:
        self._step(-self.delta)
