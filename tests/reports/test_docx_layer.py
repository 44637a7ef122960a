"""The shared DOCX layer: page setup, order blocks, stamps, tables, sections, saving."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Pt

from app.errors import KuratorError
from app.reports.docx_blocks import (
    Acquaintance,
    Point,
    agreed_lines,
    appendix_stamp_lines,
    approved_lines,
)
from app.reports.docx_layer import DocBuilder
from app.reports.docx_page import TABLE_STYLE_NAME
from app.reports.docx_tables import needs_landscape
from app.reports.docx_text import NBSP, nbsp_fix
from app.reports.page_settings import PageSettings
from app.reports.table import Column

ROOT = Path(__file__).resolve().parents[2]
ORG = "МБОУ «Знаменская СОШ»"
ROADMAP = [
    Column("№", 4, wrap=False),
    Column("Мероприятие", 50),
    Column("Сроки", 16),
    Column("Ответственные", 18),
]
WIDE = [  # the base of mentors (appendix 3)
    Column("№", 4, wrap=False),
    Column("ФИО", 16),
    Column("Должность, предмет(ы)", 14),
    Column("Стаж, категория", 12),
    Column("Контакты", 17),
    Column("Место работы", 13),
    Column("Ключевые компетенции", 16),
    Column("Интересы", 12),
    Column("Дата вхождения в программу", 12, wrap=False),
    Column("Результаты", 14),
]


def _order(b: DocBuilder) -> None:
    """The first page of the seed's order № 145, block by block."""
    b.requisites(
        "Муниципальное бюджетное общеобразовательное учреждение\n"
        "«Знаменская средняя общеобразовательная школа»"
    )
    b.doc_kind()
    b.date_number(dt.date(2022, 6, 1), "145", "с. Знаменка")
    b.title(
        "О внедрении целевой модели наставничества\nв МБОУ «Знаменская СОШ» и назначении куратора"
    )
    b.preamble("На основании распоряжения Минпросвещения России от 25.12.2019 № Р-145")
    b.directive()
    b.points(
        [
            Point("Внедрить целевую модель наставничества."),
            Point("Куратору внедрения:", ["составить базу наставников;", "контролировать."]),
            Point("Контроль исполнения настоящего приказа оставляю за собой."),
        ]
    )
    b.signature("Директор", "Е.М. Шевченко")


def _save(b: DocBuilder, tmp_path: Path, name: str = "doc.docx") -> DocxDocument:
    return docx.Document(str(b.save(tmp_path / name)))


def _texts(d: DocxDocument) -> list[str]:
    return [p.text for p in d.paragraphs if p.text]


def _mm(length: object) -> float:  # EMU → mm
    return round(int(length or 0) / 36000, 1)


def test_page_settings_default_to_the_standard_and_clamp_edits() -> None:
    # GIVEN the defaults and settings edited below the standard's minimum
    default = PageSettings()
    edited = PageSettings(
        left_mm=5, right_mm=0, top_mm=1, bottom_mm=19, font_name=" ", body_size=40
    )
    stored = PageSettings.from_mapping({"left_mm": "25,5", "top_mm": "x", "unknown": 1})
    # THEN the defaults are 30/10/20/20 mm, TNR 14/12 and edits never go below 20/10/20/20
    assert default.margins() == (30, 10, 20, 20)  # left, right, top, bottom
    assert (default.font_name, default.body_size, default.table_size) == ("Times New Roman", 14, 12)
    assert edited.margins() == (20, 10, 20, 20)
    assert edited.font_name == "Times New Roman" and edited.body_size == 16
    assert stored.left_mm == 25.5 and stored.top_mm == 20
    assert default.margins(landscape=True) == (20, 20, 30, 10)


def test_page_is_a4_portrait_with_the_margins_and_body_style(tmp_path: Path) -> None:
    # GIVEN a document with one paragraph
    b = DocBuilder(PageSettings(left_mm=32))
    b.paragraph("Текст")
    # WHEN it is saved and read back
    d = _save(b, tmp_path)
    # THEN the page is A4 portrait with the margins, the body is TNR 14 justified with 1.25 cm
    s = d.sections[0]
    assert s.orientation == WD_ORIENT.PORTRAIT
    assert (_mm(s.page_width), _mm(s.page_height)) == (210.0, 297.0)
    assert [_mm(m) for m in (s.left_margin, s.right_margin, s.top_margin, s.bottom_margin)] == [
        32.0,
        10.0,
        20.0,
        20.0,
    ]
    normal = d.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    fmt = normal.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(fmt.first_line_indent.cm, 2) == 1.25
    assert fmt.space_after == 0 and fmt.line_spacing_rule == WD_LINE_SPACING.SINGLE


