"""Backups: rotation rules, copies to a folder, restore with an integrity check."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from app.errors import KuratorError
from app.models.db import sqlite_backup
from app.services.people import persons
from app.services.people.persons import PersonData
from app.services.storage import backups
from app.services.storage.workspace import Workspace, open_workspace


def _names(db) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.full_name for r in persons.list_persons(db)]


def test_rotation_keeps_last_20_and_one_per_day_for_30_days(tmp_path: Path) -> None:
    # GIVEN 5 copies a day for 40 days
    folder = tmp_path / "auto"
    folder.mkdir()
    now = dt.datetime(2026, 11, 22, 18, 0, 0)
    for day in range(40):
        for hour in range(5):
            when = now - dt.timedelta(days=day, hours=hour)
            (folder / f"kurator-{when:%Y%m%d-%H%M%S}-start.sqlite").write_bytes(b"x")
    # WHEN rotated
    backups.rotate(folder, now)
    kept = sorted(folder.iterdir())
    # THEN the newest 20 remain plus the newest copy of each older day within 30 days
    stamps = sorted(
        (dt.datetime.strptime(f.name[8:23], "%Y%m%d-%H%M%S") for f in kept), reverse=True
    )
    newest_20 = stamps[:20]
    assert newest_20[0] == now and len(newest_20) == 20
    older_days = {s.date() for s in stamps[20:]}
    assert len(stamps[20:]) == len(older_days)  # one per day
    assert max((now.date() - d).days for d in older_days) == 29
    assert len(kept) == 20 + 26  # 4 days are covered by the newest 20 (5 a day)


def test_start_and_exit_make_automatic_copies(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with open_workspace(root) as ws:
        persons.save_person(ws.db, PersonData(last_name="Орлова", first_name="Нина"))
    with open_workspace(root) as ws:
        pass
    files = sorted(p.name for p in ws.paths.auto_backups.iterdir())
    assert any(name.endswith("-exit.sqlite") or "-exit-" in name for name in files)
    assert any("-start" in name for name in files)
    # the newest copy holds the person
    newest = max(ws.paths.auto_backups.iterdir(), key=lambda p: p.stat().st_mtime)
    assert (
        sqlite3.connect(newest).execute("SELECT last_name FROM persons").fetchone()[0] == "Орлова"
    )


def test_backup_to_folder_and_restore_round_trip(ws: Workspace, tmp_path: Path) -> None:
    # GIVEN a person and a copy on a "USB stick"
    persons.save_person(ws.db, PersonData(last_name="Иванова", first_name="Мария"))
    stick = tmp_path / "usb"
    stick.mkdir()
    copy = backups.backup_to(ws.paths, stick)
    assert copy.parent == stick and backups.inspect_copy(copy).integrity == "ok"
    # AND later changes
    persons.save_person(ws.db, PersonData(last_name="Сидоров", first_name="Пётр"))
    # WHEN restored from the copy
    ws.db.dispose()
    kept = backups.restore_from(ws.paths, copy)
    ws.reopen()
    # THEN the data is as in the copy and the replaced DB was kept as a backup too
    assert _names(ws.db) == ["Иванова Мария"]
    assert kept is not None
    assert sqlite3.connect(kept).execute("SELECT count(*) FROM persons").fetchone()[0] == 2
    assert not list(stick.glob("*.part"))


def test_restore_refuses_a_damaged_copy_and_keeps_the_db(ws: Workspace, tmp_path: Path) -> None:
    persons.save_person(ws.db, PersonData(last_name="Иванова", first_name="Мария"))
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x13" * 5000)
    ws.db.dispose()
    with pytest.raises(KuratorError):
        backups.restore_from(ws.paths, bad)
    ws.reopen()
    assert _names(ws.db) == ["Иванова Мария"]


def test_restore_refuses_a_corrupted_page(ws: Workspace, tmp_path: Path) -> None:
    # GIVEN a real copy whose table pages were overwritten
    for i in range(300):
        persons.save_person(
            ws.db,
            PersonData(last_name=f"Фамилия{chr(1040 + i % 32)}", first_name="Имя", notes="x" * 200),
        )
    copy = tmp_path / "copy.sqlite"
    sqlite_backup(ws.paths.db, copy)
    raw = bytearray(copy.read_bytes())
    raw[8192 : 8192 + 3000] = b"\xff" * 3000
    copy.write_bytes(bytes(raw))
    ws.db.dispose()
    # WHEN restored THEN refused with a Russian message and the current DB stays
    with pytest.raises(KuratorError, match="повреждена|не является|повреждён"):
        backups.restore_from(ws.paths, copy)
    ws.reopen()
    assert len(_names(ws.db)) == 300


def test_backup_to_missing_folder_is_a_clear_error(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(KuratorError, match="Папка не найдена"):
        backups.backup_to(ws.paths, tmp_path / "nope")
