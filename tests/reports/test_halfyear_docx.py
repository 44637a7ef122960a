"""The half-year report read back: title, tables with the figures, charts as images, texts."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from pathlib import Path

import docx
import pytest

from app.errors import KuratorError
from app.models.db import Database
from app.reports import charts
from app.services.documents.exports import run_export
from app.services.monitoring import halfyear_periods
from tests.services import monitoring_fixtures as f

TODAY = dt.date(2027, 1, 10)


def _tables(path: Path) -> list[list[list[str]]]:
    d = docx.Document(str(path))
    return [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]


def _text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_report_has_the_figures_tables_and_charts(db: Database, tmp_path: Path) -> None:
    # GIVEN a school with a program, roadmap marks, grids before/after, answers, indicators
    f.reported_school(db)
    out = tmp_path / "справка.docx"
    # WHEN the report for the first half-year is exported
    run_export(db, "report", out, date_from="01.09.2026", date_to="31.12.2026", today=TODAY)
    text = _text(out)
    # THEN the title names the half-year, the dates and the curator
    assert "СПРАВКА" in text
    assert "по итогам I полугодия 2026/2027 учебного года" in text
    assert "с 01.09.2026 по 31.12.2026" in text
    assert "заместитель директора по УВР Лебедева Ирина Николаевна" in text
    tables = _tables(out)
    # AND the progress table: 2 of 3 rows due by 31.12 done (the March one not counted),
    # one overdue
    progress = next(t for t in tables if t[0][1] == "Наставник")
    assert progress[1][4] == "2 из 3 (67 %)" and progress[1][5] == "1"
    # AND the stage-1 table shows the exam share and the risks
    stage1 = next(t for t in tables if "ВПР" in t[0][2])
    assert stage1[1][2].startswith("75 % (15 из 20)") and stage1[1][5] == "Нехватка времени"
    # AND the deficits table: both directions had a deficit, one is closed
    deficits = next(t for t in tables if t[0][1] == "Направление")
    assert [row[2:] for row in deficits[1:]] == [["1", "0", "1"], ["1", "1", "1"]]
    # AND the satisfaction means by role
    sat = next(t for t in tables if t[0][1] == "Кто отвечал")
    assert [r[1:] for r in sat[1:]] == [["Наставляемые", "1", "8,0"], ["Наставники", "1", "9,0"]]
    # AND two charts are embedded as PNG images
    d = docx.Document(str(out))
    assert len(d.inline_shapes) == 2
    images = [r.target_part.blob for r in d.part.rels.values() if "image" in r.reltype]
    assert len(images) == 2 and all(b.startswith(b"\x89PNG\r\n\x1a\n") for b in images)
    # AND prefilled conclusions use the figures, then signature and acquaintance
    assert "выполнено 2 (67 %), просрочено 1" in text
    assert "Средняя оценка удовлетворённости" in text and "наставляемых\u00a0— 8,0" in text
    assert "Со справкой ознакомлен(а):" in text and "Соколова Татьяна Викторовна" in text
    assert "И.Н.\u00a0Лебедева" in text
    # AND the report is remembered as made, so «Сегодня» no longer asks for it
    assert halfyear_periods.reports_due(db, TODAY) == []


def test_edited_texts_are_printed_and_kept(db: Database, tmp_path: Path) -> None:
    f.reported_school(db)
    out = tmp_path / "r.docx"
    run_export(
        db,
        "report",
        out,
        date_from="01.09.2026",
        date_to="31.12.2026",
        today=TODAY,
        conclusions="Первый вывод.\n\nВторой вывод.",
        recommendations="Сделать А\nСделать Б",
    )
    text = _text(out)
    # (the recommendations a dash list, punctuated as the orders' lists)
    assert "Первый вывод." in text and "По итогам мониторинга рекомендуется:" in text
    assert "– сделать А;\n– сделать Б." in text
    # WHEN exported again without texts THEN the edited ones are used
    run_export(db, "report", out, date_from="01.09.2026", date_to="31.12.2026", today=TODAY)
    assert "Второй вывод." in _text(out)


@pytest.mark.parametrize(
    ("date_from", "date_to", "message"),
    [
        (None, "31.12.2026", "Укажите дату начала периода (--from ДД.ММ.ГГГГ)."),
        ("01.09.2026", None, "Укажите дату конца периода (--to ДД.ММ.ГГГГ)."),
        ("31.02.2026", "31.12.2026", "Дата начала периода: Такой даты нет: 31.02.2026."),
        (
            "01.09.2026",
            "завтра",
            "Дата конца периода: «завтра» — не дата; нужен формат ДД.ММ.ГГГГ.",
        ),
        ("31.12.2026", "01.09.2026", "Конец периода раньше его начала: поменяйте даты местами."),
    ],
)
def test_bad_dates_give_russian_errors(
    db: Database, tmp_path: Path, date_from: str | None, date_to: str | None, message: str
) -> None:
    f.reported_school(db)
    with pytest.raises(KuratorError) as err:
        run_export(db, "report", tmp_path / "r.docx", date_from=date_from, date_to=date_to)
    assert str(err.value) == message
    assert not (tmp_path / "r.docx").exists()


def test_report_without_programs_says_so(db: Database, tmp_path: Path) -> None:
    f.requisites(db, f.teacher(db, "Лебедева"))
    out = tmp_path / "r.docx"
    run_export(db, "report", out, date_from="01.09.2026", date_to="31.12.2026", today=TODAY)
    text = _text(out)
    assert "За период программы наставничества не реализовывались." in text
    assert len(docx.Document(str(out)).inline_shapes) == 0


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def test_bar_chart_is_a_valid_png_with_bar_heights_in_proportion() -> None:
    # GIVEN values 2 and 4 WHEN drawn 400×200
    png = charts.bar_chart([charts.Series([2, 4], "FF0000")], width=400, height=200)
    width, height, raw = _png_pixels(png)
    assert (width, height) == (400, 200)
    stride = 1 + width * 3

    def red_height(x: int) -> int:
        return sum(
            1
            for y in range(height)
            if raw[y * stride + 1 + x * 3 : y * stride + 4 + x * 3] == b"\xff\x00\x00"
        )

    # THEN the second bar is twice as tall as the first (sampled at each group's centre)
    plot_w = width - 90 - 20
    first, second = red_height(90 + plot_w // 4), red_height(90 + 3 * plot_w // 4)
    assert first > 0 and second == pytest.approx(2 * first, abs=2)


def test_each_chart_says_its_numbers_are_the_table_rows(db: Database, tmp_path: Path) -> None:
    # GIVEN the reported school WHEN the autumn report is exported
    f.reported_school(db)
    out = run_export(
        db,
        "report",
        tmp_path / "справка.docx",
        date_from="01.09.2026",
        date_to="31.12.2026",
        today=TODAY,
    )
    body = docx.Document(str(out)).element.body
    # THEN every chart picture is followed by the key and then by the table naming its bars
    blocks = [
        (
            el.tag.rsplit("}", 1)[1],
            "".join(
                t.text or ""
                for t in el.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
            ),
            bool(el.findall(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")),
        )
        for el in body
    ]
    pictures = [i for i, (_tag, _text, pic) in enumerate(blocks) if pic]
    assert len(pictures) == 2
    for i in pictures:
        assert blocks[i + 1][1].startswith("Число под столбцами диаграммы\u00a0— номер строки")
        assert blocks[i + 2][0] == "tbl"
    # AND the satisfaction chart's table maps the numbers to who answered
    satisfaction = next(t for t in _tables(out) if t[0][1] == "Кто отвечал")
    assert [row[:2] for row in satisfaction[1:]] == [["1", "Наставляемые"], ["2", "Наставники"]]