def test_order_blocks_read_back_in_order(tmp_path: Path) -> None:
    # GIVEN the seed order built block by block
    b = DocBuilder()
    _order(b)
    # WHEN it is saved and read back
    d = _save(b, tmp_path)
    # THEN the paragraphs come in the seed's order with numbers and dashes written as text
    assert _texts(d) == [
        "Муниципальное бюджетное общеобразовательное учреждение\n"
        "«Знаменская средняя общеобразовательная школа»",
        "ПРИКАЗ",
        f"01.06.2022\t№{NBSP}145",
        f"с.{NBSP}Знаменка",
        "О внедрении целевой модели наставничества\nв МБОУ «Знаменская СОШ» и назначении куратора",
        f"На основании распоряжения Минпросвещения России от{NBSP}25.12.2019 №{NBSP}Р-145",
        "ПРИКАЗЫВАЮ:",
        "1. Внедрить целевую модель наставничества.",
        "2. Куратору внедрения:",
        "– составить базу наставников;",
        "– контролировать.",
        "3. Контроль исполнения настоящего приказа оставляю за собой.",
        f"Директор\tЕ.М.{NBSP}Шевченко",
    ]
    by_text = {p.text: p for p in d.paragraphs}
    date_line = by_text[f"01.06.2022\t№{NBSP}145"]
    (tab,) = date_line.paragraph_format.tab_stops
    assert tab.alignment == WD_TAB_ALIGNMENT.RIGHT
    assert tab.position.twips == b.text_width_twips
    assert date_line.paragraph_format.first_line_indent == 0
    assert by_text["ПРИКАЗЫВАЮ:"].paragraph_format.first_line_indent == 0
    assert by_text["ПРИКАЗ"].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert by_text["ПРИКАЗ"].runs[0].bold
    sign = by_text[f"Директор\tЕ.М.{NBSP}Шевченко"]
    assert sign.paragraph_format.tab_stops[0].position.twips == b.text_width_twips


def test_page_numbers_from_page_two_centred_at_the_top(tmp_path: Path) -> None:
    # GIVEN an order WHEN it is saved
    b = DocBuilder()
    _order(b)
    d = _save(b, tmp_path)
    # THEN the first page has its own empty header and the others a centred PAGE field
    s = d.sections[0]
    assert s.different_first_page_header_footer
    assert s._sectPr.find(qn("w:titlePg")) is not None
    header_xml = s.header._element.xml
    assert "PAGE" in header_xml and "instrText" in header_xml
    assert s.header.paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" not in s.first_page_header._element.xml


def test_appendix_stamp_sits_in_the_right_half(tmp_path: Path) -> None:
    # GIVEN an appendix stamp after a page break
    b = DocBuilder()
    b.paragraph("Приказ")
    b.page_break()
    b.appendix_stamp(appendix_stamp_lines(1, ORG, dt.date(2022, 6, 1), "145"))
    # WHEN it is read back
    d = _save(b, tmp_path)
    stamp = d.paragraphs[1:4]
    # THEN three left-aligned lines start half the text width from the margin, on a new page
    assert [p.text for p in stamp] == [
        "Приложение 1",
        f"к приказу {ORG}",
        f"от{NBSP}01.06.2022 №{NBSP}145",
    ]
    assert stamp[0].paragraph_format.page_break_before
    half = PageSettings().text_width_mm() / 2
    for p in stamp:
        assert p.alignment == WD_ALIGN_PARAGRAPH.LEFT
        assert abs(p.paragraph_format.left_indent.mm - half) < 0.2
        assert p.paragraph_format.first_line_indent == 0


def test_approval_stamps_side_by_side_without_borders(tmp_path: Path) -> None:
    # GIVEN the «СОГЛАСОВАНО» and «УТВЕРЖДЕНО» stamps of the regulation
    b = DocBuilder()
    b.approval_stamps(
        agreed_lines("педагогическим советом", "17.05.2022", "3", org=ORG),
        approved_lines(f"директора {ORG}", dt.date(2022, 6, 1), "145"),
    )
    # WHEN read back
    (table,) = _save(b, tmp_path).tables
    # THEN one row, the agreement at the left, the approval at the right, no borders
    left, right = table.rows[0].cells
    assert left.text == (
        f"СОГЛАСОВАНО\nпедагогическим советом\n{ORG}\nпротокол от{NBSP}17.05.2022 №{NBSP}3"
    )
    assert right.text == f"УТВЕРЖДЕНО\nприказом директора {ORG}\nот{NBSP}01.06.2022 №{NBSP}145"
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"nil"}


