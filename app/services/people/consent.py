"""The consent to personal-data processing (согласие на обработку ПДн): one form per person.

The shipped wording is ``resources/reference/consent_default.json``; a school's own wording,
edited in the window, is kept with the data (``app_settings``) and used instead."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.core.textutil import format_date, lower_first
from app.errors import KuratorError
from app.models import AppSetting
from app.models.db import Database
from app.paths import resource_path
from app.reports.consent_docx import ConsentForm, ConsentSection
from app.services.people import persons
from app.services.school.school import require_complete

SETTING = "documents.consent"
PLACEHOLDERS = (
    "full_name",
    "position",
    "position_clause",
    "school_full",
    "school_short",
    "locality",
)


def load_template(path: Path | None = None) -> dict[str, Any]:
    """The shipped wording (``resources/reference/consent_default.json``)."""
    path = path or resource_path("reference", "consent_default.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def school_template(db: Database) -> dict[str, Any]:
    """The school's own wording when the curator has edited it, else the shipped one. It is
    kept with the data (so it travels with backups and the exchange file)."""
    with db.session() as s:
        row = s.get(AppSetting, SETTING)
        if row is not None and row.value:
            data: dict[str, Any] = json.loads(row.value)
            return data
    return load_template()


def check_template(template: dict[str, Any]) -> None:
    """``KuratorError`` naming the first unknown ``{подстановка}`` or a missing part."""
    if not str(template.get("title", "")).strip() or not template.get("consent"):
        raise KuratorError("В тексте согласия должны быть заголовок и основной абзац.")
    texts = [str(template.get(k, "")) for k in ("title", "consent", "closing")]
    texts += [str(x) for x in template.get("intro", [])]
    for sec in template.get("sections", []):
        texts += [str(sec.get("heading", ""))] + [str(x) for x in sec.get("paragraphs", [])]
        texts += [str(x) for x in sec.get("items", [])]
    values = dict.fromkeys(PLACEHOLDERS, "")
    for text in texts:
        _fill(text, values)


def save_school_template(db: Database, template: dict[str, Any] | None) -> None:
    """Store the school's wording (checked first); ``None`` goes back to the shipped text."""
    with db.session() as s:
        row = s.get(AppSetting, SETTING)
        if template is None:
            if row is not None:
                s.delete(row)
            return
        check_template(template)
        row = row or AppSetting(key=SETTING)
        row.value = json.dumps(template, ensure_ascii=False)
        s.add(row)


def _fill(text: str, values: dict[str, str]) -> str:
    allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    try:
        return text.format(**values)
    except KeyError as exc:
        raise KuratorError(
            f"В тексте согласия неизвестная подстановка {{{exc.args[0]}}}; можно: {allowed}."
        ) from None
    except (IndexError, ValueError):
        raise KuratorError(
            "В тексте согласия непарная фигурная скобка «{» или «}»: они "
            f"нужны только вокруг подстановок ({allowed})."
        ) from None


def consent_forms(
    db: Database, person_ids: list[int] | None = None, template: dict[str, Any] | None = None
) -> list[ConsentForm]:
    """Forms for ``person_ids`` (default: every participant not in the archive), in the
    order of the participants list; ``KuratorError`` when the requisites are not filled."""
    school = require_complete(db)
    template = template or school_template(db)
    if person_ids is None:
        person_ids = [r.id for r in persons.list_persons(db, include_archived=False)]
    if not person_ids:
        raise KuratorError("В базе нет участников: согласие печатать не для кого.")
    out = []
    for pid in person_ids:
        p = persons.get_person(db, pid)
        values = {
            "full_name": p.full_name,
            "position": lower_first(p.position),
            "position_clause": f"{lower_first(p.position)}," if p.position else "",
            "school_full": school.full_name,
            "school_short": school.short_name,
            "locality": school.locality,
        }
        sections = [
            ConsentSection(
                _fill(s.get("heading", ""), values),
                [_fill(x, values) for x in s.get("paragraphs", [])],
                [_fill(x, values) for x in s.get("items", [])],
            )
            for s in template.get("sections", [])
        ]
        out.append(
            ConsentForm(
                pid,
                p.full_name,
                _fill(template["title"], values),
                [_fill(x, values) for x in template["intro"]],
                _fill(template["consent"], values),
                sections,
                _fill(template.get("closing", ""), values),
                f"{format_date(p.consent_date)} г."
                if p.consent_date
                else "«___» ____________ 20___ г.",
            )
        )
    return out
