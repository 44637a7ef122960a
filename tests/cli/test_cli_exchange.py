"""`export-data` / `import-data`: the school moves to another data folder through one file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.cli import EXIT_ERROR, EXIT_OK, main
from app.services.people.persons import PersonData, save_person
from app.services.storage.workspace import open_workspace


def _names(data_dir: Path) -> list[str]:
    con = sqlite3.connect(data_dir / "kurator.sqlite")
    try:
        return [r[0] for r in con.execute("SELECT last_name FROM persons ORDER BY id")]
    finally:
        con.close()


def test_export_then_import_into_another_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN the demo school in one folder
    src, dst, out = tmp_path / "src", tmp_path / "dst", tmp_path / "school.json"
    assert main(["demo", "--data-dir", str(src)]) == EXIT_OK
    capsys.readouterr()
    # WHEN it is exported and imported into another folder
    code_out = main(["export-data", "--data-dir", str(src), "--out", str(out)])
    said_out = capsys.readouterr().out
    code_in = main(["import-data", str(out), "--data-dir", str(dst)])
    said_in = capsys.readouterr().out
    # THEN both succeed with Russian summaries and the other folder holds the same people
    assert (code_out, code_in) == (EXIT_OK, EXIT_OK)
    assert said_out.startswith(f"Выгружено в файл {out}: участников — 25")
    assert said_in.startswith(f"Загружено из файла {out}")
    assert "Прежние данные заменены" in said_in
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "kurator-exchange"
    assert _names(dst) == _names(src) and len(_names(dst)) == 25


def test_import_replaces_data_and_the_old_data_is_in_the_start_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN an exchange file with one teacher, and a folder holding the demo school
    one, target, out = tmp_path / "one", tmp_path / "target", tmp_path / "one.json"
    with open_workspace(one, start_backup=False) as ws:
        save_person(ws.db, PersonData(last_name="Иванова", first_name="Анна"))
    assert main(["export-data", "--data-dir", str(one), "--out", str(out)]) == EXIT_OK
    assert main(["demo", "--data-dir", str(target)]) == EXIT_OK
    capsys.readouterr()
    # WHEN the file is imported into the demo folder
    code = main(["import-data", str(out), "--data-dir", str(target)])
    # THEN only the file's teacher is left, and the start backup still holds the demo
    assert code == EXIT_OK and "участников — 1" in capsys.readouterr().out
    assert _names(target) == ["Иванова"]
    backups = sorted((target / "backups" / "auto").glob("kurator-*-start.sqlite"))
    con = sqlite3.connect(backups[-1])
    try:
        assert con.execute("SELECT count(*) FROM persons").fetchone()[0] == 25
    finally:
        con.close()


def test_import_of_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # GIVEN no such file WHEN imported
    missing = tmp_path / "nope.json"
    code = main(["import-data", str(missing), "--data-dir", str(tmp_path / "data")])
    # THEN exit code 1 and one Russian line on stderr
    err = capsys.readouterr().err
    assert code == EXIT_ERROR
    assert err == f"Ошибка: Файл не найден: {missing}\n"


def test_import_of_a_broken_file_keeps_the_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a folder with the demo and a truncated exchange file
    data, out = tmp_path / "data", tmp_path / "school.json"
    assert main(["demo", "--data-dir", str(data)]) == EXIT_OK
    assert main(["export-data", "--data-dir", str(data), "--out", str(out)]) == EXIT_OK
    out.write_text(out.read_text(encoding="utf-8")[:500], encoding="utf-8")
    capsys.readouterr()
    # WHEN imported
    code = main(["import-data", str(out), "--data-dir", str(data)])
    # THEN refused with one Russian line, the data still there
    err = capsys.readouterr().err
    assert code == EXIT_ERROR
    assert err.startswith(f"Ошибка: Файл {out} повреждён") and err.count("\n") == 1
    assert len(_names(data)) == 25


def test_export_into_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # GIVEN a data folder with a database and an output path in a folder that does not exist
    data, out = tmp_path / "data", tmp_path / "no-such" / "school.json"
    assert main(["demo", "--data-dir", str(data)]) == EXIT_OK
    capsys.readouterr()
    # WHEN exported
    code = main(["export-data", "--data-dir", str(data), "--out", str(out)])
    # THEN exit code 1, a Russian line, no file
    err = capsys.readouterr().err
    assert code == EXIT_ERROR and err.startswith("Ошибка: Папка не найдена")
    assert not out.exists()


def test_export_from_a_folder_without_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a data folder that was never used WHEN exported
    data, out = tmp_path / "empty", tmp_path / "school.json"
    code = main(["export-data", "--data-dir", str(data), "--out", str(out)])
    # THEN refused in Russian, no file written and no database created
    assert code == EXIT_ERROR
    assert capsys.readouterr().err.startswith(f"Ошибка: В папке {data} нет базы данных")
    assert not out.exists() and not (data / "kurator.sqlite").exists()


def test_export_without_out_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN no --out WHEN the command is parsed THEN usage exit code 2 with a Russian hint
    with pytest.raises(SystemExit) as stop:
        main(["export-data", "--data-dir", str(tmp_path / "data")])
    assert stop.value.code == 2
    assert "не хватает аргументов" in capsys.readouterr().err
