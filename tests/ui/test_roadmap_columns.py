"""The roadmap on screen: what a curator edits most fits 1366 px; other columns one click away."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.services.programs import programs
from app.services.storage.workspace import Workspace
from app.ui.programs.program_roadmap import RoadmapPage
from app.ui.programs.program_roadmap_model import COL_PLACE
from app.ui.window.main_window import MainWindow
from tests.prebuilt import DemoSchool


def _roadmap_at_1366(qtbot, ws: Workspace) -> RoadmapPage:  # type: ignore[no-untyped-def]
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    window.tabs.setCurrentWidget(window._programs_page)
    group = next(r for r in programs.list_programs(ws.db) if r.is_group)
    window.programs.open_program(group.id)
    editor = window.programs.editor
    editor.pages.setCurrentWidget(editor.roadmap)
    QApplication.processEvents()
    return editor.roadmap


def _shown(page: RoadmapPage) -> list[str]:
    header = page.table.horizontalHeader()
    model = page.table.model()
    logical = [header.logicalIndex(v) for v in range(header.count())]
    return [
        model.headerData(c, header.orientation()) for c in logical if not header.isSectionHidden(c)
    ]


def test_the_roadmap_fits_a_1366_window_without_scrolling_sideways(
    qtbot, demo_school: DemoSchool
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the demo school's group program opened in a window 1366 pixels wide
    page = _roadmap_at_1366(qtbot, demo_school())
    # THEN the roadmap shows the activity, its dates, the done mark and the result
    assert _shown(page) == [
        "Часть программы",
        "Вид деятельности",
        "Начало",
        "Окончание",
        "Выполнение",
        "Ожидаемый результат",
    ]
    # and they fit the table: no horizontal scroll bar
    header = page.table.horizontalHeader()
    assert header.length() <= page.table.viewport().width()
    assert page.table.horizontalScrollBar().maximum() == 0


def test_a_column_chosen_in_the_menu_is_shown_and_remembered(
    qtbot, demo_school: DemoSchool
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the roadmap as opened at first
    ws = demo_school()
    page = _roadmap_at_1366(qtbot, ws)
    # WHEN the curator ticks «Место» in the «Столбцы» menu
    page.columns_menu.aboutToShow.emit()
    place = next(a for a in page.columns_menu.actions() if a.text() == "Место")
    assert not place.isChecked()
    place.trigger()
    # THEN the column is shown
    assert not page.table.isColumnHidden(COL_PLACE)
    assert "Место" in _shown(page)
    # and the next time the program opens, it still is
    again = _roadmap_at_1366(qtbot, ws)
    assert "Место" in _shown(again)
    # WHEN «Как по умолчанию» is chosen, THEN the first set comes back
    again.columns_menu.aboutToShow.emit()
    next(a for a in again.columns_menu.actions() if a.text() == "Как по умолчанию").trigger()
    assert "Место" not in _shown(again)
