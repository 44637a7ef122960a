"""«Сегодня» in the window: the first tab, and each line opens the place to fix it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.services.monitoring import halfyear_periods
from app.services.storage.workspace import Workspace
from app.ui.window.main_window import MainWindow
from tests.services import monitoring_fixtures as f

TODAY = dt.date(2027, 1, 10)


@pytest.fixture
def window(qtbot, ws: Workspace) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(ws)
    qtbot.addWidget(w)
    return w


def _row_of(window: MainWindow, kind: str) -> int:
    rows = window.today.model.rows
    return next(i for i, a in enumerate(rows) if a.kind == kind)


def _double_click(qtbot, window: MainWindow, row: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitExposed(window)
    table = window.today.table
    index = window.today.model.index(row, 2)
    table.scrollTo(index)
    pos = table.visualRect(index).center()
    # A double click is a press, a release and the double-click event on the same cell.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_today_is_the_first_tab_and_shown_at_start_when_something_is_due(
    qtbot, ws: Workspace
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a program with a roadmap row three days overdue (against the real date)
    school = f.reported_school(ws.db)
    late = dt.date.today() - dt.timedelta(days=3)
    f.item(ws.db, school.program_id, school.dirs[3], "Круглый стол", late)
    # WHEN the window opens
    w = MainWindow(ws)
    qtbot.addWidget(w)
    # THEN «Сегодня» is the first tab and the current one, with Russian lines
    assert w.tabs.tabText(0) == "Сегодня" and w.tabs.currentWidget() is w.today
    assert any(
        a.text.startswith(f"Просрочено с {late:%d.%m.%Y}: «Круглый стол» — ")
        for a in w.today.model.rows
    )
    assert "Мониторинг" in [a.text().replace("&", "") for a in w.menuBar().actions()]


def test_clicking_an_overdue_row_opens_that_program_at_that_row(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the school and the panel computed for 10.01.2027
    school = f.reported_school(window.ws.db)
    window.today.as_of = TODAY
    window.today.reload()
    window.show()
    row = _row_of(window, "item_overdue")
    _, program_id, item_id = window.today.model.rows[row].target
    # WHEN the line is double-clicked
    _double_click(qtbot, window, row)
    # THEN the «Программы» tab shows that program's editor on the roadmap page
    assert window.tabs.currentWidget() is window.programs
    editor = window.programs.editor
    assert window.programs.stack.currentWidget() is editor
    assert editor.data is not None and editor.data.id == program_id == school.program_id
    assert editor.pages.currentWidget() is editor.roadmap
    # AND the overdue row is the selected one
    selected = editor.roadmap.selected_ids()
    assert selected == [item_id]


def test_clicking_a_pair_or_a_person_line_opens_it(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN a pair without a program whose mentee has no consent date
    school = f.small_school(window.ws.db)
    mentee = f.teacher(window.ws.db, "Зайцева", "Инна", "Олеговна", consent=None)
    pair_id = f.pair(window.ws.db, f.teacher(window.ws.db, "Белова"), [mentee], [school.dirs[0]])
    window.today.reload()
    window.show()
    # WHEN the pair line is double-clicked THEN the pairs tab selects that pair
    _double_click(qtbot, window, _row_of(window, "pair_no_program"))
    assert window.tabs.currentWidget() is window.pairs
    assert window.pairs.selected_id() == pair_id
    # WHEN the consent line is opened THEN the participant's dialog opens for that person
    opened: list[int | None] = []
    monkeypatch.setattr(
        window.participants, "open_dialog", lambda pid: opened.append(pid) or object()
    )
    window.tabs.setCurrentWidget(window.today)
    window.today.open_row(_row_of(window, "no_consent"))
    assert opened == [mentee] and window.tabs.currentWidget() is window.participants


def test_report_line_opens_the_report_dialog_for_that_half_year(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    f.reported_school(window.ws.db)
    window.today.as_of = TODAY
    window.today.reload()
    window.today.open_row(_row_of(window, "report_due"))
    dialog = window.navigator.report_dialog
    qtbot.addWidget(dialog)
    assert (dialog.date_from.text(), dialog.date_to.text()) == ("01.09.2026", "31.12.2026")
    # AND its texts are prefilled from the figures
    assert "выполнено 2 (67 %)" in dialog.conclusions.toPlainText()
    # WHEN the curator edits and saves the texts THEN they are kept for that period
    dialog.conclusions.setPlainText("Мой вывод.")
    assert dialog.save_texts()
    saved = halfyear_periods.find_report(window.ws.db, dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    assert saved is not None and saved.conclusions == "Мой вывод." and saved.made_on is None
    # AND a bad date shows a Russian message next to the field
    dialog.date_to.setText("31.13.2026")
    assert not dialog.save_texts()
    assert dialog.messages.text("date_to") == "Дата конца периода: Такой даты нет: 31.13.2026."


def test_the_window_opens_even_if_the_list_fails(
    qtbot,
    ws: Workspace,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.services.agenda import today

    def broken(db: object, day: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(today, "attention", broken)
    w = MainWindow(ws)
    qtbot.addWidget(w)
    assert w.today.model.rowCount() == 0
    assert w.today.info.text().startswith("Список не удалось составить")
