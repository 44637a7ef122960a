"""Opening the window on a database another program holds: a notice while waiting, then
«занята» in Russian — never «повреждена», never a hang."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.errors import BUSY
from app.ui.window import launcher
from tests.prebuilt import DemoSchool

HOLDER = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN EXCLUSIVE")
con.execute("UPDATE persons SET notes = notes")
print("holding", flush=True)
sys.stdin.readline()
con.execute("ROLLBACK")
"""


def test_the_opening_notice_is_shown_while_the_folder_opens(qtbot) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the window is about to open its data WHEN the notice is up
    with launcher.opening_notice():
        shown = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, QLabel) and w.isVisible()
        ]
        # THEN it says in Russian what is happening and why it may wait
        assert [w.text() for w in shown] == [launcher.TEXTS["opening"]]
    # AND it is gone once the folder is open
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QLabel) and w.isVisible()
    ]


def test_a_database_held_elsewhere_is_reported_busy_not_damaged(
    qtbot, demo_school: DemoSchool, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the demo school held in a write transaction by another program
    ws = demo_school()
    ws.close(backup=False)
    folder = ws.paths.root
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder / "kurator.sqlite")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _parent, title, text, *a: said.append((title, text))
    )
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text, *a: said.append((title, text))
    )
    monkeypatch.setattr(
        launcher, "offer_restore", lambda *_a: pytest.fail("a busy database was offered a restore")
    )
    try:
        # WHEN the window is started on it
        code = launcher.run_gui(folder)
    finally:
        holder.communicate("done\n", timeout=30)
    # THEN it ends with the Russian «занята» message and no restore was offered
    assert code == 1
    assert said == [(launcher.TEXTS["open_failed_title"], BUSY)]
