"""Questionnaires as data: the default sets seeded once, editing them, answers from paper.

Aggregation of the answers lives in ``questionnaire_results``."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.textutil import clean_multiline, clean_text, full_name
from app.errors import KuratorError, ValidationError
from app.models import AppSetting, Person, Program
from app.models.db import Database
from app.models.monitoring import (
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireQuestion,
    QuestionnaireResponse,
)
from app.models.versioning import check_seen
from app.paths import resource_path

SEED_MARKER = "seeded:questionnaires"
ROLES = {"mentee": "наставляемый", "mentor": "наставник"}
KINDS = {
    "score": "оценка 1–10",
    "yesno": "да / нет",
    "choice": "один вариант",
    "text": "открытый ответ",
}
CODES = {
    "": "—",
    "satisfaction": "общая удовлетворённость",
    "become_mentor": "планирует быть наставником",
    "become_mentee": "планирует быть наставляемым",
}
SCORE_MIN, SCORE_MAX = 1, 10


@dataclass
class QuestionData:
    """A question as the editor and the entry dialog see it; ``id`` None for a new one."""

    kind: str
    text: str
    options: list[str] = field(default_factory=list)
    code: str = ""
    id: int | None = None
    answers: int = 0  # how many answers it has (a question with answers is hidden, not removed)


@dataclass
class QuestionnaireData:
    """A questionnaire with its visible questions in order, and the version of the stored
    questionnaire it was read from (0: a new one)."""

    role: str
    title: str
    description: str = ""
    questions: list[QuestionData] = field(default_factory=list)
    id: int | None = None
    responses: int = 0
    version: int = 0

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)


# --- the default sets ----------------------------------------------------------------------


def load_defaults(path: Path | None = None) -> list[dict[str, Any]]:
    """The default questionnaires shipped in ``resources/reference/questionnaires_default.json``."""
    path = path or resource_path("reference", "questionnaires_default.json")
    data: dict[str, list[dict[str, Any]]] = json.loads(path.read_text(encoding="utf-8"))
    return data["questionnaires"]


def ensure_defaults(db: Database, missing_only: bool = False) -> None:
    """Seed the default questionnaires once; ones the curator removed are not brought back.

    ``missing_only`` (the «bring the defaults back» button) adds just the defaults whose
    title is not among the visible questionnaires."""
    with db.session() as s:
        if s.get(AppSetting, SEED_MARKER) is not None and not missing_only:
            return
        shown = {
            q.title for q in s.scalars(select(Questionnaire).where(Questionnaire.hidden.is_(False)))
        }
        top = s.scalar(select(func.max(Questionnaire.sort_order))) or 0
        for i, item in enumerate(load_defaults()):
            if missing_only and str(item["title"]) in shown:
                continue
            q = Questionnaire(
                role=str(item["role"]),
                title=str(item["title"]),
                description=str(item.get("description", "")),
                sort_order=top + i + 1,
            )
            for n, question in enumerate(item["questions"]):
                q.questions.append(
                    QuestionnaireQuestion(
                        seq=n,
                        kind=str(question["kind"]),
                        text=str(question["text"]),
                        options=[str(o) for o in question.get("options", [])],
                        code=str(question.get("code", "")),
                    )
                )
            s.add(q)
        if s.get(AppSetting, SEED_MARKER) is None:
            s.add(AppSetting(key=SEED_MARKER, value="1"))


# --- reading and editing ---------------------------------------------------------------------


def _answer_counts(s: Session) -> dict[int, int]:
    q = select(QuestionnaireAnswer.question_id, func.count()).group_by(
        QuestionnaireAnswer.question_id
    )
    return {qid: n for qid, n in s.execute(q)}


def _data(q: Questionnaire, counts: dict[int, int], responses: int) -> QuestionnaireData:
    questions = [
        QuestionData(x.kind, x.text, list(x.options or []), x.code, x.id, counts.get(x.id, 0))
        for x in q.questions
        if not x.hidden
    ]
    return QuestionnaireData(q.role, q.title, q.description, questions, q.id, responses, q.version)


def list_questionnaires(db: Database, role: str | None = None) -> list[QuestionnaireData]:
    """Visible questionnaires (seeding the defaults on first use), in the curator's order."""
    ensure_defaults(db)
    with db.session() as s:
        counts = _answer_counts(s)
        per = {
            qid: n
            for qid, n in s.execute(
                select(QuestionnaireResponse.questionnaire_id, func.count()).group_by(
                    QuestionnaireResponse.questionnaire_id
                )
            )
        }
        q = (
            select(Questionnaire)
            .where(Questionnaire.hidden.is_(False))
            .order_by(Questionnaire.sort_order, Questionnaire.id)
        )
        if role is not None:
            q = q.where(Questionnaire.role == role)
        return [_data(x, counts, per.get(x.id, 0)) for x in s.scalars(q)]


