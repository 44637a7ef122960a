"""A damaged database: refused at start with a Russian message, never copied over good backups."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from app.errors import DamagedDatabaseError, KuratorError
from app.paths import DataPaths
from app.services.people import persons
from app.services.people.persons import PersonData
from app.services.storage import backups
from app.services.storage.workspace import open_workspace

ENGLISH = ("malformed", "not a database", "database disk image")


def _damaged_folder(tmp_path: Path) -> DataPaths:
    """A data folder whose database has valid header and version but broken table pages."""
    root = tmp_path / "data"
    with open_workspace(root) as ws:
        for i in range(300):
            persons.save_person(
                ws.db,
                PersonData(
                    last_name=f"Фамилия{chr(1040 + i % 32)}", first_name="Имя", notes="x" * 300
                ),
            )
    paths = DataPaths(root)
    raw = bytearray(paths.db.read_bytes())
    # Two pages among the last ones: the persons rows, written after every table was created
    # (the middle of the file may hold the schema itself, which is a different failure).
    raw[-12 * 4096 : -10 * 4096] = b"\xff" * 8192
    paths.db.write_bytes(bytes(raw))
    return paths


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_opening_a_damaged_database_is_refused_in_russian(tmp_path: Path) -> None:
    # GIVEN a damaged database and the good copies taken earlier
    paths = _damaged_folder(tmp_path)
    copies_before = sorted(p.name for p in paths.auto_backups.iterdir())
    db_before = _sha(paths.db)
    # WHEN the program opens the folder
    with pytest.raises(DamagedDatabaseError) as err:
        open_workspace(paths.root)
    # THEN the message says what to do, in Russian, and points to the copies
    message = str(err.value)
    assert "повреждена" in message and "Восстановить из копии" in message
    assert str(paths.auto_backups) in message
    assert not any(word in message for word in ENGLISH)
    # AND nothing was copied, migrated or rotated
    assert sorted(p.name for p in paths.auto_backups.iterdir()) == copies_before
    assert _sha(paths.db) == db_before


def test_manual_backup_of_a_damaged_database_is_refused(tmp_path: Path) -> None:
    paths = _damaged_folder(tmp_path)
    stick = tmp_path / "usb"
    stick.mkdir()
    with pytest.raises(KuratorError, match="Копия не сделана") as err:
        backups.backup_to(paths, stick)
    assert not any(word in str(err.value) for word in ENGLISH)
    assert list(stick.iterdir()) == []


def test_automatic_backup_of_a_damaged_database_keeps_the_good_copies(tmp_path: Path) -> None:
    # GIVEN 25 good automatic copies
    paths = _damaged_folder(tmp_path)
    good = next(paths.auto_backups.iterdir())
    now = dt.datetime(2026, 11, 22, 12, 0, 0)
    for i in range(25):
        when = now - dt.timedelta(minutes=i + 1)
        (paths.auto_backups / f"kurator-{when:%Y%m%d-%H%M%S}-start.sqlite").write_bytes(
            good.read_bytes()
        )
    before = sorted(p.name for p in paths.auto_backups.iterdir())
    # WHEN the exit backup runs on the damaged database
    made = backups.auto_backup(paths, "exit", now)
    # THEN no copy is kept and no good copy was rotated away
    assert made is None
    assert sorted(p.name for p in paths.auto_backups.iterdir()) == before


def test_check_reports_damage_in_russian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    paths = _damaged_folder(tmp_path)
    assert main(["check", "--data-dir", str(paths.root)]) == 1
    out = capsys.readouterr().out
    assert "Целостность: ПОВРЕЖДЕНА" in out
    assert not any(word in out for word in ENGLISH)