def test_table_repeats_its_header_and_fits_the_text_width(tmp_path: Path) -> None:
    # GIVEN a 100-row roadmap with a multi-line cell
    rows = [[i, f"Мероприятие {i}", "До 01.08.2022", "Секретарь\nКуратор"] for i in range(1, 101)]
    b = DocBuilder()
    b.add_table(ROADMAP, rows)
    # WHEN read back
    d = _save(b, tmp_path)
    (table,) = d.tables
    # THEN the header, 100 rows, a repeated header row and a width equal to the text width
    assert [c.text for c in table.rows[0].cells] == ["№", "Мероприятие", "Сроки", "Ответственные"]
    assert len(table.rows) == 101
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert table.rows[0].cells[0].paragraphs[0].runs[0].bold
    grid = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(grid) == b.text_width_twips
    assert table.rows[5].cells[3].text == "Секретарь\nКуратор"
    assert table.rows[5].cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    cell_style = table.rows[5].cells[1].paragraphs[0].style
    assert cell_style.name == TABLE_STYLE_NAME and cell_style.font.size.pt == 12
    assert cell_style.paragraph_format.first_line_indent == 0
    assert table.rows[5].cells[1].paragraphs[0].runs[0].font.size is None  # 12 pt by style


def test_landscape_section_between_portrait_ones(tmp_path: Path) -> None:
    # GIVEN an order, a wide appendix in a landscape section, then portrait again
    b = DocBuilder()
    _order(b)
    assert needs_landscape(WIDE) and not needs_landscape(ROADMAP)
    b.start_section(landscape=True)
    b.heading("База наставников")
    b.add_table(WIDE, [[str(i), "Иванова Мария Петровна"] for i in range(1, 4)])
    b.start_section(landscape=False)
    b.paragraph("Лист ознакомления")
    # WHEN read back
    d = _save(b, tmp_path)
    # THEN three sections: portrait, landscape (turned margins), portrait
    first, wide, last = d.sections
    assert wide.orientation == WD_ORIENT.LANDSCAPE and wide.page_width > wide.page_height
    assert (_mm(wide.page_width), _mm(wide.page_height)) == (297.0, 210.0)
    assert [_mm(m) for m in (wide.left_margin, wide.right_margin, wide.top_margin)] == [
        20.0,
        20.0,
        30.0,
    ]
    assert last.orientation == WD_ORIENT.PORTRAIT and last.page_width < last.page_height
    # the table fits the landscape text width; the page numbers go on in later sections
    grid = sum(int(g.get(qn("w:w"))) for g in d.tables[0]._tbl.tblGrid.findall(qn("w:gridCol")))
    landscape_text = round((wide.page_width - wide.left_margin - wide.right_margin) / 635)
    assert grid == landscape_text > round(first.page_width / 635)
    assert not wide.different_first_page_header_footer and wide.header.is_linked_to_previous
    # the first section closes in its signature paragraph, not in an extra empty one
    assert d.paragraphs[12].text.startswith("Директор")
    assert d.paragraphs[12]._p.pPr.find(qn("w:sectPr")) is not None


def test_control_characters_are_removed_and_the_file_opens(tmp_path: Path) -> None:
    # GIVEN text pasted from Word with control characters, in a paragraph and a cell
    b = DocBuilder()
    b.paragraph("Текст\x01 с\x0b мусором\x00")
    b.add_table([Column("Графа", 10)], [["ячейка\x1f\ud800"]])
    # WHEN saved and opened again
    d = _save(b, tmp_path)
    # THEN the clean text survives; Word's manual line break stays a line break
    assert _texts(d) == ["Текст с\nмусором"]
    assert d.tables[0].rows[1].cells[0].text == "ячейка"


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("Директор Е.М. Шевченко", f"Директор Е.М.{NBSP}Шевченко"),
        ("Е.М.Шевченко", f"Е.М.{NBSP}Шевченко"),
        ("Е. М. Шевченко", f"Е.{NBSP}М.{NBSP}Шевченко"),
        ("приказом директора Шевченко Е.М.", f"приказом директора Шевченко{NBSP}Е.М."),
        ("приказ № 145", f"приказ №{NBSP}145"),
        ("№145", f"№{NBSP}145"),
        ("от 05.05.2022г. № 375", f"от{NBSP}05.05.2022{NBSP}г. №{NBSP}375"),
        ("«___» ________ 20__ г.", f"«___» ________ 20__{NBSP}г."),
        ("в 2022 году", "в 2022 году"),
        ("июнь 2023 года", f"июнь 2023{NBSP}года"),
        ("с. Знаменка, г.Славгород", f"с.{NBSP}Знаменка, г.{NBSP}Славгород"),
        ("МБОУ «Знаменская СОШ». Итоги", "МБОУ «Знаменская СОШ». Итоги"),
        ("и т.д. Далее", "и т.д. Далее"),
        # a dash between words never starts a line; a list's own dash and a range are kept
        ("(далее — куратор) — заместитель", f"(далее{NBSP}— куратор){NBSP}— заместитель"),
        ("май – июнь 2027 г.", f"май{NBSP}– июнь 2027{NBSP}г."),
        ("– провести встречу;", "– провести встречу;"),
        ("01.09.2026–31.05.2027", "01.09.2026–31.05.2027"),
        ("согласно приложению 1 к", f"согласно приложению{NBSP}1 к"),
        ("Приложение 2", "Приложение 2"),
    ],
)
def test_nbsp_fix(raw: str, fixed: str) -> None:
    # GIVEN a phrase WHEN fixed THEN no-break spaces sit exactly where a break is wrong
    assert nbsp_fix(raw) == fixed
    assert nbsp_fix(fixed) == fixed  # idempotent


