"""The school's page setup of printed documents (margins, font sizes), stored with the data."""

from __future__ import annotations

import json

from app.models import AppSetting
from app.models.db import Database
from app.reports.page_settings import PageSettings

PAGE_SETTING = "documents.page"


def load_page_settings(db: Database) -> PageSettings:
    """The curator's page setup as stored; nothing stored (or a damaged value) means the
    ГОСТ defaults, and values out of range are clamped by ``PageSettings``."""
    with db.session() as s:
        row = s.get(AppSetting, PAGE_SETTING)
        raw = row.value if row is not None else ""
    try:
        values = json.loads(raw) if raw else {}
    except ValueError:
        values = {}
    return PageSettings.from_mapping(dict(values) if isinstance(values, dict) else {})


def save_page_settings(db: Database, settings: PageSettings) -> None:
    """Stores the page setup for every document printed from now on."""
    with db.session() as s:
        row = s.get(AppSetting, PAGE_SETTING) or AppSetting(key=PAGE_SETTING)
        row.value = json.dumps(settings.to_mapping(), ensure_ascii=False)
        s.add(row)
