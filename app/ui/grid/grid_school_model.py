"""The school view's table: teachers × directions coloured by the latest level (or by
strengths), with filters in a light proxy and sorting inside the model on precomputed keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from app.core.textutil import fold, format_date
from app.services.grid.grid_school import (
    SchoolRow,
    direction_sort_key,
    red_sort_key,
)
from app.services.grid.grid_state import DirectionInfo, LevelInfo
from app.ui.grid.grid_common import STRENGTH_MARK, Palette

COL_NAME = 0
COL_POSITION = 1
COL_RED = 2
FIRST_DIRECTION = 3
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROLE_ALL, ROLE_MENTORS, ROLE_MENTEES = "all", "mentors", "mentees"
TEXTS = {
    "name": "Педагог",
    "position": "Должность",
    "red": "{mark}",
    "red_tip": "«{mark}» — сколько направлений у педагога на уровне «{name}» "
    "(щелчок — сортировать по этому числу)",
    "red_cell": "{person}: направлений на уровне «{name}» — {count}",
    "level": "Уровень: {name}",
    "priority": "первоочередной",
    "date": "Диагностика от {date}",
    "deficit": "Затруднения: {text}",
    "strength": "Достижения: {text}",
    "no_strength": "Сильная сторона не записана",
}
_INDEX = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_ROLES = frozenset(
    {_DISPLAY, _BACKGROUND, _FOREGROUND, _ALIGN, ID_ROLE, Qt.ItemDataRole.ToolTipRole}
)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_TIP_LIMIT = 400  # a tooltip is not the place for a 10,000-character text


def _clip(text: str) -> str:
    return text if len(text) <= _TIP_LIMIT else text[:_TIP_LIMIT] + "…"


class SchoolModel(QAbstractTableModel):
    """Rows are :class:`SchoolRow`; display texts, colours and sort keys are built in
    ``set_rows`` so painting, sorting and filtering never touch the database."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[SchoolRow] = []
        self.directions: list[DirectionInfo] = []
        self.palette = Palette([])
        self.strengths = False
        self._black = QColor(Qt.GlobalColor.black)
        self._marks: dict[int, str] = {}
        self._priority_marks: dict[int, str] = {}
        self._colors: dict[int, QColor] = {}
        self._direction_ids: list[int] = []
        self._red: list[int] = []
        self.name_keys: list[str] = []
        self.position_keys: list[str] = []
        self.subject_keys: list[frozenset[str]] = []
        self.worst: list[int | None] = []
        self._sort_column = COL_NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        # person id → direction id → (strength, deficit), read on the first hover only
        self.texts_loader: Callable[[int], dict[int, tuple[str, str]]] | None = None
        self._texts: dict[int, dict[int, tuple[str, str]]] = {}

    # --- data --------------------------------------------------------------------------
    def set_rows(
        self, rows: list[SchoolRow], directions: list[DirectionInfo], palette: Palette
    ) -> None:
        self.beginResetModel()
        self.directions, self.palette = directions, palette
        self._texts = {}
        self.rows = self._sorted(list(rows), self._sort_column, self._sort_order)
        self._rebuild()
        self.endResetModel()

    def set_strength_mode(self, strengths: bool) -> None:
        """Colour by strengths («who can mentor whom») instead of deficit levels."""
        if strengths == self.strengths:
            return
        self.strengths = strengths
        if self.rows:
            self.dataChanged.emit(
                self.index(0, FIRST_DIRECTION),
                self.index(len(self.rows) - 1, self.columnCount() - 1),
            )

    def _rebuild(self) -> None:
        """Keys for filtering and sorting; the cells' marks and colours are looked up when
        painted (only the visible ones), so opening 2,000 rows costs no per-cell work."""
        top = self.palette.top
        self._red = [r.count_at(top) for r in self.rows]
        self.name_keys = [fold(r.full_name) for r in self.rows]
        self.position_keys = [fold(r.position) for r in self.rows]
        self.subject_keys = [frozenset(fold(s) for s in r.subject_list) for r in self.rows]
        self.worst = [r.worst() for r in self.rows]
        pal = self.palette
        self._marks = {lv.id: lv.mark for lv in pal.levels}
        self._priority_marks = {lv.id: lv.mark + "!" for lv in pal.levels if lv.mark}
        self._colors = dict(pal.colors)
        self._direction_ids = [d.id for d in self.directions]

    def _cell_look(self, r: int, c: int) -> tuple[str, QColor | None]:
        cell = self.rows[r].cells.get(self._direction_ids[c - FIRST_DIRECTION])
        if cell is None:
            return "", None
        if self.strengths:
            return (STRENGTH_MARK, self.palette.strength) if cell.has_strength else ("", None)
        lid = cell.level_id
        if lid is None:
            return "", None
        mark = self._priority_marks.get(lid, "") if cell.priority else self._marks.get(lid, "")
        return mark, self._colors.get(lid)

    def row_of_id(self, person_id: int) -> int:
        for i, r in enumerate(self.rows):
            if r.person_id == person_id:
                return i
        return -1

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else FIRST_DIRECTION + len(self.directions)

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks about ten roles per painted cell: answer the unused ones first.
        if role not in _ROLES or not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == _DISPLAY:
            if c >= FIRST_DIRECTION:
                return self._cell_look(r, c)[0]
            if c == COL_NAME:
                return self.rows[r].full_name
            if c == COL_POSITION:
                return self.rows[r].position
            return str(self._red[r]) if self._red[r] else ""
        if role == _BACKGROUND:
            return self._cell_look(r, c)[1] if c >= FIRST_DIRECTION else None
        if role == _FOREGROUND:
            if c >= FIRST_DIRECTION and self._cell_look(r, c)[1] is not None:
                return self._black
            return None
        if role == _ALIGN:
            return _CENTER if c >= COL_RED else None
        if role == ID_ROLE:
            return self.rows[r].person_id
        return self._tooltip(r, c)

    def _tooltip(self, r: int, c: int) -> str | None:
        row = self.rows[r]
        if c in (COL_NAME, COL_POSITION):
            return "\n".join(p for p in (row.full_name, row.position, row.subjects) if p)
        if c == COL_RED:
            top = self.top_level()
            return TEXTS["red_cell"].format(
                person=row.full_name, count=self._red[r], name=top.name if top else ""
            )
        d = self.directions[c - FIRST_DIRECTION]
        cell = row.cells.get(d.id)
        lines = [f"{row.full_name} — {d.name}"]
        if cell is None:
            return lines[0]
        lines.append(TEXTS["date"].format(date=format_date(cell.round_date)))
        level = self.palette.name(cell.level_id)
        if level:
            lines.append(
                TEXTS["level"].format(name=level)
                + (f" ({TEXTS['priority']})" if cell.priority else "")
            )
        strength, deficit = self._cell_texts(row.person_id).get(d.id, ("", ""))
        if deficit:
            lines.append(TEXTS["deficit"].format(text=_clip(deficit)))
        lines.append(
            TEXTS["strength"].format(text=_clip(strength)) if strength else TEXTS["no_strength"]
        )
        return "\n".join(lines)

    def _cell_texts(self, person_id: int) -> dict[int, tuple[str, str]]:
        if person_id not in self._texts:
            loader = self.texts_loader
            self._texts[person_id] = loader(person_id) if loader is not None else {}
        return self._texts[person_id]

    def top_level(self) -> LevelInfo | None:
        """The most severe level (the one the «В» column counts), if the grid has levels."""
        return next(
            (
                lv
                for lv in self.palette.levels
                if lv.severity == self.palette.top and lv.severity is not None
            ),
            None,
        )

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        top_level = self.top_level()
        if role == Qt.ItemDataRole.DisplayRole:
            if section == COL_NAME:
                return TEXTS["name"]
            if section == COL_POSITION:
                return TEXTS["position"]
            if section == COL_RED:
                return TEXTS["red"].format(mark=top_level.mark if top_level else "")
            return self.directions[section - FIRST_DIRECTION].label
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == COL_RED:
                return TEXTS["red_tip"].format(
                    mark=top_level.mark if top_level else "",
                    name=top_level.name if top_level else "",
                )
            if section >= FIRST_DIRECTION:
                return self.directions[section - FIRST_DIRECTION].name
        return None

    # --- sorting -----------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort on keys computed once per call; ties by name, A→Я."""
        if not 0 <= column < self.columnCount():
            return
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        old_ids = [r.person_id for r in self.rows]
        self.rows = self._sorted(self.rows, column, order)
        self._rebuild()
        new_pos = {r.person_id: i for i, r in enumerate(self.rows)}
        old_list = self.persistentIndexList()
        new_list = [self.index(new_pos[old_ids[i.row()]], i.column()) for i in old_list]
        self.changePersistentIndexList(old_list, new_list)
        self.layoutChanged.emit()

    def _sorted(self, rows: list[SchoolRow], column: int, order: Qt.SortOrder) -> list[SchoolRow]:
        names = {r.person_id: fold(r.full_name) for r in rows}
        by_name = sorted(rows, key=lambda r: (names[r.person_id], r.full_name))
        if column == COL_NAME:
            return by_name[::-1] if order == Qt.SortOrder.DescendingOrder else by_name
        descending = order == Qt.SortOrder.DescendingOrder
        if column == COL_POSITION:  # empty positions last both ways
            filled = [r for r in by_name if r.position]
            filled.sort(key=lambda r: fold(r.position), reverse=descending)
            return filled + [r for r in by_name if not r.position]
        keyed: list[tuple[tuple[int, ...], SchoolRow]]
        if column == COL_RED:
            top = self.palette.top
            keyed = [(red_sort_key(r, top), r) for r in by_name]
        else:
            did = self.directions[column - FIRST_DIRECTION].id
            if self.strengths:
                keyed = [
                    ((1 if (c := r.cells.get(did)) and c.has_strength else 0,), r) for r in by_name
                ]
            else:
                keyed = [((direction_sort_key(r, did),), r) for r in by_name]
        # A stable sort on the key alone keeps names A→Я inside equal keys both ways.
        keyed.sort(key=lambda k: k[0], reverse=descending)
        return [k[1] for k in keyed]


