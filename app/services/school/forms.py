"""Declined names and positions for documents, with the curator's corrections applied.

Automatic forms come from ``declension``; a form the curator corrected once (stored in
``declension_overrides``) wins in every later document. Each use is recorded, so the order
editor can list the forms it printed and let the curator correct them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.core.textutil import clean_text, full_name, lower_first
from app.models import DeclensionOverride
from app.models.db import Database
from app.services.school import declension


@dataclass(frozen=True)
class FormUse:
    """One declined form a document used: the nominative source, the case, both forms."""

    source: str
    case: str
    auto: str
    form: str

    @property
    def overridden(self) -> bool:
        return self.form != self.auto


def load_overrides(db: Database) -> dict[tuple[str, str], str]:
    """Every correction: (nominative source, case) → form."""
    with db.session() as s:
        return {(o.source, o.case): o.form for o in s.scalars(select(DeclensionOverride))}


def set_override(db: Database, source: str, case: str, form: str) -> None:
    """Remember the curator's form for ``source`` in ``case``; an empty form forgets it."""
    source, form = clean_text(source), clean_text(form)
    with db.session() as s:
        rows = s.scalars(
            select(DeclensionOverride).where(
                DeclensionOverride.source == source, DeclensionOverride.case == case
            )
        ).all()
        for row in rows:
            s.delete(row)
        if form:
            s.add(DeclensionOverride(source=source, case=case, form=form))


class Forms:
    """Declines names and positions for one document, recording what it used."""

    def __init__(self, overrides: dict[tuple[str, str], str]) -> None:
        self.overrides = overrides
        self.used: dict[tuple[str, str], FormUse] = {}

    @classmethod
    def from_db(cls, db: Database) -> Forms:
        return cls(load_overrides(db))

    def _pick(self, source: str, case: str, auto: str) -> str:
        if case == "nom" or not source:
            return auto
        form = self.overrides.get((source, case), auto)
        self.used[(source, case)] = FormUse(source, case, auto, form)
        return form

    def name(self, last: str, first: str, middle: str, case: str) -> str:
        """«Захарову Анастасию Анатольевну» for the accusative."""
        source = full_name(last, first, middle)
        return self._pick(source, case, declension.full_name_in(last, first, middle, case))

    def position(self, position: str, case: str) -> str:
        """The position in ``case``, starting with a small letter (it stands mid-sentence)."""
        source = clean_text(position)
        auto = lower_first(declension.decline_position(source, case)) if source else ""
        return self._pick(source, case, auto)

    def phrase(self, position: str, last: str, first: str, middle: str, case: str) -> str:
        """«заместителя директора по УВР Захарову Анастасию Анатольевну»."""
        pos = self.position(position, case)
        who = self.name(last, first, middle, case)
        return f"{pos} {who}".strip()

    def uses(self) -> list[FormUse]:
        """The forms used so far, in the order first met."""
        return list(self.used.values())
