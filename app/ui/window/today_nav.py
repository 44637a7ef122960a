"""Opening the place a «Сегодня» line points to: a program's roadmap row, a pair, a person,
the half-year report; and the monitoring actions of the tab (kept out of the main window)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar, QTabWidget, QWidget

log = logging.getLogger(__name__)

MENU = {
    "menu": "&Мониторинг",
    "questionnaires": "Анкеты: вопросы…",
    "answers": "Ввести анкеты участников…",
    "indicators": "Показатели мониторинга программы…",
    "report": "Справка за полугодие…",
    "plan": "План работы на месяц…",
}


def build_menu(window: Any, bar: QMenuBar) -> QMenu:
    """The «Мониторинг» menu, placed before the last (help) menu."""
    menu = QMenu(MENU["menu"], bar)
    for key in ("answers", "indicators", "questionnaires", None, "report", "plan"):
        if key is None:
            menu.addSeparator()
            continue
        menu.addAction(MENU[key]).triggered.connect(
            lambda _=False, k=key: run_action(window, k))
    actions = bar.actions()
    if actions:
        bar.insertMenu(actions[-1], menu)
    else:
        bar.addMenu(menu)
    return menu


def _show_tab(window: QMainWindow, widget: QWidget | None) -> bool:
    tabs = window.centralWidget()
    if widget is None or not isinstance(tabs, QTabWidget):
        return False
    index = tabs.indexOf(widget)
    if index < 0:
        return False
    tabs.setCurrentIndex(index)
    return True


def open_target(window: Any, target: tuple[object, ...]) -> bool:
    """Go to ``target`` (see ``today.AttentionItem``); False when that place is missing."""
    kind = target[0]
    if kind == "program":
        tab = getattr(window, "programs", None)
        if tab is None or not hasattr(tab, "open_program"):
            log.warning("no programs tab to open %s", target)
            return False
        _show_tab(window, tab)
        item = target[2] if len(target) > 2 else None
        return bool(tab.open_program(int(str(target[1])),
                                     None if item is None else int(str(item))))
    if kind == "pair":
        tab = getattr(window, "pairs", None)
        if tab is None:
            return False
        _show_tab(window, tab)
        pair_id = int(str(target[1]))
        tab.reload()  # the pair may be newer than the tab's list
        return bool(tab.select_pair(pair_id))
    if kind == "person":
        tab = getattr(window, "participants", None)
        if tab is None:
            return False
        _show_tab(window, tab)
        tab.select_person(int(str(target[1])))
        return tab.open_dialog(int(str(target[1]))) is not None
    if kind == "report":
        from app.ui.monitoring.report_dialog import ReportDialog

        start, end = target[1], target[2]
        assert isinstance(start, dt.date) and isinstance(end, dt.date)
        window.report_dialog = ReportDialog(window.ws, window.file_actions, window,
                                            start=start, end=end)
        _refresh_on_close(window, window.report_dialog)
        window.report_dialog.show()
        return True
    return False


def run_action(window: Any, key: str) -> QWidget | None:
    """The tab's buttons: «Ввести анкеты…», «Показатели…», «План на месяц…», «Справка…»."""
    dialog: QWidget | None = None
    if key == "answers":
        from app.ui.monitoring.questionnaire_answers import AnswersDialog

        dialog = AnswersDialog(window.ws, window)
    elif key == "indicators":
        from app.ui.monitoring.monitoring_dialog import IndicatorsDialog

        dialog = IndicatorsDialog(window.ws, window)
    elif key == "plan":
        from app.ui.monitoring.report_dialog import MonthPlanDialog

        dialog = MonthPlanDialog(window.file_actions, window)
    elif key == "report":
        from app.ui.monitoring.report_dialog import ReportDialog

        dialog = ReportDialog(window.ws, window.file_actions, window)
    elif key == "questionnaires":
        from app.ui.monitoring.questionnaire_editor import QuestionnairesDialog

        dialog = QuestionnairesDialog(window.ws, window)
    if dialog is not None:
        window.monitoring_dialog = dialog  # kept alive while shown
        _refresh_on_close(window, dialog)
        dialog.show()
    return dialog


def _refresh_on_close(window: Any, dialog: QWidget) -> None:
    """What was entered may settle a «Сегодня» line: re-read the list when the dialog closes."""
    today_tab = getattr(window, "today", None)
    finished = getattr(dialog, "finished", None)
    if today_tab is not None and finished is not None:
        finished.connect(lambda _code: today_tab.reload())
