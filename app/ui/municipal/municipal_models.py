"""Qt table models of the municipal window: schools, heat map, «было / стало», severe list,
a school's grid. Plain rows from the services; colours by ``BackgroundRole``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from app.core.textutil import fold, format_date
from app.reports.municipal_data import (
    BEFORE_AFTER_COLUMNS,
    SEVERE_COLUMNS,
    BeforeAfter,
    GridView,
    HeatMap,
    HeatRow,
    SevereTeacher,
)
from app.services.municipal.store import SchoolFigures
from app.services.municipal.summary import school_cells
from app.ui.common.row_model import RowTableModel

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

TIP = "Прошли диагностику: {}; выраженный дефицит: {}; частичный: {}"
SCHOOL_HEADERS = [
    "Школа",
    "Файл от",
    "Наставники",
    "Наставляемые",
    "Пары",
    "Группы",
    "Формы наставничества",
    "Программы: идут / завершены",
    "Мероприятия: выполнены / просрочены",
    "Оценка участниками (из 10)",
]


class SchoolsModel(RowTableModel[SchoolFigures]):
    """The schools table: one row per stored school; numbers sort as numbers."""

    def __init__(self) -> None:
        super().__init__(SCHOOL_HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        x = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return school_cells(x)[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return x.full_name + (" (сокращённый файл)" if x.minimised else "")
        if role == ID_ROLE:
            return x.id
        if role == SORT_ROLE:
            keys: list[Any] = [
                fold(x.label),
                x.file_date.isoformat(),
                x.mentors,
                x.mentees,
                x.pairs,
                x.groups,
                x.forms_text,
                x.programs_running,
                x.activities_overdue,
                -1.0 if x.satisfaction is None else x.satisfaction,
            ]
            return keys[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col not in (0, 6):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class HeatModel(RowTableModel[HeatRow]):
    """Schools × directions, the municipal total last; each cell in its level's colour."""

    def __init__(self) -> None:
        super().__init__(["Школа"])
        self.heat: HeatMap | None = None

    def set_heat(self, heat: HeatMap) -> None:
        self.beginResetModel()
        self.heat = heat
        self.headers = ["Школа", *heat.short_directions]
        self.rows = [*heat.rows, heat.total]
        self.endResetModel()

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802 (Qt API)
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and self.heat is not None
            and section > 0
        ):
            return self.heat.directions[section - 1]
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return row.school_id
        if col == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return row.school
            if role == Qt.ItemDataRole.FontRole and row.school_id is None:
                return _bold()
            return None
        cell = row.cells[col - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.BackgroundRole and cell.assessed:
            return QColor("#" + cell.fill)
        if role == Qt.ItemDataRole.ForegroundRole and cell.assessed:
            return QColor("black")  # level colours are checked for black text
        if role == Qt.ItemDataRole.ToolTipRole:
            return TIP.format(cell.assessed, cell.severe, cell.partial)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class BeforeAfterModel(RowTableModel[BeforeAfter]):
    """«Было / стало»: schools' rows, then the municipal total by direction."""

    def __init__(self) -> None:
        super().__init__([c.header for c in BEFORE_AFTER_COLUMNS])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()].cells[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class SevereModel(RowTableModel[SevereTeacher]):
    """Teachers with a severe deficit in the chosen direction."""

    def __init__(self) -> None:
        super().__init__([c.header for c in SEVERE_COLUMNS])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        t = self.rows[index.row()]
        values = [
            str(index.row() + 1),
            t.school,
            t.name,
            t.position,
            t.direction,
            format_date(t.date),
            t.deficit,
        ]
        return values[index.column()]


class GridModel(RowTableModel[tuple[str, str, list[tuple[str, str] | None]]]):
    """A stored school's grid (read-only): teachers × directions, marks on their colours."""

    def __init__(self, grid: GridView) -> None:
        super().__init__(["Педагог", "Должность", *grid.short_directions])
        self.grid = grid
        self.set_rows(grid.rows)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802 (Qt API)
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return self.grid.directions[section - 2] if section >= 2 else None
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        name, position, cells = self.rows[index.row()]
        col = index.column()
        if col < 2:
            return (name, position)[col] if role == Qt.ItemDataRole.DisplayRole else None
        cell = cells[col - 2]
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell[0]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor("#" + cell[1])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("black")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
