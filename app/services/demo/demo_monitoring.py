"""The demo school's monitoring: paper questionnaires and indicators for a few programs."""

from __future__ import annotations

from app.models.db import Database
from app.services.demo.context import DemoContext
from app.services.monitoring import monitoring
from app.services.monitoring import questionnaires as qs
from app.services.monitoring.halfyear_periods import half_of
from app.services.programs import programs

# Scores of the demo answers, by respondent, cycled: plausible and not all the same.
_SCORES = [9, 8, 7, 10, 8, 6]
_CHOICES = [0, 2, 1, 3]
_TEXTS = {
    "mentee": [
        "Разбор моих уроков: сразу видно, что менять.",
        "Поддержка в работе с трудным классом.",
        "Совместная подготовка открытого урока.",
    ],
    "mentor": [
        "Наставляемая стала увереннее вести урок.",
        "Хотелось бы больше времени на взаимопосещения.",
        "Полезно было самой по-новому взглянуть на свои уроки.",
    ],
}
_RISKS = [
    "Нехватка времени на взаимопосещения из-за нагрузки.",
    "Болезнь наставника в ноябре: две встречи перенесены.",
    "",
]


def _answers(q: qs.QuestionnaireData, n: int) -> dict[int, int | str | None]:
    out: dict[int, int | str | None] = {}
    for k, question in enumerate(q.questions):
        qid = question.id or 0
        if question.kind == "score":
            out[qid] = _SCORES[(n + k) % len(_SCORES)]
        elif question.kind == "yesno":
            out[qid] = 1 if (n + k) % 3 else 0
        elif question.kind == "choice" and question.options:
            out[qid] = question.options[_CHOICES[(n + k) % len(_CHOICES)] % len(question.options)]
        elif question.kind == "text" and k % 2 == 0:
            texts = _TEXTS.get(q.role, _TEXTS["mentee"])
            out[qid] = texts[n % len(texts)]
    return out


def add_monitoring(db: Database, ctx: DemoContext) -> str:
    """Questionnaires from the mentor and the mentees of up to three programs that have
    started, and their indicators for the current half-year; nothing without programs."""
    half = half_of(ctx.today)
    started = [
        p
        for p in programs.list_programs(db, ctx.today)
        if p.start_date <= ctx.today and p.end_date >= half.start
    ]
    if not started:
        return ""
    forms = {q.role: q for q in qs.list_questionnaires(db)}
    if "mentor" not in forms or "mentee" not in forms:
        return ""
    n = answered = 0
    chosen = sorted(started, key=lambda p: p.id)[:3]
    for i, row in enumerate(chosen):
        data = programs.get_program(db, row.id)
        people = [("mentor", data.mentor.id)] + [("mentee", m.id) for m in data.mentees]
        for role, person in people:
            q = forms[role]
            qs.save_response(
                db, qs.ResponseData(q.id or 0, row.id, person, ctx.today, _answers(q, n), role=role)
            )
            n += 1
        answered += 1
        monitoring.save_indicators(
            db,
            row.id,
            half.start,
            half.end,
            monitoring.Indicators(
                exams="ВПР" if i % 2 == 0 else "ОГЭ",
                exam_pupils=24 - 3 * i,
                exam_passed=20 - 4 * i,
                olympiad_participants=3 - i,
                olympiad_winners=1 if i == 0 else 0,
                open_lessons=1 + i % 2,
                competitions=i % 2,
                publications=1 if i == 1 else 0,
                risks=_RISKS[i % len(_RISKS)],
                wants_mentor=1 if i == 0 else 0,
                wants_mentee=1,
            ),
        )
    return f"анкеты участников ({n}) и показатели мониторинга по {answered} программам"
