"""Typed texts and answers in the monitoring dialogs are never dropped without a question."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from app.services.monitoring import halfyear_periods
from app.services.monitoring import questionnaires as qs
from app.services.storage.workspace import Workspace
from app.ui.common.widgets import CANCEL, DISCARD, SAVE
from app.ui.monitoring.questionnaire_answers import AnswersDialog
from app.ui.monitoring.report_dialog import ReportDialog
from app.ui.storage.file_actions import FileActions
from tests.services import monitoring_fixtures as f

AUTUMN = (dt.date(2026, 9, 1), dt.date(2026, 12, 31))
MY_TEXT = "Мой вывод: пары работают, нужен ещё один открытый урок."


def _report_dialog(qtbot, ws: Workspace) -> ReportDialog:  # type: ignore[no-untyped-def]
    f.reported_school(ws.db)
    window = QWidget()
    qtbot.addWidget(window)
    d = ReportDialog(
        ws, FileActions(ws, window, lambda: None), window, start=AUTUMN[0], end=AUTUMN[1]
    )
    qtbot.addWidget(d)
    return d


def _change_end(d: ReportDialog, text: str) -> None:
    d.date_to.setText(text)
    d.date_to.editingFinished.emit()


def test_report_keeps_typed_conclusions_when_the_period_changes(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the report dialog with the curator's own conclusions typed
    d = _report_dialog(qtbot, ws)
    worded = d.recommendations.toPlainText()
    assert d.conclusions.toPlainText().startswith("В период с 01.09.2026 по 31.12.2026")
    d.conclusions.setPlainText(MY_TEXT)
    asked: list[str] = []
    d.ask_replace = lambda field, source, period: asked.append(field) or False  # type: ignore[method-assign]
    # WHEN the end of the period is corrected and the curator keeps the text
    _change_end(d, "30.12.2026")
    # THEN only the typed field was asked about, and the typed text is still there
    assert asked == ["conclusions"]
    assert d.conclusions.toPlainText() == MY_TEXT
    # AND the untouched recommendations were worded again for the new period
    assert d.recommendations.toPlainText() == worded  # same figures: same wording
    # AND the typed text counts as unsaved: closing asks, «Сохранить» stores it for the period
    assert d.is_modified()
    d.ask_save_changes = lambda: SAVE  # type: ignore[method-assign]
    d.reject()
    saved = halfyear_periods.find_report(ws.db, dt.date(2026, 9, 1), dt.date(2026, 12, 30))
    assert saved is not None and saved.conclusions == MY_TEXT


def test_report_replaces_typed_text_only_when_the_curator_agrees(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    d = _report_dialog(qtbot, ws)
    d.conclusions.setPlainText(MY_TEXT)
    d.ask_replace = lambda field, source, period: source == "figures"  # type: ignore[method-assign]
    # WHEN the period changes and the curator answers «Заменить»
    _change_end(d, "30.12.2026")
    # THEN the conclusions are worded from the new period's figures and nothing is unsaved
    assert d.conclusions.toPlainText().startswith("В период с 01.09.2026 по 30.12.2026")
    assert not d.is_modified()


def test_report_refill_asks_before_dropping_typed_text(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    d = _report_dialog(qtbot, ws)
    d.recommendations.setPlainText("Провести семинар.")
    d.ask_replace = lambda field, source, period: False  # type: ignore[method-assign]
    # WHEN «Заполнить по данным заново» is pressed and the curator keeps the text
    d.load_texts(force_defaults=True)
    # THEN the typed recommendation stays, and closing with it unsaved asks first
    assert d.recommendations.toPlainText() == "Провести семинар."
    d.show()
    d.ask_save_changes = lambda: CANCEL  # type: ignore[method-assign]
    d.reject()
    assert d.isVisible()
    d.ask_save_changes = lambda: DISCARD  # type: ignore[method-assign]
    d.reject()
    assert not d.isVisible()
    assert halfyear_periods.find_report(ws.db, *AUTUMN) is None


def _answers_dialog(qtbot, ws: Workspace) -> tuple[AnswersDialog, f.School, int]:  # type: ignore[no-untyped-def]
    school = f.small_school(ws.db)
    other = f.program(
        ws.db,
        f.pair(ws.db, f.teacher(ws.db, "Васильев"), [f.teacher(ws.db, "Попова")], [school.dirs[0]]),
    )
    d = AnswersDialog(ws, program_id=school.program_id)
    qtbot.addWidget(d)
    d.respondent.setCurrentIndex(d.respondent.findData(school.mentee))
    d.date.setText("20.12.2026")
    return d, school, other


def _type_score(d: AnswersDialog, value: int) -> QSpinBox:
    score = next(w for w in d.answers if w.question.code == "satisfaction").editor
    assert isinstance(score, QSpinBox)
    score.setValue(value)
    return score


def test_changing_questionnaire_with_typed_answers_can_go_back(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a paper questionnaire half typed
    d, school, _other = _answers_dialog(qtbot, ws)
    _type_score(d, 8)
    asked: list[str] = []
    d.ask_keep_answers = lambda: asked.append("?") or CANCEL  # type: ignore[method-assign]
    # WHEN another questionnaire is chosen and the curator answers «Отмена»
    first = d.questionnaire.currentIndex()
    d.questionnaire.setCurrentIndex(first + 1)
    # THEN the question was asked, the previous questionnaire is back with the typed score
    assert asked == ["?"]
    assert d.questionnaire.currentIndex() == first
    score = next(w for w in d.answers if w.question.code == "satisfaction").editor
    assert isinstance(score, QSpinBox) and score.value() == 8
    assert d.is_modified()
    # WHEN chosen again with «Сохранить» THEN the answers are stored for the first one
    d.ask_keep_answers = lambda: SAVE  # type: ignore[method-assign]
    d.questionnaire.setCurrentIndex(first + 1)
    assert d.questionnaire.currentIndex() == first + 1 and not d.is_modified()
    [row] = qs.list_responses(ws.db, school.program_id)
    assert row.questionnaire_id == d.questionnaire.itemData(first) and row.answered == 1


def test_changing_program_discards_only_when_told(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    d, school, other = _answers_dialog(qtbot, ws)
    _type_score(d, 6)
    # WHEN another program is chosen with «Не сохранять»
    d.ask_keep_answers = lambda: DISCARD  # type: ignore[method-assign]
    d.program.setCurrentIndex(d.program.findData(other))
    # THEN the form is empty for the other program and nothing was saved
    assert d.program_id() == other and not d.is_modified()
    assert "Попова" in " ".join(d.respondent.itemText(i) for i in range(d.respondent.count()))
    assert qs.list_responses(ws.db) == []
    # AND with «Сохранить» the typed answers go to the program they were typed for
    _type_score(d, 4)
    d.ask_keep_answers = lambda: SAVE  # type: ignore[method-assign]
    d.program.setCurrentIndex(d.program.findData(school.program_id))
    assert d.program_id() == school.program_id
    assert [r.program_id for r in qs.list_responses(ws.db)] == [other]


def test_a_loaded_questionnaire_is_dirty_only_when_changed(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a saved questionnaire opened again from the list
    d, school, _other = _answers_dialog(qtbot, ws)
    _type_score(d, 9)
    assert d.store() and not d.is_modified()
    d._load_item(d.entered.item(0))
    # THEN it is not «changed» until the curator changes it
    assert d.editing_id is not None and not d.is_modified()
    score = _type_score(d, 5)
    assert d.is_modified()
    # AND «Новая анкета» asks before emptying it; «Отмена» keeps the edit
    d.ask_keep_answers = lambda: CANCEL  # type: ignore[method-assign]
    assert not d.leave_form() and score.value() == 5


def test_delete_asks_naming_respondent_and_date(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN an entered paper questionnaire selected in the list
    d, school, _other = _answers_dialog(qtbot, ws)
    yes = next(w for w in d.answers if w.question.code == "become_mentor").editor
    assert isinstance(yes, QComboBox)
    yes.setCurrentIndex(1)
    assert d.store()
    d.entered.setCurrentRow(0)
    asked: list[str] = []
    d.confirm_delete = lambda text: asked.append(text) or False  # type: ignore[method-assign]
    # WHEN «Удалить выбранную» is pressed and the curator declines
    d.delete_selected()
    # THEN the question names who filled it and when, and the questionnaire is kept
    assert len(asked) == 1
    assert "Смирнова Ольга Ивановна" in asked[0] and "20.12.2026" in asked[0]
    assert len(qs.list_responses(ws.db, school.program_id)) == 1
    # WHEN confirmed THEN it is deleted
    d.confirm_delete = lambda text: True  # type: ignore[method-assign]
    d.delete_selected()
    assert qs.list_responses(ws.db, school.program_id) == [] and d.entered.count() == 0