def get_questionnaire(db: Database, questionnaire_id: int) -> QuestionnaireData:
    with db.session() as s:
        q = s.get(Questionnaire, questionnaire_id)
        if q is None:
            raise KuratorError("Анкета не найдена: возможно, её уже удалили.")
        n = (
            s.scalar(
                select(func.count())
                .select_from(QuestionnaireResponse)
                .where(QuestionnaireResponse.questionnaire_id == q.id)
            )
            or 0
        )
        return _data(q, _answer_counts(s), n)


def questionnaire_errors(data: QuestionnaireData) -> dict[str, str]:
    """Field → Russian message: a title, a known role, questions with text, choices with
    at least two options."""
    errors: dict[str, str] = {}
    if not clean_text(data.title):
        errors["title"] = "Введите название анкеты."
    if data.role not in ROLES:
        errors["role"] = "Выберите, кто заполняет анкету."
    if not data.questions:
        errors["questions"] = "В анкете нет ни одного вопроса."
    for n, question in enumerate(data.questions, start=1):
        if not clean_text(question.text):
            errors["questions"] = f"Вопрос {n}: введите текст вопроса."
        elif question.kind not in KINDS:
            errors["questions"] = f"Вопрос {n}: неизвестный вид ответа."
        elif question.kind == "choice" and len([o for o in question.options if clean_text(o)]) < 2:
            errors["questions"] = f"Вопрос {n}: для выбора нужно не меньше двух вариантов."
        if "questions" in errors:
            break
    return errors


LOCKED_HINT = (
    "На этот вопрос уже есть ответы: вид ответа и смысл для справки менять "
    "нельзя, иначе изменится смысл введённых ответов. Чтобы спрашивать "
    "по-другому, удалите (скройте) этот вопрос и добавьте новый."
)
OPTIONS_HINT = (
    "На этот вопрос уже есть ответы: варианты можно добавлять, но выбранные в "
    "ответах нельзя убрать или переименовать. Чтобы спрашивать по-другому, "
    "удалите (скройте) этот вопрос и добавьте новый."
)


def _used_options(s: Session, question_id: int) -> set[str]:
    """The choice options that answers of the question already hold."""
    return {
        v
        for v in s.scalars(
            select(QuestionnaireAnswer.value_text)
            .distinct()
            .where(QuestionnaireAnswer.question_id == question_id)
        )
        if v
    }


def _meaning_errors(
    s: Session,
    questions: list[QuestionData],
    existing: dict[int, QuestionnaireQuestion],
    counts: dict[int, int],
) -> str:
    """A Russian message when an answered question would change its meaning: another kind,
    another code for the report, or a choice option that answers hold taken away.
    Rewording the text is allowed."""
    for n, item in enumerate(questions, start=1):
        row = existing.get(item.id) if item.id is not None else None
        if row is None or not counts.get(row.id):
            continue
        hint = "удалите (скройте) его и добавьте новый вопрос."
        if item.kind != row.kind:
            return f"Вопрос {n}: на него уже есть ответы, вид ответа менять нельзя — {hint}"
        code = item.code if item.code in CODES else ""
        if code != row.code:
            return f"Вопрос {n}: на него уже есть ответы, смысл для справки менять нельзя — {hint}"
        if row.kind == "choice":
            kept = {clean_text(o) for o in item.options}
            lost = sorted(_used_options(s, row.id) - kept)
            if lost:
                names = ", ".join(f"«{o}»" for o in lost)
                return (
                    f"Вопрос {n}: варианты {names} уже выбраны в ответах, убрать их "
                    f"нельзя (переименовать вариант тоже нельзя) — {hint}"
                )
    return ""


