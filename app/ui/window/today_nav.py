"""The main window's navigation from «Сегодня»: opening the place a line points to (a
program's roadmap row, a pair, a person, the half-year report), the place of a step of
«С чего начать», and the «Мониторинг» actions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar, QTabWidget, QWidget

from app.services.agenda.start_path import State
from app.services.storage.workspace import Workspace
from app.ui.agenda.start_path_panel import ORDER_KINDS
from app.ui.storage.file_actions import FileActions

if TYPE_CHECKING:
    from app.ui.agenda.today_tab import TodayTab
    from app.ui.grid.grid_tab import GridTab
    from app.ui.orders.orders_dialog import OrdersDialog
    from app.ui.pairs.pairs_tab import PairsTab
    from app.ui.people.participants_tab import ParticipantsTab
    from app.ui.programs.programs_tab import ProgramsTab

MENU = {
    "menu": "&Мониторинг",
    "questionnaires": "Анкеты: вопросы…",
    "answers": "Ввести анкеты участников…",
    "indicators": "Показатели мониторинга программы…",
    "report": "Справка за полугодие…",
    "plan": "План работы на месяц…",
}


class NavigableWindow(Protocol):
    """What the navigator reads from the main window that owns it (the tabs it switches to)."""

    @property
    def ws(self) -> Workspace: ...

    @property
    def tabs(self) -> QTabWidget: ...

    @property
    def today(self) -> TodayTab: ...

    @property
    def participants(self) -> ParticipantsTab: ...

    @property
    def file_actions(self) -> FileActions: ...

    @property
    def pairs(self) -> PairsTab: ...

    @property
    def programs(self) -> ProgramsTab: ...

    @property
    def grid(self) -> GridTab: ...

    def edit_school(self) -> QWidget: ...

    def show_orders(self) -> OrdersDialog: ...


# «С чего начать»: the order kind each order step opens, by the step's action key
STEP_ORDERS = {place.value: kind for place, kind in ORDER_KINDS.items()}


class TodayNavigator:
    """Owned by the main window, which calls ``open_target`` / ``run_action`` from the
    «Сегодня» tab and the «Мониторинг» menu; it keeps the dialogs it opens alive."""

    def __init__(self, window: NavigableWindow, parent: QMainWindow) -> None:
        self.window = window
        self.parent = parent  # the same window, as the Qt parent of the dialogs
        self.report_dialog: QWidget | None = None  # the last «Справка за полугодие» opened
        self.monitoring_dialog: QWidget | None = None  # the last monitoring dialog opened

    def build_menu(self, bar: QMenuBar) -> QMenu:
        """The «Мониторинг» menu, placed before the last (help) menu."""
        menu = QMenu(MENU["menu"], bar)
        for key in ("answers", "indicators", "questionnaires", None, "report", "plan"):
            if key is None:
                menu.addSeparator()
                continue
            menu.addAction(MENU[key]).triggered.connect(lambda _=False, k=key: self.run_action(k))
        actions = bar.actions()
        if actions:
            bar.insertMenu(actions[-1], menu)
        else:
            bar.addMenu(menu)
        return menu

    def _show_tab(self, widget: QWidget) -> None:
        tabs = self.window.tabs
        index = tabs.indexOf(widget)
        if index >= 0:
            tabs.setCurrentIndex(index)

    def open_target(self, target: tuple[object, ...]) -> bool:
        """Go to ``target`` (see ``today.AttentionItem``); False when that place is missing."""
        kind = target[0]
        if kind == "program":
            programs_tab = self.window.programs
            self._show_tab(programs_tab)
            item = target[2] if len(target) > 2 else None
            return bool(
                programs_tab.open_program(
                    int(str(target[1])), None if item is None else int(str(item))
                )
            )
        if kind == "pair":
            pairs_tab = self.window.pairs
            self._show_tab(pairs_tab)
            pairs_tab.reload()  # the pair may be newer than the tab's list
            return bool(pairs_tab.select_pair(int(str(target[1]))))
        if kind == "person":
            people = self.window.participants
            self._show_tab(people)
            people.select_person(int(str(target[1])))
            return people.open_dialog(int(str(target[1]))) is not None
        if kind == "report":
            # deferred: the monitoring dialogs are built on first use, not at start-up
            from app.ui.monitoring.report_dialog import ReportDialog  # deferred

            start, end = target[1], target[2]
            assert isinstance(start, dt.date) and isinstance(end, dt.date)
            dialog = ReportDialog(
                self.window.ws, self.window.file_actions, self.parent, start=start, end=end
            )
            self.report_dialog = dialog
            self._refresh_on_close(dialog)
            dialog.show()
            return True
        return False

    def open_step(self, key: str) -> QWidget | None:
        """Open the place of a step of «С чего начать» (the keys of
        ``start_path_panel.step_actions``); returns the dialog or tab opened."""
        w = self.window
        opened: QWidget | None = None
        if key == "school":
            opened = w.edit_school()  # modal: the requisites are saved when this returns
        elif key in ("import_staff", "add_person"):
            people = w.participants
            self._show_tab(people)
            if key == "import_staff":
                people.import_staff()
                opened = people
            else:
                opened = people.open_dialog(None)
        elif key in STEP_ORDERS:
            dialog = w.show_orders()
            path = w.today.path_panel.path
            done = path is not None and any(
                s.place.value == key and s.state == State.DONE for s in path.steps
            )
            opened = dialog.open_kind(STEP_ORDERS[key], fresh=not done) or dialog
            self._refresh_on_close(opened)
        elif key == "grid":
            opened = w.grid
            self._show_tab(opened)
        elif key == "pairs":
            opened = w.pairs
            self._show_tab(opened)
        elif key == "programs":
            opened = w.programs
            self._show_tab(opened)
        elif key in ("answers", "report"):
            opened = self.run_action(key)
        w.today.reload()
        return opened

    def run_action(self, key: str) -> QWidget | None:
        """The tab's buttons: «Ввести анкеты…», «Показатели…», «План на месяц…», «Справка…»."""
        # deferred (each branch): the monitoring dialogs are imported on first use, not at
        # start-up
        ws, parent = self.window.ws, self.parent
        dialog: QWidget | None = None
        if key == "answers":
            from app.ui.monitoring.questionnaire_answers import AnswersDialog  # deferred

            dialog = AnswersDialog(ws, parent)
        elif key == "indicators":
            from app.ui.monitoring.monitoring_dialog import IndicatorsDialog  # deferred

            dialog = IndicatorsDialog(ws, parent)
        elif key == "plan":
            from app.ui.monitoring.report_dialog import MonthPlanDialog  # deferred

            dialog = MonthPlanDialog(self.window.file_actions, parent)
        elif key == "report":
            from app.ui.monitoring.report_dialog import ReportDialog  # deferred

            dialog = ReportDialog(ws, self.window.file_actions, parent)
        elif key == "questionnaires":
            from app.ui.monitoring.questionnaire_editor import QuestionnairesDialog  # deferred

            dialog = QuestionnairesDialog(ws, parent)
        if dialog is not None:
            self.monitoring_dialog = dialog  # kept alive while shown
            self._refresh_on_close(dialog)
            dialog.show()
        return dialog

    def _refresh_on_close(self, dialog: QWidget) -> None:
        """What was entered may settle a «Сегодня» line: re-read the list when it closes."""
        finished = getattr(dialog, "finished", None)
        if finished is not None:
            today_tab = self.window.today
            finished.connect(lambda _code: today_tab.reload())
