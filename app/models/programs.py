"""Personalized mentoring programs: explanatory note, roadmap, history, diary, reflection."""

from __future__ import annotations

import datetime as dt
from typing import Any

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


class Program(Versioned, Base):
    """The personalized program of one pair or group (``pairs.id``).

    ``status``: draft, active, completed, ended_early (with its pair). ``is_route`` marks an individual educational route
    (ИОМ), which also states the desired image of oneself as a professional. The note's
    fields follow the seeds: problem, goal, tasks (a list), form/type/kind, dates, results,
    schedule, mode, conditions."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    # RESTRICT: a pair with a program is never deleted (it is ended early instead).
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    is_route: Mapped[bool] = mapped_column(Boolean, default=False)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    problem: Mapped[str] = mapped_column(Text, default="")
    goal: Mapped[str] = mapped_column(Text, default="")
    tasks: Mapped[list[str]] = mapped_column(JSON, default=list)
    form: Mapped[str] = mapped_column(String(200), default="")
    mentoring_type: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(300), default="")
    intermediate_results: Mapped[str] = mapped_column(Text, default="")
    planned_results: Mapped[str] = mapped_column(Text, default="")
    schedule: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[str] = mapped_column(String(40), default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    desired_image: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(300), default="")
    approval_number: Mapped[str] = mapped_column(String(40), default="")
    approval_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    agreed_body: Mapped[str] = mapped_column(String(300), default="")
    agreed_number: Mapped[str] = mapped_column(String(40), default="")
    agreed_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )

    directions: Mapped[list[ProgramDirection]] = relationship(
        back_populates="program",
        cascade="all, delete-orphan",
        order_by="ProgramDirection.sort_order",
    )
    items: Mapped[list[ProgramItem]] = relationship(
        back_populates="program", cascade="all, delete-orphan", order_by="ProgramItem.seq"
    )


class ProgramDirection(Versioned, Base):
    """A direction in the program's roadmap (the «vertical column»), with its reflection.

    ``focus`` is ``deficit`` (a difficulty to reduce) or ``strength`` (a strength to develop);
    ``priority`` marks a first-priority deficit, which gets a reflection at the end:
    how close the mentee came to the desired image and whether to go on next year."""

    __tablename__ = "program_directions"

    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    direction_id: Mapped[int] = mapped_column(
        ForeignKey("directions.id", ondelete="RESTRICT"), primary_key=True
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    focus: Mapped[str] = mapped_column(String(20), default="deficit")
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    deficit: Mapped[str] = mapped_column(Text, default="")
    reflection: Mapped[str] = mapped_column(Text, default="")
    continue_next_year: Mapped[bool | None] = mapped_column(Boolean, nullable=True)

    program: Mapped[Program] = relationship(back_populates="directions")


class ProgramItem(Versioned, Base):
    """One row of the roadmap. ``mentee_id`` NULL: the common part of a group program;
    otherwise the row belongs to that mentee's module.

    ``mark``: planned, done (on ``mark_date``), moved (to ``mark_date``), cancelled."""

    __tablename__ = "program_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    direction_id: Mapped[int] = mapped_column(ForeignKey("directions.id", ondelete="RESTRICT"))
    mentee_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    seq: Mapped[int] = mapped_column(Integer, default=0)
    activity_kind: Mapped[str] = mapped_column(Text, default="")
    event_form: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    place: Mapped[str] = mapped_column(Text, default="")
    expected_result: Mapped[str] = mapped_column(Text, default="")
    participation: Mapped[str] = mapped_column(Text, default="")
    reporting: Mapped[str] = mapped_column(Text, default="")
    co_executors: Mapped[str] = mapped_column(Text, default="")
    mark: Mapped[str] = mapped_column(String(20), default="planned")
    mark_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    significance: Mapped[str] = mapped_column(Text, default="")
    evaluation: Mapped[str] = mapped_column(Text, default="")

    program: Mapped[Program] = relationship(back_populates="items")


class ProgramEvent(Base):
    """A recorded change: created, prolonged, shortened, plan changed, status; with reason.

    ``details`` holds what changed (e.g. ``{"end_date": ["2027-05-31", "2027-06-30"]}``)."""

    __tablename__ = "program_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp()
    )


class ProgramDiaryEntry(Versioned, Base):
    """A line of the mentor's diary: date, topic, form of work, outcome, recommendations."""

    __tablename__ = "program_diary"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[dt.date] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(Text, default="")
    work_form: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")


class ProgramAssessment(Versioned, Base):
    """The self-assessment sheet: a mentee's level in a direction at the start and the end."""

    __tablename__ = "program_assessments"
    __table_args__ = (UniqueConstraint("program_id", "person_id", "direction_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    direction_id: Mapped[int] = mapped_column(ForeignKey("directions.id", ondelete="RESTRICT"))
    level_start_id: Mapped[int | None] = mapped_column(
        ForeignKey("diagnostic_levels.id", ondelete="SET NULL"), nullable=True
    )
    level_end_id: Mapped[int | None] = mapped_column(
        ForeignKey("diagnostic_levels.id", ondelete="SET NULL"), nullable=True
    )
    comment: Mapped[str] = mapped_column(Text, default="")


class ProgramTemplate(Versioned, Base):
    """A program saved as a template: the note and the roadmap with day offsets from the
    start (``content``), to create new programs from."""

    __tablename__ = "program_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp()
    )
