"""Every window and dialog of app/ui fits a school PC: 1366×768 with a taskbar (≤ 1366×700).

Each QDialog/QMainWindow subclass under app/ui is built from the demo school by an entry of
``FACTORIES`` (a new dialog without an entry fails ``test_every_dialog_has_a_factory``), shown
offscreen, and checked on every tab page it has: it opens at most 1366×700, its minimum size
after layout fits that, and every button lies inside it. A screenshot of each page at the size a curator gets is
saved under the test's ``tmp_path`` and, when ``KURATOR_SHOTS`` names a folder, there as
``screens-<name>.png``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import os
import pkgutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import app.ui
from app.services.grid import diagnostics
from app.services.municipal import store as municipal
from app.services.orders import order_prefill, orders
from app.services.pairs import pairs
from app.services.people import persons
from app.services.programs import programs
from app.services.storage import exchange
from app.services.storage.workspace import Workspace
from app.ui.grid.grid_round_dialog import RoundDialog
from app.ui.monitoring.monitoring_dialog import IndicatorsDialog
from app.ui.monitoring.questionnaire_answers import AnswersDialog
from app.ui.monitoring.report_dialog import MonthPlanDialog, ReportDialog
from app.ui.municipal import municipal_window
from app.ui.orders.order_columns import ColumnsDialog
from app.ui.orders.order_editor import OrderEditor
from app.ui.orders.order_people import PersonPicker
from app.ui.orders.orders_dialog import KindDialog
from app.ui.pairs.pair_change_dialog import PairChangeDialog
from app.ui.pairs.pair_dialog import PairDialog
from app.ui.pairs.suggestions_dialog import SuggestionsDialog
from app.ui.people.person_dialog import PersonDialog
from app.ui.programs.program_journal import PeriodDialog
from app.ui.school.reference_dialog import ReferenceListsDialog
from app.ui.storage.file_actions import FileActions
from app.ui.window.main_window import MainWindow
from tests.prebuilt import DemoSchool

LIMIT = QSize(1366, 700)
# Bases that are never shown on their own (their subclasses are).
ABSTRACT = {"app.ui.common.widgets.GuardedDialog"}

Case = tuple[str, QWidget]
Factory = Callable[[Workspace, QWidget], list[Case]]


def _ui_classes() -> dict[str, type]:
    """Every QDialog / QMainWindow subclass defined in a module under app/ui."""
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(app.ui.__path__, "app.ui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, (QDialog, QMainWindow)):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return {k: v for k, v in found.items() if k not in ABSTRACT}


# -- the factories: what each dialog needs from the demo school -------------------------------


def _group_program(ws: Workspace) -> int:
    rows = programs.list_programs(ws.db)
    return next((r for r in rows if r.is_group), rows[0]).id


def _main_window(ws: Workspace, parent: QWidget) -> list[Case]:
    list_window = MainWindow(ws)
    editor_window = MainWindow(ws)
    editor_window.tabs.setCurrentWidget(editor_window._programs_page)
    editor_window.programs.open_program(_group_program(ws))
    # a program just drafted: the summary of what it was drafted from stands above the roadmap
    draft_window = MainWindow(ws)
    draft_window.tabs.setCurrentWidget(draft_window._programs_page)
    choice = min(programs.pair_choices(ws.db), key=lambda c: c.programs)
    drafted = programs.create_program_draft(ws.db, choice.id)
    draft_window.programs.open_program(drafted.program_id)
    draft_window.programs.editor.show_draft(drafted.summary)
    cases: list[Case] = [
        ("main", list_window),
        ("main-program", editor_window),
        ("main-program-draft", draft_window),
    ]
    for view, name in ((1, "main-grid-school"), (2, "main-grid-compare")):
        grid_window = MainWindow(ws)
        grid_window.tabs.setCurrentWidget(grid_window._grid_page)
        grid_window.grid.set_view(view)
        cases.append((name, grid_window))
    return cases


def _file_actions(ws: Workspace, parent: QWidget) -> FileActions:
    return FileActions(ws, parent, on_data_replaced=lambda: None)


def _order_editors(ws: Workspace, parent: QWidget) -> list[Case]:
    cases: list[Case] = []
    stored = {row.kind: row.id for row in orders.list_orders(ws.db)}
    for kind in order_prefill.AVAILABLE_KINDS:
        data = (
            orders.get_order(ws.db, stored[kind])
            if kind in stored
            else order_prefill.new_order(ws.db, kind)
        )
        cases.append((f"order-{kind}", OrderEditor(ws, data, parent)))
    return cases


def _pair_dialogs(ws: Workspace, parent: QWidget) -> list[Case]:
    group = next(r for r in pairs.list_pairs(ws.db) if r.is_group)
    return [
        ("pair-new", PairDialog(ws, parent)),
        ("pair-group", PairDialog(ws, parent, pair_id=group.id)),
    ]


def _pair_change(ws: Workspace, parent: QWidget) -> list[Case]:
    row = next(r for r in pairs.list_pairs(ws.db) if r.status == "active")
    return [
        (f"pair-change-{mode}", PairChangeDialog(ws, row, mode, parent)) for mode in ("term", "end")
    ]


def _suggestions(ws: Workspace, parent: QWidget) -> list[Case]:
    mentee = pairs.list_pairs(ws.db)[0].mentees[0].id
    return [("suggestions", SuggestionsDialog(ws, [mentee], parent=parent))]


def _round(ws: Workspace, parent: QWidget) -> list[Case]:
    first = diagnostics.list_rounds(ws.db)[0]
    name = persons.get_person(ws.db, first.person_id).last_name
    return [
        ("round-new", RoundDialog(ws, first.person_id, name, None, parent)),
        ("round-edit", RoundDialog(ws, first.person_id, name, first.id, parent)),
    ]


def _period(ws: Workspace, parent: QWidget) -> list[Case]:
    data = programs.get_program(ws.db, _group_program(ws))
    return [("program-period", PeriodDialog(ws, data, parent))]


def _person(ws: Workspace, parent: QWidget) -> list[Case]:
    someone = persons.list_persons(ws.db)[0].id
    return [
        ("person-new", PersonDialog(ws, parent)),
        ("person-edit", PersonDialog(ws, parent, someone)),
    ]


def _picker(ws: Workspace, parent: QWidget) -> list[Case]:
    return [("person-picker", PersonPicker(persons.list_persons(ws.db), parent))]


def _columns(ws: Workspace, parent: QWidget) -> list[Case]:
    return [
        (f"columns-{base}", ColumnsDialog(ws.db, base, parent)) for base in ("mentors", "mentees")
    ]


def _indicators(ws: Workspace, parent: QWidget) -> list[Case]:
    return [
        ("indicators", IndicatorsDialog(ws, parent)),
        ("indicators-program", IndicatorsDialog(ws, parent, program_id=_group_program(ws))),
    ]


def _answers(ws: Workspace, parent: QWidget) -> list[Case]:
    return [("answers", AnswersDialog(ws, parent, program_id=_group_program(ws)))]


def _report(ws: Workspace, parent: QWidget) -> list[Case]:
    return [("halfyear-report", ReportDialog(ws, _file_actions(ws, parent), parent))]


def _month_plan(ws: Workspace, parent: QWidget) -> list[Case]:
    return [("month-plan", MonthPlanDialog(_file_actions(ws, parent), parent))]


def _generic(name: str, cls_path: str) -> Factory:
    """A dialog built as ``Cls(ws, parent)``."""

    def make(ws: Workspace, parent: QWidget) -> list[Case]:
        module, _, cls_name = cls_path.rpartition(".")
        cls = getattr(importlib.import_module(module), cls_name)
        return [(name, cls(ws, parent))]

    return make


def _references(ws: Workspace, parent: QWidget) -> list[Case]:
    lists = ReferenceListsDialog(ws, parent)
    activities = ReferenceListsDialog(ws, parent)
    activities.kinds.setCurrentRow(activities.kinds.count() - 1)  # «Мероприятия программы»
    return [("references", lists), ("references-activities", activities)]


def _kind(ws: Workspace, parent: QWidget) -> list[Case]:
    return [("order-kind", KindDialog(parent))]


def _generic_entry(cls_path: str) -> tuple[str, Factory]:
    name = cls_path.rpartition(".")[2]
    return cls_path, _generic(name, cls_path)


def _store(ws: Workspace) -> municipal.MunicipalStore:
    """The methodical office's store holding the demo school (in a folder of its own)."""
    folder = Path(tempfile.mkdtemp(prefix="kurator-gmk-"))
    exchange.export_data(ws.db, folder / "school.json")
    store = municipal.open_store(folder / "store")
    municipal.add_file(store, folder / "school.json")
    return store