class SchoolFilterProxy(QSortFilterProxyModel):
    """Filters by name, position, subject, role and minimum level; sorting is the model's."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.search = ""
        self.position = ""
        self.subject = ""
        self.role = ROLE_ALL
        self.min_severity: int | None = None

    def setSourceModel(self, model: QAbstractItemModel) -> None:  # noqa: N802 (Qt API)
        assert isinstance(model, SchoolModel)
        self._model = model
        super().setSourceModel(model)

    def set_filters(
        self,
        search: str = "",
        position: str = "",
        subject: str = "",
        role: str = ROLE_ALL,
        min_severity: int | None = None,
    ) -> None:
        """Apply every filter at once ('' / ROLE_ALL / None: no filter)."""
        new = (fold(search.strip()), fold(position), fold(subject), role, min_severity)
        if new == (self.search, self.position, self.subject, self.role, self.min_severity):
            return
        self.beginFilterChange()
        self.search, self.position, self.subject, self.role, self.min_severity = new
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _INDEX) -> bool:  # noqa: N802
        m = self._model
        if self.search and self.search not in m.name_keys[source_row]:
            return False
        if self.position and m.position_keys[source_row] != self.position:
            return False
        if self.subject and self.subject not in m.subject_keys[source_row]:
            return False
        row = m.rows[source_row]
        if self.role == ROLE_MENTORS and not row.is_mentor:
            return False
        if self.role == ROLE_MENTEES and not row.is_mentee:
            return False
        if self.min_severity is not None:
            worst = m.worst[source_row]
            if worst is None or worst < self.min_severity:
                return False
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._model.sort(column, order)
