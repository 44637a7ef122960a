"""Mapped classes, the database handle and schema migrations."""

from app.models.base import Base
from app.models.entities import (
    AppSetting,
    MenteeProfile,
    MentorProfile,
    Person,
    ReferenceItem,
    SchoolProfile,
)

__all__ = [
    "AppSetting",
    "Base",
    "MenteeProfile",
    "MentorProfile",
    "Person",
    "ReferenceItem",
    "SchoolProfile",
]
