"""A new curator's first hour, walked through the real windows in an empty folder: the
school's requisites, a messy staff list from Excel, the implementation order, a diagnostic
round, a pair from the suggestions, a program drafted from the diagnosis and the pairs
order printed (issue 14). Every step leaves a screenshot at 1366×700 (the school PC's
screen less the taskbar and the title bar): in the test's folder, and in the folder named
by ``KURATOR_SHOTS`` when it is set, to be looked at."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.services.agenda.start_path import Place, State
from app.services.grid import grid_state
from app.services.orders import orders
from app.services.pairs import pairs
from app.services.people import persons
from app.services.programs import programs
from app.services.school import school
from app.services.storage.workspace import Workspace
from app.ui.common import widgets
from app.ui.grid.grid_card_model import ROW_DEFICIT, ROW_STRENGTH
from app.ui.grid.grid_round_dialog import RoundDialog
from app.ui.grid.grid_tab import GridTab
from app.ui.orders.order_editor import OrderEditor
from app.ui.orders.order_print import PrintPanel, PrintResult
from app.ui.orders.orders_dialog import OrdersDialog
from app.ui.pairs.pair_dialog import PairDialog
from app.ui.pairs.suggestions_dialog import SuggestionsDialog
from app.ui.people.import_dialog import StaffImportDialog
from app.ui.people.person_dialog import PersonDialog
from app.ui.programs.program_create_dialog import CreateProgramDialog
from app.ui.school.school_dialog import SchoolDialog
from app.ui.window.main_window import MainWindow
from tests.ui.test_person_dialog import type_text
from tests.xlsx_samples import make_titled_staff_xlsx

SCREEN = (1366, 700)
TIMEOUT = 60000


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Dialogs left open answer «Не сохранять»; messages are collected, not shown."""
    shown: list[str] = []
    for cls in (OrderEditor, PairDialog, RoundDialog):
        monkeypatch.setattr(cls, "ask_save_changes", lambda self: widgets.DISCARD)
    for cls in (OrderEditor, OrdersDialog, PrintPanel):
        monkeypatch.setattr(cls, "show_error", lambda self, text: shown.append(text))
    monkeypatch.setattr(PrintPanel, "show_done", lambda self, result: None)
    return shown


class Shots:
    """Saves each step's window at the school PC's size and checks it fits."""

    def __init__(self, folder: Path) -> None:
        self.folders = [folder]
        if os.environ.get("KURATOR_SHOTS"):
            self.folders.append(Path(os.environ["KURATOR_SHOTS"]))
        for f in self.folders:
            f.mkdir(parents=True, exist_ok=True)
        self.saved: list[str] = []

    def take(self, qtbot, widget: QWidget, name: str) -> None:  # type: ignore[no-untyped-def]
        widget.show()
        qtbot.waitExposed(widget)
        qtbot.wait(50)  # rows rebuilt by a reload are laid out when the event loop runs
        hint = widget.minimumSizeHint()
        assert hint.width() <= SCREEN[0] and hint.height() <= SCREEN[1], (
            f"{name}: не помещается на экран школьного ПК ({hint.width()}×{hint.height()})"
        )
        widget.resize(
            min(max(widget.width(), hint.width()), SCREEN[0]), min(widget.height(), SCREEN[1])
        )
        if name.startswith("window"):
            widget.resize(*SCREEN)
        image = widget.grab()
        for folder in self.folders:
            image.save(str(folder / f"walk-{len(self.saved) + 1:02d}-{name}.png"))
        self.saved.append(name)


def _select_teacher(tab: GridTab, person_id: int) -> None:
    assert tab.card.show_person(person_id)


