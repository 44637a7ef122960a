"""One teacher's card: directions as columns, two rows (strengths, deficits); the model and
the in-place editor (level picker, multi-line text, «первоочередной»)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QShortcut,
    QTextOption,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import soft_hyphens
from app.errors import KuratorError
from app.services.grid.diagnostics import CellInput
from app.services.grid.grid_state import DirectionInfo
from app.ui.grid.grid_common import TEXTS, Palette, direction_tip, two_line

ROW_STRENGTH = 0
ROW_DEFICIT = 1
CELL_ROLE = Qt.ItemDataRole.UserRole + 1
_INDEX = QModelIndex | QPersistentModelIndex
EDITOR_TEXTS = {
    "level": "Уровень:",
    "no_level": "— не указан —",
    "done": "Готово",
    "done_tip": "Сохранить клетку (Ctrl+Enter); Esc — отменить правку",
    "strength_for": "Достижения и достоинства: {name}",
    "deficit_for": "Затруднения и дефициты: {name}",
}

Saver = Callable[[CellInput], None]


def cell_text(cell: CellInput, row: int, palette: Palette) -> str:
    """What a card cell shows: the strength text, or the level's mark (and «первоочередной»)
    on the first line of a deficit, then its text."""
    if row == ROW_STRENGTH:
        return cell.strength
    head = palette.mark(cell.level_id)
    if cell.priority:
        head = f"{head} · {TEXTS['priority']}" if head else TEXTS["priority"]
    if head and cell.deficit:
        return f"{head}\n{cell.deficit}"
    return head or cell.deficit


class CardModel(QAbstractTableModel):
    """Cells of one round; every committed edit goes through ``saver`` at once (a failed
    save keeps the old value and is reported by ``save_failed``)."""

    save_failed = Signal(str)
    cell_saved = Signal(int)  # direction id

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.directions: list[DirectionInfo] = []
        self.cells: dict[int, CellInput] = {}
        self.palette = Palette([])
        self.saver: Saver | None = None

    def set_rows(
        self,
        directions: list[DirectionInfo],
        cells: list[CellInput],
        palette: Palette,
        saver: Saver | None,
    ) -> None:
        """Show ``cells`` of a round (``saver`` None: read-only, no round chosen)."""
        self.beginResetModel()
        self.directions = directions
        self.cells = {c.direction_id: c for c in cells}
        self.palette = palette
        self.saver = saver
        self.endResetModel()

    def cell(self, column: int) -> CellInput:
        did = self.directions[column].id
        return self.cells.get(did) or CellInput(did)

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else 2

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.directions)

    def flags(self, index: _INDEX) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if self.saver is not None else base

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self.cell(index.column())
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell, row, self.palette)
        if role == CELL_ROLE:
            return cell
        if role == Qt.ItemDataRole.BackgroundRole and row == ROW_DEFICIT:
            return self.palette.color(cell.level_id)
        if role == Qt.ItemDataRole.ForegroundRole and row == ROW_DEFICIT and cell.level_id:
            return Qt.GlobalColor.black  # the colours are chosen to be readable with black
        if role == Qt.ItemDataRole.ToolTipRole:
            name = self.directions[index.column()].name
            if row == ROW_STRENGTH:
                return f"{name}\n{cell.strength}" if cell.strength else name
            level = self.palette.name(cell.level_id)
            head = f"{name}: {level}" if level else name
            return "\n".join(p for p in (head, cell.deficit) if p)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def setData(
        self,
        index: _INDEX,
        value: Any,  # noqa: N802 (Qt API)
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if not index.isValid() or self.saver is None or not isinstance(value, CellInput):
            return False
        old = self.cell(index.column())
        new = replace(value, direction_id=old.direction_id)
        if new == old:
            return True
        try:
            self.saver(replace(new))
        except KuratorError as exc:
            self.save_failed.emit(str(exc))
            return False
        self.cells[new.direction_id] = new
        self.dataChanged.emit(self.index(0, index.column()), self.index(1, index.column()))
        self.cell_saved.emit(new.direction_id)
        return True

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.directions):
                return None
            d = self.directions[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return two_line(d.label)
            if role == Qt.ItemDataRole.ToolTipRole:
                return direction_tip(d)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return TEXTS["strength_row"] if section == ROW_STRENGTH else TEXTS["deficit_row"]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                TEXTS["strength_row_tip"] if section == ROW_STRENGTH else TEXTS["deficit_row_tip"]
            )
        return None


class CellEditor(QFrame):
    """The editor of one card cell: the text and, for a deficit, its level and priority."""

    done = Signal()
    cancelled = Signal()

    def __init__(
        self, deficit: bool, palette: Palette, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.deficit = deficit
        self.setFrameShape(QFrame.Shape.Box)
        self.setAutoFillBackground(True)
        self.setObjectName("cell_editor")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        heading = QLabel(title)
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)
        self.level = QComboBox()
        self.level.setObjectName("level")
        self.level.addItem(EDITOR_TEXTS["no_level"], None)
        for lv in palette.levels:
            self.level.addItem(f"{lv.mark} — {lv.name}", lv.id)
            color = palette.color(lv.id)
            if color is not None:
                self.level.setItemData(
                    self.level.count() - 1, color, Qt.ItemDataRole.BackgroundRole
                )
        self.priority = QCheckBox(TEXTS["priority"])
        self.priority.setObjectName("priority")
        if deficit:
            row = QHBoxLayout()
            row.addWidget(QLabel(EDITOR_TEXTS["level"]))
            row.addWidget(self.level, 1)
            row.addWidget(self.priority)
            layout.addLayout(row)
        else:
            self.level.hide()
            self.priority.hide()
        self.text = QPlainTextEdit()
        self.text.setObjectName("text")
        self.text.setTabChangesFocus(True)
        layout.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.done_button = QPushButton(EDITOR_TEXTS["done"])
        self.done_button.setToolTip(EDITOR_TEXTS["done_tip"])
        self.done_button.clicked.connect(self.done)
        buttons.addWidget(self.done_button)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(keys),
                self,
                self.done.emit,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self,
            self.cancelled.emit,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.setFocusProxy(self.text)
        self._cell = CellInput(0)

    def set_cell(self, cell: CellInput) -> None:
        self._cell = cell
        self.text.setPlainText(cell.deficit if self.deficit else cell.strength)
        pos = self.level.findData(cell.level_id) if cell.level_id is not None else 0
        self.level.setCurrentIndex(max(pos, 0))
        self.priority.setChecked(cell.priority)

    def cell(self) -> CellInput:
        """The cell as edited (the other row's text is kept)."""
        text = self.text.toPlainText()
        if not self.deficit:
            return replace(self._cell, strength=text)
        level = self.level.currentData()
        return replace(
            self._cell,
            deficit=text,
            level_id=None if level is None else int(level),
            priority=self.priority.isChecked(),
        )


class CellDelegate(QStyledItemDelegate):
    """Opens :class:`CellEditor` over a cell (larger than the cell) and commits on «Готово»,
    Ctrl+Enter or leaving the cell; Esc drops the edit."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.editor: CellEditor | None = None

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,  # noqa: N802
        index: _INDEX,
    ) -> QWidget:
        model = index.model()
        assert isinstance(model, CardModel)
        name = model.directions[index.column()].name
        deficit = index.row() == ROW_DEFICIT
        title = EDITOR_TEXTS["deficit_for" if deficit else "strength_for"].format(name=name)
        editor = CellEditor(deficit, model.palette, title, parent)
        editor.done.connect(lambda: self._finish(editor, commit=True))
        editor.cancelled.connect(lambda: self._finish(editor, commit=False))
        editor.destroyed.connect(lambda: self._forget(editor))
        self.editor = editor
        return editor

    def _forget(self, editor: object) -> None:
        if self.editor is editor:
            self.editor = None

    def _finish(self, editor: CellEditor, commit: bool) -> None:
        if commit:
            self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
        if self.editor is editor:
            self.editor = None

    def commit_open_editor(self) -> None:
        """Save and close the open editor, if any (tab switch, reload, closing the window)."""
        if self.editor is not None:
            self._finish(self.editor, commit=True)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _INDEX) -> None:
        """The level's colour stays under a selection (a frame shows it instead); the mark is
        bold on its own line; long words wrap anywhere instead of ending in «…»."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")  # opt.text has U+2028
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        opt.text = ""
        opt.state &= ~QStyle.StateFlag.State_Selected
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.setPen(
            QColor("black")
            if index.data(Qt.ItemDataRole.BackgroundRole)
            else opt.palette.color(QPalette.ColorRole.Text)
        )
        rect = QRectF(opt.rect.adjusted(4, 3, -4, -3))
        wrap = QTextOption(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        # Eleven directions share the width: a point smaller keeps whole words on a line
        # (a word wider than the column would otherwise be broken in the middle).
        normal = QFont(opt.font)
        if normal.pointSizeF() > 0:
            normal.setPointSizeF(max(7.0, normal.pointSizeF() - 1))
        # A word still wider than the column is hyphenated between syllables («первооче-
        # редной»), never cut anywhere («первоочередно-й»).
        bold = QFont(normal)
        bold.setBold(True)
        metrics = QFontMetrics(bold)  # the wider of the two
        text = soft_hyphens(text, lambda word: metrics.horizontalAdvance(word) > rect.width())
        if index.row() == ROW_DEFICIT and text:
            head, _, body = text.partition("\n")
            painter.setFont(bold)
            used = painter.boundingRect(rect, head, wrap)
            painter.drawText(rect, head, wrap)
            rect.setTop(used.bottom() + 2)
            text = body
        painter.setFont(normal)
        if text:
            needed = painter.boundingRect(rect, text, wrap)
            painter.drawText(rect, text, wrap)
            if needed.height() > rect.height():  # cut off: the tooltip has it all
                painter.drawText(
                    opt.rect.adjusted(0, 0, -4, -1),
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                    "…",
                )
        if selected:
            pen = QPen(opt.palette.color(QPalette.ColorRole.Highlight))
            pen.setWidth(3)
            painter.setPen(pen)
            painter.drawRect(opt.rect.adjusted(1, 1, -2, -2))
        painter.restore()

    def setEditorData(self, editor: QWidget, index: _INDEX) -> None:  # noqa: N802
        if isinstance(editor, CellEditor):
            editor.set_cell(index.data(CELL_ROLE))

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,  # noqa: N802
        index: _INDEX,
    ) -> None:
        if isinstance(editor, CellEditor):
            model.setData(index, editor.cell(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self,
        editor: QWidget,
        option: QStyleOptionViewItem,  # noqa: N802
        index: _INDEX,
    ) -> None:
        # Wider and taller than a cell so a paragraph can be typed; kept inside the view.
        rect = QRect(option.rect)
        rect.setWidth(max(rect.width(), 360))
        rect.setHeight(max(rect.height(), 240))
        parent = editor.parentWidget()
        if parent is not None:
            area = parent.rect()
            if rect.right() > area.right():
                rect.moveRight(area.right())
            if rect.bottom() > area.bottom():
                rect.moveBottom(area.bottom())
            rect.moveLeft(max(rect.left(), 0))
            rect.moveTop(max(rect.top(), 0))
        editor.setGeometry(rect)
