"""Page settings: stored with the data, used by every document, minimum margins enforced."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from app.services.documents.exports import run_export
from app.services.orders import orders
from app.services.storage.workspace import Workspace
from app.ui.common import widgets
from app.ui.school.page_settings_dialog import PageSettingsDialog
from tests.prebuilt import DemoSchool


@pytest.fixture(autouse=True)
def _discard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PageSettingsDialog, "ask_save_changes", lambda self: widgets.DISCARD)


def test_margins_set_in_the_dialog_reach_the_order(
    qtbot, demo_school: DemoSchool, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the demo school and the dialog
    ws = demo_school()
    dialog = PageSettingsDialog(ws)
    qtbot.addWidget(dialog)
    # WHEN the curator sets a 25 mm left margin, tries a 5 mm right one, and saves
    dialog.spins["left_mm"].setValue(25)
    dialog.spins["right_mm"].setValue(5)
    dialog.spins["body_size"].setValue(13)
    assert dialog.save()
    # THEN the next printed order has them, the right margin held at the 10 mm minimum
    oid = orders.list_orders(ws.db)[0].id
    out = run_export(ws.db, "order", tmp_path / "o.docx", order_id=oid)
    section = docx.Document(str(out)).sections[0]
    assert round(section.left_margin.mm) == 25
    assert round(section.right_margin.mm) == 10
    normal = docx.Document(str(out)).styles["Normal"].font
    assert normal.size.pt == 13


def test_defaults_button_restores_gost(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    dialog = PageSettingsDialog(ws)
    qtbot.addWidget(dialog)
    assert dialog.spins["left_mm"].value() == 30
    assert dialog.spins["right_mm"].minimum() == 10
    dialog.spins["left_mm"].setValue(40)
    assert dialog.is_modified()
