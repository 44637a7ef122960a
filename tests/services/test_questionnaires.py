"""Questionnaires as data: defaults seeded once, editing, answers from paper, aggregation."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ValidationError
from app.models.db import Database
from app.services.monitoring import questionnaire_results as results
from app.services.monitoring import questionnaires as qs
from app.services.monitoring.questionnaires import QuestionData, QuestionnaireData, ResponseData
from tests.services import monitoring_fixtures as f

DAY = dt.date(2026, 12, 20)


def _by_code(q: QuestionnaireData) -> dict[str, QuestionData]:
    return {x.code or x.text: x for x in q.questions}


def _answer(
    db: Database,
    program_id: int,
    q: QuestionnaireData,
    respondent: int | None,
    satisfaction: int,
    mentor_yes: int,
    choice: str,
    text: str,
    day: dt.date = DAY,
) -> int:
    by = _by_code(q)
    choice_q = next(x for x in q.questions if x.kind == "choice")
    text_q = next(x for x in q.questions if x.kind == "text")
    return qs.save_response(
        db,
        ResponseData(
            q.id or 0,
            program_id,
            respondent,
            day,
            {
                by["satisfaction"].id or 0: satisfaction,
                by["become_mentor"].id or 0: mentor_yes,
                choice_q.id or 0: choice,
                text_q.id or 0: text,
            },
        ),
    )


def test_defaults_are_seeded_once_for_mentors_and_mentees(db: Database) -> None:
    # GIVEN a new data folder WHEN the questionnaires are listed twice
    first = qs.list_questionnaires(db)
    again = qs.list_questionnaires(db)
    # THEN there is one for mentees and one for mentors, with every kind of question
    assert [q.role for q in first] == ["mentee", "mentor"] and len(again) == 2
    for q in first:
        assert {x.kind for x in q.questions} == {"score", "yesno", "choice", "text"}
        assert {"satisfaction", "become_mentor", "become_mentee"} <= {x.code for x in q.questions}
    # AND one the curator deleted is not brought back by the next listing
    qs.delete_questionnaire(db, first[1].id or 0)
    assert [q.role for q in qs.list_questionnaires(db)] == ["mentee"]
    qs.reset_defaults(db)
    assert [q.role for q in qs.list_questionnaires(db)] == ["mentee", "mentor"]


def test_editing_keeps_answered_questions_hidden_not_lost(db: Database) -> None:
    # GIVEN the mentee questionnaire with one answer entered
    school = f.small_school(db)
    q = qs.list_questionnaires(db, "mentee")[0]
    _answer(db, school.program_id, q, school.mentee, 8, 1, "консультации", "Всё полезно")
    answered = _by_code(q)["satisfaction"]
    unanswered = q.questions[1]
    # WHEN both questions are removed and a new one is added
    q.questions = [x for x in q.questions if x not in (answered, unanswered)]
    q.questions.append(QuestionData("yesno", "  Нужен ли  второй год? "))
    qs.save_questionnaire(db, q)
    # THEN the editor no longer shows them, the new one is last and cleaned
    saved = qs.get_questionnaire(db, q.id or 0)
    assert answered.id not in {x.id for x in saved.questions}
    assert saved.questions[-1].text == "Нужен ли второй год?"
    # AND the answered one still counts in the results
    [res] = results.aggregate(db, [school.program_id])
    kept = next(x for x in res.questions if x.question_id == answered.id)
    assert kept.mean == 8.0


def test_questionnaire_errors_are_russian(db: Database) -> None:
    with pytest.raises(ValidationError) as err:
        qs.save_questionnaire(
            db,
            QuestionnaireData(
                "mentor", " ", "", [QuestionData("choice", "Один вариант?", ["только один"])]
            ),
        )
    assert err.value.errors["title"] == "Введите название анкеты."
    assert "не меньше двух вариантов" in err.value.errors["questions"]


def test_answers_are_checked(db: Database) -> None:
    school = f.small_school(db)
    q = qs.list_questionnaires(db, "mentor")[0]
    sat = _by_code(q)["satisfaction"].id or 0
    yes = _by_code(q)["become_mentor"].id or 0
    with pytest.raises(ValidationError) as err:
        qs.save_response(
            db, ResponseData(q.id or 0, school.program_id, school.mentor, DAY, {sat: 11, yes: 3})
        )
    assert err.value.errors[f"q{sat}"] == "Оценка — целое число от 1 до 10."
    assert err.value.errors[f"q{yes}"] == "Ответ — «да» или «нет»."
    with pytest.raises(ValidationError) as err:
        qs.save_response(db, ResponseData(q.id or 0, school.program_id, None, DAY, {}))
    assert err.value.errors["answers"] == "Не введено ни одного ответа."


def test_aggregation_per_program_and_for_the_school(db: Database) -> None:
    # GIVEN two programs: three mentee answers in the first, one in the second, one older
    school = f.small_school(db)
    other = f.program(
        db, f.pair(db, f.teacher(db, "Васильев"), [f.teacher(db, "Попова")], [school.dirs[0]])
    )
    q = qs.list_questionnaires(db, "mentee")[0]
    _answer(db, school.program_id, q, school.mentee, 9, 1, "консультации", "Полезно")
    _answer(db, school.program_id, q, None, 7, 0, "консультации", "")
    _answer(db, school.program_id, q, None, 8, 1, "разбор моих уроков", "Мало времени")
    _answer(db, other, q, None, 4, 0, "другое", "Скучно")
    _answer(db, other, q, None, 10, 1, "другое", "давно", day=dt.date(2026, 5, 1))
    period = (dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    # WHEN aggregated for the first program
    [mine] = results.aggregate(db, [school.program_id], *period)
    by = {x.code or x.text: x for x in mine.questions}
    # THEN counts, the mean, the distributions and the open answers are right
    assert mine.responses == 3 and mine.role_name == "наставляемый"
    assert by["satisfaction"].count == 3 and by["satisfaction"].mean == pytest.approx(8.0)
    assert dict(by["satisfaction"].distribution)["9"] == 1
    assert by["become_mentor"].distribution == [("да", 2), ("нет", 1)]
    assert by["become_mentor"].yes_share == pytest.approx(2 / 3)
    choice = next(x for x in mine.questions if x.kind == "choice")
    assert dict(choice.distribution)["консультации"] == 2
    assert dict(choice.distribution)["посещение уроков наставника"] == 0
    text = next(x for x in mine.questions if x.kind == "text")
    assert sorted(text.texts) == ["Мало времени", "Полезно"]
    # AND for the school in the period: four answers, the May one left out
    [school_wide] = results.aggregate(db, None, *period)
    sat = next(x for x in school_wide.questions if x.code == "satisfaction")
    assert school_wide.responses == 4 and sat.mean == pytest.approx(7.0)
    figures = results.coded_figures(db, None, *period)
    assert figures.satisfaction["mentee"] == (pytest.approx(7.0), 4)
    assert (figures.become_mentor, figures.respondents) == (2, 4)
    assert (results.format_mean(8.0), results.format_mean(None)) == ("8,0", "—")


def test_response_round_trip_and_list(db: Database) -> None:
    school = f.small_school(db)
    q = qs.list_questionnaires(db, "mentee")[0]
    rid = _answer(db, school.program_id, q, school.mentee, 6, 0, "консультации", "Текст\x0b")
    got = qs.get_response(db, rid)
    assert got.answers[_by_code(q)["satisfaction"].id or 0] == 6
    assert "Текст" in got.answers.values()
    [row] = qs.list_responses(db, school.program_id)
    assert (row.respondent, row.answered, row.role) == (
        "Смирнова Ольга Ивановна",
        4,
        "наставляемый",
    )
    qs.delete_response(db, rid)
    assert qs.list_responses(db) == []


def test_answered_question_keeps_its_kind_and_code(db: Database) -> None:
    # GIVEN the mentee questionnaire with a score of 1 entered for satisfaction
    school = f.small_school(db)
    q = qs.list_questionnaires(db, "mentee")[0]
    _answer(db, school.program_id, q, school.mentee, 1, 0, "консультации", "")
    q = qs.get_questionnaire(db, q.id or 0)
    sat = _by_code(q)["satisfaction"]
    # WHEN the score is turned into «да / нет»
    sat.kind = "yesno"
    # THEN the save is refused in Russian and the question is still a score
    with pytest.raises(ValidationError) as err:
        qs.save_questionnaire(db, q)
    assert "вид ответа менять нельзя" in err.value.errors["questions"]
    assert _by_code(qs.get_questionnaire(db, q.id or 0))["satisfaction"].kind == "score"
    # AND moving the «satisfaction» code onto the yes/no question is refused too
    q = qs.get_questionnaire(db, q.id or 0)
    by = _by_code(q)
    by["satisfaction"].code, by["become_mentor"].code = "", "satisfaction"
    with pytest.raises(ValidationError) as err:
        qs.save_questionnaire(db, q)
    assert "смысл для справки менять нельзя" in err.value.errors["questions"]
    kept = qs.get_questionnaire(db, q.id or 0)
    assert {x.code for x in kept.questions} >= {"satisfaction", "become_mentor"}
    # AND the report's satisfaction mean is still the score entered, not a yes/no 0
    assert results.coded_figures(db, [school.program_id]).satisfaction["mentee"] == (1.0, 1)


def test_answered_question_may_be_reworded_and_unused_option_removed(db: Database) -> None:
    # GIVEN an answer choosing «консультации»
    school = f.small_school(db)
    q = qs.list_questionnaires(db, "mentee")[0]
    _answer(db, school.program_id, q, school.mentee, 8, 1, "консультации", "")
    q = qs.get_questionnaire(db, q.id or 0)
    choice = next(x for x in q.questions if x.kind == "choice")
    assert "консультации" in choice.options and len(choice.options) >= 3
    unused = next(o for o in choice.options if o != "консультации")
    # WHEN the used option is taken away
    choice.options = [o for o in choice.options if o != "консультации"]
    # THEN the save is refused naming that option
    with pytest.raises(ValidationError) as err:
        qs.save_questionnaire(db, q)
    assert "«консультации»" in err.value.errors["questions"]
    # WHEN instead the text is reworded and an unused option removed
    q = qs.get_questionnaire(db, q.id or 0)
    choice = next(x for x in q.questions if x.kind == "choice")
    choice.text = "Что помогло больше всего?"
    choice.options = [o for o in choice.options if o != unused]
    qs.save_questionnaire(db, q)
    # THEN both changes are saved
    saved = next(x for x in qs.get_questionnaire(db, q.id or 0).questions if x.kind == "choice")
    assert saved.text == "Что помогло больше всего?" and unused not in saved.options
    assert "консультации" in saved.options
