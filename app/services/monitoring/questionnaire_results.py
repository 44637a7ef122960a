"""Questionnaire results: means, distributions and counts per program or for the school."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from app.models.db import Database
from app.models.monitoring import (
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireQuestion,
    QuestionnaireResponse,
)
from app.services.monitoring.questionnaires import ROLES, SCORE_MAX, SCORE_MIN


@dataclass
class QuestionResult:
    """One question over the chosen answers. ``distribution`` lists (value label, count) in
    a fixed order: scores 1–10, «да»/«нет», or the options (then any other answers)."""

    question_id: int
    text: str
    kind: str
    code: str
    count: int = 0
    mean: float | None = None
    distribution: list[tuple[str, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def yes_share(self) -> float | None:
        """Share of «да» (0–1) for a yes/no question, None when nobody answered."""
        if self.kind != "yesno" or not self.count:
            return None
        return dict(self.distribution).get("да", 0) / self.count


@dataclass
class QuestionnaireResult:
    """A questionnaire with how many filled it and the result per question."""

    questionnaire_id: int
    title: str
    role: str
    responses: int
    questions: list[QuestionResult]

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)


@dataclass(frozen=True)
class _Answer:
    response_id: int
    program_id: int
    role: str
    question_id: int
    value_int: int | None
    value_text: str


def _answers(
    db: Database,
    program_ids: Iterable[int] | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> tuple[list[_Answer], dict[int, tuple[int, str]]]:
    """Answers of responses in the period (and programs), and response id → (questionnaire
    id, role)."""
    wanted = None if program_ids is None else set(program_ids)
    with db.session() as s:
        q = select(
            QuestionnaireResponse.id,
            QuestionnaireResponse.program_id,
            QuestionnaireResponse.role,
            QuestionnaireResponse.questionnaire_id,
            QuestionnaireAnswer.question_id,
            QuestionnaireAnswer.value_int,
            QuestionnaireAnswer.value_text,
        ).join(QuestionnaireAnswer, QuestionnaireAnswer.response_id == QuestionnaireResponse.id)
        if date_from is not None:
            q = q.where(QuestionnaireResponse.date >= date_from)
        if date_to is not None:
            q = q.where(QuestionnaireResponse.date <= date_to)
        out: list[_Answer] = []
        responses: dict[int, tuple[int, str]] = {}
        for rid, pid, role, qnid, qid, vint, vtext in s.execute(q):
            if wanted is not None and pid not in wanted:
                continue
            responses[rid] = (qnid, role)
            out.append(_Answer(rid, pid, role, qid, vint, vtext or ""))
        return out, responses


def _result(question: QuestionnaireQuestion, found: list[_Answer]) -> QuestionResult:
    r = QuestionResult(question.id, question.text, question.kind, question.code, len(found))
    if question.kind == "score":
        values = [a.value_int for a in found if a.value_int is not None]
        r.mean = sum(values) / len(values) if values else None
        r.distribution = [(str(v), values.count(v)) for v in range(SCORE_MIN, SCORE_MAX + 1)]
    elif question.kind == "yesno":
        yes = sum(1 for a in found if a.value_int == 1)
        r.distribution = [("да", yes), ("нет", len(found) - yes)]
    elif question.kind == "choice":
        counts: dict[str, int] = {o: 0 for o in question.options or []}
        for a in found:
            counts[a.value_text] = counts.get(a.value_text, 0) + 1
        r.distribution = list(counts.items())
    else:
        r.texts = [a.value_text for a in found if a.value_text]
    return r


def aggregate(
    db: Database,
    program_ids: Iterable[int] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[QuestionnaireResult]:
    """Results per questionnaire for the given programs (None: the whole school) and the
    period of the answers' dates; questionnaires nobody filled are left out."""
    answers, responses = _answers(db, program_ids, date_from, date_to)
    by_question: dict[int, list[_Answer]] = {}
    for a in answers:
        by_question.setdefault(a.question_id, []).append(a)
    per_questionnaire: dict[int, int] = {}
    for qnid, _role in responses.values():
        per_questionnaire[qnid] = per_questionnaire.get(qnid, 0) + 1
    out: list[QuestionnaireResult] = []
    with db.session() as s:
        q = (
            select(Questionnaire)
            .where(Questionnaire.id.in_(per_questionnaire))
            .order_by(Questionnaire.sort_order, Questionnaire.id)
        )
        for qn in s.scalars(q):
            questions = [
                _result(x, by_question.get(x.id, []))
                for x in qn.questions
                if not x.hidden or by_question.get(x.id)
            ]
            out.append(
                QuestionnaireResult(qn.id, qn.title, qn.role, per_questionnaire[qn.id], questions)
            )
    return out


@dataclass(frozen=True)
class CodedFigures:
    """The figures the reports use, by respondent role: the mean of the overall satisfaction
    score and its count, and how many answered «да» to «become a mentor / mentee»."""

    satisfaction: dict[str, tuple[float, int]]
    become_mentor: int
    become_mentee: int
    respondents: int


def coded_figures(
    db: Database,
    program_ids: Iterable[int] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> CodedFigures:
    """Satisfaction means by role and the «plans to become» counts over the answers."""
    answers, responses = _answers(db, program_ids, date_from, date_to)
    with db.session() as s:
        codes = {
            qid: code
            for qid, code in s.execute(
                select(QuestionnaireQuestion.id, QuestionnaireQuestion.code).where(
                    QuestionnaireQuestion.code != ""
                )
            )
        }
    scores: dict[str, list[int]] = {}
    mentor = mentee = 0
    for a in answers:
        code = codes.get(a.question_id)
        if code == "satisfaction" and a.value_int is not None:
            scores.setdefault(a.role, []).append(a.value_int)
        elif code == "become_mentor" and a.value_int == 1:
            mentor += 1
        elif code == "become_mentee" and a.value_int == 1:
            mentee += 1
    means = {role: (sum(v) / len(v), len(v)) for role, v in scores.items() if v}
    return CodedFigures(means, mentor, mentee, len(responses))


def format_mean(value: float | None) -> str:
    """«7,5» (one decimal, Russian comma), «—» when there is nothing to average."""
    return "—" if value is None else f"{value:.1f}".replace(".", ",")