def save_questionnaire(db: Database, data: QuestionnaireData, seen: int | None = None) -> int:
    """Create or update a questionnaire with its questions in the given order; returns its id.

    A question left out that already has answers is hidden (its answers stay in the
    results); one without answers is deleted. A question with answers keeps its kind, its
    code and the choice options the answers hold (only its wording may change); otherwise
    the answers already entered would mean something else.

    ``seen`` is the version the editor read (None checks nothing): refused
    (``StaleRecordError``, nothing written) when another user changed the questionnaire or
    its questions since. Each save moves the version on, a change of questions alone too."""
    errors = questionnaire_errors(data)
    if errors:
        raise ValidationError(errors)
    with db.session() as s:
        if data.id is None:
            top = s.scalar(select(func.max(Questionnaire.sort_order))) or 0
            q = Questionnaire(title="", sort_order=top + 1)
            s.add(q)
        else:
            found = s.get(Questionnaire, data.id)
            if found is None:
                raise KuratorError("Анкета не найдена: возможно, её уже удалили.")
            check_seen(found, seen)
            q = found
            # its questions are rows of their own: a change of them alone moves it on too
            q.version = q.version + 1
        q.role, q.title = data.role, clean_text(data.title)
        q.description = clean_multiline(data.description)
        existing = {x.id: x for x in q.questions}
        counts = _answer_counts(s)
        meaning = _meaning_errors(s, data.questions, existing, counts)
        if meaning:
            raise ValidationError({"questions": meaning})
        kept: set[int] = set()
        for n, item in enumerate(data.questions):
            row = existing.get(item.id) if item.id is not None else None
            if row is None:
                row = QuestionnaireQuestion(kind=item.kind)
                q.questions.append(row)
            else:
                kept.add(row.id)
            row.seq, row.kind, row.text = n, item.kind, clean_multiline(item.text)
            row.options = [clean_text(o) for o in item.options if clean_text(o)]
            row.code = item.code if item.code in CODES else ""
            row.hidden = False
        for qid, row in existing.items():
            if qid in kept:
                continue
            if counts.get(qid):
                row.hidden, row.seq = True, len(data.questions) + row.seq
            else:
                q.questions.remove(row)
        s.flush()
        return q.id


def delete_questionnaire(db: Database, questionnaire_id: int, seen: int | None = None) -> None:
    """Delete a questionnaire without answers; one with answers is hidden (answers stay).
    Refused (``StaleRecordError``) when another user changed it after its editor read
    version ``seen`` (None checks nothing)."""
    with db.session() as s:
        q = s.get(Questionnaire, questionnaire_id)
        if q is None:
            return
        check_seen(q, seen)
        used = (
            s.scalar(
                select(func.count())
                .select_from(QuestionnaireResponse)
                .where(QuestionnaireResponse.questionnaire_id == q.id)
            )
            or 0
        )
        if used:
            q.hidden = True
        else:
            s.delete(q)


def reset_defaults(db: Database) -> None:
    """Bring back the default questionnaires the curator removed (existing ones stay)."""
    ensure_defaults(db, missing_only=True)


# --- answers -------------------------------------------------------------------------------


@dataclass
class ResponseData:
    """One paper questionnaire: who, when, and question id → answer (int for score/yes-no,
    text for a choice or an open answer; absent or None: no answer)."""

    questionnaire_id: int
    program_id: int
    respondent_id: int | None
    date: dt.date
    answers: dict[int, int | str | None] = field(default_factory=dict)
    notes: str = ""
    role: str = ""
    id: int | None = None


@dataclass(frozen=True)
class ResponseRow:
    """A line of the list of entered questionnaires."""

    id: int
    program_id: int
    questionnaire_id: int
    questionnaire: str
    role: str
    respondent: str
    date: dt.date
    answered: int


