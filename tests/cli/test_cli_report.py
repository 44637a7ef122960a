"""Command line: the half-year report and the month plan, with Russian errors for bad dates."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from app.cli import main
from app.services.storage.workspace import open_workspace
from tests.services import monitoring_fixtures as f


@pytest.fixture(autouse=True)
def _close_log_file() -> Iterator[None]:
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_kurator", False)]:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture
def school_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    with open_workspace(root) as ws:
        f.reported_school(ws.db)
    return root


def test_export_report_from_the_command_line(
    school_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "справка.docx"
    code = main(
        [
            "export",
            "report",
            "--from",
            "01.09.2026",
            "--to",
            "31.12.2026",
            "--data-dir",
            str(school_dir),
            "--out",
            str(out),
        ]
    )
    assert code == 0 and f"Записано: {out}" in capsys.readouterr().out
    d = docx.Document(str(out))
    assert len(d.inline_shapes) == 2
    assert any("I полугодия 2026/2027" in p.text for p in d.paragraphs)


def test_export_report_with_a_bad_date_says_so_in_russian(
    school_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.docx"
    code = main(
        [
            "export",
            "report",
            "--from",
            "32.09.2026",
            "--to",
            "31.12.2026",
            "--data-dir",
            str(school_dir),
            "--out",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert code != 0 and "Дата начала периода: Такой даты нет: 32.09.2026." in err
    assert not out.exists()
    code = main(["export", "report", "--data-dir", str(school_dir), "--out", str(out)])
    assert code != 0
    assert "Укажите дату начала периода (--from ДД.ММ.ГГГГ)." in capsys.readouterr().err


def test_export_month_plan_xlsx_and_docx(school_dir: Path, tmp_path: Path) -> None:
    # WHEN the plan for December 2026 is exported (any day of the month)
    xlsx = tmp_path / "план.xlsx"
    assert (
        main(
            [
                "export",
                "month-plan",
                "--from",
                "15.12.2026",
                "--data-dir",
                str(school_dir),
                "--out",
                str(xlsx),
            ]
        )
        == 0
    )
    # THEN it lists the roadmap row due 10.12 and the half-year report at 31.12, by date
    ws = load_workbook(xlsx).active
    assert ws is not None
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    body = [r for r in values if r and isinstance(r[0], int)]
    assert [r[2] for r in body][:1] == ["Взаимопосещение"]
    assert body[0][1].date() == dt.date(2026, 12, 10)  # a real Excel date
    assert "Справка по итогам полугодия" in str(body[-1][2])
    assert any("декабрь 2026" in str(r[0]) for r in values if r and r[0])
    docx_out = tmp_path / "план.docx"
    assert (
        main(
            [
                "export",
                "month-plan",
                "--from",
                "15.12.2026",
                "--data-dir",
                str(school_dir),
                "--out",
                str(docx_out),
            ]
        )
        == 0
    )
    rows = [[c.text for c in r.cells] for r in docx.Document(str(docx_out)).tables[0].rows]
    assert rows[1][1:3] == ["10.12.2026", "Взаимопосещение"]


def test_month_plan_needs_a_month(
    school_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["export", "month-plan", "--data-dir", str(school_dir), "--out", str(tmp_path / "p.xlsx")]
    )
    assert code != 0
    assert "Укажите месяц плана: --from ДД.ММ.ГГГГ" in capsys.readouterr().err
