"""Monitoring: questionnaires as data, answers entered from paper, indicators, made reports."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base
from app.models.versioning import Versioned


class Questionnaire(Versioned, Base):
    """A questionnaire (анкета) for mentors (``role`` = mentor) or mentees (mentee).

    A questionnaire with answers is hidden, never deleted, so old answers keep their
    questions."""

    __tablename__ = "questionnaires"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(20), default="mentee")
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)

    questions: Mapped[list[QuestionnaireQuestion]] = relationship(
        back_populates="questionnaire",
        cascade="all, delete-orphan",
        order_by="QuestionnaireQuestion.seq",
    )


class QuestionnaireQuestion(Base):
    """A question: ``kind`` is score (1–10), yesno, choice (one of ``options``) or text.

    ``code`` gives a question a meaning the reports use: ``satisfaction`` (the overall
    score), ``become_mentor`` / ``become_mentee`` (yes/no: plans to become one)."""

    __tablename__ = "questionnaire_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20), default="score")
    text: Mapped[str] = mapped_column(Text, default="")
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    code: Mapped[str] = mapped_column(String(40), default="")
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="questions")


class QuestionnaireResponse(Base):
    """One filled paper questionnaire of a program's participant (``respondent_id`` None:
    anonymous), entered by the curator."""

    __tablename__ = "questionnaire_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="RESTRICT"), index=True
    )
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    respondent_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    role: Mapped[str] = mapped_column(String(20), default="mentee")
    date: Mapped[dt.date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp()
    )

    answers: Mapped[list[QuestionnaireAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class QuestionnaireAnswer(Base):
    """The answer to one question: a score 1–10 or yes (1) / no (0) in ``value_int``, the
    chosen option or the open answer in ``value_text``."""

    __tablename__ = "questionnaire_answers"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_responses.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_questions.id", ondelete="CASCADE"), primary_key=True
    )
    value_int: Mapped[int | None] = mapped_column(Integer, nullable=True)
    value_text: Mapped[str] = mapped_column(Text, default="")

    response: Mapped[QuestionnaireResponse] = relationship(back_populates="answers")


class MonitoringRecord(Versioned, Base):
    """Monitoring indicators of one program for one period (stage 1: the process; stage 2:
    the influence on participants). Counts are None when not entered; deficits before/after
    and satisfaction are computed from the grid and the questionnaires, not stored."""

    __tablename__ = "monitoring_records"
    __table_args__ = (UniqueConstraint("program_id", "period_start", "period_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    exams: Mapped[str] = mapped_column(String(200), default="")
    exam_pupils: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exam_passed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    olympiad_participants: Mapped[int | None] = mapped_column(Integer, nullable=True)
    olympiad_winners: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pupils_dynamics: Mapped[str] = mapped_column(Text, default="")
    joint_projects: Mapped[str] = mapped_column(Text, default="")
    risks: Mapped[str] = mapped_column(Text, default="")
    open_lessons: Mapped[int | None] = mapped_column(Integer, nullable=True)
    competitions: Mapped[int | None] = mapped_column(Integer, nullable=True)
    publications: Mapped[int | None] = mapped_column(Integer, nullable=True)
    activity_notes: Mapped[str] = mapped_column(Text, default="")
    wants_mentor: Mapped[int | None] = mapped_column(Integer, nullable=True)
    wants_mentee: Mapped[int | None] = mapped_column(Integer, nullable=True)
    influence_notes: Mapped[str] = mapped_column(Text, default="")


class MonitoringReport(Versioned, Base):
    """A half-year report (справка) made for a period, with the conclusions and
    recommendations as the curator last edited them, and the figures they were written
    against (``figures``: label → value, ``figures_digest`` its hash, ``texts_saved_at``
    when texts resting on them were saved), so a change of the data can be pointed out."""

    __tablename__ = "monitoring_reports"
    __table_args__ = (UniqueConstraint("period_start", "period_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    made_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    conclusions: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    texts_saved_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    figures_digest: Mapped[str] = mapped_column(String(64), default="")
    figures: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