def _municipal(ws: Workspace, parent: QWidget) -> list[Case]:
    return [("municipal", municipal_window.MunicipalWindow(_store(ws)))]


def _municipal_grid(ws: Workspace, parent: QWidget) -> list[Case]:
    store = _store(ws)
    [school] = municipal.list_schools(store)
    return [("municipal-grid", municipal_window.GridDialog(store, school.id, parent))]


def _municipal_period(ws: Workspace, parent: QWidget) -> list[Case]:
    return [("municipal-period", municipal_window.PeriodDialog(parent, dt.date(2026, 12, 4)))]


FACTORIES: dict[str, Factory] = {
    "app.ui.municipal.municipal_window.MunicipalWindow": _municipal,
    "app.ui.municipal.municipal_window.GridDialog": _municipal_grid,
    "app.ui.municipal.municipal_window.PeriodDialog": _municipal_period,
    "app.ui.window.main_window.MainWindow": _main_window,
    "app.ui.orders.order_editor.OrderEditor": _order_editors,
    "app.ui.orders.orders_dialog.KindDialog": _kind,
    "app.ui.school.reference_dialog.ReferenceListsDialog": _references,
    "app.ui.orders.order_people.PersonPicker": _picker,
    "app.ui.orders.order_columns.ColumnsDialog": _columns,
    "app.ui.pairs.pair_dialog.PairDialog": _pair_dialogs,
    "app.ui.pairs.pair_change_dialog.PairChangeDialog": _pair_change,
    "app.ui.pairs.suggestions_dialog.SuggestionsDialog": _suggestions,
    "app.ui.grid.grid_round_dialog.RoundDialog": _round,
    "app.ui.programs.program_journal.PeriodDialog": _period,
    "app.ui.people.person_dialog.PersonDialog": _person,
    "app.ui.monitoring.monitoring_dialog.IndicatorsDialog": _indicators,
    "app.ui.monitoring.questionnaire_answers.AnswersDialog": _answers,
    "app.ui.monitoring.report_dialog.ReportDialog": _report,
    "app.ui.monitoring.report_dialog.MonthPlanDialog": _month_plan,
    **dict(
        _generic_entry(path)
        for path in (
            "app.ui.orders.orders_dialog.OrdersDialog",
            "app.ui.pairs.suggestions_settings.WeightsDialog",
            "app.ui.programs.program_create_dialog.CreateProgramDialog",
            "app.ui.school.school_dialog.SchoolDialog",
            "app.ui.school.page_settings_dialog.PageSettingsDialog",
            "app.ui.monitoring.questionnaire_editor.QuestionnairesDialog",
            "app.ui.grid.directions_dialog.DirectionsDialog",
            "app.ui.people.import_dialog.StaffImportDialog",
            "app.ui.people.consent_text_dialog.ConsentTextDialog",
        )
    ),
}


