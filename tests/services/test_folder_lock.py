"""The data folder's single-instance lock (``folder_lock``): held, refused, released."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.services.storage.folder_lock import FolderLock, LockHeld

ROOT = Path(__file__).resolve().parents[2]


def test_a_second_lock_on_the_same_file_is_refused_until_the_first_is_released(
    tmp_path: Path,
) -> None:
    # GIVEN a folder whose lock file is held
    first = FolderLock(tmp_path / "kurator.lock")
    first.acquire()
    second = FolderLock(tmp_path / "kurator.lock")

    # WHEN another open of the folder tries to take it THEN it is refused at once
    with pytest.raises(LockHeld):
        second.acquire()
    assert first.is_locked and not second.is_locked

    # WHEN the first lets it go THEN the second takes it; releasing twice does nothing
    first.release()
    first.release()
    second.acquire()
    assert second.is_locked
    second.release()
    assert not second.is_locked


def test_a_lock_held_by_another_process_is_refused_and_freed_when_that_process_ends(
    tmp_path: Path,
) -> None:
    # GIVEN another process holding the lock until its standard input closes
    lock_file = tmp_path / "kurator.lock"
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from app.services.storage.folder_lock import FolderLock
        FolderLock(Path({str(lock_file)!r})).acquire()
        print("held", flush=True)
        sys.stdin.readline()
    """)
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        mine = FolderLock(lock_file)

        # WHEN this process tries THEN it is refused
        with pytest.raises(LockHeld):
            mine.acquire()
    finally:
        # WHEN the other process ends (without releasing: the system drops its lock)
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)

    # THEN the lock can be taken
    mine.acquire()
    assert mine.is_locked
    mine.release()
