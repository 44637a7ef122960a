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
from app.models.orders import DeclensionOverride, Order, OrderAppendix

__all__ = [
    "AppSetting",
    "Base",
    "DeclensionOverride",
    "MenteeProfile",
    "MentorProfile",
    "Order",
    "OrderAppendix",
    "Person",
    "ReferenceItem",
    "SchoolProfile",
]
