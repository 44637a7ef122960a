"""Mapped classes, the database handle and schema migrations."""

from app.models.base import Base
from app.models.diagnostics import DiagnosticEntry, DiagnosticLevel, DiagnosticRound, Direction
from app.models.entities import (
    AppSetting,
    MenteeProfile,
    MentorProfile,
    Person,
    ReferenceItem,
    SchoolProfile,
)
from app.models.monitoring import (
    MonitoringRecord,
    MonitoringReport,
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireQuestion,
    QuestionnaireResponse,
)
from app.models.orders import DeclensionOverride, Order, OrderAppendix
from app.models.pairs import Pair, PairDirection, PairEvent, PairMentee
from app.models.programs import (
    Program,
    ProgramAssessment,
    ProgramDiaryEntry,
    ProgramDirection,
    ProgramEvent,
    ProgramItem,
    ProgramTemplate,
)

__all__ = [
    "AppSetting",
    "Base",
    "DeclensionOverride",
    "DiagnosticEntry",
    "DiagnosticLevel",
    "DiagnosticRound",
    "Direction",
    "MenteeProfile",
    "MentorProfile",
    "MonitoringRecord",
    "MonitoringReport",
    "Order",
    "OrderAppendix",
    "Pair",
    "PairDirection",
    "PairEvent",
    "PairMentee",
    "Person",
    "Program",
    "ProgramAssessment",
    "ProgramDiaryEntry",
    "ProgramDirection",
    "ProgramEvent",
    "ProgramItem",
    "ProgramTemplate",
    "Questionnaire",
    "QuestionnaireAnswer",
    "QuestionnaireQuestion",
    "QuestionnaireResponse",
    "ReferenceItem",
    "SchoolProfile",
]
