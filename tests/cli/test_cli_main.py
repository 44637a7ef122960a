"""The command line itself: Russian help and errors, data folders that do not exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main


def test_help_is_russian(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Использование: kurator")
    for command in (
        "demo",
        "import-staff",
        "export",
        "backup",
        "restore",
        "check",
        "export-data",
        "import-data",
    ):
        assert command in out


def test_subcommand_help_has_one_usage_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert out.count("Использование:") == 1


def test_unknown_command_is_one_russian_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["frobnicate"])
    assert done.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Ошибка:") and "\n" not in err and "Traceback" not in err


def test_data_dir_before_the_command_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN --data-dir written before the command name WHEN check runs on an empty folder
    code = main(["--data-dir", str(tmp_path / "nowhere"), "check"])
    # THEN it looked in that folder (and did not fall back to the user's folder)
    assert code == 1
    assert str(tmp_path / "nowhere") in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [["export", "mentors-base", "--out", "X.xlsx"], ["export-data", "--out", "X.json"], ["check"]],
)
def test_reading_commands_refuse_a_folder_without_data(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a data folder that does not exist
    data = tmp_path / "empty"
    args = [part.replace("X.", str(tmp_path / "out.")) for part in command]
    # WHEN a command that reads data runs there
    code = main([*args, "--data-dir", str(data)])
    # THEN it fails with one Russian line and creates nothing
    assert code == 1
    assert "нет базы данных" in capsys.readouterr().err
    assert not data.exists()
    assert not list(tmp_path.glob("out.*"))


def test_dry_run_into_a_new_folder_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.xlsx_samples import make_staff_xlsx

    source = tmp_path / "staff.xlsx"
    make_staff_xlsx(source, 5)
    data = tmp_path / "new"
    assert main(["import-staff", str(source), "--dry-run", "--data-dir", str(data)]) == 0
    assert "Пробный запуск" in capsys.readouterr().out
    assert not data.exists()


def test_backup_of_a_mistyped_folder_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "typo"
    assert main(["backup", "--data-dir", str(data)]) == 1
    assert "нет базы данных" in capsys.readouterr().err
    assert not data.exists()


def test_export_adds_the_extension_and_refuses_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert main(["demo", "--data-dir", str(data)]) == 0
    assert (
        main(["export", "mentors-base", "--data-dir", str(data), "--out", str(tmp_path / "база")])
        == 0
    )
    assert (tmp_path / "база.xlsx").is_file()
    capsys.readouterr()
    assert main(["export", "mentors-base", "--data-dir", str(data), "--out", str(tmp_path)]) == 1
    assert "это папка" in capsys.readouterr().err
