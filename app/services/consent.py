"""The consent to personal-data processing (согласие на обработку ПДн): one form per person.

The wording lives in ``resources/reference/consent_default.json`` so a school (or its
lawyer) can change it without a new version of the program."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.errors import KuratorError
from app.models.db import Database
from app.paths import resource_path
from app.reports.consent_docx import ConsentForm, ConsentSection
from app.services import persons
from app.services.declension import lower_first
from app.services.school import require_complete
from app.services.textutil import format_date


def load_template(path: Path | None = None) -> dict[str, Any]:
    path = path or resource_path("reference", "consent_default.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _fill(text: str, values: dict[str, str]) -> str:
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        raise KuratorError(f"В тексте согласия неизвестная подстановка: {exc}.") from None


def consent_forms(db: Database, person_ids: list[int] | None = None,
                  template: dict[str, Any] | None = None) -> list[ConsentForm]:
    """Forms for ``person_ids`` (default: every participant not in the archive), in the
    order of the participants list; ``KuratorError`` when the requisites are not filled."""
    school = require_complete(db)
    template = template or load_template()
    if person_ids is None:
        person_ids = [r.id for r in persons.list_persons(db, include_archived=False)]
    if not person_ids:
        raise KuratorError("В базе нет участников: согласие печатать не для кого.")
    out = []
    for pid in person_ids:
        p = persons.get_person(db, pid)
        values = {
            "full_name": p.full_name, "position": lower_first(p.position),
            "position_clause": f"{lower_first(p.position)}," if p.position else "",
            "school_full": school.full_name, "school_short": school.short_name,
            "locality": school.locality,
        }
        sections = [
            ConsentSection(_fill(s.get("heading", ""), values),
                           [_fill(x, values) for x in s.get("paragraphs", [])],
                           [_fill(x, values) for x in s.get("items", [])])
            for s in template.get("sections", [])
        ]
        out.append(ConsentForm(
            pid, p.full_name, _fill(template["title"], values), [_fill(x, values) for x in template["intro"]],
            _fill(template["consent"], values), sections, _fill(template.get("closing", ""), values),
            f"{format_date(p.consent_date)} г." if p.consent_date else "«___» ____________ 20___ г.",
        ))
    return out