# -- measuring ---------------------------------------------------------------------------------


def _minimum(window: QWidget) -> QSize:
    layout = window.layout()
    if layout is not None:
        layout.activate()
    return window.minimumSize().expandedTo(window.minimumSizeHint())


def _outside_buttons(window: QWidget) -> list[str]:
    """Visible buttons not wholly inside 1366×700 (a button in a scrolling area counts by
    the area, which scrolls to it)."""
    limit = QRect(0, 0, LIMIT.width(), LIMIT.height())
    visible = window.rect().intersected(limit)
    out = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or button.window() is not window:
            continue
        anchor: QWidget = button
        parent = button.parentWidget()
        while parent is not None and parent is not window:
            if isinstance(parent, QAbstractScrollArea):
                anchor = parent
                break
            parent = parent.parentWidget()
        rect = QRect(anchor.mapTo(window, anchor.rect().topLeft()), anchor.size())
        if not visible.contains(rect):
            out.append(f"«{button.text() or button.objectName()}» at {rect.getRect()}")
    return out


def _pages(window: QWidget) -> Iterator[str]:
    """Show every tab page of ``window`` in turn (nested tabs too); yields a suffix each."""
    yield ""
    visited: set[int] = set()

    def walk(prefix: str) -> Iterator[str]:
        for tabs in window.findChildren(QTabWidget):
            if id(tabs) in visited or not tabs.isVisibleTo(window):
                continue
            visited.add(id(tabs))
            for i in range(tabs.count()):
                if not tabs.isTabVisible(i):
                    continue
                tabs.setCurrentIndex(i)
                QApplication.processEvents()
                label = f"{prefix}-{i}"
                yield label
                yield from walk(label)

    yield from walk("")


