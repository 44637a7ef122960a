"""Printing a participant's consent form from the participants table's context menu."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from app.ui.window.main_window import MainWindow
from tests.prebuilt import DemoSchool


def test_consent_of_the_selected_person_is_written(
    qtbot,
    demo_school: DemoSchool,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN the demo school in the main window, a participant selected
    ws = demo_school()
    window = MainWindow(ws)
    qtbot.addWidget(window)
    tab = window.participants
    tab.table.selectRow(0)
    row = tab.selected_row()
    assert row is not None
    asked: list[str] = []
    told: list[str] = []
    target = tmp_path / "согласие.docx"
    fa = window.file_actions

    def choose_save(title: str, suggested: str, filters: str) -> Path:
        asked.append(suggested)
        return target

    monkeypatch.setattr(fa, "choose_save", choose_save)
    monkeypatch.setattr(fa, "inform", told.append)
    monkeypatch.setattr(fa, "fail", told.append)
    # WHEN «Согласие на обработку персональных данных» is chosen for that row
    tab.print_consent_selected()
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    # THEN the file offered carries the name, and the written form is that person's
    assert asked == [f"Согласие на обработку ПДн — {row.full_name}.docx"]
    assert "Файл сохранён" in told[0]
    texts = [p.text for p in docx.Document(str(target)).paragraphs]
    assert sum(t.startswith("СОГЛАСИЕ") for t in texts) == 1
    assert any(t.startswith(f"Я, {row.full_name},") for t in texts)
