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
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), str(updates)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
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
    demo_school: Path, tmp_path: Path
) -> None:
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
    demo_school: Path, tmp_path: Path, command: str
) -> None:
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
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
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
    demo_school: Path, small_disk: Path, tmp_path: Path
) -> None:
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
    leftovers = [
        p
        for p in (folder / "backups").rglob("*")
        if p.is_file() and (p.stat().st_size == 0 or p.name.endswith(".part"))
    ]
    assert leftovers == []
    # WHEN a command that writes the database runs out of room (a backup to the same disk)
    filler.write_bytes(
        b"\0" * max(0, shutil.disk_usage(small_disk).free + filler.stat().st_size - 4096)
    )
    backup = app("backup", "--data-dir", folder, "--to", small_disk)
    # THEN one Russian line says the disk is full, and the school is whole
    assert backup.code != 0
    assert "не хватает места" in backup.err, backup.err
    assert_russian_only(backup.err)
    assert integrity(folder / "kurator.sqlite") == "ok"
    assert rows(folder / "kurator.sqlite", "persons") == DEMO_PERSONS
    assert [p.name for p in small_disk.glob("kurator-*")] == []


def test_a_read_only_folder_is_refused_clearly_and_check_still_reads(
    demo_school: Path, tmp_path: Path
) -> None:
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
        demo = app(
            "export", "mentors-base", "--data-dir", disk / "school", "--out", tmp_path / "m.xlsx"
        )
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
    done = subprocess.run(
        f'"{sys.executable}" -m app --help | head -n 1',
        shell=True,
        capture_output=True,
        text=True,
        errors="replace",
        env=env(),
        timeout=120,
        check=False,
    )
    # THEN nothing English, no traceback reaches the person
    assert "Traceback" not in done.stderr
    assert "BrokenPipe" not in done.stderr


@pytest.mark.parametrize(
    "target",
    [
        "kurator.sqlite",
        "kurator.sqlite-journal",
        "kurator.lock",
        "backups/auto/x.sqlite",
        "logs/kurator.log",
        ".",
    ],
)
def test_outputs_never_overwrite_the_folders_own_files(
    demo_school: Path, tmp_path: Path, target: str
) -> None:
    # GIVEN the demo school
    folder = copy_folder(demo_school, tmp_path / "school")
    before = (folder / "kurator.sqlite").read_bytes()
    out = folder / target
    # WHEN an export, the exchange file and a backup are aimed at one of its own files
    runs = [
        app("export-data", "--data-dir", folder, "--out", out),
        app("export", "mentors-base", "--data-dir", folder, "--out", out),
        app("backup", "--data-dir", folder, "--to", out),
    ]
    # THEN each is refused in Russian and the database is byte for byte the same
    for run in runs:
        assert run.code != 0, run.out
        assert "служебный файл" in run.err or "папка" in run.err, run.err
        assert_russian_only(run.err)
    assert (folder / "kurator.sqlite").read_bytes() == before


def test_a_read_only_target_is_refused_not_replaced(demo_school: Path, tmp_path: Path) -> None:
    # GIVEN an earlier export the user marked read-only
    old = tmp_path / "база.xlsx"
    old.write_bytes(b"the user's own file")
    old.chmod(0o444)
    # WHEN an export is aimed at it
    run = app("export", "mentors-base", "--data-dir", demo_school, "--out", old)
    # THEN it is refused and the file is untouched
    assert run.code != 0
    assert "защищён от записи" in run.err, run.err
    assert old.read_bytes() == b"the user's own file"