def test_acquaintance_lines_and_sheet(tmp_path: Path) -> None:
    # GIVEN the acquaintance block (one very long name) and a sheet with two blank rows
    names = [
        "Захарова Анастасия Анатольевна",
        "Рычко Наталья Владимировна",
        "Константинопольская-Щербакова Александра Вячеславовна",
    ]
    b = DocBuilder()
    b.acquaintance(names)
    b.page_break()
    b.acquaintance_sheet(
        [Acquaintance(names[0], "заместитель директора по УВР")],
        subtitle=f"с приказом {ORG} от 01.06.2022 № 145",
        blank_rows=2,
    )
    # WHEN read back
    d = _save(b, tmp_path)
    # THEN one line per person: the name, a tab to the right margin, an unbreakable blank
    lines = d.paragraphs[1:4]
    assert d.paragraphs[0].text == "С приказом ознакомлен(а):"
    for name, p in zip(names, lines, strict=True):
        left, blank = p.text.split("\t")
        assert left == name and blank.endswith(f"20__{NBSP}г.") and " " not in blank
        assert p.paragraph_format.tab_stops[0].position.twips == b.text_width_twips
    assert lines[0].runs[0].font.size is None and lines[2].runs[0].font.size.pt == 12
    # and the sheet: a heading, the table with tall rows, numbered blank rows
    assert "ЛИСТ ОЗНАКОМЛЕНИЯ" in _texts(d)
    assert d.paragraphs[4].paragraph_format.page_break_before
    (sheet,) = d.tables
    assert [c.text for c in sheet.rows[0].cells] == ["№", "ФИО", "Должность", "Дата", "Подпись"]
    assert [r.cells[0].text for r in sheet.rows[1:]] == ["1", "2", "3"]
    assert sheet.rows[1].cells[1].text == names[0]
    assert sheet.rows[1].height.mm == pytest.approx(12, abs=0.1)


def test_points_with_hanging_indent_and_custom_labels(tmp_path: Path) -> None:
    # GIVEN a regulation's points «1.1.» with a hanging indent
    b = DocBuilder()
    b.point("1.1.", "Настоящее Положение определяет цели.", ["первый;", "второй."], hanging=True)
    # WHEN read back
    p, sub1, _ = _save(b, tmp_path).paragraphs
    # THEN the label hangs at the margin and the text starts at the tab
    assert p.text == "1.1.\tНастоящее Положение определяет цели."
    assert p.paragraph_format.left_indent.mm == pytest.approx(10, abs=0.1)
    assert p.paragraph_format.first_line_indent.mm == pytest.approx(-10, abs=0.1)
    assert sub1.text == "–\tпервый;"


def test_two_tables_in_a_row_stay_two(tmp_path: Path) -> None:
    # GIVEN two tables added one after the other WHEN read back THEN both exist
    b = DocBuilder()
    b.add_table([Column("А", 5)], [["1"]])
    b.add_table([Column("Б", 5)], [["2"], ["3"]])
    assert [len(t.rows) for t in _save(b, tmp_path).tables] == [2, 3]


