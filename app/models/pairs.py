"""Mentoring pairs and groups (наставнические пары и группы) with their history of changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base
from app.models.versioning import Versioned


class Pair(Versioned, Base):
    """One mentor with one mentee (a pair) or several mentees sharing a deficit (a group).

    ``status``: planned, active, completed, ended_early. ``kinds`` is a list of values from
    the «Виды наставничества» reference list."""

    __tablename__ = "pairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    mentor_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), index=True
    )
    form: Mapped[str] = mapped_column(String(200), default="")
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    role_model: Mapped[str] = mapped_column(String(300), default="")
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    end_reason: Mapped[str] = mapped_column(Text, default="")
    duration_reason: Mapped[str] = mapped_column(Text, default="")
    schedule: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[str] = mapped_column(String(40), default="")
    consent_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    allowance: Mapped[str] = mapped_column(String(200), default="")
    order_number: Mapped[str] = mapped_column(String(40), default="")
    order_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # The signed order «О закреплении наставнических пар (групп)» that fixes the pair (its
    # number and date are then ``order_number``/``order_date``); None: not fixed by an order,
    # whatever number was typed by hand.
    fixing_order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="SET NULL"), nullable=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )

    mentees: Mapped[list[PairMentee]] = relationship(
        back_populates="pair", cascade="all, delete-orphan"
    )
    directions: Mapped[list[PairDirection]] = relationship(
        back_populates="pair", cascade="all, delete-orphan"
    )
    events: Mapped[list[PairEvent]] = relationship(
        back_populates="pair", cascade="all, delete-orphan", order_by="PairEvent.id"
    )


class PairMentee(Base):
    """A mentee of a pair or group (a person counts once per group)."""

    __tablename__ = "pair_mentees"

    pair_id: Mapped[int] = mapped_column(
        ForeignKey("pairs.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), primary_key=True, index=True
    )

    pair: Mapped[Pair] = relationship(back_populates="mentees")


class PairDirection(Base):
    """A direction the pair works on, picked from the mentee's grid; ``deficit`` is the text."""

    __tablename__ = "pair_directions"

    pair_id: Mapped[int] = mapped_column(
        ForeignKey("pairs.id", ondelete="CASCADE"), primary_key=True
    )
    direction_id: Mapped[int] = mapped_column(
        ForeignKey("directions.id", ondelete="RESTRICT"), primary_key=True
    )
    deficit: Mapped[str] = mapped_column(Text, default="")

    pair: Mapped[Pair] = relationship(back_populates="directions")


class PairEvent(Base):
    """A recorded change of a pair: created, prolonged, shortened, ended early, status, edited.

    ``details`` holds what changed (e.g. ``{"end_date": ["2026-05-31", "2026-08-31"]}``)."""

    __tablename__ = "pair_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp()
    )

    pair: Mapped[Pair] = relationship(back_populates="events")
