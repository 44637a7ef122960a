"""Storage faults for real: a crash mid-transaction, a lock held by another program, a full
disk and a read-only folder. Each ends in one Russian line and nothing lost."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.errors import BUSY
from app.services.storage.workspace import open_workspace
from tests.faults.faultkit import app, assert_russian_only, copy_folder, env, integrity, rows

DEMO_PERSONS = 25
HOLDER = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA cache_size=1")   # spill to the file: the journal becomes hot
con.execute("BEGIN EXCLUSIVE")
for _ in range(int(sys.argv[2])):
    con.execute("UPDATE persons SET notes = notes || ?", ("x" * 200,))
print("holding", flush=True)
sys.stdin.readline()                  # wait until told, or until killed
con.execute("ROLLBACK")
"""


def _hold(db: Path, updates: int = 0) -> subprocess.Popen[str]:
    """Another program in the middle of a write transaction on ``db``."""
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(updates)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "holding"
    return child


def _notes(db: Path) -> list[str]:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT notes FROM persons ORDER BY id")]
    finally:
        con.close()


def test_a_crash_in_the_middle_of_a_transaction_loses_nothing_and_alarms_nobody(
        demo_school: Path, tmp_path: Path) -> None:
    # GIVEN a school whose notes we know, and a writer killed in the middle of a long
    # transaction (its changes spilled into the file, a hot journal beside it)
    folder = copy_folder(demo_school, tmp_path / "school")
    db = folder / "kurator.sqlite"
    before = _notes(db)
    writer = _hold(db, updates=200)
    writer.kill()
    writer.wait()
    assert (folder / "kurator.sqlite-journal").exists()
    # WHEN `check` runs, then the app opens the folder
    check = app("check", "--data-dir", folder)
    # THEN the check is calm and the database holds exactly the committed data
    assert check.code == 0, check.err
    assert "Целостность: в порядке" in check.out
    assert_russian_only(check.out + check.err)
    assert _notes(db) == before
    with open_workspace(folder) as ws:
        assert ws.db.path == db
    assert integrity(db) == "ok"


def test_a_zero_length_database_is_damaged_not_a_new_empty_school(tmp_path: Path) -> None:
    # GIVEN a data folder whose database file is empty (a copy cut short)
    folder = tmp_path / "school"
    folder.mkdir()
    (folder / "kurator.sqlite").write_bytes(b"")
    # WHEN the folder is checked and a command that writes runs
    check = app("check", "--data-dir", folder)
    demo = app("demo", "--data-dir", folder)
    # THEN both refuse, in Russian, and the file stays as it was (no school made in it)
    for run in (check, demo):
        assert run.code != 0
        assert "пуст" in run.err, run.err
        assert_russian_only(run.err)
    assert (folder / "kurator.sqlite").stat().st_size == 0


@pytest.mark.parametrize("command", ["check", "backup", "export", "restore", "demo-folder"])
def test_a_lock_held_by_another_program_is_busy_in_bounded_time(
        demo_school: Path, tmp_path: Path, command: str) -> None:
    # GIVEN another program holding the database in a write transaction
    folder = copy_folder(demo_school, tmp_path / "school")
    db = folder / "kurator.sqlite"
    copies = tmp_path / "copies"
    copies.mkdir()
    good_copy = copy_folder(demo_school, tmp_path / "other") / "kurator.sqlite"
    args = {
        "check": ["check", "--data-dir", folder],
        "backup": ["backup", "--data-dir", folder, "--to", copies],
        "export": ["export", "mentors-base", "--data-dir", folder, "--out", tmp_path / "m.xlsx"],
        "restore": ["restore", good_copy, "--data-dir", folder],
        "demo-folder": ["import-data", tmp_path / "none.json", "--data-dir", folder],
    }[command]
    holder = _hold(db)
    try:
        # WHEN a command needs the database
        started = time.monotonic()
        run = app(*args)
        took = time.monotonic() - started
    finally:
        holder.communicate("done\n", timeout=30)
    # THEN it ends (no hang) with «занята», never «повреждена», and nothing changed
    assert run.code != 0, run.out
    assert took < 60, took
    if command != "demo-folder":
        assert BUSY in run.err, run.err
    assert "поврежд" not in run.err
    assert_russian_only(run.err)
    assert rows(db, "persons") == DEMO_PERSONS
    assert list(copies.iterdir()) == []
    assert not (tmp_path / "m.xlsx").exists()


