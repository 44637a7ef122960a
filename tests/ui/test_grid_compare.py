"""Before/after in the window, and printing the grid in the background."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt

from app.services.grid import diagnostics, grid_state
from app.services.grid.diagnostics import CellInput, RoundInput
from app.services.people import persons
from app.services.people.persons import PersonData
from app.services.storage.workspace import Workspace
from app.ui.grid.grid_tab import VIEW_COMPARE, GridTab

TODAY = dt.date(2026, 3, 1)


def _two_rounds(ws: Workspace) -> int:
    by_sev = {lv.severity: lv.id for lv in grid_state.levels(ws.db)}
    d = [x.id for x in grid_state.directions(ws.db)]
    pid = persons.save_person(ws.db, PersonData(last_name="Петрова", first_name="Ольга"))
    diagnostics.save_round(
        ws.db,
        RoundInput(
            pid,
            dt.date(2025, 9, 15),
            "самодиагностика",
            cells=[
                CellInput(d[0], level_id=by_sev[2]),
                CellInput(d[1], level_id=by_sev[1]),
                CellInput(d[2], level_id=by_sev[0]),
            ],
        ),
        today=TODAY,
    )
    diagnostics.save_round(
        ws.db,
        RoundInput(
            pid,
            dt.date(2026, 1, 20),
            "администрация",
            cells=[
                CellInput(d[0], level_id=by_sev[1]),
                CellInput(d[1], level_id=by_sev[2]),
                CellInput(d[2], level_id=by_sev[0]),
            ],
        ),
        today=TODAY,
    )
    return pid


def _tab(qtbot, ws: Workspace) -> GridTab:  # type: ignore[no-untyped-def]
    tab = GridTab(ws)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def test_two_rounds_of_a_teacher_in_colour_and_counts(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    _two_rounds(ws)
    tab = _tab(qtbot, ws)
    tab.set_view(VIEW_COMPARE)
    view = tab.compare
    # THEN the two latest rounds are compared and the counts are said in words
    assert view.counts.text() == "Итого: Улучшилось: 1, ухудшилось: 1, без изменений: 1."
    m = view.model
    assert m.headerData(0, Qt.Orientation.Vertical) == "Было (15.09.2025, самодиагностика)"
    assert [m.index(2, c).data() for c in range(3)] == ["↓ лучше", "↑ хуже", "="]
    assert m.index(2, 0).data(Qt.ItemDataRole.BackgroundRole).name().upper() == "#B7E1A1"
    assert m.index(2, 1).data(Qt.ItemDataRole.BackgroundRole).name().upper() == "#F4A6A6"
    # WHEN the same round is picked twice THEN it says so
    view.after.setCurrentIndex(view.before.currentIndex())
    assert view.message.text() == "Выберите две разные диагностики."


def test_the_whole_school_on_two_dates(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    _two_rounds(ws)
    tab = _tab(qtbot, ws)
    tab.set_view(VIEW_COMPARE)
    view = tab.compare
    view.mode.setCurrentIndex(1)
    view.date_before.setText("01.10.2025")
    view.date_after.setText("01.02.2026")
    view.compare_button.click()
    assert view.counts.text().startswith(
        "01.10.2025 → 01.02.2026. Итого: Улучшилось: 1, ухудшилось: 1, без изменений: 1"
    )
    assert view.model.index(0, 0).data() == "В→Ч"
    view.date_after.setText("31.02.2026")
    view.compare_button.click()
    assert view.message.text() == "Такой даты нет: 31.02.2026"


def test_print_button_writes_the_teachers_card(qtbot, ws: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a teacher's card on screen
    pid = _two_rounds(ws)
    tab = _tab(qtbot, ws)
    assert tab.card.person_id() == pid
    options, name = tab.export_options()
    assert options == {"teacher": pid, "round": "20.01.2026"}
    assert name == "Диагностика — Петрова Ольга"
    # WHEN «Печать / в Excel, Word…» saves to a file (chosen in the dialog)
    target = tmp_path / "карта.xlsx"
    tab.choose_save = lambda suggested: target  # type: ignore[method-assign]
    with qtbot.waitSignal(tab.export_finished, timeout=20000) as done:
        tab.export_button.click()
    # THEN the file is written off the UI thread and named in the status line
    assert done.args == [target]
    assert target.stat().st_size > 0
    assert "Сохранено:" in tab.status.text() and tab.export_button.isEnabled()
    from openpyxl import load_workbook

    texts = [
        str(c.value) for row in load_workbook(target).active.iter_rows() for c in row if c.value
    ]
    assert any("Петрова" in t for t in texts)


def test_print_to_a_missing_folder_says_so(qtbot, ws: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _two_rounds(ws)
    tab = _tab(qtbot, ws)
    shown: list[str] = []
    tab.fail = shown.append  # type: ignore[method-assign]
    with qtbot.waitSignal(tab.export_finished, timeout=20000):
        tab.export(tmp_path / "нет такой папки" / "карта.xlsx")
    assert shown and shown[0].startswith("Папка не найдена")
    assert tab.export_button.isEnabled()
