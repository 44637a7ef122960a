"""The municipal store's tables: snapshots of schools for the methodical office (ГМК).

A separate declarative base, apart from the school's ``Base``: a store never holds school
tables and a school database never holds these, so the exchange file (which follows
``Base.metadata``) and the school's Alembic chain never see them. Every table is prefixed
``municipal_``, so a store may share one PostgreSQL database with a school. The schema is
created by ``create_all`` and versioned by the one-row ``municipal_schema`` table
(``app.services.municipal.store`` upgrades it step by step and refuses a newer store).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

STORE_SCHEMA_VERSION = 1


class MunicipalBase(DeclarativeBase):
    """The store's own metadata (never mixed with the school's ``Base``)."""


class StoreSchema(MunicipalBase):
    """The version of the store's tables: one row."""

    __tablename__ = "municipal_schema"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class StoredSchool(MunicipalBase):
    """A school's latest snapshot: its requisites, the file's date and its figures."""

    __tablename__ = "municipal_schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(500))
    name_key: Mapped[str] = mapped_column(String(500), index=True)  # folded full name
    short_name: Mapped[str] = mapped_column(String(200), default="")
    locality: Mapped[str] = mapped_column(String(200), default="")
    inn: Mapped[str] = mapped_column(String(12), default="", index=True)
    ogrn: Mapped[str] = mapped_column(String(15), default="", index=True)
    file_date: Mapped[dt.datetime] = mapped_column(DateTime)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)
    file_name: Mapped[str] = mapped_column(String(500), default="")
    minimised: Mapped[bool] = mapped_column(Boolean, default=False)
    app_version: Mapped[str] = mapped_column(String(40), default="")
    teachers: Mapped[int] = mapped_column(Integer, default=0)
    mentors: Mapped[int] = mapped_column(Integer, default=0)
    mentees: Mapped[int] = mapped_column(Integer, default=0)
    pairs: Mapped[int] = mapped_column(Integer, default=0)
    groups: Mapped[int] = mapped_column(Integer, default=0)
    programs_running: Mapped[int] = mapped_column(Integer, default=0)
    programs_completed: Mapped[int] = mapped_column(Integer, default=0)
    activities_total: Mapped[int] = mapped_column(Integer, default=0)
    activities_done: Mapped[int] = mapped_column(Integer, default=0)
    activities_overdue: Mapped[int] = mapped_column(Integer, default=0)
    satisfaction: Mapped[float | None] = mapped_column(Float, nullable=True)
    satisfaction_count: Mapped[int] = mapped_column(Integer, default=0)


class StoredForm(MunicipalBase):
    """How many pairs (or groups) of one mentoring form a school runs."""

    __tablename__ = "municipal_forms"

    school_id: Mapped[int] = mapped_column(
        ForeignKey("municipal_schools.id", ondelete="CASCADE"), primary_key=True
    )
    form: Mapped[str] = mapped_column(String(200), primary_key=True)
    is_group: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class StoredTeacher(MunicipalBase):
    """A teacher of a stored school: name and position only (no contacts)."""

    __tablename__ = "municipal_teachers"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        ForeignKey("municipal_schools.id", ondelete="CASCADE"), index=True
    )
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    is_mentor: Mapped[bool] = mapped_column(Boolean, default=False)
    is_mentee: Mapped[bool] = mapped_column(Boolean, default=False)


class StoredDiagnosis(MunicipalBase):
    """One teacher's level in one direction on one diagnostic date.

    ``grade`` is the level on the municipal scale: 2 severe deficit (the school's worst
    level), 1 partial deficit, 0 none, NULL not assessed. ``first``/``latest`` mark the
    teacher's earliest and latest diagnosis in that direction (for «было / стало» and the
    heat map, which read only those rows)."""

    __tablename__ = "municipal_diagnoses"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        ForeignKey("municipal_schools.id", ondelete="CASCADE"), index=True
    )
    teacher_id: Mapped[int] = mapped_column(
        ForeignKey("municipal_teachers.id", ondelete="CASCADE"), index=True
    )
    direction: Mapped[str] = mapped_column(String(300))
    direction_key: Mapped[str] = mapped_column(String(300), index=True)
    direction_order: Mapped[int] = mapped_column(Integer, default=0)
    date: Mapped[dt.date] = mapped_column(Date)
    grade: Mapped[int | None] = mapped_column(Integer, nullable=True)
    mark: Mapped[str] = mapped_column(String(10), default="")
    color: Mapped[str] = mapped_column(String(9), default="")
    level_name: Mapped[str] = mapped_column(String(100), default="")
    deficit: Mapped[str] = mapped_column(Text, default="")
    first: Mapped[bool] = mapped_column(Boolean, default=False)
    latest: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


class StoredDeficits(MunicipalBase):
    """A school's counts in one direction: at each teacher's latest diagnosis (the heat map's
    cell) and first against latest (было / стало). Kept when the file is added, so the views
    read a few hundred rows, not every level of every teacher."""

    __tablename__ = "municipal_deficits"

    school_id: Mapped[int] = mapped_column(
        ForeignKey("municipal_schools.id", ondelete="CASCADE"), primary_key=True
    )
    direction_key: Mapped[str] = mapped_column(String(300), primary_key=True)
    direction: Mapped[str] = mapped_column(String(300))
    direction_order: Mapped[int] = mapped_column(Integer, default=0)
    assessed: Mapped[int] = mapped_column(Integer, default=0)
    severe: Mapped[int] = mapped_column(Integer, default=0)
    partial: Mapped[int] = mapped_column(Integer, default=0)
    # «было / стало»: teachers diagnosed at least twice here (assessed both times), severe
    # and partial at their first and their latest diagnosis
    changed: Mapped[int] = mapped_column(Integer, default=0)
    before_severe: Mapped[int] = mapped_column(Integer, default=0)
    before_partial: Mapped[int] = mapped_column(Integer, default=0)
    after_severe: Mapped[int] = mapped_column(Integer, default=0)
    after_partial: Mapped[int] = mapped_column(Integer, default=0)
