"""The half-year report dialog warns when the saved conclusions were written before the
figures changed, and offers to refresh them."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.services.monitoring import halfyear_periods
from app.services.programs import programs, programs_items
from app.services.storage.workspace import Workspace
from app.ui.common import widgets
from app.ui.monitoring.report_dialog import ReportDialog
from app.ui.storage.file_actions import FileActions
from tests.services import monitoring_fixtures as f

AUTUMN = (dt.date(2026, 9, 1), dt.date(2026, 12, 31))
DAY = dt.date(2026, 12, 15)


@pytest.fixture(autouse=True)
def _discard_on_teardown(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ReportDialog, "ask_save_changes", lambda parent: widgets.DISCARD)


def _dialog(qtbot, ws: Workspace) -> ReportDialog:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    d = ReportDialog(
        ws, FileActions(ws, window, lambda: None), window, start=AUTUMN[0], end=AUTUMN[1], today=DAY
    )
    qtbot.addWidget(d)
    d.show()
    return d


def test_changed_figures_are_pointed_out_and_the_texts_refreshed(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the autumn report's texts saved in the dialog (the curator's own conclusion)
    sch = f.reported_school(ws.db)
    d = _dialog(qtbot, ws)
    assert not d.outdated.isVisible()
    assert "выполнено 2 (67 %), просрочено 1 (на 15.12.2026)." in d.conclusions.toPlainText()
    d.conclusions.setPlainText("Выполнено 2 мероприятия из 3, одно просрочено.")
    assert d.save_texts()
    saved_on = halfyear_periods.find_report(ws.db, *AUTUMN)
    assert saved_on is not None and saved_on.texts_saved_at is not None
    d.close()
    # WHEN the overdue row is marked done afterwards and the dialog is opened again
    row = next(
        i.id
        for i in programs.get_program(ws.db, sch.program_id).items
        if i.event_form == "Взаимопосещение"
    )
    programs_items.update_item(ws.db, row, mark="done", mark_date=DAY)
    d = _dialog(qtbot, ws)
    # THEN it warns that the data changed after the day the texts were saved, and what
    assert d.outdated.isVisible()
    assert d.outdated_text.text().startswith(
        f"Данные изменились после {saved_on.texts_saved_at:%d.%m.%Y}: выполнено мероприятий: "
        "было 2, стало 3; просрочено мероприятий: было 1, стало 0."
    )
    assert d.conclusions.toPlainText() == "Выполнено 2 мероприятия из 3, одно просрочено."
    # WHEN «Обновить выводы по новым цифрам» is clicked
    qtbot.mouseClick(d.refresh_button, Qt.MouseButton.LeftButton)
    # THEN the texts are worded from today's figures and the warning is gone
    assert "выполнено 3 (100 %), просрочено 0 (на 15.12.2026)." in d.conclusions.toPlainText()
    assert not d.outdated.isVisible()
    # WHEN they are saved and the dialog opened again THEN there is nothing to warn about
    assert d.save_texts()
    d.close()
    d = _dialog(qtbot, ws)
    assert not d.outdated.isVisible()


def test_keeping_the_texts_marks_the_figures_checked(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN saved texts and a figure changed afterwards
    sch = f.reported_school(ws.db)
    d = _dialog(qtbot, ws)
    assert d.save_texts()
    d.close()
    f.item(ws.db, sch.program_id, sch.dirs[4], "Консультация", dt.date(2026, 12, 1))
    d = _dialog(qtbot, ws)
    assert d.outdated.isVisible()
    assert "просрочено мероприятий: было 1, стало 2" in d.outdated_text.text()
    # WHEN «Оставить мои тексты» is clicked THEN the warning goes and does not come back
    qtbot.mouseClick(d.keep_button, Qt.MouseButton.LeftButton)
    assert not d.outdated.isVisible()
    assert not d.is_modified()
    d.close()
    assert not _dialog(qtbot, ws).outdated.isVisible()


def test_texts_saved_over_another_users_texts_are_refused_and_shown_as_stored(
    qtbot, ws: Workspace
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the autumn report dialog, where the curator saves the conclusions twice in a row
    f.reported_school(ws.db)
    d = _dialog(qtbot, ws)
    d.conclusions.setPlainText("Вывод первый.")
    assert d.save_texts()
    d.conclusions.setPlainText("Вывод первый, уточнённый.")
    assert d.save_texts()
    # WHEN another user saves other texts for the same period
    held = halfyear_periods.find_report(ws.db, *AUTUMN)
    assert held is not None
    halfyear_periods.record_report(
        ws.db, *AUTUMN, "Вывод коллеги.", "Рекомендация коллеги.", seen=held.version
    )
    # AND the curator saves the texts as typed over the ones read
    d.recommendations.setPlainText("Моя рекомендация.")
    assert not d.save_texts()
    # THEN the Russian refusal is shown and the dialog holds the other user's texts
    assert d.status.text().startswith(
        "Запись «Отчёт за 01.09.2026 – 31.12.2026» изменил другой пользователь"
    )
    assert d.status.text().endswith("В окне показано то, что сохранено сейчас.")
    assert d.texts() == ("Вывод коллеги.", "Рекомендация коллеги.") and not d.is_modified()
    stored = halfyear_periods.find_report(ws.db, *AUTUMN)
    assert stored is not None and stored.conclusions == "Вывод коллеги."
    # AND «Оставить мои тексты» and a save from the texts shown go through
    d.keep_texts()
    d.recommendations.setPlainText("Рекомендация коллеги, дополненная.")
    assert d.save_texts()
    stored = halfyear_periods.find_report(ws.db, *AUTUMN)
    assert stored is not None and stored.recommendations == "Рекомендация коллеги, дополненная."
