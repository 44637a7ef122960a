"""Diagnostics of professional deficits and strengths: directions, levels, rounds, grid cells."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
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


class Direction(Base):
    """A direction of professional activity (направление): a column of the grid.

    Kept in its own table (not ``reference_items``) because grid cells refer to it by id:
    renaming a direction keeps its data, and one with data is hidden, never deleted."""

    __tablename__ = "directions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(60), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)


class DiagnosticLevel(Base):
    """A level of a deficit («выраженный дефицит» …): name, short mark, colour, severity.

    ``severity`` orders levels (higher is worse, 0 = no deficit); ``None`` means «не
    оценивалось». The mark is printed in the cell too, so colour is never the only signal."""

    __tablename__ = "diagnostic_levels"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    mark: Mapped[str] = mapped_column(String(10), default="")
    color: Mapped[str] = mapped_column(String(9), default="#FFFFFF")
    severity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class DiagnosticRound(Versioned, Base):
    """One diagnosis of one teacher on one date, by one source."""

    __tablename__ = "diagnostic_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp()
    )

    entries: Mapped[list[DiagnosticEntry]] = relationship(
        back_populates="round", cascade="all, delete-orphan"
    )


class DiagnosticEntry(Base):
    """One column of a round: strength text, deficit text, level and the priority flag."""

    __tablename__ = "diagnostic_entries"
    __table_args__ = (UniqueConstraint("round_id", "direction_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("diagnostic_rounds.id", ondelete="CASCADE"), index=True
    )
    direction_id: Mapped[int] = mapped_column(ForeignKey("directions.id", ondelete="RESTRICT"))
    strength: Mapped[str] = mapped_column(Text, default="")
    deficit: Mapped[str] = mapped_column(Text, default="")
    level_id: Mapped[int | None] = mapped_column(
        ForeignKey("diagnostic_levels.id", ondelete="SET NULL"), nullable=True
    )
    priority: Mapped[bool] = mapped_column(Boolean, default=False)

    round: Mapped[DiagnosticRound] = relationship(back_populates="entries")
