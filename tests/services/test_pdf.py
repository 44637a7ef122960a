"""The optional PDF copy: every document type converts and keeps its Cyrillic text."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.errors import KuratorError
from app.services.documents import pdf
from tests.prebuilt import DemoSchool

# CI installs LibreOffice and poppler-utils, so there the conversion is never skipped.
needs_office = pytest.mark.skipif(
    not os.environ.get("CI") and (pdf.soffice_path() is None or shutil.which("pdftotext") is None),
    reason="LibreOffice или pdftotext не установлены",
)


def test_without_libreoffice_the_option_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    with pytest.raises(KuratorError, match="LibreOffice"):
        pdf.convert_to_pdf(tmp_path / "x.docx", tmp_path)


@needs_office
@pytest.mark.parametrize("kind", ["order", "mentors-base", "mentees-base"])
def test_every_document_type_converts_with_cyrillic_text(
    demo_school: DemoSchool, tmp_path: Path, kind: str
) -> None:
    from app.services.documents.exports import run_export
    from app.services.orders import orders

    with demo_school() as ws:
        oid = orders.list_orders(ws.db)[0].id
        document = run_export(ws.db, kind, tmp_path / f"{kind}.docx", order_id=oid)
    made = pdf.convert_to_pdf(document, tmp_path)
    text = subprocess.run(
        ["pdftotext", str(made), "-"], capture_output=True, text=True, check=True
    ).stdout
    expected = {
        "order": "ПРИКАЗЫВАЮ",
        "mentors-base": "База наставников",
        "mentees-base": "База наставляемых",
    }[kind]
    assert expected in text


@needs_office
@pytest.mark.parametrize("teacher", [False, True], ids=["school", "card"])
def test_diagnostic_grid_converts_with_cyrillic_text(
    demo_school: DemoSchool, tmp_path: Path, teacher: bool
) -> None:
    from app.services.documents.exports import run_export
    from app.services.people.persons import list_persons

    with demo_school() as ws:
        pid = next(p.id for p in list_persons(ws.db) if p.full_name.startswith("Смирнова"))
        document = run_export(
            ws.db, "grid", tmp_path / "grid.docx", teacher=pid if teacher else None
        )
    made = pdf.convert_to_pdf(document, tmp_path)
    text = subprocess.run(
        ["pdftotext", str(made), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Диагностическая карта профессиональных" in text
    assert ("Затруднения" if teacher else "Смирнова Дарья Алексеевна") in text
    assert "Условные обозначения" in text
