"""`python -m app export grid`: the school grid or one teacher's card as XLSX and DOCX, and
the Russian errors for a wrong teacher or date."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from app.cli import main
from app.services.people.persons import PersonData, list_persons, save_person
from app.services.storage.workspace import open_workspace
from tests.prebuilt import DemoSchool

TODAY = dt.date(2026, 4, 1)


@pytest.fixture(autouse=True)
def _close_log_file() -> Iterator[None]:
    """``main`` opens logs/kurator.log in the data folder; close it after each test."""
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_kurator", False)]:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture
def demo_dir(demo_school: DemoSchool) -> Path:
    """A data folder with the demo school (diagnostics up to 1 April 2026) and a teacher
    without diagnostics."""
    with demo_school(TODAY) as ws:
        save_person(
            ws.db, PersonData(last_name="Новикова", first_name="Ольга", middle_name="Павловна")
        )
    return ws.paths.root


def _ids(root: Path) -> dict[str, int]:
    with open_workspace(root, start_backup=False) as ws:
        return {p.full_name.split()[0]: p.id for p in list_persons(ws.db)}


def _export(root: Path, out: Path, *extra: str) -> int:
    return main(["export", "grid", "--data-dir", str(root), "--out", str(out), *extra])


def test_school_grid_as_xlsx_and_docx(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # WHEN the school grid is exported as of the autumn, in both formats
    for name in ("grid.xlsx", "grid.docx"):
        assert _export(demo_dir, tmp_path / name, "--round", "01.10.2025") == 0, (
            capsys.readouterr().err
        )
        assert f"Записано: {tmp_path / name}" in capsys.readouterr().out
    # THEN both hold the 26 teachers with the autumn state and the date in the title
    ws = load_workbook(tmp_path / "grid.xlsx").active
    assert ws is not None
    assert ws["A2"].value == "МБОУ «Берёзовская СОШ», по состоянию на 01.10.2025"
    names = [ws.cell(r, 2).value for r in range(5, 31)]
    assert "Новикова Ольга Павловна" in names and "Смирнова Дарья Алексеевна" in names
    smirnova = names.index("Смирнова Дарья Алексеевна") + 5
    assert [ws.cell(smirnova, c).value for c in range(4, 15)] == [
        "Ч",
        "В",
        "Ч",
        "В!",
        "В!",
        "Н",
        "Н",
        "Ч",
        "Ч",
        "Ч",
        "В",
    ]
    table = docx.Document(str(tmp_path / "grid.docx")).tables[0]
    row = next(r for r in table.rows if r.cells[1].text == "Смирнова Дарья Алексеевна")
    assert [c.text for c in row.cells[3:]] == [
        "Ч",
        "В",
        "Ч",
        "В!",
        "В!",
        "Н",
        "Н",
        "Ч",
        "Ч",
        "Ч",
        "В",
    ]


def test_teacher_card_latest_and_by_round(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = _ids(demo_dir)["Смирнова"]
    # WHEN her latest card is exported as DOCX and her entry round as XLSX
    assert _export(demo_dir, tmp_path / "card.docx", "--teacher", str(pid)) == 0, (
        capsys.readouterr().err
    )
    assert (
        _export(demo_dir, tmp_path / "card.xlsx", "--teacher", str(pid), "--round", "16.09.2025")
        == 0
    ), capsys.readouterr().err
    # THEN the DOCX shows the repeat round (fewer red cells), the XLSX the entry round
    document = docx.Document(str(tmp_path / "card.docx"))
    latest = [c.text.split("\n")[0] for t in document.tables for c in t.rows[2].cells[1:]]
    assert latest == ["Ч", "Ч", "Н", "Ч !", "Ч !", "Н", "Н", "Ч", "Ч", "Ч", "Ч"]
    ws = load_workbook(tmp_path / "card.xlsx").active
    assert ws is not None
    entry = [
        str(ws.cell(r, c).value or "").split("\n")[0]
        for r in (8, 12)
        for c in range(2, 8)
        if ws.cell(r - 2, c).value
    ]
    assert entry == ["Ч", "В", "Ч", "В !", "В !", "Н", "Н", "Ч", "Ч", "Ч", "В"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--teacher", "4242"], "Ошибка: Педагог с номером записи 4242 не найден."),
        (
            ["--round", "32.13.2025"],
            "Ошибка: Дата диагностики (--round): Такой даты нет: 32.13.2025.",
        ),
        (
            ["--round", "весной"],
            "Ошибка: Дата диагностики (--round): «весной» — не дата; нужен формат ДД.ММ.ГГГГ.",
        ),
    ],
)
def test_bad_teacher_or_date(
    demo_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    code = _export(demo_dir, tmp_path / "grid.xlsx", *extra)
    err = capsys.readouterr().err
    assert code == 1 and err.strip() == message
    assert not (tmp_path / "grid.xlsx").exists()


def test_teacher_without_diagnostics(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = _ids(demo_dir)["Новикова"]
    code = _export(demo_dir, tmp_path / "card.docx", "--teacher", str(pid))
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == (
        "Ошибка: У педагога Новикова Ольга Павловна нет ни одной "
        "диагностики: сначала заполните её на вкладке «Диагностика»."
    )
    assert not (tmp_path / "card.docx").exists()


def test_unsupported_format_names_the_two_formats(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _export(demo_dir, tmp_path / "grid.pdf")
    assert code == 1
    assert "Для «Диагностическая карта» доступны форматы: .xlsx, .docx" in capsys.readouterr().err
