"""`python -m app import-staff`: per-row report, dry run, real run, errors on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.services.people.persons import list_persons
from app.services.storage.workspace import open_workspace
from tests import xlsx_samples


def _names(data_dir: Path) -> list[str]:
    ws = open_workspace(data_dir, start_backup=False)
    try:
        return [p.full_name for p in list_persons(ws.db)]
    finally:
        ws.close(backup=False)


def test_dry_run_prints_the_report_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a messy staff list
    source = xlsx_samples.make_titled_staff_xlsx(tmp_path / "staff.xlsx")
    data_dir = tmp_path / "data"

    # WHEN it is imported with --dry-run
    code = main(["import-staff", str(source), "--data-dir", str(data_dir), "--dry-run"])

    # THEN the per-row report is printed and nobody is stored
    out = capsys.readouterr().out
    assert code == 0
    assert "строка заголовков: 4" in out
    assert "Строка 7: не загружена — вместо имени и отчества инициалы" in out
    assert "Строка 11: пропущена — строка итогов" in out
    assert (
        "Будет загружено: 4. Не загружены: 1 (см. список). Уже в базе: 0. "
        "Пустых и служебных строк: 2." in out
    )
    assert "Пробный запуск: в базу ничего не записано." in out
    assert _names(data_dir) == []


def test_real_run_creates_people_and_a_second_run_creates_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a staff list and an empty data folder
    source = xlsx_samples.make_titled_staff_xlsx(tmp_path / "staff.xlsx")
    data_dir = tmp_path / "data"

    # WHEN it is imported twice
    first = main(["import-staff", str(source), "--data-dir", str(data_dir)])
    first_out = capsys.readouterr().out
    second = main(["import-staff", str(source), "--data-dir", str(data_dir)])
    second_out = capsys.readouterr().out

    # THEN the first run creates the four valid rows and the second run nobody
    assert first == 0 and second == 0
    assert (
        "Загружено новых: 4. Не загружены: 1. Уже были в базе: 0. "
        "Пустых и служебных строк: 2." in first_out
    )
    assert (
        "Загружено новых: 0. Не загружены: 1. Уже были в базе: 4. "
        "Пустых и служебных строк: 2." in second_out
    )
    assert "Строка 5: не загружается — уже в базе: Иванова Мария Петровна" in second_out
    assert sorted(_names(data_dir)) == [
        "Иванова Мария Петровна",
        "Кузнецова Ольга Николаевна",
        "Петров Иван Сергеевич",
        "Смирнов Алексей Викторович",
    ]


def test_missing_file_is_one_russian_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a path with no file
    missing = tmp_path / "нет такого.xlsx"

    # WHEN it is imported
    code = main(["import-staff", str(missing), "--data-dir", str(tmp_path / "data")])

    # THEN the exit code is 1 and stderr holds one Russian line, no traceback
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == f"Ошибка: Файл не найден: {missing}"


def test_file_without_header_fails_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a list with no header row
    source = xlsx_samples.make_no_header_xlsx(tmp_path / "bare.xlsx")
    data_dir = tmp_path / "data"

    # WHEN it is imported
    code = main(["import-staff", str(source), "--data-dir", str(data_dir)])

    # THEN it fails with the Russian reason and stores nothing
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("Ошибка: Не удалось найти строку заголовков")
    assert "Traceback" not in err
    assert _names(data_dir) == []
