"""Pickers of the pair dialogs: a person, several mentees, kinds, directions from the grid,
and the confirmation of a term outside 3–12 months."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import fold, lower_first
from app.services.grid.grid_state import CellState, DirectionInfo, LevelInfo
from app.services.people.persons import PersonRow
from app.ui.common.widgets import WARNING_STYLE, fit_combo

ID_ROLE = Qt.ItemDataRole.UserRole + 1
TEXTS = {
    "pick_person": "— выберите —",
    "filter": "Найти по фамилии…",
    "dir_col": "Направление",
    "level_col": "Уровень по диагностике",
    "deficit_col": "Дефицит (можно уточнить)",
    "not_assessed": "не оценивалось",
    "archived": " (в архиве)",
    "duration_confirm": "Подтверждаю нестандартный срок",
    "duration_reason": "Причина нестандартного срока",
}


def person_label(row: PersonRow) -> str:
    """«Иванова Мария Петровна — учитель» (and «(в архиве)» when so)."""
    text = row.full_name + (f" — {lower_first(row.position)}" if row.position else "")
    return text + (TEXTS["archived"] if row.archived else "")


def _sentence(text: str) -> str:
    """Deficits of several mentees are joined as sentences: each ends with a full stop."""
    return text if text.endswith((".", "!", "?", "…")) else text + "."


class PersonCombo(QComboBox):
    """One person out of the list; typing any part of the name finds them."""

    def __init__(self, rows: list[PersonRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("", None)
        for row in rows:
            self.addItem(person_label(row), row.id)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.lineEdit().setPlaceholderText(TEXTS["pick_person"])  # type: ignore[union-attr]
        fit_combo(self)

    def current_id(self) -> int | None:
        """The chosen person, or None when the text matches nobody."""
        index = self.findText(self.currentText())
        if index <= 0:
            return None
        value = self.itemData(index)
        return int(value) if value is not None else None

    def set_id(self, person_id: int | None) -> None:
        index = self.findData(person_id) if person_id is not None else 0
        self.setCurrentIndex(max(index, 0))


class MenteeList(QWidget):
    """Mentees of a group: a checkable list with a search line; ``changed`` on every tick."""

    changed = Signal()

    def __init__(self, rows: list[PersonRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(TEXTS["filter"])
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for row in rows:
            item = QListWidgetItem(person_label(row))
            item.setData(ID_ROLE, row.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.search)
        lay.addWidget(self.list)

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def _filter(self, text: str) -> None:
        needle = fold(text.strip())
        for item in self._items():
            item.setHidden(bool(needle) and needle not in fold(item.text()))

    def ids(self) -> list[int]:
        return [
            int(it.data(ID_ROLE))
            for it in self._items()
            if it.checkState() == Qt.CheckState.Checked
        ]

    def set_ids(self, ids: list[int]) -> None:
        wanted = set(ids)
        self.list.blockSignals(True)
        for it in self._items():
            it.setCheckState(
                Qt.CheckState.Checked
                if int(it.data(ID_ROLE)) in wanted
                else Qt.CheckState.Unchecked
            )
        self.list.blockSignals(False)
        self.changed.emit()


class CheckList(QListWidget):
    """Values to tick (the kinds of mentoring); values not in the list are added as ticked."""

    def __init__(self, values: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for value in values:
            self._add(value, False)

    def _add(self, value: str, checked: bool) -> None:
        item = QListWidgetItem(value)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.addItem(item)

    def values(self) -> list[str]:
        return [
            self.item(i).text()
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_values(self, values: list[str]) -> None:
        present = {self.item(i).text(): self.item(i) for i in range(self.count())}
        for text, item in present.items():
            item.setCheckState(Qt.CheckState.Checked if text in values else Qt.CheckState.Unchecked)
        for value in values:
            if value not in present:
                self._add(value, True)


class DirectionsTable(QTableWidget):
    """Directions with the mentees' latest levels and deficits; tick those the pair works on.

    Red and yellow directions come first and are coloured as on the grid; the deficit text
    is taken from the grid (joined for a group) and may be edited."""

    COL_NAME, COL_LEVEL, COL_DEFICIT = 0, 1, 2

    def __init__(
        self,
        directions: list[DirectionInfo],
        levels: list[LevelInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(0, 3, parent)
        self._directions = directions
        self._levels = {lv.id: lv for lv in levels}
        self.setHorizontalHeaderLabels([TEXTS["dir_col"], TEXTS["level_col"], TEXTS["deficit_col"]])
        header = self.horizontalHeader()
        header.setSectionResizeMode(self.COL_NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.COL_LEVEL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COL_DEFICIT, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(self.COL_NAME, 260)
        self.verticalHeader().setVisible(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(False)

    def fill(
        self,
        cells: list[dict[int, CellState]],
        picked: dict[int, str],
        tick: Collection[int] = (),
    ) -> None:
        """Rows for every visible direction (and any picked one), worst level first; the
        ``picked`` ones ticked with their text, the ``tick`` ones with the grid's deficit."""
        rows = []
        for d in self._directions:
            states = [c[d.id] for c in cells if d.id in c]
            severities = [s.severity for s in states if s.severity is not None]
            worst = max(severities) if severities else None
            level = next((s for s in states if s.severity == worst), None)
            texts = list(dict.fromkeys(s.deficit.strip() for s in states if s.deficit))
            deficit = " ".join(_sentence(x) for x in texts) if len(texts) > 1 else "".join(texts)
            rows.append((-(worst if worst is not None else -1), d.sort_order, d, level, deficit))
        rows.sort(key=lambda r: (r[0], r[1]))
        self.setRowCount(0)
        self.setRowCount(len(rows))
        for i, (_k, _o, d, state, deficit) in enumerate(rows):
            name = QTableWidgetItem(d.name)
            name.setData(ID_ROLE, d.id)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = d.id in picked or d.id in tick
            name.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            name.setToolTip(d.name)
            lv = self._levels.get(state.level_id) if state and state.level_id else None
            level_item = QTableWidgetItem(lv.name if lv else TEXTS["not_assessed"])
            level_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if lv is not None:
                level_item.setBackground(QBrush(QColor(lv.color)))
            text = QTableWidgetItem(picked.get(d.id, deficit) or "")
            text.setToolTip(text.text())
            self.setItem(i, self.COL_NAME, name)
            self.setItem(i, self.COL_LEVEL, level_item)
            self.setItem(i, self.COL_DEFICIT, text)

    def picked(self) -> list[tuple[int, str]]:
        """(direction id, deficit text) of the ticked rows, in table order."""
        out = []
        for i in range(self.rowCount()):
            name = self.item(i, self.COL_NAME)
            if name is not None and name.checkState() == Qt.CheckState.Checked:
                deficit = self.item(i, self.COL_DEFICIT)
                out.append((int(name.data(ID_ROLE)), deficit.text() if deficit else ""))
        return out

    def set_checked(self, direction_id: int, checked: bool) -> None:
        for i in range(self.rowCount()):
            name = self.item(i, self.COL_NAME)
            if name is not None and int(name.data(ID_ROLE)) == direction_id:
                name.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


