"""Monitoring dialogs: paper answers, indicators, the questionnaire editor, the month plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QSpinBox

from app.services.monitoring import monitoring
from app.services.monitoring import questionnaire_results as results
from app.services.monitoring import questionnaires as qs
from app.services.storage.workspace import Workspace
from app.ui.monitoring.monitoring_dialog import IndicatorsDialog
from app.ui.monitoring.questionnaire_answers import AnswersDialog
from app.ui.monitoring.questionnaire_editor import (
    COL_CODE,
    COL_KIND,
    COL_TEXT,
    QuestionnairesDialog,
)
from tests.services import monitoring_fixtures as f


def test_answers_typed_from_paper_are_saved_for_the_program(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a program and the answers dialog on the mentee questionnaire
    school = f.small_school(ws.db)
    d = AnswersDialog(ws, program_id=school.program_id)
    qtbot.addWidget(d)
    d.respondent.setCurrentIndex(d.respondent.findData(school.mentee))
    d.date.setText("20.12.2026")
    # WHEN the satisfaction score is 9, «become a mentor» is «да» and it is saved
    by_code = {w.question.code: w for w in d.answers if w.question.code}
    score = by_code["satisfaction"].editor
    yes = by_code["become_mentor"].editor
    assert isinstance(score, QSpinBox) and isinstance(yes, QComboBox)
    score.setValue(9)
    yes.setCurrentIndex(1)
    assert d.store()
    # THEN the answer is in the database and in the program's results, and the form is clear
    [res] = results.aggregate(ws.db, [school.program_id])
    sat = next(x for x in res.questions if x.code == "satisfaction")
    assert (sat.mean, res.responses) == (9.0, 1)
    [row] = qs.list_responses(ws.db, school.program_id)
    assert row.respondent == "Смирнова Ольга Ивановна" and row.date == dt.date(2026, 12, 20)
    assert score.value() == 0 and d.entered.count() == 1
    assert "среднее 9,0" in d.summary.text()
    # AND the school-wide results count answers of every program
    other = f.program(
        ws.db,
        f.pair(ws.db, f.teacher(ws.db, "Васильев"), [f.teacher(ws.db, "Попова")], [school.dirs[0]]),
    )
    q = qs.list_questionnaires(ws.db, "mentee")[0]
    sat_id = next(x.id for x in q.questions if x.code == "satisfaction") or 0
    qs.save_response(
        ws.db, qs.ResponseData(q.id or 0, other, None, dt.date(2026, 12, 21), {sat_id: 5})
    )
    d.scope.setCurrentIndex(1)
    assert "среднее 7,0 (ответов 2)" in d.summary.text()


def test_empty_or_undated_paper_gives_russian_messages(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    school = f.small_school(ws.db)
    d = AnswersDialog(ws, program_id=school.program_id)
    qtbot.addWidget(d)
    assert not d.store()
    assert d.error.text() == "Не введено ни одного ответа."
    d.date.setText("45.12.2026")
    assert not d.store() and d.messages.text("date") == "Такой даты нет: 45.12.2026"
    assert qs.list_responses(ws.db) == []


def test_indicators_dialog_saves_and_shows_errors(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    school = f.small_school(ws.db)
    d = IndicatorsDialog(ws, program_id=school.program_id, today=dt.date(2027, 1, 10))
    qtbot.addWidget(d)
    assert (d.date_from.text(), d.date_to.text()) == ("01.09.2026", "31.12.2026")
    pupils, passed = d.fields["exam_pupils"], d.fields["exam_passed"]
    assert isinstance(pupils, QSpinBox) and isinstance(passed, QSpinBox)
    # WHEN more passed than wrote THEN a Russian message is shown and nothing is saved
    pupils.setValue(10)
    passed.setValue(12)
    assert not d.store()
    assert d.messages.text("exam_passed") == (
        "Успешно написавших не может быть больше, чем писавших."
    )
    # WHEN corrected THEN the record is in the database for that period
    passed.setValue(8)
    d.fields["risks"].setPlainText("Болезнь наставника")  # type: ignore[union-attr]
    assert d.store()
    got = monitoring.get_indicators(
        ws.db, school.program_id, dt.date(2026, 9, 1), dt.date(2026, 12, 31)
    )
    assert (got.exam_pupils, got.exam_passed, got.risks) == (10, 8, "Болезнь наставника")
    assert got.open_lessons is None


def test_indicators_saved_over_another_users_figures_are_refused_and_shown_as_stored(
    qtbot, ws: Workspace
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the indicators dialog open on a program's autumn, nothing entered yet
    school = f.small_school(ws.db)
    d = IndicatorsDialog(ws, program_id=school.program_id, today=dt.date(2027, 1, 10))
    qtbot.addWidget(d)
    autumn = (dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    lessons, risks = d.fields["open_lessons"], d.fields["risks"]
    assert isinstance(lessons, QSpinBox)
    # WHEN the curator saves twice in a row THEN both saves go through
    lessons.setValue(2)
    assert d.store()
    lessons.setValue(3)
    assert d.store()
    # WHEN another user then saves other figures for the same program and period
    held = monitoring.get_indicators(ws.db, school.program_id, *autumn)
    monitoring.save_indicators(
        ws.db, school.program_id, *autumn, monitoring.Indicators(open_lessons=5), held.version
    )
    # AND the curator saves the form as it was read
    risks.setPlainText("Болезнь наставника")  # type: ignore[union-attr]
    assert not d.store()
    # THEN the Russian refusal is shown and the form holds the other user's figures
    assert d.status.text().startswith(
        "Запись «Показатели мониторинга за 01.09.2026 – 31.12.2026» изменил другой пользователь"
    )
    assert "ваши изменения не сохранены" in d.status.text()
    assert "В окне показано то, что сохранено сейчас." in d.status.text()
    assert lessons.value() == 5 and risks.toPlainText() == ""  # type: ignore[union-attr]
    stored = monitoring.get_indicators(ws.db, school.program_id, *autumn)
    assert (stored.open_lessons, stored.risks) == (5, "")
    # AND a save from the figures shown goes through
    risks.setPlainText("Болезнь наставника")  # type: ignore[union-attr]
    assert d.store() and d.status.text() == "Показатели сохранены."
    stored = monitoring.get_indicators(ws.db, school.program_id, *autumn)
    assert (stored.open_lessons, stored.risks) == (5, "Болезнь наставника")


def test_questionnaire_editor_adds_a_question(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    d = QuestionnairesDialog(ws)
    qtbot.addWidget(d)
    before = len(d.model.rows)
    d.add_question()
    index = d.model.index(before, 0)
    d.model.setData(index, "Что запомнилось больше всего?")
    d.model.setData(d.model.index(before, 1), "text")
    assert d.store()
    mentee = qs.list_questionnaires(ws.db, "mentee")[0]
    assert mentee.questions[-1].text == "Что запомнилось больше всего?"
    assert mentee.questions[-1].kind == "text"
    # AND a choice with one option is refused in Russian
    d.add_question()
    d.model.setData(d.model.index(before + 1, 1), "choice")
    assert not d.store() and "не меньше двух вариантов" in d.status.text()
    d.ask_save_changes = lambda: "discard"  # type: ignore[method-assign]  # closing at teardown


def test_a_questionnaire_saved_over_another_users_change_is_refused_and_shown_as_stored(
    qtbot, ws: Workspace
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the questionnaire editor on the first questionnaire
    d = QuestionnairesDialog(ws)
    qtbot.addWidget(d)
    assert d.current is not None and d.current.id is not None
    qid, title = d.current.id, d.current.title
    # WHEN the curator saves twice in a row THEN both saves go through
    d.description.setPlainText("Заполняется в конце полугодия.")
    assert d.store()
    d.description.setPlainText("Заполняется в конце каждого полугодия.")
    assert d.store() and d.status.text() == "Анкета сохранена."
    # WHEN another user then rewords its first question
    held = qs.get_questionnaire(ws.db, qid)
    held.questions[0].text = "Полезны ли встречи с наставником?"
    qs.save_questionnaire(ws.db, held, seen=held.version)
    # AND the curator saves the title typed over the questionnaire as read
    d.name.setText("Анкета (весна)")
    assert not d.store()
    # THEN the Russian refusal is shown and the editor holds the stored questionnaire
    assert d.status.text().startswith(f"Запись «Анкета: {title}» изменил другой пользователь")
    assert d.status.text().endswith("В окне показано то, что сохранено сейчас.")
    assert d.name.text() == title and d.model.rows[0].text == "Полезны ли встречи с наставником?"
    assert not d.is_modified()
    # AND a save from what is shown goes through
    d.name.setText("Анкета (весна)")
    assert d.store()
    assert qs.get_questionnaire(ws.db, qid).title == "Анкета (весна)"


def test_month_plan_dialog_exports_the_chosen_month(
    qtbot, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from app.ui.window.main_window import MainWindow

    f.reported_school(ws.db)
    w = MainWindow(ws)
    qtbot.addWidget(w)
    out = tmp_path / "план.xlsx"
    monkeypatch.setattr(w.file_actions, "choose_save", lambda *a: out)
    monkeypatch.setattr(w.file_actions, "inform", lambda text: None)
    dialog = w.navigator.run_action("plan")
    dialog.month.setCurrentIndex(11)  # type: ignore[union-attr]
    dialog.year.setValue(2026)  # type: ignore[union-attr]
    dialog.save_plan()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: out.exists() and not w.file_actions.running, timeout=10000)
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    assert sheet is not None
    texts = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "Взаимопосещение" in texts and any("декабрь 2026" in t for t in texts)


def test_closing_with_typed_answers_asks_first(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a score typed but not saved
    school = f.small_school(ws.db)
    d = AnswersDialog(ws, program_id=school.program_id)
    qtbot.addWidget(d)
    d.show()
    score = next(w for w in d.answers if w.question.code == "satisfaction").editor
    assert isinstance(score, QSpinBox)
    score.setValue(7)
    # WHEN closed and the curator answers «Сохранить»
    d.ask_save_changes = lambda: "save"  # type: ignore[method-assign]
    d.reject()
    # THEN the questionnaire was saved and the dialog closed
    assert not d.isVisible()
    assert [r.answered for r in qs.list_responses(ws.db, school.program_id)] == [1]


def test_switching_program_with_typed_figures_can_go_back(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN two programs and a figure typed for the first
    school = f.small_school(ws.db)
    other = f.program(
        ws.db,
        f.pair(ws.db, f.teacher(ws.db, "Васильев"), [f.teacher(ws.db, "Попова")], [school.dirs[0]]),
    )
    d = IndicatorsDialog(ws, program_id=school.program_id, today=dt.date(2027, 1, 10))
    qtbot.addWidget(d)
    lessons = d.fields["open_lessons"]
    assert isinstance(lessons, QSpinBox)
    lessons.setValue(3)
    # WHEN another program is chosen and the curator answers «Вернуться»
    d.ask_save_changes = lambda: "cancel"  # type: ignore[method-assign]
    d.program.setCurrentIndex(d.program.findData(other))
    # THEN the first program stays with the typed figure
    assert d.program_id() == school.program_id and lessons.value() == 3
    # WHEN chosen again with «Сохранить» THEN the figure is saved for the first program
    d.ask_save_changes = lambda: "save"  # type: ignore[method-assign]
    d.program.setCurrentIndex(d.program.findData(other))
    assert d.program_id() == other and lessons.value() == -1
    saved = monitoring.get_indicators(
        ws.db, school.program_id, dt.date(2026, 9, 1), dt.date(2026, 12, 31)
    )
    assert saved.open_lessons == 3


def test_questionnaire_editor_asks_before_dropping_edits(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    d = QuestionnairesDialog(ws)
    qtbot.addWidget(d)
    d.name.setText("Анкета наставляемого (весна)")
    # WHEN another questionnaire is picked and the curator goes back THEN the edit stays
    d.ask_save_changes = lambda: "cancel"  # type: ignore[method-assign]
    d.list.setCurrentRow(1)
    assert d.name.text() == "Анкета наставляемого (весна)" and d.list.currentRow() == 0
    # WHEN closed with «Сохранить» THEN the new title is stored
    d.ask_save_changes = lambda: "save"  # type: ignore[method-assign]
    d.reject()
    assert "Анкета наставляемого (весна)" in [q.title for q in qs.list_questionnaires(ws.db)]


def test_questionnaire_editor_locks_the_meaning_of_answered_questions(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a satisfaction score of 1 entered on the mentee questionnaire
    school = f.small_school(ws.db)
    q = qs.list_questionnaires(ws.db, "mentee")[0]
    sat_id = next(x.id for x in q.questions if x.code == "satisfaction") or 0
    qs.save_response(
        ws.db,
        qs.ResponseData(q.id or 0, school.program_id, None, dt.date(2026, 12, 21), {sat_id: 1}),
    )
    # WHEN the editor opens on it
    d = QuestionnairesDialog(ws)
    qtbot.addWidget(d)
    row = next(n for n, x in enumerate(d.model.rows) if x.id == sat_id)
    kind, code = d.model.index(row, COL_KIND), d.model.index(row, COL_CODE)
    # THEN the kind and meaning cells of that question cannot be edited and say why
    assert not d.model.flags(kind) & Qt.ItemFlag.ItemIsEditable
    assert not d.model.flags(code) & Qt.ItemFlag.ItemIsEditable
    tip = d.model.data(kind, Qt.ItemDataRole.ToolTipRole)
    assert "уже есть ответы" in tip and "добавьте новый" in tip
    assert not d.model.setData(kind, "yesno") and d.model.rows[row].kind == "score"
    # AND its wording may still change and is saved
    text = d.model.index(row, COL_TEXT)
    assert d.model.flags(text) & Qt.ItemFlag.ItemIsEditable
    d.model.setData(text, "Насколько вы довольны работой в паре?")
    assert d.store()
    saved = qs.get_questionnaire(ws.db, q.id or 0)
    assert next(x for x in saved.questions if x.id == sat_id).text.startswith("Насколько")
    # AND a question without answers stays fully editable
    other = next(n for n, x in enumerate(d.model.rows) if x.answers == 0)
    assert d.model.flags(d.model.index(other, COL_KIND)) & Qt.ItemFlag.ItemIsEditable
