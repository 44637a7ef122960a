"""The school view: filters, sorting inside the model, the strengths toggle, double-click."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.services.grid import diagnostics, grid_state
from app.services.grid.diagnostics import CellInput, RoundInput
from app.services.people import persons
from app.services.people.persons import MenteeData, MentorData, PersonData
from app.services.storage.workspace import Workspace
from app.ui.grid.grid_common import STRENGTH_COLOR
from app.ui.grid.grid_school_model import COL_NAME, COL_RED, FIRST_DIRECTION
from app.ui.grid.grid_tab import VIEW_CARD, VIEW_SCHOOL, GridTab

TODAY = dt.date(2026, 3, 1)


def _school(ws: Workspace) -> dict[str, int]:
    """Петрова: 2 red (math teacher, mentee); Иванов: 1 red, strong in ИКТ (mentor);
    Сидорова: all green (history, mentor); Кузнецов: no diagnostics."""
    by_sev = {lv.severity: lv.id for lv in grid_state.levels(ws.db)}
    red, yellow, green = by_sev[2], by_sev[1], by_sev[0]
    d = [x.id for x in grid_state.directions(ws.db)]
    people = {
        "Петрова": (
            PersonData(
                last_name="Петрова",
                first_name="Ольга",
                position="учитель",
                subjects="математика; физика",
                mentee=MenteeData(),
            ),
            [
                CellInput(d[0], level_id=red),
                CellInput(d[1], level_id=red),
                CellInput(d[5], level_id=yellow),
            ],
        ),
        "Иванов": (
            PersonData(
                last_name="Иванов",
                first_name="Пётр",
                position="учитель",
                subjects="информатика",
                mentor=MentorData(),
            ),
            [
                CellInput(d[0], level_id=green),
                CellInput(d[1], level_id=red),
                CellInput(d[5], "ведёт курсы ИКТ", level_id=green),
            ],
        ),
        "Сидорова": (
            PersonData(
                last_name="Сидорова",
                first_name="Анна",
                position="заместитель директора",
                subjects="история",
                mentor=MentorData(),
            ),
            [CellInput(d[0], level_id=green), CellInput(d[1], level_id=green)],
        ),
        "Кузнецов": (PersonData(last_name="Кузнецов", first_name="Иван", position="учитель"), []),
    }
    ids = {}
    for key, (data, cells) in people.items():
        ids[key] = persons.save_person(ws.db, data)
        if cells:
            diagnostics.save_round(ws.db, RoundInput(ids[key], TODAY, cells=cells), today=TODAY)
    return ids


def _view(qtbot, ws: Workspace) -> GridTab:  # type: ignore[no-untyped-def]
    tab = GridTab(ws)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.set_view(VIEW_SCHOOL)
    return tab


def _names(tab: GridTab) -> list[str]:
    proxy = tab.school.proxy
    return [proxy.index(r, COL_NAME).data().split()[0] for r in range(proxy.rowCount())]


def test_cells_show_the_latest_level_with_its_mark(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    ids = _school(ws)
    tab = _view(qtbot, ws)
    school = tab.school
    red = next(lv for lv in grid_state.levels(ws.db) if lv.severity == 2)
    row = school.model.row_of_id(ids["Петрова"])
    cell = school.model.index(row, FIRST_DIRECTION)
    assert cell.data() == red.mark
    assert cell.data(Qt.ItemDataRole.BackgroundRole).name().upper() == red.color.upper()
    assert "Научно-теоретическое" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert school.model.index(row, COL_RED).data() == "2"
    # Column headings are the short names; the full name is the tooltip.
    header = school.model.headerData(FIRST_DIRECTION + 4, Qt.Orientation.Horizontal)
    tip = school.model.headerData(
        FIRST_DIRECTION + 4, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert (header, tip) == (
        "Учебно-метод.",
        "Учебно-методическое (содержание, методики и технологии обучения)",
    )
    assert school.count.text() == "Показано 4 из 4"


def test_sort_by_red_cells_and_by_a_direction(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    _school(ws)
    tab = _view(qtbot, ws)
    table = tab.school.table
    assert _names(tab) == ["Иванов", "Кузнецов", "Петрова", "Сидорова"]
    # WHEN sorted by the number of red cells, most first
    table.sortByColumn(COL_RED, Qt.SortOrder.DescendingOrder)
    assert _names(tab) == ["Петрова", "Иванов", "Кузнецов", "Сидорова"]
    # WHEN sorted by the first direction, worst first: red, green (by name), then empty
    table.sortByColumn(FIRST_DIRECTION, Qt.SortOrder.DescendingOrder)
    assert _names(tab) == ["Петрова", "Иванов", "Сидорова", "Кузнецов"]


def test_filters_by_position_subject_role_and_minimum_level(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    _school(ws)
    tab = _view(qtbot, ws)
    s = tab.school
    s.position.setCurrentIndex(s.position.findText("учитель"))
    assert _names(tab) == ["Иванов", "Кузнецов", "Петрова"]
    s.subject.setCurrentIndex(s.subject.findText("физика"))
    assert _names(tab) == ["Петрова"]
    s.position.setCurrentIndex(0)
    s.subject.setCurrentIndex(0)
    s.role.setCurrentIndex(s.role.findData("mentors"))
    assert _names(tab) == ["Иванов", "Сидорова"]
    s.role.setCurrentIndex(0)
    red = next(lv for lv in grid_state.levels(ws.db) if lv.severity == 2)
    s.min_level.setCurrentIndex(s.min_level.findData(red.severity))
    assert _names(tab) == ["Иванов", "Петрова"]
    assert s.count.text() == "Показано 2 из 4"


def test_strengths_toggle_colours_who_can_help(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    ids = _school(ws)
    tab = _view(qtbot, ws)
    s = tab.school
    ict = FIRST_DIRECTION + 5
    ivanov = s.model.row_of_id(ids["Иванов"])
    petrova = s.model.row_of_id(ids["Петрова"])
    s.strengths.setChecked(True)
    assert s.model.index(ivanov, ict).data() == "+"
    assert s.model.index(ivanov, ict).data(Qt.ItemDataRole.BackgroundRole) == QColor(STRENGTH_COLOR)
    assert s.model.index(petrova, ict).data() == ""
    assert s.model.index(petrova, ict).data(Qt.ItemDataRole.BackgroundRole) is None
    assert s.legend.items == ["+ есть сильная сторона"]
    tip = s.model.index(ivanov, ict).data(Qt.ItemDataRole.ToolTipRole)
    assert "ИКТ-компетенции" in tip and "Достижения: ведёт курсы ИКТ" in tip
    s.strengths.setChecked(False)
    assert s.model.index(petrova, ict).data() == "Ч"


def test_double_click_opens_the_teachers_card(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    ids = _school(ws)
    tab = _view(qtbot, ws)
    table = tab.school.table
    row = _names(tab).index("Сидорова")
    rect = table.visualRect(tab.school.proxy.index(row, COL_NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.current_view() == VIEW_CARD
    assert tab.card.person_id() == ids["Сидорова"]
    assert tab.card.round_id() is not None


def test_a_card_edit_reaches_the_school_view(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    ids = _school(ws)
    tab = _view(qtbot, ws)
    tab.open_card(ids["Кузнецов"])
    rid = diagnostics.save_round(ws.db, RoundInput(ids["Кузнецов"], TODAY), today=TODAY)
    tab.card.reload()
    assert tab.card.round_id() == rid
    red = next(lv for lv in grid_state.levels(ws.db) if lv.severity == 2)
    index = tab.card.model.index(1, 0)
    assert tab.card.model.setData(index, CellInput(0, deficit="мало опыта", level_id=red.id))
    tab.set_view(VIEW_SCHOOL)
    row = tab.school.model.row_of_id(ids["Кузнецов"])
    assert tab.school.model.index(row, FIRST_DIRECTION).data() == red.mark


def test_red_count_column_is_explained(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the school view with Петрова's two red directions
    _school(ws)
    tab = _view(qtbot, ws)
    school = tab.school
    red = next(lv for lv in grid_state.levels(ws.db) if lv.severity == 2)
    # THEN the «В» column's header tooltip says what the number counts
    tip = school.model.headerData(COL_RED, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert f"«{red.mark}» — сколько направлений у педагога на уровне «{red.name}»" in tip
    # AND a cell's tooltip reads the count in words
    row = next(
        r
        for r in range(school.proxy.rowCount())
        if school.proxy.index(r, COL_NAME).data().startswith("Петрова")
    )
    cell = school.proxy.index(row, COL_RED)
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == (
        f"Петрова Ольга: направлений на уровне «{red.name}» — 2"
    )
    # AND the line under the table, beside the legend, explains the column
    assert school.red_note.isVisible()
    assert (
        school.red_note.text() == f"Столбец «{red.mark}» — число направлений с уровнем «{red.name}»"
    )