class DurationBox(QWidget):
    """«Срок короче 3 месяцев …» with «Подтверждаю нестандартный срок» and the reason: what
    the pair dialog and the change-of-term dialog ask when a term is outside 3–12 months.

    The dialog shows or hides the whole form row (``set_problem`` returns whether to show);
    the service decides, the box only collects ``confirmed()`` and ``reason_text()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(WARNING_STYLE)
        self.check = QCheckBox(TEXTS["duration_confirm"])
        self.check.setObjectName("duration_confirmed")
        self.reason = QLineEdit()
        self.reason.setObjectName("duration_reason_text")
        self.reason.setPlaceholderText(TEXTS["duration_reason"])
        for w in (self.note, self.check, self.reason):
            box.addWidget(w)

    def set_problem(self, problem: str | None) -> bool:
        """Show why the term needs a reason (None: it does not); True when it does."""
        self.note.setText(problem or "")
        return problem is not None

    def set_values(self, confirmed: bool, reason: str) -> None:
        self.check.setChecked(confirmed)
        self.reason.setText(reason)

    def confirmed(self) -> bool:
        return self.check.isChecked()

    def reason_text(self) -> str:
        return self.reason.text()

    def state(self) -> tuple[bool, str]:
        """What the curator entered, for «Сохранить изменения?»."""
        return self.check.isChecked(), self.reason.text()
