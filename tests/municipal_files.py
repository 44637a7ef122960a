"""Exchange files of schools for the municipal tests: the demo school and its variants
(other names, INN, export dates)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.services.storage import exchange
from tests.prebuilt import DemoSchool

OTHER_NAME = "Муниципальное бюджетное общеобразовательное учреждение «Знаменская СОШ»"


def school_file(demo_school: DemoSchool, tmp_path: Path) -> dict[str, Any]:
    """The demo school's full exchange file, parsed (the base of every variant)."""
    ws = demo_school()
    path = tmp_path / "demo.json"
    exchange.export_data(ws.db, path)
    ws.close(backup=False)
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def variant(
    base: dict[str, Any],
    path: Path,
    *,
    stamp: str = "2026-12-01T10:00:00",
    name: str | None = None,
    short: str | None = None,
    inn: str = "",
) -> Path:
    """The file of ``base`` written at ``stamp``, for a school named ``name`` with ``inn``."""
    doc = json.loads(json.dumps(base))
    doc["exported_at"] = stamp
    profile = doc["tables"]["school_profile"][0]
    if name is not None:
        profile["full_name"] = name
        profile["short_name"] = short or name
    profile["inn"] = inn
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path
