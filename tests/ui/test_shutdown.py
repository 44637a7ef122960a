"""A shutdown signal closes the program normally: exit backup taken, lock released."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from app.services.storage.workspace import open_workspace

ROOT = Path(__file__).resolve().parents[2]


def test_sigterm_takes_the_exit_backup_and_releases_the_lock(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the program running with its window on a data folder
    data = tmp_path / "data"
    from app.services.demo.demo import create_demo

    with open_workspace(data, start_backup=False) as ws:
        create_demo(ws.db)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--data-dir", str(data)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    log = data / "logs" / "kurator.log"
    try:
        qtbot.waitUntil(
            lambda: log.exists() and "window shown" in log.read_text("utf-8"), timeout=30_000
        )
        # WHEN the system asks it to stop (logout, shutdown)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    # THEN it ended normally, with an exit copy of the database
    assert code == 0, proc.stderr.read().decode() if proc.stderr else ""
    assert list((data / "backups" / "auto").glob("*-exit*.sqlite"))
    # (the start copy is taken after the window shows, and finished before the exit)
    assert list((data / "backups" / "auto").glob("*-start*.sqlite"))
    # AND the folder can be opened again at once
    with open_workspace(data, start_backup=False) as ws:
        assert ws.paths.db.exists()
