"""The school's own wording of the consent form: edited, checked, printed, reset."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx

from app.services.documents.exports import run_export
from app.services.people import consent
from app.ui.people.consent_text_dialog import ConsentTextDialog
from tests.prebuilt import DemoSchool


def test_edited_wording_is_printed_and_bad_placeholder_stays_unsaved(
    qtbot,
    demo_school: DemoSchool,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    # GIVEN the demo school and the dialog showing the shipped text, unchanged
    ws = demo_school(dt.date(2026, 11, 10))
    dialog = ConsentTextDialog(ws)
    qtbot.addWidget(dialog)
    assert not dialog.is_modified()
    assert dialog.heading.toPlainText() == "СОГЛАСИЕ\nна обработку персональных данных"
    # WHEN a placeholder is mistyped THEN the error is shown and nothing is stored
    dialog.consent.setPlainText("даю согласие оператору — {school}")
    assert dialog.save() is False
    assert "{school}" in dialog.error.text() and "{school_full}" in dialog.error.text()
    assert consent.school_template(ws.db) == consent.load_template()
    # WHEN the school writes its own heading (a «/» in it stays a «/»), main paragraph and a
    # new list item, and saves
    dialog.heading.setPlainText("СОГЛАСИЕ\nна обработку ПДн (2026/2027 учебный год)")
    dialog.consent.setPlainText("даю согласие {school_short} на обработку моих данных.")
    dialog.sections.setPlainText(dialog.sections.toPlainText() + "\n– номер СНИЛС")
    assert dialog.save() is True
    # THEN every printed form uses it
    out = run_export(ws.db, "consent", tmp_path / "c.docx", teacher=2)
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "даю согласие МБОУ «Берёзовская СОШ» на обработку моих данных." in texts
    assert "– номер СНИЛС." in texts
    assert texts[0] == "СОГЛАСИЕ\nна обработку ПДн (2026/2027 учебный год)"
    # WHEN «Вернуть текст программы» is pressed and saved THEN the shipped text is back
    again = ConsentTextDialog(ws)
    qtbot.addWidget(again)
    again.show_template(consent.load_template())
    assert again.save() is True
    assert consent.school_template(ws.db) == consent.load_template()
