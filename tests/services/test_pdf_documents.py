"""Every newer document kind, Word and Excel, converts to PDF and keeps its Cyrillic text."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.services.documents import pdf
from app.services.storage.workspace import Workspace, open_workspace
from tests.services.test_pdf import needs_office

CASES: dict[str, tuple[str, str, dict[str, Any], str]] = {
    # case: kind, file name, options, text that must be found in the PDF
    "pairs-order": ("order", "pairs.docx", {"order_id": 2}, "О закреплении наставнических пар"),
    "program": ("program", "program.docx", {"order_id": 1}, "ДОРОЖНАЯ КАРТА"),
    "consent": ("consent", "consent.docx", {"teacher": 2}, "обработку персональных данных"),
    "report": (
        "report",
        "report.docx",
        {"date_from": "01.09.2025", "date_to": "31.12.2025"},
        "СПРАВКА",
    ),
    "month-plan": ("month-plan", "plan.docx", {"date_from": "01.11.2025"}, "План"),
    "grid-xlsx": ("grid", "grid.xlsx", {}, "Диагностическая карта"),
    "pairs-xlsx": ("pairs", "pairs.xlsx", {}, "Наставник"),
}


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    import datetime as dt

    from app.services.demo.demo import create_demo

    ws = open_workspace(tmp_path_factory.mktemp("pdfdocs") / "data", start_backup=False)
    create_demo(ws.db, today=dt.date(2025, 12, 15))
    yield ws
    ws.close(backup=False)


@needs_office
@pytest.mark.parametrize("case", list(CASES))
def test_document_converts_with_cyrillic_text(school: Workspace, tmp_path: Path, case: str) -> None:
    from app.services.documents.exports import run_export

    kind, name, options, expected = CASES[case]
    options = dict(options)
    order_id = options.pop("order_id", None)
    document = run_export(school.db, kind, tmp_path / name, order_id=order_id, **options)
    made = pdf.convert_to_pdf(document, tmp_path)
    text = subprocess.run(
        ["pdftotext", str(made), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert expected in text