def _shot_folders(tmp_path: Path) -> list[Path]:
    folders = [tmp_path / "shots"]
    if os.environ.get("KURATOR_SHOTS"):
        folders.append(Path(os.environ["KURATOR_SHOTS"]))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    return folders


def test_every_dialog_has_a_factory() -> None:
    # GIVEN every window and dialog class of app/ui
    classes = set(_ui_classes())
    # THEN each has a factory here (a new dialog must be added to FACTORIES) and no stale one
    assert classes - set(FACTORIES) == set(), "new dialogs without an entry in FACTORIES"
    assert set(FACTORIES) - classes == set(), "FACTORIES names classes that are gone"


@pytest.mark.parametrize("cls_path", sorted(FACTORIES))
def test_window_fits_1366x700(
    qtbot, demo_school: DemoSchool, tmp_path: Path, cls_path: str
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the demo school and the window or dialog built from it
    ws = demo_school()
    owner = QWidget()
    qtbot.addWidget(owner)
    cases = FACTORIES[cls_path](ws, owner)
    assert cases, cls_path
    folders = _shot_folders(tmp_path)
    problems: list[str] = []
    for name, window in cases:
        if window.parent() is None:
            qtbot.addWidget(window)
        # WHEN it is shown at the size a curator gets (at most 1366×700)
        window.show()
        qtbot.waitExposed(window)
        opened = window.size()
        if opened.width() > LIMIT.width() or opened.height() > LIMIT.height():
            problems.append(f"{name}: opens at {opened.width()}×{opened.height()}")
        for suffix in _pages(window):
            minimum = _minimum(window)
            size = window.size().boundedTo(LIMIT).expandedTo(minimum)
            window.resize(size)
            QApplication.processEvents()
            for folder in folders:
                window.grab().save(str(folder / f"screens-{name}{suffix}.png"))
            # THEN its minimum size fits and no button lies outside 1366×700
            if minimum.width() > LIMIT.width() or minimum.height() > LIMIT.height():
                problems.append(f"{name}{suffix}: minimum {minimum.width()}×{minimum.height()}")
            problems += [f"{name}{suffix}: {b}" for b in _outside_buttons(window)]
        window.hide()
    assert problems == []


def test_the_check_finds_a_dialog_too_big_and_a_button_below_the_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a dialog whose form needs 760 pixels of height, its button under the form
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QWidget()
    form.setMinimumHeight(760)
    layout = QVBoxLayout(dialog)
    layout.addWidget(form)
    layout.addWidget(QPushButton("Сохранить"))
    dialog.show()
    # WHEN it is measured, THEN both faults are found
    assert _minimum(dialog).height() > LIMIT.height()
    assert [line.split(" at ")[0] for line in _outside_buttons(dialog)] == ["«Сохранить»"]
