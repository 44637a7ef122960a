"""The printed order package, read back from the .docx as the director would see it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT

from app.cli import main
from app.services.orders import orders
from app.services.storage.workspace import open_workspace
from tests.prebuilt import DemoSchool

TODAY = dt.date(2026, 9, 15)


@pytest.fixture
def demo(demo_school: DemoSchool) -> Path:
    with demo_school(TODAY) as ws:
        pass
    return ws.paths.root


def _order_id(data: Path) -> int:
    with open_workspace(data, start_backup=False) as ws:
        return next(r.id for r in orders.list_orders(ws.db) if r.number == "112")


def _texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def test_order_package_reads_back_as_the_model_order(demo: Path, tmp_path: Path) -> None:
    # GIVEN the demo school's signed order № 112
    out = tmp_path / "приказ.docx"
    # WHEN it is exported from the command line
    assert (
        main(
            [
                "export",
                "order",
                "--id",
                str(_order_id(demo)),
                "--data-dir",
                str(demo),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    texts = _texts(out)
    # THEN the blocks come in the order of the model: requisites, ПРИКАЗ, date and number,
    # place, title, preamble, ПРИКАЗЫВАЮ:, numbered points, signature
    i_kind = next(i for i, t in enumerate(texts) if t.replace(" ", "") == "ПРИКАЗ")
    assert any("Берёзовская средняя общеобразовательная школа" in t for t in texts[:i_kind])
    assert texts[i_kind + 1] == "01.09.2026\t№\u00a0112"
    assert texts[i_kind + 2] == "с.\u00a0Берёзовка"
    assert texts[i_kind + 3].startswith("О внедрении целевой модели наставничества")
    assert texts[i_kind + 4].startswith("На основании Федерального закона")
    assert texts[i_kind + 5] == "ПРИКАЗЫВАЮ:"
    order_part = texts[: texts.index("Приложение 1")]
    numbered = [t for t in order_part if t[:1].isdigit() and t[1:3] in (". ", ".\t")]
    assert [t.split(".")[0] for t in numbered] == [str(n) for n in range(1, 9)]
    assert any("заместителя директора по УВР Лебедеву Ирину Николаевну" in t for t in numbered)
    assert any(t.startswith("Директор") and t.endswith("Т.В.\u00a0Соколова") for t in texts)
    assert any(t.startswith("С приказом ознакомлен(а):") for t in texts)
    assert any(t.startswith("Лебедева Ирина Николаевна") for t in texts)
    # AND each appendix starts with its stamp
    for n in range(1, 5):
        i = texts.index(f"Приложение {n}")
        assert texts[i + 1] == "к приказу МБОУ «Берёзовская СОШ»"
        assert texts[i + 2] == "от\u00a001.09.2026 №\u00a0112"
    assert any(
        t == "УТВЕРЖДЕНО"
        for t in "\n".join(
            c.text for tb in docx.Document(str(out)).tables for row in tb.rows for c in row.cells
        ).split("\n")
    )
    # AND the tables: the roadmap with its 18 rows, the two forms of the bases in landscape
    document = docx.Document(str(out))
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    roadmap = next(t for t in document.tables if t.rows[0].cells[1].text == "Мероприятие")
    assert [c.text for c in roadmap.rows[0].cells] == ["№", "Мероприятие", "Сроки", "Ответственные"]
    assert len(roadmap.rows) == 1 + 18
    assert any(h[:2] == ["№", "ФИО"] for h in headers)
    assert any(s.orientation == WD_ORIENT.LANDSCAPE for s in document.sections)
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT


def test_acquaintance_sheet_and_split_files(demo: Path, tmp_path: Path) -> None:
    oid = _order_id(demo)
    with open_workspace(demo, start_backup=False) as ws:
        order = orders.get_order(ws.db, oid)
        order.acquaintance_mode = "sheet"
        orders.save_order(ws.db, order)
    folder = tmp_path / "файлы"
    assert (
        main(
            [
                "export",
                "order",
                "--id",
                str(oid),
                "--split",
                "--data-dir",
                str(demo),
                "--out",
                str(folder),
            ]
        )
        == 0
    )
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            "Приказ № 112 от 01.09.2026.docx",
            *[f"Приказ № 112 от 01.09.2026 — приложение {n}.docx" for n in range(1, 5)],
            "Приказ № 112 от 01.09.2026 — лист ознакомления.docx",
        ]
    )
    sheet = docx.Document(str(folder / "Приказ № 112 от 01.09.2026 — лист ознакомления.docx"))
    table = sheet.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["№", "ФИО", "Должность", "Дата", "Подпись"]
    assert table.rows[1].cells[1].text == "Лебедева Ирина Николаевна"
    # the order itself then has no inline acquaintance block
    order_texts = _texts(folder / "Приказ № 112 от 01.09.2026.docx")
    assert not any(t.startswith("С приказом ознакомлен") for t in order_texts)


def test_a_lone_appendix_is_split_into_a_file_without_a_number(demo: Path, tmp_path: Path) -> None:
    # GIVEN the demo order left with one appendix
    oid = _order_id(demo)
    with open_workspace(demo, start_backup=False) as ws:
        order = orders.get_order(ws.db, oid)
        order.appendices = order.appendices[:1]
        orders.save_order(ws.db, order)
    folder = tmp_path / "файлы"
    # WHEN it is printed in separate files
    args = ["export", "order", "--id", str(oid), "--split", "--data-dir", str(demo)]
    assert main([*args, "--out", str(folder)]) == 0
    # THEN the appendix file is «… — приложение» (ГОСТ: a lone appendix has no number)
    assert "Приказ № 112 от 01.09.2026 — приложение.docx" in {p.name for p in folder.iterdir()}


def test_order_without_id_and_unknown_id(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["export", "order", "--data-dir", str(demo), "--out", str(tmp_path / "x.docx")]) == 1
    )
    assert "--id" in capsys.readouterr().err
    assert (
        main(
            [
                "export",
                "order",
                "--id",
                "999",
                "--data-dir",
                str(demo),
                "--out",
                str(tmp_path / "x.docx"),
            ]
        )
        == 1
    )
    assert "не найден" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_bases_as_word_appendix_versions(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "база.docx"
    assert main(["export", "mentors-base", "--data-dir", str(demo), "--out", str(out)]) == 0
    document = docx.Document(str(out))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["№", "ФИО", "Должность, предмет(ы)"]
    assert len(table.rows) == 1 + 8
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE


def test_the_schools_own_regulation_is_merged_instead_of_the_starter(
    demo: Path, tmp_path: Path
) -> None:
    import io

    # GIVEN the school's regulation as its own .docx, loaded into appendix 2
    own = docx.Document()
    own.add_paragraph("ПОЛОЖЕНИЕ о наставничестве (документ школы)")
    buf = io.BytesIO()
    own.save(buf)
    oid = _order_id(demo)
    with open_workspace(demo, start_backup=False) as ws:
        order = orders.get_order(ws.db, oid)
        regulation = next(a for a in order.appendices if a.kind == "regulation")
        regulation.docx, regulation.docx_name = buf.getvalue(), "положение.docx"
        orders.save_order(ws.db, order)
    # WHEN the package is printed
    out = tmp_path / "o.docx"
    assert (
        main(["export", "order", "--id", str(oid), "--data-dir", str(demo), "--out", str(out)]) == 0
    )
    texts = _texts(out)
    # THEN the school's text is there with the stamp of appendix 2, the starter text is not
    assert "ПОЛОЖЕНИЕ о наставничестве (документ школы)" in texts
    assert "Приложение 2" in texts
    assert not any(t.startswith("1.1. Настоящее Положение") for t in texts)