def response_errors(db: Database, data: ResponseData) -> dict[str, str]:
    """Field (or ``q<id>``) → Russian message."""
    errors: dict[str, str] = {}
    qdata = get_questionnaire(db, data.questionnaire_id)
    if data.date is None:
        errors["date"] = "Укажите дату заполнения анкеты."
    by_id = {q.id: q for q in qdata.questions}
    for qid, value in data.answers.items():
        question = by_id.get(qid)
        if question is None or value is None or value == "":
            continue
        key = f"q{qid}"
        if question.kind == "score":
            if not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
                errors[key] = f"Оценка — целое число от {SCORE_MIN} до {SCORE_MAX}."
        elif question.kind == "yesno":
            if value not in (0, 1):
                errors[key] = "Ответ — «да» или «нет»."
        elif question.kind == "choice" and str(value) not in question.options:
            errors[key] = "Выберите один из вариантов ответа."
    if not any(v not in (None, "") for v in data.answers.values()):
        errors["answers"] = "Не введено ни одного ответа."
    return errors


def save_response(db: Database, data: ResponseData) -> int:
    """Save (create or replace) one paper questionnaire with its answers; returns its id."""
    errors = response_errors(db, data)
    if errors:
        raise ValidationError(errors)
    with db.session() as s:
        q = s.get(Questionnaire, data.questionnaire_id)
        assert q is not None

        if s.get(Program, data.program_id) is None:
            raise KuratorError("Программа не найдена: возможно, её уже удалили.")
        if data.id is None:
            row = QuestionnaireResponse(
                questionnaire_id=q.id, program_id=data.program_id, date=data.date
            )
            s.add(row)
        else:
            found = s.get(QuestionnaireResponse, data.id)
            if found is None:
                raise KuratorError("Эта анкета уже удалена; обновите список.")
            row = found
            row.answers.clear()
            s.flush()
        row.questionnaire_id, row.program_id = q.id, data.program_id
        row.respondent_id, row.date = data.respondent_id, data.date
        row.role = data.role or q.role
        row.notes = clean_multiline(data.notes)
        for qid, value in data.answers.items():
            if value is None or value == "":
                continue
            if isinstance(value, int):
                row.answers.append(QuestionnaireAnswer(question_id=qid, value_int=value))
            else:
                row.answers.append(
                    QuestionnaireAnswer(question_id=qid, value_text=clean_multiline(value))
                )
        s.flush()
        return row.id


def get_response(db: Database, response_id: int) -> ResponseData:
    with db.session() as s:
        r = s.get(QuestionnaireResponse, response_id)
        if r is None:
            raise KuratorError("Эта анкета уже удалена; обновите список.")
        answers: dict[int, int | str | None] = {
            a.question_id: a.value_int if a.value_int is not None else a.value_text
            for a in r.answers
        }
        return ResponseData(
            r.questionnaire_id,
            r.program_id,
            r.respondent_id,
            r.date,
            answers,
            r.notes,
            r.role,
            r.id,
        )


def list_responses(db: Database, program_id: int | None = None) -> list[ResponseRow]:
    """Entered questionnaires (of one program, or all), newest first."""
    with db.session() as s:
        titles = {q.id: q.title for q in s.scalars(select(Questionnaire))}
        people = {
            p.id: full_name(p.last_name, p.first_name, p.middle_name)
            for p in s.scalars(select(Person))
        }
        counts = {
            rid: n
            for rid, n in s.execute(
                select(QuestionnaireAnswer.response_id, func.count()).group_by(
                    QuestionnaireAnswer.response_id
                )
            )
        }
        q = select(QuestionnaireResponse)
        if program_id is not None:
            q = q.where(QuestionnaireResponse.program_id == program_id)
        rows = [
            ResponseRow(
                r.id,
                r.program_id,
                r.questionnaire_id,
                titles.get(r.questionnaire_id, "?"),
                ROLES.get(r.role, r.role),
                people.get(r.respondent_id, "анонимно")
                if r.respondent_id is not None
                else "анонимно",
                r.date,
                counts.get(r.id, 0),
            )
            for r in s.scalars(q)
        ]
        rows.sort(key=lambda r: (r.date, r.id), reverse=True)
        return rows


def delete_response(db: Database, response_id: int) -> None:
    with db.session() as s:
        r = s.get(QuestionnaireResponse, response_id)
        if r is not None:
            s.delete(r)
