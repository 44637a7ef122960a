"""The school, its teachers and their mentor/mentee profiles (the two bases), reference lists."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base
from app.models.versioning import Versioned


class Person(Versioned, Base):
    """A teaching employee (педагогический работник); may be a mentor, a mentee, or both."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    subjects: Mapped[str] = mapped_column(String(500), default="")
    experience_years: Mapped[int | None] = mapped_column(Integer, nullable=True)
    category: Mapped[str] = mapped_column(String(100), default="")
    education: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    consent_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )

    mentor_profile: Mapped[MentorProfile | None] = relationship(
        back_populates="person", cascade="all, delete-orphan", uselist=False
    )
    mentee_profile: Mapped[MenteeProfile | None] = relationship(
        back_populates="person", cascade="all, delete-orphan", uselist=False
    )


class MentorProfile(Versioned, Base):
    """A row of the base of mentors (база наставников)."""

    __tablename__ = "mentor_profiles"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    workplace: Mapped[str] = mapped_column(String(300), default="")
    competencies: Mapped[str] = mapped_column(Text, default="")
    achievements: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[str] = mapped_column(Text, default="")
    preferred_mentee_age: Mapped[str] = mapped_column(String(200), default="")
    contact_time: Mapped[str] = mapped_column(String(200), default="")
    mentee_requests: Mapped[str] = mapped_column(Text, default="")
    mentees_note: Mapped[str] = mapped_column(Text, default="")
    mentoring_form: Mapped[str] = mapped_column(String(200), default="")
    program_place: Mapped[str] = mapped_column(String(300), default="")
    date_in: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    date_out: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    results: Mapped[str] = mapped_column(Text, default="")
    case_link: Mapped[str] = mapped_column(String(500), default="")

    person: Mapped[Person] = relationship(back_populates="mentor_profile")


class MenteeProfile(Versioned, Base):
    """A row of the base of mentees (база наставляемых)."""

    __tablename__ = "mentee_profiles"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    key_requests: Mapped[str] = mapped_column(Text, default="")
    date_in: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    mentor_note: Mapped[str] = mapped_column(String(300), default="")
    mentor_workplace: Mapped[str] = mapped_column(String(300), default="")
    mentoring_form: Mapped[str] = mapped_column(String(200), default="")
    program_place: Mapped[str] = mapped_column(String(300), default="")
    date_out: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    results: Mapped[str] = mapped_column(Text, default="")
    case_link: Mapped[str] = mapped_column(String(500), default="")

    person: Mapped[Person] = relationship(back_populates="mentee_profile")


class SchoolProfile(Versioned, Base):
    """The school's requisites (реквизиты): a single row with id 1."""

    __tablename__ = "school_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(500), default="")
    short_name: Mapped[str] = mapped_column(String(200), default="")
    locality: Mapped[str] = mapped_column(String(200), default="")
    founder: Mapped[str] = mapped_column(String(500), default="")
    director_position: Mapped[str] = mapped_column(String(200), default="Директор")
    director_last_name: Mapped[str] = mapped_column(String(100), default="")
    director_first_name: Mapped[str] = mapped_column(String(100), default="")
    director_middle_name: Mapped[str] = mapped_column(String(100), default="")
    curator_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), nullable=True
    )
    secretary_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), nullable=True
    )
    school_year: Mapped[str] = mapped_column(String(20), default="")
    inn: Mapped[str] = mapped_column(String(12), default="")
    ogrn: Mapped[str] = mapped_column(String(15), default="")


class ReferenceItem(Base):
    """One value of an editable reference list (positions, subjects, categories, …)."""

    __tablename__ = "reference_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(50), index=True)
    value: Mapped[str] = mapped_column(String(300))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)


class AppSetting(Base):
    """A program setting kept with the data (key → JSON text), so it travels with backups."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
