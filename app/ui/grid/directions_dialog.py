"""«Направления и уровни диагностики»: the grid's columns (add, rename, reorder, hide, delete
when unused) and its levels (name, mark, a colour that stays readable with black text)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import KuratorError, ValidationError
from app.services.grid import grid_directory, grid_state
from app.services.storage.workspace import Workspace
from app.ui.common import dialogs
from app.ui.common.widgets import FieldMessages, GuardedDialog

TEXTS = {
    "title": "Направления и уровни диагностики",
    "tab_directions": "Направления",
    "tab_levels": "Уровни",
    "name": "Название",
    "short": "Короткое (заголовок столбца)",
    "add": "Добавить",
    "save_direction": "Сохранить название",
    "up": "Выше",
    "down": "Ниже",
    "hide": "Скрыть",
    "show": "Показать",
    "delete": "Удалить…",
    "hidden": "скрыто",
    "used": "записей: {n}",
    "dir_hint": "Скрытое направление не показывается в таблицах, но его записи сохраняются. "
    "Удалить можно только направление без записей.",
    "hide_title": "Скрыть направление",
    "hide_text": "В направлении «{name}» есть записи диагностики ({n}). Скрыть его? Записи "
    "сохранятся, направление можно будет снова показать.",
    "hide_yes": "Скрыть",
    "delete_title": "Удаление направления",
    "delete_text": "Удалить направление «{name}»? Записей в нём нет.",
    "delete_yes": "Удалить",
    "no": "Отмена",
    "level_name": "Название уровня",
    "mark": "Отметка в клетке",
    "color": "Цвет",
    "pick_color": "Выбрать цвет…",
    "save_level": "Сохранить уровень",
    "level_hint": "Отметка печатается в клетке рядом с цветом: так уровень читается и при "
    "чёрно-белой печати. Цвет должен быть светлым: текст в клетках чёрный.",
    "close": "Закрыть",
    "error_title": "Не получилось",
}


class DirectionsDialog(GuardedDialog):
    """Every change is saved by its own button; ``changed`` tells the grid to reload."""

    changed = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(TEXTS["title"])
        self.tabs = QTabWidget()
        self.tabs.addTab(self._directions_page(), TEXTS["tab_directions"])
        self.tabs.addTab(self._levels_page(), TEXTS["tab_levels"])
        close = QPushButton(TEXTS["close"])
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(bottom)
        self.resize(760, 480)
        self._reload_directions()
        self._reload_levels()

    # --- directions --------------------------------------------------------------------
    def _directions_page(self) -> QWidget:
        page = QWidget()
        self.dir_list = QListWidget()
        self.dir_list.setObjectName("directions")
        self.dir_list.currentRowChanged.connect(self._direction_selected)
        self.dir_name = QLineEdit()
        self.dir_name.setObjectName("direction_name")
        self.dir_short = QLineEdit()
        self.dir_short.setObjectName("direction_short")
        self.dir_messages = FieldMessages()
        form = QFormLayout()
        self.dir_messages.add_row(form, "name", TEXTS["name"], self.dir_name)
        self.dir_messages.add_row(form, "short_name", TEXTS["short"], self.dir_short)
        self.add_button = QPushButton(TEXTS["add"])
        self.rename_button = QPushButton(TEXTS["save_direction"])
        self.up_button = QPushButton(TEXTS["up"])
        self.down_button = QPushButton(TEXTS["down"])
        self.hide_button = QPushButton(TEXTS["hide"])
        self.delete_button = QPushButton(TEXTS["delete"])
        self.add_button.clicked.connect(self.add_direction)
        self.rename_button.clicked.connect(self.rename_direction)
        self.up_button.clicked.connect(lambda: self.move_direction(-1))
        self.down_button.clicked.connect(lambda: self.move_direction(1))
        self.hide_button.clicked.connect(self.toggle_hidden)
        self.delete_button.clicked.connect(self.delete_direction)
        buttons = QHBoxLayout()
        for b in (
            self.add_button,
            self.rename_button,
            self.up_button,
            self.down_button,
            self.hide_button,
            self.delete_button,
        ):
            buttons.addWidget(b)
        hint = QLabel(TEXTS["dir_hint"])
        hint.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.dir_list, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        return page

    def _reload_directions(self, select_id: int | None = None) -> None:
        self.directions = grid_state.directions(self.ws.db, include_hidden=True)
        self.usage = grid_directory.direction_usage(self.ws.db)
        self.dir_list.blockSignals(True)
        self.dir_list.clear()
        for d in self.directions:
            extra = [d.short_name] if d.short_name else []
            if d.hidden:
                extra.append(TEXTS["hidden"])
            if self.usage.get(d.id):
                extra.append(TEXTS["used"].format(n=self.usage[d.id]))
            item = QListWidgetItem(d.name + (f"  ({'; '.join(extra)})" if extra else ""))
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            if d.hidden:
                item.setForeground(QColor("#8a8a8a"))
            self.dir_list.addItem(item)
        self.dir_list.blockSignals(False)
        ids = [d.id for d in self.directions]
        row = ids.index(select_id) if select_id in ids else (0 if ids else -1)
        self.dir_list.setCurrentRow(row)
        self._direction_selected(row)

    def selected_direction(self) -> grid_state.DirectionInfo | None:
        row = self.dir_list.currentRow()
        return self.directions[row] if 0 <= row < len(self.directions) else None

    def _direction_selected(self, row: int) -> None:
        d = self.selected_direction()
        self.dir_messages.clear()
        self.dir_name.setText(d.name if d else "")
        self.dir_short.setText(d.short_name if d else "")
        for b in (
            self.rename_button,
            self.up_button,
            self.down_button,
            self.hide_button,
            self.delete_button,
        ):
            b.setEnabled(d is not None)
        self.hide_button.setText(TEXTS["show"] if d is not None and d.hidden else TEXTS["hide"])
        self.delete_button.setEnabled(d is not None and not self.usage.get(d.id))

    def _run(self, action, select_id: int | None) -> bool:  # type: ignore[no-untyped-def]
        try:
            result = action()
        except ValidationError as exc:
            self.dir_messages.show(exc.errors)
            return False
        except KuratorError as exc:
            self._warn(str(exc))
            return False
        self._reload_directions(result if isinstance(result, int) else select_id)
        self.changed.emit()
        return True

    def add_direction(self) -> bool:
        return self._run(
            lambda: grid_directory.add_direction(
                self.ws.db, self.dir_name.text(), self.dir_short.text()
            ),
            None,
        )

    def rename_direction(self) -> bool:
        d = self.selected_direction()
        if d is None:
            return False
        return self._run(
            lambda: grid_directory.rename_direction(
                self.ws.db, d.id, self.dir_name.text(), self.dir_short.text()
            ),
            d.id,
        )

    def move_direction(self, delta: int) -> None:
        d = self.selected_direction()
        if d is not None:
            self._run(lambda: grid_directory.move_direction(self.ws.db, d.id, delta), d.id)

    def toggle_hidden(self) -> None:
        """Hide (asking first when the direction has data; the data stays) or show."""
        d = self.selected_direction()
        if d is None:
            return
        used = self.usage.get(d.id, 0)
        if (
            not d.hidden
            and used
            and not self._confirm(
                TEXTS["hide_title"],
                TEXTS["hide_text"].format(name=d.name, n=used),
                TEXTS["hide_yes"],
                TEXTS["no"],
            )
        ):
            return
        self._run(lambda: grid_directory.set_direction_hidden(self.ws.db, d.id, not d.hidden), d.id)

    def delete_direction(self) -> None:
        d = self.selected_direction()
        if d is None or not self._confirm(
            TEXTS["delete_title"],
            TEXTS["delete_text"].format(name=d.name),
            TEXTS["delete_yes"],
            TEXTS["no"],
        ):
            return
        self._run(lambda: grid_directory.delete_direction(self.ws.db, d.id), None)

    # --- levels ------------------------------------------------------------------------
    def _levels_page(self) -> QWidget:
        page = QWidget()
        self.level_list = QListWidget()
        self.level_list.setObjectName("levels")
        self.level_list.currentRowChanged.connect(self._level_selected)
        self.level_name = QLineEdit()
        self.level_name.setObjectName("level_name")
        self.level_mark = QLineEdit()
        self.level_mark.setObjectName("level_mark")
        self.level_mark.setMaxLength(grid_directory.MARK_MAX)
        self.level_mark.setMaximumWidth(80)
        self.level_color = QLineEdit()
        self.level_color.setObjectName("level_color")
        self.level_color.setMaximumWidth(110)
        self.level_color.textChanged.connect(self._color_typed)
        self.pick_button = QPushButton(TEXTS["pick_color"])
        self.pick_button.clicked.connect(self.pick_color)
        self.preview = QLabel()
        self.preview.setObjectName("level_preview")
        self.preview.setMinimumWidth(160)
        color_row = QWidget()
        cl = QHBoxLayout(color_row)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.level_color)
        cl.addWidget(self.pick_button)
        cl.addWidget(self.preview)
        cl.addStretch(1)
        self.level_messages = FieldMessages()
        form = QFormLayout()
        self.level_messages.add_row(form, "name", TEXTS["level_name"], self.level_name)
        self.level_messages.add_row(form, "mark", TEXTS["mark"], self.level_mark)
        self.level_messages.add_row(form, "color", TEXTS["color"], color_row)
        self.save_level_button = QPushButton(TEXTS["save_level"])
        self.save_level_button.clicked.connect(self.save_level)
        hint = QLabel(TEXTS["level_hint"])
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_level_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.level_list, 1)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(hint)
        return page

    def _reload_levels(self, select_id: int | None = None) -> None:
        self.levels = grid_state.levels(self.ws.db)
        self.level_list.blockSignals(True)
        self.level_list.clear()
        for lv in self.levels:
            item = QListWidgetItem(f"{lv.mark} — {lv.name}")
            item.setBackground(QColor(lv.color))
            item.setForeground(QColor("black"))
            self.level_list.addItem(item)
        self.level_list.blockSignals(False)
        ids = [lv.id for lv in self.levels]
        row = ids.index(select_id) if select_id in ids else (0 if ids else -1)
        self.level_list.setCurrentRow(row)
        self._level_selected(row)

    def selected_level(self) -> grid_state.LevelInfo | None:
        row = self.level_list.currentRow()
        return self.levels[row] if 0 <= row < len(self.levels) else None

    def _level_selected(self, row: int) -> None:
        lv = self.selected_level()
        self.level_messages.clear()
        self.level_name.setText(lv.name if lv else "")
        self.level_mark.setText(lv.mark if lv else "")
        self.level_color.setText(lv.color if lv else "")
        self.save_level_button.setEnabled(lv is not None)

    def _color_typed(self, text: str) -> None:
        """Preview the mark on the colour; say at once when black text would be unreadable."""
        problem = grid_directory.color_problem(text)
        if problem:
            self.preview.setStyleSheet("")
            self.preview.setText("")
            self.level_messages.show({"color": problem})
            return
        self.level_messages.clear()
        color = grid_directory.normalize_color(text)
        self.preview.setText(f"{self.level_mark.text() or '?'}  образец текста")
        self.preview.setStyleSheet(
            f"background: {color}; color: black; padding: 2px 6px; border: 1px solid #9a9a9a;"
        )

    def pick_color(self) -> None:
        start = QColor(self.level_color.text().strip() or "#FFFFFF")
        color = self._choose_color(start)
        if color is not None and color.isValid():
            self.level_color.setText(color.name().upper())

    def save_level(self) -> bool:
        lv = self.selected_level()
        if lv is None:
            return False
        try:
            grid_directory.update_level(
                self.ws.db,
                lv.id,
                self.level_name.text(),
                self.level_mark.text(),
                self.level_color.text(),
            )
        except ValidationError as exc:
            self.level_messages.show(exc.errors)
            return False
        except KuratorError as exc:
            self._warn(str(exc))
            return False
        self._reload_levels(lv.id)
        self.changed.emit()
        return True

    # --- GuardedDialog -----------------------------------------------------------------
    def _direction_dirty(self) -> bool:
        d = self.selected_direction()
        return d is not None and (self.dir_name.text().strip(), self.dir_short.text().strip()) != (
            d.name,
            d.short_name,
        )

    def _level_dirty(self) -> bool:
        lv = self.selected_level()
        return lv is not None and (
            self.level_name.text().strip(),
            self.level_mark.text().strip(),
            self.level_color.text().strip().upper(),
        ) != (lv.name, lv.mark, lv.color.upper())

    def is_modified(self) -> bool:
        return self._direction_dirty() or self._level_dirty()

    def save(self) -> bool:
        """Save what was typed and not yet saved, then close."""
        if self._direction_dirty() and not self.rename_direction():
            self.tabs.setCurrentIndex(0)
            return False
        if self._level_dirty() and not self.save_level():
            self.tabs.setCurrentIndex(1)
            return False
        self.accept()
        return True

    # --- message boxes (methods so tests can replace them) ------------------------------
    def _confirm(self, title: str, text: str, yes: str, no: str) -> bool:
        return dialogs.ask_yes_no(self, title, text, yes, no)

    def _warn(self, text: str) -> None:
        dialogs.show_warning(self, TEXTS["error_title"], text)

    def _choose_color(self, start: QColor) -> QColor | None:
        color = QColorDialog.getColor(start, self, TEXTS["color"])
        return color if color.isValid() else None