def _mount_tmpfs(path: Path, size: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("нужны права root, чтобы смонтировать маленький tmpfs (полный диск)")


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1.5 MB disk: room for the demo database and one copy, not for a second."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("нужны права root, чтобы смонтировать маленький tmpfs (полный диск)")
    disk = tmp_path / "disk"
    _mount_tmpfs(disk, "1500k")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_refuses_writes_in_russian_and_reading_still_works(
        demo_school: Path, small_disk: Path, tmp_path: Path) -> None:
    # GIVEN the demo database on a disk with room for it and about one more copy
    folder = small_disk / "school"
    folder.mkdir()
    shutil.copy2(demo_school / "kurator.sqlite", folder / "kurator.sqlite")
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * max(0, free - 700_000))
    # WHEN a read-only command exports elsewhere (its start and exit backups do not fit)
    out = tmp_path / "m.xlsx"
    export = app("export", "mentors-base", "--data-dir", folder, "--out", out)
    # THEN the export is written and no 0-byte or partial copy is left in the folder
    assert export.code == 0, export.err
    assert out.stat().st_size > 0
    leftovers = [p for p in (folder / "backups").rglob("*") if p.is_file()
                 and (p.stat().st_size == 0 or p.name.endswith(".part"))]
    assert leftovers == []
    # WHEN a command that writes the database runs out of room (a backup to the same disk)
    filler.write_bytes(b"\0" * max(0, shutil.disk_usage(small_disk).free + filler.stat().st_size
                                   - 4096))
    backup = app("backup", "--data-dir", folder, "--to", small_disk)
    # THEN one Russian line says the disk is full, and the school is whole
    assert backup.code != 0
    assert "не хватает места" in backup.err, backup.err
    assert_russian_only(backup.err)
    assert integrity(folder / "kurator.sqlite") == "ok"
    assert rows(folder / "kurator.sqlite", "persons") == DEMO_PERSONS
    assert [p.name for p in small_disk.glob("kurator-*")] == []


def test_a_read_only_folder_is_refused_clearly_and_check_still_reads(
        demo_school: Path, tmp_path: Path) -> None:
    # GIVEN the demo school on a disk mounted read-only (a locked USB stick)
    if os.geteuid() != 0:
        pytest.skip("нужны права root, чтобы смонтировать tmpfs только для чтения")
    disk = tmp_path / "stick"
    _mount_tmpfs(disk, "4m")
    try:
        shutil.copytree(demo_school, disk / "school")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        # WHEN the folder is checked, and a command that must write runs
        check = app("check", "--data-dir", disk / "school")
        demo = app("export", "mentors-base", "--data-dir", disk / "school", "--out",
                   tmp_path / "m.xlsx")
        # THEN `check` reads it, and the other command says «только для чтения» in Russian
        assert check.code == 0, check.err
        assert demo.code != 0
        assert "только для чтения" in demo.err, demo.err
        assert_russian_only(demo.err)
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_an_empty_data_dir_argument_is_refused_not_read_as_the_users_folder() -> None:
    # GIVEN --data-dir "" WHEN any command runs THEN it is refused in Russian
    run = app("check", "--data-dir", "")
    assert run.code != 0
    assert "Папка данных не указана" in run.err
    assert_russian_only(run.err)


def test_output_piped_into_a_program_that_stops_reading_ends_quietly() -> None:
    # GIVEN the help piped into `head -n 1`
    done = subprocess.run(f'"{sys.executable}" -m app --help | head -n 1', shell=True,
                          capture_output=True, text=True, errors="replace", env=env(),
                          timeout=120, check=False)
    # THEN nothing English, no traceback reaches the person
    assert "Traceback" not in done.stderr
    assert "BrokenPipe" not in done.stderr