def _edit_cell(
    qtbot, tab: GridTab, row: int, column: int, text: str, level_id: int, first: bool = False
) -> None:  # type: ignore[no-untyped-def]
    view = tab.card.table
    index = tab.card.model.index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = tab.card.delegate.editor
    assert editor is not None
    editor.text.setPlainText(text)
    editor.level.setCurrentIndex(editor.level.findData(level_id))
    if first:
        editor.priority.setChecked(True)
    with qtbot.waitSignal(tab.card.data_changed):
        qtbot.mouseClick(editor.done_button, Qt.MouseButton.LeftButton)


def _click_step(qtbot, window: MainWindow, place: Place, key: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Click a button of a step of «С чего начать» on «Сегодня», as the curator would."""
    window.tabs.setCurrentWidget(window.today)
    row = window.today.path_panel.row(place)
    button = row.buttons[key or place.value]
    # a reloaded path lays its new rows out when the event loop runs
    qtbot.waitUntil(lambda: button.isVisible() and button.height() > 0, timeout=2000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _state(window: MainWindow, place: Place) -> State:
    return window.today.path_panel.row(place).step.state


def test_the_first_hour_of_a_new_school(
    qtbot, ws: Workspace, tmp_path: Path, _quiet: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shots = Shots(tmp_path / "shots")
    db = ws.db
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.tabs.setCurrentWidget(window.today)
    # GIVEN an empty folder: the window shows the curator's path, nothing done yet
    shots.take(qtbot, window, "window-empty")
    assert all(row.step.state != State.DONE for row in window.today.path_panel.rows)
    assert "Всё в порядке" not in window.today.info.text()

    # STEP 1: the school's requisites, from the first step's button (the dialog is modal:
    # the curator's typing happens inside its exec)
    people: dict[str, int] = {}

    def requisites(dialog: SchoolDialog) -> int:
        if not people:
            dialog.full_name.setPlainText(
                "Муниципальное бюджетное общеобразовательное учреждение "
                "«Знаменская средняя общеобразовательная школа»"
            )
            dialog.lines["short_name"].setText("МБОУ «Знаменская СОШ»")
            dialog.lines["locality"].setText("с. Знаменка")
            dialog.lines["founder"].setText(
                "Управление образования администрации Знаменского района"
            )
            dialog.director_position.set_text("Директор")
            dialog.lines["director_last_name"].setText("Петрова")
            dialog.lines["director_first_name"].setText("Анна")
            dialog.lines["director_middle_name"].setText("Сергеевна")
            shots.take(qtbot, dialog, "requisites")
        else:  # the curator and the secretary, once the staff is in the base
            for key, name in (("curator_id", "Петров"), ("secretary_id", "Смирнов")):
                combo = dialog.person_combos[key]
                combo.setCurrentIndex(combo.findData(people[name]))
        with qtbot.waitSignal(dialog.accepted):
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    monkeypatch.setattr(SchoolDialog, "exec", requisites)
    _click_step(qtbot, window, Place.SCHOOL)
    assert school.get_school(db).short_name == "МБОУ «Знаменская СОШ»"
    assert _state(window, Place.SCHOOL) != State.DONE  # the curator is not named yet

    # STEP 2: a messy staff list (a title, initials, a blank and a total row)
    def staff(importer: StaffImportDialog) -> int:
        with qtbot.waitSignal(importer.analysis_finished, timeout=TIMEOUT):
            importer.load_file(make_titled_staff_xlsx(tmp_path / "сотрудники.xlsx"))
        shots.take(qtbot, importer, "staff-import")
        with qtbot.waitSignal(importer.accepted, timeout=TIMEOUT):
            qtbot.mouseClick(importer.import_button, Qt.MouseButton.LeftButton)
        return int(importer.result())

    monkeypatch.setattr(StaffImportDialog, "exec", staff)
    _click_step(qtbot, window, Place.STAFF, "import_staff")
    people.update({r.full_name.split()[0]: r.id for r in persons.list_persons(db)})
    assert sorted(people) == ["Иванова", "Кузнецова", "Петров", "Смирнов"]
    window.today.reload()
    assert _state(window, Place.STAFF) == State.DONE

    # the two experienced teachers into the mentors' base, the two young into the mentees'
    for name, mentor in (
        ("Иванова", True),
        ("Петров", True),
        ("Кузнецова", False),
        ("Смирнов", False),
    ):
        card = PersonDialog(ws, window, people[name])
        qtbot.addWidget(card)
        (card.mentor_check if mentor else card.mentee_check).setChecked(True)
        if name == "Кузнецова":
            card.tabs.setCurrentIndex(2)
            shots.take(qtbot, card, "person-mentee")
        with qtbot.waitSignal(card.accepted):
            qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)

    # back to step 1 for the curator and the secretary: now it is done
    _click_step(qtbot, window, Place.SCHOOL)
    assert school.get_school(db).curator_id == people["Петров"]
    assert _state(window, Place.SCHOOL) == State.DONE

    # STEP 3: the implementation order from its step, numbered and signed
    _click_step(qtbot, window, Place.ORDER_IMPLEMENTATION)
    orders_window = window.orders_dialog
    assert orders_window is not None, _quiet
    editor = orders_window.editors[None]
    assert editor.kind == "implementation"
    editor.number.setText("101")
    shots.take(qtbot, editor, "order-implementation")
    editor.status.setCurrentIndex(editor.status.findData("signed"))
    assert editor.store()
    editor.close()
    assert [(o.kind, o.number, o.status) for o in orders.list_orders(db)] == [
        ("implementation", "101", "signed")
    ]
    window.today.reload()
    assert _state(window, Place.ORDER_IMPLEMENTATION) == State.DONE

    # STEP 4: a diagnostic round of the mentee (two red deficits) and the mentor's strength
    levels = {lv.severity: lv.id for lv in grid_state.levels(db)}
    dirs = grid_state.directions(db)
    _click_step(qtbot, window, Place.GRID)
    grid = window.grid
    assert window.tabs.currentWidget() is grid
    for name in ("Кузнецова", "Иванова", "Смирнов", "Петров"):
        _select_teacher(grid, people[name])
        round_dialog = grid.card.new_round()
        assert round_dialog is not None
        round_dialog.date.set_date(dt.date.today())
        with qtbot.waitSignal(round_dialog.accepted):
            qtbot.mouseClick(round_dialog.save_button, Qt.MouseButton.LeftButton)
        if name == "Кузнецова":
            _edit_cell(
                qtbot, grid, ROW_DEFICIT, 0, "не выстроена система оценивания", levels[2], True
            )
            _edit_cell(qtbot, grid, ROW_DEFICIT, 2, "не использует цифровые ресурсы", levels[2])
        elif name == "Иванова":
            _edit_cell(qtbot, grid, ROW_STRENGTH, 0, "разработала систему оценивания", levels[0])
            _edit_cell(qtbot, grid, ROW_STRENGTH, 2, "ведёт курс по ЦОР", levels[0])
        elif name == "Смирнов":
            _edit_cell(qtbot, grid, ROW_DEFICIT, 1, "мало приёмов работы с классом", levels[1])
        else:
            _edit_cell(qtbot, grid, ROW_STRENGTH, 1, "опытный классный руководитель", levels[0])
    _select_teacher(grid, people["Кузнецова"])
    shots.take(qtbot, window, "window-grid")
    window.today.reload()
    assert _state(window, Place.GRID) == State.DONE
    red = [d.id for d in dirs[:3:2]]

    # STEP 5: a pair from the suggestions (the mentor with the matching strengths first)
    _click_step(qtbot, window, Place.PAIRS)
    assert window.tabs.currentWidget() is window.pairs
    suggestions = SuggestionsDialog(ws, [people["Кузнецова"]], parent=window)
    qtbot.addWidget(suggestions)
    shots.take(qtbot, suggestions, "suggestions")
    assert suggestions.mentor_model.rows[0].person_id == people["Иванова"]
    suggestions.choose_row("mentor", 0)
    pair_dialog = PairDialog(ws, window, None, people["Кузнецова"])
    qtbot.addWidget(pair_dialog)
    pair_dialog.apply_choice(*suggestions.chosen)
    year = dt.date.today().year if dt.date.today().month >= 9 else dt.date.today().year - 1
    start, end = dt.date.today() + dt.timedelta(days=1), dt.date(year + 1, 5, 31)
    for key, value in (("start_date", start), ("end_date", end)):
        pair_dialog.fields[key].clear()  # type: ignore[attr-defined]
        type_text(qtbot, pair_dialog.fields[key], value.strftime("%d.%m.%Y"))
    pair_dialog.fields["form"].set_text("учитель – учитель")  # type: ignore[attr-defined]
    pair_dialog.kinds.set_values(["традиционное («один на один»)"])
    for row in range(pair_dialog.directions.rowCount()):
        item = pair_dialog.directions.item(row, 0)
        if item.data(Qt.ItemDataRole.UserRole) in red or item.text() in {
            d.name for d in dirs[:3:2]
        }:
            item.setCheckState(Qt.CheckState.Checked)
    shots.take(qtbot, pair_dialog, "pair")
    with qtbot.waitSignal(pair_dialog.accepted):
        qtbot.mouseClick(pair_dialog.save_button, Qt.MouseButton.LeftButton)
    [pair] = pairs.list_pairs(db)
    assert (pair.mentor_id, [m.id for m in pair.mentees]) == (
        people["Иванова"],
        [people["Кузнецова"]],
    )

    # STEP 6: a program drafted from the diagnosis
    _click_step(qtbot, window, Place.PROGRAMS)
    assert window.tabs.currentWidget() is window.programs
    create = CreateProgramDialog(ws, window)
    qtbot.addWidget(create)
    shots.take(qtbot, create, "program-create")
    assert create.save()
    program = programs.get_program(db, create.program_id)  # type: ignore[arg-type]
    covered = {item.direction_id for item in program.items if item.event_form}
    names = {d.id: d.name for d in dirs}
    # THEN every red deficit of the mentee has an activity of its own in the roadmap
    for direction_id in red:
        assert direction_id in covered, f"нет мероприятий по «{names[direction_id]}»"
    assert program.note.end_date == end  # the term of the pair, not shortened

    # STEP 7: the pairs order from its step, signed and printed
    _click_step(qtbot, window, Place.ORDER_PAIRS)
    editor = orders_window.editors[None]
    assert editor.kind == "pairs"
    editor.number.setText("102")
    editor.status.setCurrentIndex(editor.status.findData("signed"))
    target = tmp_path / "приказ 102.docx"
    editor.printer.choose_file = lambda suggested: target  # type: ignore[method-assign]
    shots.take(qtbot, editor, "order-pairs")
    with qtbot.waitSignal(editor.printer.finished, timeout=TIMEOUT) as signal:
        editor.printer.button.click()
    result: PrintResult = signal.args[0]
    assert result.target == target
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    tables = "\n".join(
        c.text for t in docx.Document(str(target)).tables for r in t.rows for c in r.cells
    )
    assert "102" in text and "Кузнецова" in tables and "Иванова" in tables
    assert pairs.get_pair(db, pair.id).order_number == "102"
    window.tabs.setCurrentWidget(window.today)
    window.today.reload()
    shots.take(qtbot, window, "window-done")
    # THEN the path shows steps 1–4, 6 and 7 done; step 5 waits for Смирнов's pair
    done = [row.step.number for row in window.today.path_panel.rows if row.step.state == State.DONE]
    assert (
        "в паре или группе 1 из 2 наставляемых"
        in window.today.path_panel.row(Place.PAIRS).step.detail
    )
    assert done == [1, 2, 3, 4, 6, 7], "\n".join(r.step.label for r in window.today.path_panel.rows)
    assert len(shots.saved) == 11