def test_the_files_of_a_school_are_private_to_the_user(tmp_path: Path) -> None:
    # GIVEN a new data folder made by the command line, then an export and a backup
    folder = tmp_path / "school"
    assert app("demo", "--data-dir", folder).code == 0
    assert (
        app("export", "mentors-base", "--data-dir", folder, "--out", tmp_path / "m.xlsx").code == 0
    )
    assert app("backup", "--data-dir", folder).code == 0

    # WHEN the modes are read
    def mode(p: Path) -> int:
        return p.stat().st_mode & 0o777

    # THEN folders are 0700, and the database, copies, log and export 0600
    assert mode(folder) == 0o700
    assert {mode(d) for d in folder.rglob("*") if d.is_dir()} == {0o700}
    files = [f for f in folder.rglob("*") if f.is_file()] + [tmp_path / "m.xlsx"]
    assert {f.name: mode(f) for f in files if mode(f) != 0o600} == {}
    assert any(f.suffix == ".sqlite" and "backups" in f.parts for f in files)


def test_an_older_folder_readable_by_others_is_made_private_at_the_next_start(
    demo_school: Path, tmp_path: Path
) -> None:
    # GIVEN a folder an older version left readable by everyone
    folder = copy_folder(demo_school, tmp_path / "school")
    folder.chmod(0o755)
    (folder / "kurator.sqlite").chmod(0o644)
    # WHEN the program opens it
    assert app("check", "--data-dir", folder).code == 0
    assert (
        app("export", "mentors-base", "--data-dir", folder, "--out", tmp_path / "m.xlsx").code == 0
    )
    # THEN the folder and the database are the user's alone
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / "kurator.sqlite").stat().st_mode & 0o777 == 0o600


SECRET_NAME = "Уникальнова"


def test_a_failed_import_writes_no_name_from_the_input_into_the_log(
    demo_school: Path, demo_exchange: Path, tmp_path: Path
) -> None:
    import json

    from tests.xlsx_samples import write_table

    # GIVEN an exchange file whose two persons share an id (the database refuses it) and a
    # staff list with a name and a refused row, both carrying a name found nowhere else
    doc = json.loads(demo_exchange.read_text(encoding="utf-8"))
    person = dict(doc["tables"]["persons"][0], last_name=SECRET_NAME, phone="+7 999 123-45-67")
    doc["tables"]["persons"].append(person)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    staff = write_table(
        tmp_path / "staff.xlsx",
        [
            ["ФИО", "Должность", "Дата рождения"],
            [f"{SECRET_NAME} Анна Петровна", "Учитель", "31.02.1980"],
            [f"{SECRET_NAME} Ольга", "Учитель", "лето"],
        ],
    )
    folder = copy_folder(demo_school, tmp_path / "school")
    # WHEN both are loaded
    data = app("import-data", bad, "--data-dir", folder)
    app("import-staff", staff, "--data-dir", folder)
    # THEN the exchange file is refused in Russian, and the log holds no name and no phone
    assert data.code != 0
    assert_russian_only(data.err)
    log = "\n".join(p.read_text(encoding="utf-8") for p in (folder / "logs").glob("*.log*"))
    assert log  # something was logged
    assert SECRET_NAME not in log
    assert "999 123" not in log


def _without_root_override() -> list[str]:
    """A prefix that runs a command as root without the power to ignore file modes, so a
    folder with no permissions is refused as it would be for a teacher's account."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("нужны root и setpriv, чтобы проверить папку без прав доступа")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]


@pytest.mark.parametrize(
    "args", [["check"], ["demo"], ["backup"], ["export", "mentors-base", "--out", "{OUT}"]]
)
def test_a_folder_without_permission_gets_one_russian_line(tmp_path: Path, args: list[str]) -> None:
    # GIVEN a data folder its user may not enter
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0)
    try:
        # WHEN a command runs on it
        cmd = [
            *_without_root_override(),
            sys.executable,
            "-m",
            "app",
            *[a.replace("{OUT}", str(tmp_path / "m.xlsx")) for a in args],
            "--data-dir",
            str(folder),
        ]
        done = subprocess.run(
            cmd, env=env(), capture_output=True, text=True, timeout=120, check=False
        )
    finally:
        folder.chmod(0o700)
    # THEN one Russian line says there are no rights, with no traceback or English
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1, done.stderr
    assert "Нет прав" in done.stderr or "Нет доступа" in done.stderr, done.stderr
    assert_russian_only(done.stderr)
