"""«С чего начать» on «Сегодня»: the steps of an empty school, the button of each step opening
its place, «Справка → С чего начать», and «Посмотреть на примере» in a folder of its own."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

from app.errors import DataDirLockedError
from app.models import Order, Pair, Person, Program
from app.services.agenda.start_path import Place, State
from app.services.demo import demo_folder
from app.services.orders import order_prefill, orders
from app.services.people import persons
from app.services.people.persons import PersonData
from app.services.school import school
from app.services.storage.workspace import Workspace, open_workspace
from app.ui.agenda import start_path_panel
from app.ui.orders.order_editor import OrderEditor
from app.ui.people.import_dialog import StaffImportDialog
from app.ui.school.school_dialog import SchoolDialog
from app.ui.window.main_window import MainWindow
from tests.services import monitoring_fixtures as f

OCT = dt.date(2026, 10, 5)
# The offscreen platform of the tests has no window manager to bring a window forward; the
# orders window and the demo window ask for it (as they should on a desktop).
NO_RAISE = pytest.mark.qt_log_ignore("This plugin does not support raise\\(\\)")


@pytest.fixture
def window(qtbot, ws: Workspace) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(ws)
    qtbot.addWidget(w)
    w.today.as_of = OCT
    w.today.reload()
    return w


def _shot(widget: object, name: str, tmp_path: Path) -> Path:
    """Save a screenshot: to KURATOR_SHOTS_DIR when set (for a person to look at), else
    beside the test's files."""
    folder = Path(os.environ.get("KURATOR_SHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    assert widget.grab().save(str(target))  # type: ignore[attr-defined]
    return target


def _filled_school(db: object = None) -> school.SchoolData:
    """Every requisite; with ``db`` the curator and the secretary are added there too."""
    data = school.SchoolData(
        full_name="Муниципальное бюджетное общеобразовательное учреждение "
        "«Знаменская средняя общеобразовательная школа»",
        short_name="МБОУ «Знаменская СОШ»",
        locality="с. Знаменка",
        founder="Управление образования администрации Знаменского района",
        director_position="Директор",
        director_last_name="Петров",
        director_first_name="Иван",
        director_middle_name="Сергеевич",
        school_year="2026/2027",
    )
    if db is not None:
        data.curator_id, data.secretary_id = (
            persons.save_person(db, PersonData(last_name=last, first_name="Анна"))  # type: ignore[arg-type]
            for last in ("Орлова", "Зайцева")
        )
    return data


def test_an_empty_school_shows_the_path_and_never_all_clear(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a brand-new data folder WHEN the window opens at 1366×700 on «Сегодня»
    window.resize(1366, 700)
    window.show()
    window.tabs.setCurrentWidget(window.today)
    qtbot.waitExposed(window)
    QApplication.processEvents()  # the layout requests the resize posted
    panel = window.today.path_panel
    # THEN the nine steps show in order, each with its state and a button
    assert [r.step.number for r in panel.rows] == list(range(1, 10))
    assert panel.expanded and panel.steps_box.isVisible()
    first = panel.row(Place.SCHOOL)
    assert first.state.text() == "просрочено"
    assert "не заполнены: полное наименование" in first.text.text()
    assert list(first.buttons) == ["school"]
    assert list(panel.row(Place.STAFF).buttons) == ["import_staff", "add_person"]
    assert panel.row(Place.ORDER_IMPLEMENTATION).buttons["order_implementation"].text() == (
        "Составить приказ…"
    )
    # AND what is overdue for early October is named (steps due by 15.09 and 01.10)
    assert panel.overdue.text().startswith("Просрочено по плану года: 1. Реквизиты школы")
    assert "6." not in panel.overdue.text()
    # AND nothing reads «Всё в порядке»; the line under the path points to step 1
    assert "Всё в порядке" not in window.today.info.text()
    assert "1. Реквизиты школы" in window.today.info.text()
    # AND the whole path fits without scrolling, the buttons below stay on screen
    area = window.today.path_area
    assert area.verticalScrollBar().maximum() == 0
    heading = window.today.heading  # the lines under the path follow it, no gap between
    assert heading.y() - (area.y() + area.height()) < 20
    bottom = window.today.open_button.mapTo(window, window.today.open_button.rect().bottomLeft())
    assert bottom.y() < 700
    for row in panel.rows:
        for button in row.buttons.values():
            assert button.width() >= button.sizeHint().width()  # no clipped label
    _shot(window, "startpath-empty-school.png", tmp_path)


def test_the_requisites_button_opens_the_dialog_and_the_step_follows(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    opened: list[QDialog] = []

    def fill_and_save(dialog: SchoolDialog) -> int:
        # the curator types the requisites and chooses a curator and a secretary
        opened.append(dialog)
        school.save_school(window.ws.db, _filled_school(window.ws.db))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(SchoolDialog, "exec", fill_and_save)
    panel = window.today.path_panel
    # GIVEN step 1 not done WHEN its button is clicked
    qtbot.mouseClick(panel.row(Place.SCHOOL).buttons["school"], Qt.MouseButton.LeftButton)
    # THEN the requisites dialog opened, and after saving step 1 reads «готово»
    assert len(opened) == 1 and isinstance(opened[0], SchoolDialog)
    assert panel.row(Place.SCHOOL).step.state == State.DONE
    assert panel.row(Place.SCHOOL).state.text() == "готово"
    assert "все заполнены" in panel.row(Place.SCHOOL).text.text()
    # AND the two people added meanwhile make step 2 done as well
    assert panel.row(Place.STAFF).state.text() == "готово"
    assert window.today.info.text().find("3. Приказ") >= 0


@NO_RAISE
def test_each_step_button_opens_its_place(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    imports: list[QDialog] = []
    monkeypatch.setattr(
        StaffImportDialog,
        "exec",
        lambda self: imports.append(self) or int(QDialog.DialogCode.Rejected),
    )
    window.show()
    nav = window.navigator
    tabs = window.tabs
    # WHEN «Загрузить из Excel…» is asked for THEN «Участники» is in front with the import
    nav.open_step("import_staff")
    assert tabs.currentWidget() is window.participants and len(imports) == 1
    # WHEN «Добавить вручную…» THEN the empty person dialog opens
    person = nav.open_step("add_person")
    assert person is not None and person.isVisible() and person.person_id is None
    person.reject()
    # WHEN the grid, pairs and programs steps THEN their tabs come in front
    assert nav.open_step("grid") is window.grid and tabs.currentWidget() is window.grid
    assert nav.open_step("pairs") is window.pairs and tabs.currentWidget() is window.pairs
    assert nav.open_step("programs") is window.programs
    assert tabs.currentWidget() is window.programs
    # WHEN the questionnaires and report steps THEN their dialogs open
    answers = nav.open_step("answers")
    assert answers is not None and answers.isVisible()
    assert type(answers).__name__ == "AnswersDialog"
    answers.close()
    report = nav.open_step("report")
    assert report is not None and type(report).__name__ == "ReportDialog"
    report.close()
    # GIVEN complete requisites WHEN the implementation order step THEN its editor opens
    # with a new order of that kind, inside the orders window
    school.save_school(window.ws.db, _filled_school(window.ws.db))
    editor = nav.open_step("order_implementation")
    assert isinstance(editor, OrderEditor) and editor.isVisible()
    assert editor.kind == "implementation" and editor.order_id is None
    assert window.orders_dialog is not None and window.orders_dialog.isVisible()


@NO_RAISE
def test_an_order_step_opens_the_draft_and_a_new_order_after_a_signed_one(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN complete requisites and a draft implementation order
    db = window.ws.db
    school.save_school(db, _filled_school(db))
    draft_id = orders.save_order(db, order_prefill.new_order(db, "implementation", today=OCT))
    window.today.reload()
    panel = window.today.path_panel
    button = panel.row(Place.ORDER_IMPLEMENTATION).buttons["order_implementation"]
    assert button.text() == "Открыть проект приказа…"
    window.show()
    # WHEN its button is clicked THEN that draft opens
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    editor = window.orders_dialog.editors.get(draft_id) if window.orders_dialog else None
    assert isinstance(editor, OrderEditor) and editor.isVisible()
    assert editor.order_id == draft_id
    editor.reject()
    # GIVEN the order signed WHEN the step is read THEN it is done, «Открыть приказ…»
    with db.session() as s:
        order = s.get(Order, draft_id)
        assert order is not None
        order.status = "signed"
    window.today.reload()
    row = panel.row(Place.ORDER_IMPLEMENTATION)
    assert row.state.text() == "готово"
    assert row.buttons["order_implementation"].text() == "Открыть приказ…"
    # AND the signed order is what it opens
    opened = window.navigator.open_step("order_implementation")
    assert isinstance(opened, OrderEditor) and opened.order_id == draft_id
    opened.reject()


@NO_RAISE
def test_an_order_step_without_requisites_says_what_is_missing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN no requisites WHEN «Составить приказ…» of the pairs order is clicked
    errors: list[str] = []
    window.show()
    dialog = window.show_orders()
    monkeypatch.setattr(dialog, "show_error", errors.append)
    opened = window.navigator.open_step("order_pairs")
    # THEN the orders window is open and the curator reads why no order was made
    assert opened is dialog and dialog.isVisible()
    assert errors and "реквизит" in errors[0].lower()


def test_help_menu_brings_today_with_the_path(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN «Справка» has «С чего начать» and another tab is in front
    help_menu = window.menuBar().actions()[-1].menu()
    items = [a.text() for a in help_menu.actions() if a.text()]
    assert items[0] == "С чего начать"
    window.show()
    window.tabs.setCurrentWidget(window.participants)
    # WHEN it is chosen
    window.start_path_action.trigger()
    # THEN «Сегодня» is in front with the steps unfolded
    assert window.tabs.currentWidget() is window.today
    assert window.today.path_panel.expanded


def _working_school(ws: Workspace) -> None:
    """Every step of the path done (as in tests/services/test_start_path.py)."""
    db = ws.db
    small = f.small_school(db)
    curator = f.teacher(db, "Лебедева")
    f.requisites(db, curator)
    f.grid_round(db, small.mentee, dt.date(2026, 9, 2), {small.dirs[3]: 2})
    f.grid_round(db, small.mentor, dt.date(2026, 9, 2), {small.dirs[3]: 0})
    with db.session() as s:
        for kind in ("implementation", "pairs", "programs"):
            s.add(Order(kind=kind, status="signed", number="1", date=dt.date(2026, 9, 3)))
        pair = s.get(Pair, small.pair_id)
        program = s.get(Program, small.program_id)
        assert pair is not None and program is not None
        pair.order_number, pair.consent_date = "1", dt.date(2026, 9, 1)
        program.approval_number = "2"


def test_a_complete_path_folds_to_a_link(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a school where every step is done, on 05.09.2026
    _working_school(ws)
    w = MainWindow(ws)
    qtbot.addWidget(w)
    w.today.as_of = dt.date(2026, 9, 5)
    w.today.reload()
    panel = w.today.path_panel
    assert panel.path is not None and panel.path.complete
    # THEN the path is folded: one line and a link «Показать шаги»
    assert not panel.expanded
    assert panel.summary.text() == start_path_panel.TEXTS["complete"]
    assert panel.toggle_button.isVisibleTo(panel)
    assert panel.toggle_button.text() == "Показать шаги"
    # WHEN the link is clicked THEN the steps show, the first eight «готово»
    qtbot.mouseClick(panel.toggle_button, Qt.MouseButton.LeftButton)
    assert panel.expanded and panel.toggle_button.text() == "Свернуть"
    assert [r.state.text() for r in panel.rows[:8]] == ["готово"] * 8
    # WHEN it is folded again and «Справка → С чего начать» is chosen THEN it unfolds
    qtbot.mouseClick(panel.toggle_button, Qt.MouseButton.LeftButton)
    assert not panel.expanded
    w.start_path_action.trigger()
    assert panel.expanded


def _row_counts(db_file: Path) -> dict[str, int]:
    con = sqlite3.connect(db_file)
    try:
        tables = [
            name
            for (name,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


@NO_RAISE
def test_the_demo_opens_in_its_own_folder_and_leaves_the_real_data_alone(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a real school with one person
    real = window.ws
    persons.save_person(real.db, PersonData(last_name="Орлова", first_name="Нина"))
    before = _row_counts(real.paths.db)
    window.show()
    # WHEN «Посмотреть на примере» is clicked
    qtbot.mouseClick(window.today.path_panel.demo_button, Qt.MouseButton.LeftButton)
    opener = window.demo_opener
    qtbot.waitUntil(lambda: opener.window is not None, timeout=60_000)
    demo = opener.window
    assert isinstance(demo, MainWindow)
    qtbot.addWidget(demo)
    # THEN the demo opens in the folder beside the real one, marked as the demo
    root = demo.ws.paths.root
    assert root != real.paths.root and root == demo_folder.demo_root(real.paths.root)
    assert (root / demo_folder.MARKER).is_file()
    assert demo.windowTitle() == "Куратор — ПРИМЕР (учебные данные)"
    assert demo.demo_banner.isVisible() and demo.demo_banner.text().startswith("ПРИМЕР")
    assert not demo.today.path_panel.demo_button.isVisibleTo(demo)
    assert len(persons.list_persons(demo.ws.db)) > 10
    # AND the real database is unchanged and its lock still held
    assert _row_counts(real.paths.db) == before
    with pytest.raises(DataDirLockedError):
        open_workspace(real.paths.root)
    # WHEN the demo is asked for again THEN the same window comes forward
    assert opener.open() is demo
    # WHEN the demo window closes THEN its folder is released, the real one stays open
    demo.close()
    assert demo.ws.closed and not real.closed
    open_workspace(root).close(backup=False)
    assert _row_counts(real.paths.db) == before
    # WHEN the demo is opened again (already built: at once) and the real window closes
    again = opener.open()
    assert isinstance(again, MainWindow) and again is not demo
    qtbot.addWidget(again)
    assert window.close()
    # THEN the demo's window closes with it and releases its folder
    assert not again.isVisible() and again.ws.closed


def test_the_demo_folder_never_takes_a_folder_holding_other_files(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN the folder beside the real one holds someone's file
    root = demo_folder.demo_root(window.ws.paths.root)
    root.mkdir()
    (root / "отчёт.docx").write_bytes(b"x")
    warned: list[str] = []
    monkeypatch.setattr(
        "app.ui.window.demo_opener.dialogs.show_warning",
        lambda parent, title, text: warned.append(text),
    )
    # WHEN the demo is asked for THEN nothing opens and the curator reads why
    assert window.demo_opener.open() is None
    assert warned and "уже лежат другие файлы" in warned[0]
    assert sorted(p.name for p in root.iterdir()) == ["отчёт.docx"]
    assert not isinstance(window.demo_opener.window, QMainWindow)


def test_today_names_which_consent_is_missing(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a pair whose people have no consent to personal-data processing and whose
    # mentor's written consent to take part is not entered
    small = f.small_school(ws.db)
    with ws.db.session() as s:
        for pid in (small.mentor, small.mentee):
            person = s.get(Person, pid)
            assert person is not None
            person.consent_date = None
    tab = MainWindow(ws).today
    qtbot.addWidget(tab.window())
    tab.as_of = dt.date(2026, 9, 5)
    # WHEN «Сегодня» is read
    tab.reload()
    texts = [tab.model.index(r, 2).data() for r in range(tab.model.rowCount())]
    # THEN each person's line names the personal-data consent, and the pair's line the
    # mentor's consent to take part, so the two papers are not confused
    pd_lines = [t for t in texts if "согласия на обработку персональных данных" in t]
    assert len(pd_lines) == 2 and any("Кузнецова" in t for t in pd_lines)
    pair_lines = [t for t in texts if "согласия наставника на участие в паре" in t]
    assert len(pair_lines) == 1
    assert not [t for t in pd_lines if "участие" in t]
    # AND the full text is in the tooltip (the line is one row high)
    row = texts.index(pair_lines[0])
    assert tab.model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole) == pair_lines[0]
