"""The participants table: a Qt model over PersonRow values and a fast search/filter proxy."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.core.textutil import fold, format_date
from app.services.people.persons import PersonRow

COL_NAME = 0
COL_ROLES = 1
COL_POSITION = 2
COL_SUBJECTS = 3
COL_EXPERIENCE = 4
COL_CATEGORY = 5
COL_PHONE = 6
COL_EMAIL = 7
COL_BIRTH = 8
COLUMN_COUNT = 9

# Two-line headers keep the narrow number and date columns narrow.
HEADERS = {
    COL_NAME: "ФИО",
    COL_ROLES: "Роль",
    COL_POSITION: "Должность",
    COL_SUBJECTS: "Предметы",
    COL_EXPERIENCE: "Стаж,\nлет",
    COL_CATEGORY: "Категория",
    COL_PHONE: "Телефон",
    COL_EMAIL: "E-mail",
    COL_BIRTH: "Дата\nрождения",
}
HEADER_TIPS = {COL_EXPERIENCE: "Педагогический стаж, лет"}
TEXTS = {
    "archived": "в архиве",
    "archived_tip": "В архиве: история сохранена, в новых списках не показывается.",
    "mentor": "наставник",
    "mentee": "наставляемый",
    "mentee_short": "наставл.",  # after «наставник, » in the narrow «Роль» column
}

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
ARCHIVED_ROLE = Qt.ItemDataRole.UserRole + 3

ROLE_ALL = "all"
ROLE_MENTORS = "mentors"
ROLE_MENTEES = "mentees"
ROLE_NONE = "none"

_ARCHIVED_COLOR = QColor("#8a8a8a")
_INDEX = QModelIndex | QPersistentModelIndex
_INITIAL_RE = re.compile(r"^[^\W\d_]{1,3}$")  # «м», «ив»: a letter or a short abbreviation


def parse_search(text: str) -> tuple[list[str], list[str]]:
    """Split what was typed into words matched anywhere in the full name and initials.

    A token with a full stop made of short letter groups («м.п.», «м.», «п.») gives initials:
    the first must start the first name, the second the patronymic. Anything else with a full
    stop («петров.») counts as plain words."""
    words: list[str] = []
    initials: list[str] = []
    for token in fold(text).split():
        if "." not in token:
            words.append(token)
            continue
        parts = [p for p in token.split(".") if p]
        if parts and all(_INITIAL_RE.match(p) for p in parts):
            initials += parts
        else:
            words += parts
    return words, initials


def name_parts_key(full_name: str) -> tuple[str, str]:
    """Folded first name and patronymic of «Фамилия Имя Отчество», for matching initials."""
    words = fold(full_name).split()
    return (words[1] if len(words) > 1 else "", " ".join(words[2:]))


def roles_text(row: PersonRow, short: bool = False) -> str:
    """«Наставник, наставляемый · в архиве»; ``short`` gives «Наставник, наставл.» for the
    «Роль» column (the tooltip has the full text)."""
    mentee = TEXTS["mentee_short"] if short and row.is_mentor else TEXTS["mentee"]
    parts = [
        name for flag, name in ((row.is_mentor, TEXTS["mentor"]), (row.is_mentee, mentee)) if flag
    ]
    text = ", ".join(parts)
    if row.archived:
        text = f"{text} · {TEXTS['archived']}" if text else TEXTS["archived"]
    return text[:1].upper() + text[1:]


def sort_key(row: PersonRow, column: int) -> str | int:
    """A value Qt and Python can both compare: folded text, a number, an ISO date.

    Unknown numbers are -1 and empty texts are ''; :meth:`PersonTableModel.sort` keeps them
    at the end either way."""
    if column == COL_EXPERIENCE:
        return -1 if row.experience_years is None else row.experience_years
    if column == COL_BIRTH:
        return row.birth_date.isoformat() if row.birth_date else ""
    text = display_text(row, column)
    # The original text breaks ties so «Елкин» and «Ёлкин» stay adjacent but ordered.
    return f"{fold(text)}\x00{text}" if text else ""


def display_text(row: PersonRow, column: int) -> str:
    """The text of one cell."""
    if column == COL_NAME:
        return row.full_name
    if column == COL_ROLES:
        return roles_text(row, short=True)
    if column == COL_POSITION:
        return row.position
    if column == COL_SUBJECTS:
        return row.subjects
    if column == COL_EXPERIENCE:
        return "" if row.experience_years is None else str(row.experience_years)
    if column == COL_CATEGORY:
        return row.category
    if column == COL_PHONE:
        return row.phone
    if column == COL_EMAIL:
        return row.email
    if column == COL_BIRTH:
        return format_date(row.birth_date)
    return ""


class PersonTableModel(QAbstractTableModel):
    """Read-only rows of the participants table; sorting happens here, on cached keys."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.person_rows: list[PersonRow] = []  # read-only outside; in display order
        self._cells: list[list[str]] = []
        self.search_keys: list[str] = []
        self.initials_keys: list[tuple[str, str]] = []
        self._sort_column = COL_NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._italic = QFont()
        self._italic.setItalic(True)
        self._grey = QBrush(_ARCHIVED_COLOR)

    # --- data --------------------------------------------------------------------------
    def set_rows(self, rows: list[PersonRow]) -> None:
        """Replace every row (kept in the current sort order)."""
        self.beginResetModel()
        self.person_rows = self._sorted(list(rows), self._sort_column, self._sort_order)
        self._rebuild_cache()
        self.endResetModel()

    def _rebuild_cache(self) -> None:
        self._cells = [[display_text(r, c) for c in range(COLUMN_COUNT)] for r in self.person_rows]
        self.search_keys = [fold(r.full_name) for r in self.person_rows]
        self.initials_keys = [name_parts_key(r.full_name) for r in self.person_rows]

    def row_at(self, row: int) -> PersonRow:
        return self.person_rows[row]

    def row_of_id(self, person_id: int) -> int:
        """Source row of a person, or -1."""
        for i, r in enumerate(self.person_rows):
            if r.id == person_id:
                return i
        return -1

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.person_rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[r][c]
        row = self.person_rows[r]
        if role == ID_ROLE:
            return row.id
        if role == ARCHIVED_ROLE:
            return row.archived
        if role == SORT_ROLE:
            return sort_key(row, c)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._grey if row.archived else None
        if role == Qt.ItemDataRole.FontRole:
            return self._italic if row.archived else None
        if role == Qt.ItemDataRole.ToolTipRole:
            # What the cell cannot say itself; the view adds the text when it is cut off.
            tips = [roles_text(row)] if c == COL_ROLES and row.is_mentor and row.is_mentee else []
            if row.archived:
                tips.append(TEXTS["archived_tip"])
            return "\n".join(tips) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and c in (COL_EXPERIENCE, COL_BIRTH):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(section, "")
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    # --- sorting -----------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort on keys computed once per call, in Python: far cheaper than Qt calling
        ``data()`` for every comparison. Empty values stay at the end in both directions."""
        if not 0 <= column < COLUMN_COUNT:
            return
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        old_ids = [r.id for r in self.person_rows]
        cached = {
            r.id: (cells, key, parts)
            for r, cells, key, parts in zip(
                self.person_rows, self._cells, self.search_keys, self.initials_keys, strict=True
            )
        }
        self.person_rows = self._sorted(self.person_rows, column, order)
        self._cells = [cached[r.id][0] for r in self.person_rows]
        self.search_keys = [cached[r.id][1] for r in self.person_rows]
        self.initials_keys = [cached[r.id][2] for r in self.person_rows]
        new_pos = {r.id: i for i, r in enumerate(self.person_rows)}
        old_list = self.persistentIndexList()
        new_list = [self.index(new_pos[old_ids[i.row()]], i.column()) for i in old_list]
        self.changePersistentIndexList(old_list, new_list)
        self.layoutChanged.emit()

    @staticmethod
    def _sorted(rows: list[PersonRow], column: int, order: Qt.SortOrder) -> list[PersonRow]:
        keyed = [(sort_key(r, column), fold(r.full_name), r.full_name, r) for r in rows]
        filled = [k for k in keyed if k[0] not in ("", -1)]
        empty = [k for k in keyed if k[0] in ("", -1)]
        descending = order == Qt.SortOrder.DescendingOrder
        filled.sort(key=lambda k: (k[0], k[1], k[2]), reverse=descending)
        empty.sort(key=lambda k: (k[1], k[2]))
        return [k[3] for k in filled + empty]


class PersonFilterProxy(QSortFilterProxyModel):
    """Filters by any part of the full name (case- and ё-insensitive, every word must
    match; «Иванова М.П.» matches by initials), by role and by the archive flag. Sorting is
    delegated to the source model."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._tokens: list[str] = []
        self._initials: list[str] = []
        self._role = ROLE_ALL
        self._show_archived = False

    def setSourceModel(self, model: QAbstractItemModel) -> None:  # noqa: N802 (Qt API)
        assert isinstance(model, PersonTableModel)
        self._model = model  # a Python reference: filterAcceptsRow runs 2,000 times a key
        super().setSourceModel(model)

    def source(self) -> PersonTableModel:
        return self._model

    def set_search(self, text: str) -> None:
        tokens, initials = parse_search(text)
        if (tokens, initials) != (self._tokens, self._initials):
            self._change_filter(lambda: self._set_search(tokens, initials))

    def _set_search(self, tokens: list[str], initials: list[str]) -> None:
        self._tokens, self._initials = tokens, initials

    def set_role_filter(self, role: str) -> None:
        if role != self._role:
            self._change_filter(lambda: setattr(self, "_role", role))

    def set_show_archived(self, show: bool) -> None:
        if show != self._show_archived:
            self._change_filter(lambda: setattr(self, "_show_archived", show))

    @property
    def show_archived(self) -> bool:
        return self._show_archived

    def _change_filter(self, apply: Any) -> None:
        self.beginFilterChange()
        apply()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _INDEX) -> bool:  # noqa: N802
        model = self._model
        row = model.person_rows[source_row]
        if row.archived and not self._show_archived:
            return False
        role = self._role
        if role != ROLE_ALL:
            if role == ROLE_MENTORS and not row.is_mentor:
                return False
            if role == ROLE_MENTEES and not row.is_mentee:
                return False
            if role == ROLE_NONE and (row.is_mentor or row.is_mentee):
                return False
        if self._tokens:
            key = model.search_keys[source_row]
            for token in self._tokens:
                if token not in key:
                    return False
        initials = self._initials
        if initials:
            if len(initials) > 2:  # a name has two initials at most
                return False
            first, middle = model.initials_keys[source_row]
            if not first.startswith(initials[0]):
                return False
            if len(initials) == 2 and not middle.startswith(initials[1]):
                return False
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)
