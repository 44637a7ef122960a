"""Command line: export, backup, restore and check, as the curator (or a script) runs them."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.paths import DB_FILE
from app.services.people.persons import (
    MenteeData,
    MentorData,
    PersonData,
    get_person,
    list_persons,
    save_person,
)
from app.services.storage.workspace import open_workspace


@pytest.fixture(autouse=True)
def _close_log_file() -> Iterator[None]:
    """``main`` opens logs/kurator.log in the data folder; close it after each test."""
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_kurator", False)]:
        root.removeHandler(handler)
        handler.close()


def _populate(root: Path) -> tuple[int, int]:
    """A data folder with one mentor and one mentee; returns their ids."""
    ws = open_workspace(root, start_backup=False)
    try:
        mentor = save_person(
            ws.db,
            PersonData(
                last_name="Захарова",
                first_name="Анастасия",
                middle_name="Анатольевна",
                position="Учитель",
                subjects="Математика",
                experience_years=21,
                mentor=MentorData(
                    competencies="Проектная деятельность", date_in=dt.date(2025, 9, 1)
                ),
            ),
        )
        mentee = save_person(
            ws.db,
            PersonData(
                last_name="Петрова",
                first_name="Алина",
                position="Учитель начальных классов",
                mentee=MenteeData(key_requests="Дисциплина на уроке"),
            ),
        )
    finally:
        ws.close(backup=False)
    return mentor, mentee


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_russian_line(text: str) -> None:
    """The CLI promise for failures: a single Russian line, never a traceback."""
    assert "Traceback" not in text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert any("а" <= ch.lower() <= "я" for ch in lines[0]), text


def _stamp_newer(db_file: Path) -> None:
    with contextlib.closing(sqlite3.connect(db_file)) as con:
        con.execute("UPDATE alembic_version SET version_num='9999'")
        con.commit()


# ---------------------------------------------------------------- export


def test_export_mentors_base_creates_readable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a data folder with a mentor
    data = tmp_path / "data"
    _populate(data)
    out = tmp_path / "База наставников.xlsx"

    # WHEN exporting the base of mentors
    code = main(["export", "mentors-base", "--data-dir", str(data), "--out", str(out)])

    # THEN the file is written, reported, and holds the mentor
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"Записано: {out}" in captured.out
    ws = load_workbook(out).active
    assert ws is not None
    assert ws["A1"].value == "База наставников"
    names = [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]
    assert "Захарова Анастасия Анатольевна" in names
    assert "Петрова Алина" not in names


def test_export_mentees_base_with_data_dir_before_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a data folder with a mentee, and --data-dir given before the command
    data = tmp_path / "data"
    _populate(data)
    out = tmp_path / "mentees.xlsx"

    # WHEN exporting the base of mentees
    code = main(["--data-dir", str(data), "export", "mentees-base", "--out", str(out)])

    # THEN the mentee is in the file
    assert code == 0, capsys.readouterr().err
    ws = load_workbook(out).active
    assert ws is not None
    assert "Петрова Алина" in [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]


def test_export_unknown_kind_fails_in_russian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a data folder
    data = tmp_path / "data"
    _populate(data)

    # WHEN asking for a kind that does not exist
    code = main(
        ["export", "pairs-order", "--data-dir", str(data), "--out", str(tmp_path / "x.xlsx")]
    )

    # THEN exit 1 and one Russian line naming the known kinds
    err = capsys.readouterr().err
    assert code == 1
    _one_russian_line(err)
    assert "Неизвестный вид выгрузки «pairs-order»" in err
    assert "mentors-base" in err and "mentees-base" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_export_to_missing_folder_fails_in_russian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a data folder and an output folder that does not exist
    data = tmp_path / "data"
    _populate(data)
    out = tmp_path / "нет такой папки" / "база.xlsx"

    # WHEN exporting there
    code = main(["export", "mentors-base", "--data-dir", str(data), "--out", str(out)])

    # THEN exit 1 with the missing folder named
    err = capsys.readouterr().err
    assert code == 1
    _one_russian_line(err)
    assert "Папка не найдена" in err and "нет такой папки" in err


def test_export_unsupported_extension_names_formats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a data folder
    data = tmp_path / "data"
    _populate(data)

    # WHEN asking for a format the base does not have
    code = main(
        ["export", "mentors-base", "--data-dir", str(data), "--out", str(tmp_path / "база.pdf")]
    )

    # THEN exit 1 and the allowed formats are listed
    err = capsys.readouterr().err
    assert code == 1
    _one_russian_line(err)
    assert "Для «База наставников» доступны форматы: .xlsx" in err
    assert not (tmp_path / "база.docx").exists()


# ---------------------------------------------------------------- backup / check


def test_backup_to_folder_gives_copy_that_check_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a data folder with two teachers and a "USB stick" folder
    data = tmp_path / "data"
    _populate(data)
    stick = tmp_path / "stick"
    stick.mkdir()

    # WHEN backing up to the stick
    code = main(["backup", "--data-dir", str(data), "--to", str(stick)])

    # THEN one copy is there and reported
    out = capsys.readouterr().out
    copies = list(stick.glob("*.sqlite"))
    assert code == 0
    assert len(copies) == 1
    assert f"Резервная копия: {copies[0]}" in out

    # WHEN the copy becomes the database of another folder and is checked
    other = tmp_path / "other"
    other.mkdir()
    shutil.copyfile(copies[0], other / DB_FILE)
    code = main(["check", "--data-dir", str(other)])

    # THEN check accepts it and counts the teachers
    out = capsys.readouterr().out
    assert code == 0
    assert "Целостность: в порядке" in out
    assert "Участников: 2" in out


def test_backup_to_missing_folder_fails_in_russian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a data folder
    data = tmp_path / "data"
    _populate(data)

    # WHEN backing up to a folder that does not exist
    code = main(["backup", "--data-dir", str(data), "--to", str(tmp_path / "нет")])

    # THEN exit 1, Russian message
    err = capsys.readouterr().err
    assert code == 1
    _one_russian_line(err)
    assert "Папка не найдена" in err


def test_check_on_garbage_file_fails_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a data folder whose database file is overwritten with garbage
    data = tmp_path / "data"
    data.mkdir()
    (data / DB_FILE).write_bytes(b"\x00\xffnot a database at all" * 200)

    # WHEN checking
    code = main(["check", "--data-dir", str(data)])

    # THEN a non-zero exit and one Russian line
    err = capsys.readouterr().err
    assert code != 0
    _one_russian_line(err)
    assert "повреждён" in err


def test_check_on_damaged_pages_reports_damage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a real database whose table pages (not the header) are overwritten with garbage
    data = tmp_path / "data"
    _populate(data)
    db_file = data / DB_FILE
    raw = bytearray(db_file.read_bytes())
    with contextlib.closing(sqlite3.connect(db_file)) as con:
        page = int(con.execute("PRAGMA page_size").fetchone()[0])
        root = int(
            con.execute("SELECT rootpage FROM sqlite_master WHERE name='persons'").fetchone()[0]
        )
    start = (root - 1) * page
    raw[start : start + page] = b"\xab" * page
    db_file.write_bytes(bytes(raw))

    # WHEN checking
    code = main(["check", "--data-dir", str(data)])

    # THEN a non-zero exit and the damage is named in Russian, no traceback
    captured = capsys.readouterr()
    assert code != 0
    assert "Traceback" not in captured.err + captured.out
    assert "ПОВРЕЖДЕНА" in captured.out or "повреждён" in captured.err


def test_check_on_missing_data_dir_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a data folder that does not exist
    missing = tmp_path / "нет"

    # WHEN checking it
    code = main(["check", "--data-dir", str(missing)])

    # THEN exit 1 with a Russian line and no database is created
    err = capsys.readouterr().err
    assert code == 1
    _one_russian_line(err)
    assert "нет базы данных" in err
    assert not (missing / DB_FILE).exists()


# ---------------------------------------------------------------- restore


def test_restore_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # GIVEN a backup of a data folder with a mentor and a mentee
    data = tmp_path / "data"
    mentor_id, _ = _populate(data)
    stick = tmp_path / "stick"
    stick.mkdir()
    assert main(["backup", "--data-dir", str(data), "--to", str(stick)]) == 0
    (copy,) = stick.glob("*.sqlite")
    capsys.readouterr()
    # AND the data changed after the backup: a new teacher, an edited profile
    ws = open_workspace(data, start_backup=False)
    try:
        save_person(ws.db, PersonData(last_name="Иванов", first_name="Иван"))
        changed = get_person(ws.db, mentor_id)
        assert changed.mentor is not None
        changed.mentor.competencies = "Изменено после копии"
        save_person(ws.db, changed)
    finally:
        ws.close(backup=False)

    # WHEN restoring the backup
    code = main(["restore", str(copy), "--data-dir", str(data)])

    # THEN the data is as it was at backup time and the replaced base is kept
    out = capsys.readouterr().out
    assert code == 0
    assert f"База восстановлена из {copy}." in out
    assert "Прежняя база сохранена" in out
    assert len(list((data / "backups" / "before-restore").glob("*.sqlite"))) == 1
    ws = open_workspace(data, start_backup=False)
    try:
        assert [r.full_name for r in list_persons(ws.db)] == [
            "Захарова Анастасия Анатольевна",
            "Петрова Алина",
        ]
        restored = get_person(ws.db, mentor_id)
        assert restored.mentor is not None
        assert restored.mentor.competencies == "Проектная деятельность"
    finally:
        ws.close(backup=False)


def test_restore_from_garbage_keeps_current_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a data folder and a "backup" that is not a database
    data = tmp_path / "data"
    _populate(data)
    before = _digest(data / DB_FILE)
    bad = tmp_path / "копия.sqlite"
    bad.write_bytes(b"garbage" * 500)

    # WHEN restoring from it
    code = main(["restore", str(bad), "--data-dir", str(data)])

    # THEN it is refused in Russian and the database is untouched
    err = capsys.readouterr().err
    assert code == 1
    _one_russian_line(err)
    assert _digest(data / DB_FILE) == before


# ---------------------------------------------------------------- newer schema


def test_newer_database_is_refused_and_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a copy of a database stamped by an unknown newer program version
    data = tmp_path / "data"
    _populate(data)
    newer = tmp_path / "newer"
    newer.mkdir()
    shutil.copyfile(data / DB_FILE, newer / DB_FILE)
    _stamp_newer(newer / DB_FILE)
    before = _digest(newer / DB_FILE)

    # WHEN checking it, exporting from it
    commands = [
        ["check", "--data-dir", str(newer)],
        ["export", "mentors-base", "--data-dir", str(newer), "--out", str(tmp_path / "b.xlsx")],
    ]
    for argv in commands:
        code = main(argv)

        # THEN each is refused with the Russian message and the file's bytes are unchanged
        err = capsys.readouterr().err
        assert code == 1, argv
        _one_russian_line(err)
        assert "создана более новой версией «Куратора»" in err
        assert "9999" in err
        assert _digest(newer / DB_FILE) == before
    assert not (tmp_path / "b.xlsx").exists()


def test_restore_from_newer_copy_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a data folder and a backup made by a newer program version
    data = tmp_path / "data"
    _populate(data)
    current = _digest(data / DB_FILE)
    copy = tmp_path / "newer-copy.sqlite"
    shutil.copyfile(data / DB_FILE, copy)
    _stamp_newer(copy)
    copy_digest = _digest(copy)

    # WHEN restoring from it
    code = main(["restore", str(copy), "--data-dir", str(data)])

    # THEN refused; neither the current database nor the copy changes
    err = capsys.readouterr().err
    assert code == 1
    _one_russian_line(err)
    assert "создана более новой версией" in err
    assert _digest(data / DB_FILE) == current
    assert _digest(copy) == copy_digest
