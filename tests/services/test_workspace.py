"""Opening the data folder: where it is, one instance at a time, newer DBs refused."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from app.errors import DataDirLockedError, NewerDatabaseError
from app.paths import DataPaths, resolve_data_dir
from app.services.people import persons
from app.services.storage.workspace import open_workspace


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "kurator.lock"
    }


def test_data_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KURATOR_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(str(tmp_path / "cli")) == tmp_path / "cli"
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv("KURATOR_DATA_DIR")
    exe_dir = tmp_path / "stick"
    exe_dir.mkdir()
    (exe_dir / "kurator-portable").write_text("")
    assert resolve_data_dir(None, root=exe_dir) == exe_dir / "data"
    assert resolve_data_dir(None, root=tmp_path) != tmp_path / "data"


def test_second_instance_is_refused_and_touches_nothing(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with open_workspace(root) as ws:
        persons.save_person(ws.db, persons.PersonData(last_name="Орлова", first_name="Нина"))
        before = _snapshot(root)
        # WHEN a second instance opens the same folder
        with pytest.raises(DataDirLockedError, match="уже запущен"):
            open_workspace(root)
        # THEN nothing in the folder changed (no backup, no migration)
        assert _snapshot(root) == before
    # AND after the first closes, the folder opens again
    with open_workspace(root) as ws2:
        assert len(persons.list_persons(ws2.db)) == 1


def test_second_process_is_refused(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = tmp_path / "data"
    with open_workspace(root):
        done = subprocess.run(
            [sys.executable, "-m", "app", "check", "--data-dir", str(root)],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        assert done.returncode == 0  # check is read-only and allowed
        done = subprocess.run(
            [sys.executable, "-m", "app", "demo", "--data-dir", str(root)],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        assert done.returncode != 0
        assert "уже запущен" in done.stderr
        assert "Traceback" not in done.stderr


def test_newer_db_refused_on_open_and_untouched(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with open_workspace(root, start_backup=False):
        pass
    db = DataPaths(root).db
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num='zz_future'")
    con.commit()
    con.close()
    before = _snapshot(root)
    with pytest.raises(NewerDatabaseError):
        open_workspace(root)
    assert _snapshot(root) == before