def test_save_never_leaves_a_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a saved document
    b = DocBuilder()
    b.paragraph("Текст")
    target = b.save(tmp_path / "приказ.docx")
    before = target.read_bytes()

    # WHEN the next save dies half-way through (a full disk)
    def broken(path: str) -> None:
        Path(path).write_bytes(b"PK half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(b.document, "save", broken)
    with pytest.raises(KuratorError, match="Не удалось записать файл"):
        b.save(target)
    # THEN the old file is intact and no temporary file is left behind
    assert target.read_bytes() == before and os.listdir(tmp_path) == ["приказ.docx"]
    # AND a missing folder gives a Russian message
    with pytest.raises(KuratorError, match="Папка не найдена"):
        b.save(tmp_path / "нет" / "приказ.docx")


def test_append_document_merges_its_paragraphs(tmp_path: Path) -> None:
    # GIVEN the school's own regulation: Normal in Arial 11, a heading run in Courier New
    own = docx.Document()
    own.styles["Normal"].font.name = "Arial"
    own.styles["Normal"].font.size = Pt(11)
    own.add_paragraph().add_run("ПОЛОЖЕНИЕ о наставничестве").font.name = "Courier New"
    own.add_paragraph("1. Общие положения")
    own.save(str(tmp_path / "положение.docx"))
    b = DocBuilder()
    _order(b)
    # WHEN it is appended to the order on a new page
    b.page_break()
    b.append_document(tmp_path / "положение.docx")
    b.paragraph("После положения")
    d = _save(b, tmp_path, "пакет.docx")
    # THEN its paragraphs follow the order on a new page with their own formatting
    texts = _texts(d)
    assert texts[-3:] == ["ПОЛОЖЕНИЕ о наставничестве", "1. Общие положения", "После положения"]
    heading, body = d.paragraphs[-3:-1]
    assert heading.paragraph_format.page_break_before
    assert heading.runs[0].font.name == "Courier New"
    # its «Обычный» came along as a style of its own, not mapped onto ours
    assert body.style.name == "Обычный (приложение)"
    assert body.style.font.name == "Arial" and body.style.font.size.pt == 11
    # while the package's own text keeps Times New Roman 14
    assert (
        d.styles["Normal"].font.name == "Times New Roman"
        and d.paragraphs[-1].runs[0].font.name is None
    )
    # AND a file that is not a DOCX gives a Russian message
    (tmp_path / "не.docx").write_text("текст", encoding="utf-8")
    with pytest.raises(KuratorError, match="не документ Word"):
        b.append_document(tmp_path / "не.docx")


def test_importing_the_layer_does_not_load_docxcompose() -> None:
    # GIVEN a fresh interpreter WHEN it imports the layer THEN babel/docxcompose stay unloaded
    code = (
        "import sys, app.reports.docx_layer\n"
        "print(sorted(m for m in ('babel', 'docxcompose') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice/poppler not installed",
)
def test_libreoffice_renders_numbers_from_page_two(tmp_path: Path) -> None:
    # GIVEN an order of two pages and a landscape appendix
    b = DocBuilder()
    _order(b)
    b.acquaintance(["Захарова Анастасия Анатольевна"] * 20)
    b.start_section(landscape=True)
    b.add_table(WIDE, [[str(i)] for i in range(1, 4)])
    src = b.save(tmp_path / "приказ.docx")
    # WHEN LibreOffice converts it to PDF (own profile: other instances may be running)
    profile = f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"
    convert = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir"]
    subprocess.run([*convert, str(tmp_path), str(src)], check=True, capture_output=True)
    pdf = str(tmp_path / "приказ.pdf")

    def page(n: int) -> list[str]:
        cmd = ["pdftotext", "-f", str(n), "-l", str(n), "-layout", pdf, "-"]
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()

    pages = [[line for line in page(n) if line.strip()] for n in (1, 2, 3)]
    # THEN page 1 starts with the requisites, pages 2 and 3 with their centred numbers
    assert pages[0][0].strip().startswith("Муниципальное")
    assert pages[1][0].strip() == "2" and pages[2][0].strip() == "3"
    assert "ФИО" in "".join(pages[2])


def test_document_numbers_do_not_break_at_their_hyphen(tmp_path: Path) -> None:
    # GIVEN a preamble citing acts with hyphenated numbers
    from app.reports.docx_layer import DocBuilder
    from app.reports.docx_text import nbsp_fix

    assert nbsp_fix("от 25.12.2019 № Р-145 и № 273-ФЗ") == (
        "от\u00a025.12.2019 №\u00a0Р\u2011145 и №\u00a0273\u2011ФЗ"
    )
    b = DocBuilder()
    b.preamble("На основании распоряжения от 25.12.2019 № Р-145, в целях …")
    out = b.save(tmp_path / "h.docx")
    # WHEN read back THEN Word's own non-breaking hyphen stands in the number
    xml = docx.Document(str(out)).element.xml
    assert "<w:noBreakHyphen/>" in xml
    assert "\u2011" not in xml
