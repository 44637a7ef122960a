"""`python -m app demo`: fills an empty data folder once, refuses a folder with participants."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import EXIT_ERROR, EXIT_OK, main


def _count(data_dir: Path, table: str) -> int:
    con = sqlite3.connect(data_dir / "kurator.sqlite")
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def test_demo_fills_an_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # GIVEN a new data folder
    data = tmp_path / "data"
    # WHEN the demo command runs
    code = main(["demo", "--data-dir", str(data)])
    # THEN it succeeds with a Russian summary and the school is in the database
    out = capsys.readouterr()
    assert code == EXIT_OK
    assert out.out.startswith("Создана демонстрационная школа МБОУ «Берёзовская СОШ»")
    assert "участников — 25" in out.out and out.err == ""
    assert _count(data, "persons") == 25
    assert _count(data, "mentor_profiles") == 8 and _count(data, "mentee_profiles") == 7
    assert _count(data, "school_profile") == 1


def test_demo_refuses_a_folder_with_participants(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a folder where the demo was already created (--data-dir before the command)
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "demo"]) == EXIT_OK
    capsys.readouterr()
    # WHEN the demo command runs again
    code = main(["demo", "--data-dir", str(data)])
    # THEN one Russian line on stderr, exit code 1, nothing added
    err = capsys.readouterr().err
    assert code == EXIT_ERROR
    assert err == (
        "Ошибка: В папке данных уже есть участники (25). Демонстрационную школу "
        "можно создать только в пустой папке.\n"
    )
    assert _count(data, "persons") == 25
