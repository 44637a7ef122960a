"""What keeps together on a printed page and how pages are numbered, read from the DOCX XML:
keep-with-next on the blocks a page must not separate, one page numbering through an order
package with merged programs and the school's own document."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from sqlalchemy import select

from app.models import Pair, Program
from app.reports.docx_blocks import Point
from app.reports.docx_layer import DocBuilder
from app.reports.order_docx import write_package
from app.reports.order_parts import AppendixPart, OrderPackage
from app.reports.page_settings import PageSettings
from app.reports.program_docx import NoteSection, ProgramCopy, RoadmapBlock, write_program
from app.services.documents.exports import run_export
from app.services.orders.order_prefill import new_order
from app.services.orders.orders import save_order
from tests.documents.pagecheck import judge, pages, render
from tests.prebuilt import DemoSchool

ORG = "МБОУ «Знаменская СОШ»"
STAMP = ["Приложение 2", f"к приказу {ORG}", "от 01.09.2026 № 112"]


def _copy(mentee: str) -> ProgramCopy:
    return ProgramCopy(
        org_name=f"Муниципальное бюджетное общеобразовательное учреждение {ORG}",
        title="ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА",
        subtitle="",
        mentor_line="Наставник: Кузнецова Елена Андреевна",
        mentee_line=f"Наставляемый: {mentee}",
        period="Срок: 01.10.2026 – 31.05.2027",
        place_year="с. Знаменка, 2026",
        agreed=["СОГЛАСОВАНО", "куратор"],
        approved=["УТВЕРЖДЕНО", f"приказом директора {ORG}", "от 01.09.2026 № 112"],
        note=[],
        roadmap=[RoadmapBlock("Дисциплина", [["семинар", "беседа"] + [""] * 8])],
        signatures=[("Наставник", "Е.А. Кузнецова"), ("Наставляемый", mentee)],
        diary=[["01.10.2026", "Знакомство", "беседа", "план", ""]],
    )


def _program_bytes(tmp_path: Path, mentees: int) -> bytes:
    copies = [_copy(f"Д.А. Смирнова-{i}") for i in range(mentees)]
    return write_program(copies, tmp_path / "программа.docx").read_bytes()


def _school_docx() -> bytes:
    """The school's own regulation: its Normal in Arial 12, its own margins, its own footer."""
    own = docx.Document()
    own.styles["Normal"].font.name = "Arial"
    own.styles["Normal"].font.size = Pt(12)
    own.sections[0].left_margin = Mm(25)
    own.sections[0].footer.paragraphs[0].text = "Положение школы"
    own.add_heading("ПОЛОЖЕНИЕ о наставничестве", level=1)
    own.add_paragraph("1.1. Настоящее Положение определяет порядок наставничества.")
    buf = io.BytesIO()
    own.save(buf)
    return buf.getvalue()


def _package(appendices: list[AppendixPart]) -> OrderPackage:
    return OrderPackage(
        requisites=f"Муниципальное бюджетное общеобразовательное учреждение {ORG}",
        founder="",
        number="112",
        date="01.09.2026",
        place="с. Знаменка",
        title="Об утверждении программ наставничества",
        preamble="В целях реализации программ наставничества",
        points=[
            ("Утвердить программы наставничества.", []),
            ("Куратору:", ["ознакомить наставников;", "вести мониторинг."]),
            ("Контроль за исполнением настоящего приказа оставляю за собой.", []),
        ],
        signer_position="Директор",
        signer_name="Е.М. Шевченко",
        acquaintance_mode="none",
        acquaintance=[],
        appendices=appendices,
        caption="Приказ",
        file_stem="Приказ",
    )


def _keep_next(p: object) -> bool:
    return bool(p.paragraph_format.keep_with_next)  # type: ignore[attr-defined]


def _sect_prs(d: DocxDocument) -> list:  # type: ignore[type-arg]
    return d.element.body.xpath("./w:p/w:pPr/w:sectPr | ./w:sectPr")


def _paragraph(d: DocxDocument, text: str):  # type: ignore[no-untyped-def]
    return next(p for p in d.paragraphs if p.text.replace("\u00a0", " ").startswith(text))


def test_the_end_of_an_order_stays_with_the_signature(tmp_path: Path) -> None:
    # GIVEN an order whose last point follows one with a sub-list
    # WHEN it is written
    d = docx.Document(str(write_package(_package([]), tmp_path / "приказ.docx")))
    first = _paragraph(d, "1. Утвердить")
    point = _paragraph(d, "2. Куратору")
    item = _paragraph(d, "– вести мониторинг")
    last = _paragraph(d, "3. Контроль")
    signature = _paragraph(d, "Директор\t")
    # THEN the last point's closing lines keep with the signature, the first point does not
    assert not _keep_next(first) and not _keep_next(point)
    assert _keep_next(item) and _keep_next(last)
    assert signature.paragraph_format.keep_together


NAMES = [
    "Кузнецова Елена Андреевна",
    "Смирнова Дарья Алексеевна",
    "Васильев Сергей Михайлович",
    "Павлова Галина Ивановна",
    "Николаева Ольга Сергеевна",
    "Морозов Андрей Петрович",
    "Орлова Светлана Геннадьевна",
    "Фёдорова Наталья Владимировна",
    "Сергеева Марина Петровна",
    "Попова Елена Павловна",
    "Никитин Игорь Владимирович",
    "Ивашова Екатерина Игоревна",
]


def _acquainted(count: int) -> OrderPackage:
    people = [(name, "учитель") for name in (NAMES * 3)[:count]]
    return replace(_package([]), acquaintance_mode="inline", acquaintance=people)


def test_a_short_acquaintance_list_is_kept_with_the_signature(tmp_path: Path) -> None:
    # GIVEN an order with three people to sign that they have read it
    # WHEN it is written
    d = docx.Document(str(write_package(_acquainted(3), tmp_path / "приказ.docx")))
    signature = _paragraph(d, "Директор\t")
    heading = _paragraph(d, "С приказом ознакомлен")
    lines = [_paragraph(d, name) for name in NAMES[:3]]
    # THEN the list stays under the signature: the last point, the signature, the heading
    # and every line but the last keep with what follows
    assert _keep_next(_paragraph(d, "3. Контроль"))
    assert _keep_next(signature) and _keep_next(heading)
    assert [_keep_next(p) for p in lines] == [True, True, False]
    assert not any(p.paragraph_format.page_break_before for p in [heading, *lines])
    assert not d.tables
    assert "ЛИСТ ОЗНАКОМЛЕНИЯ" not in [p.text for p in d.paragraphs]


def test_a_long_acquaintance_list_becomes_a_sheet_of_its_own(tmp_path: Path) -> None:
    # GIVEN an order with twenty people to sign that they have read it
    # WHEN it is written
    d = docx.Document(str(write_package(_acquainted(20), tmp_path / "приказ.docx")))
    # THEN no «С приказом ознакомлен(а):» lines follow the signature: a new page opens with
    # the sheet's title naming the order by its date and number
    assert not any(p.text.startswith("С приказом ознакомлен") for p in d.paragraphs)
    title = _paragraph(d, "ЛИСТ ОЗНАКОМЛЕНИЯ")
    assert title.paragraph_format.page_break_before and _keep_next(title)
    subtitle = _paragraph(d, "с приказом об утверждении программ наставничества")
    assert "от 01.09.2026 № 112" in subtitle.text.replace("\u00a0", " ")
    assert _keep_next(subtitle)
    # AND the list is a table № | ФИО | Должность | Дата | Подпись, its header repeated on
    # every page, no row split across pages, every person on a row of their own
    (sheet,) = d.tables
    assert [c.text for c in sheet.rows[0].cells] == ["№", "ФИО", "Должность", "Дата", "Подпись"]
    assert sheet.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(
        tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in sheet._tbl.tr_lst
    )
    names = [row.cells[1].text for row in sheet.rows[1:]]
    assert names[:20] == [name for name, _ in _acquainted(20).acquaintance]
    assert sheet.rows[1].cells[2].text == "учитель"
    # AND the empty rows for names added by hand never open a page alone: the last
    # person's row keeps with them
    keeps = [
        all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in tr.iter(qn("w:p")))
        for tr in sheet._tbl.tr_lst[1:]
    ]
    assert keeps == [False] * 19 + [True] * 3 + [False]


def test_the_acquaintance_list_stays_inline_up_to_half_a_page() -> None:
    # GIVEN the standard page (14 pt text) and one with 12 pt text
    # WHEN asked how many lines fit under the signature
    standard = [DocBuilder().acquaintance_fits(n) for n in (1, 7, 8)]
    smaller = DocBuilder(PageSettings(body_size=12)).acquaintance_fits(8)
    # THEN seven fit at 14 pt, the eighth makes a sheet; a smaller font fits more
    assert standard == [True, True, False]
    assert smaller


def test_a_signature_keeps_the_block_before_it_on_its_page(tmp_path: Path) -> None:
    # GIVEN a report's last paragraph and its signature
    b = DocBuilder()
    b.points([Point("Первый пункт.")])
    b.paragraph("Выводы.")
    b.signature("Куратор", "И.И. Иванова")
    # WHEN it is written
    d = docx.Document(str(b.save(tmp_path / "справка.docx")))
    # THEN the paragraph before the signature keeps with it, the one before that does not
    assert [_keep_next(p) for p in d.paragraphs[:3]] == [False, True, False]


def test_program_signatures_are_the_roadmaps_last_row_kept_with_the_row_above(
    tmp_path: Path,
) -> None:
    # GIVEN a pair's program WHEN it is printed
    d = docx.Document(str(write_program([_copy("Д.А. Смирнова")], tmp_path / "п.docx")))
    roadmap = next(t for t in d.tables if len(t.columns) == 11)
    rows = roadmap._tbl.tr_lst
    # THEN the signatures are the table's last row: one borderless cell across it that
    # never splits, the mentor's line kept with the mentee's
    sign = rows[-1]
    assert sign.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    (cell,) = sign.findall(qn("w:tc"))
    assert cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}").get(qn("w:val")) == "11"
    sides = cell.find(f"{qn('w:tcPr')}/{qn('w:tcBorders')}")
    assert [el.get(qn("w:val")) for el in sides] == ["nil"] * 4
    mentor, mentee = [Paragraph(p, None) for p in cell.iter(qn("w:p"))]
    assert mentor.text.startswith("Наставник\t") and mentee.text.startswith("Наставляемый\t")
    assert _keep_next(mentor) and not _keep_next(mentee)
    # AND the last activity above keeps with it, in every paragraph of every cell, and
    # keeps the line under it as a border of its own
    last = rows[-2]
    assert "семинар" in "".join(last.itertext())
    assert all(
        p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in last.iter(qn("w:p"))
    )
    assert all(
        tc.find(f"{qn('w:tcPr')}/{qn('w:tcBorders')}/{qn('w:bottom')}").get(qn("w:val")) == "single"
        for tc in last.findall(qn("w:tc"))
    )
    # AND nothing of them is left under the table
    assert not any(p.text.startswith("Наставник\t") for p in d.paragraphs)


def test_a_merged_package_is_numbered_once_through(tmp_path: Path) -> None:
    # GIVEN an order with a group program of two copies (portrait and landscape sections,
    # each copy from its own title page) and the school's own regulation
    package = _package(
        [
            AppendixPart(1, "", [], docx=_program_bytes(tmp_path, mentees=2)),
            AppendixPart(
                2,
                "Положение",
                STAMP,
                approval=(["СОГЛАСОВАНО", "педсоветом"], ["УТВЕРЖДЕНО", "приказом"]),
                docx=_school_docx(),
            ),
        ]
    )
    # WHEN the package is written
    d = docx.Document(str(write_package(package, tmp_path / "пакет.docx")))
    sect_prs = _sect_prs(d)
    # THEN no section restarts the count, only the first has a distinct (blank) first page
    assert len(sect_prs) >= 7
    assert not d.element.body.xpath(".//w:pgNumType[@w:start]")
    assert [s.find(qn("w:titlePg")) is not None for s in sect_prs] == [True] + [False] * (
        len(sect_prs) - 1
    )
    # AND every section, portrait or landscape, prints the first section's PAGE header,
    # none a header or footer a merged document brought
    assert all(not s.xpath("./w:headerReference | ./w:footerReference") for s in sect_prs[1:])
    header_rels = [r for r in d.part.rels.values() if r.reltype in (RT.HEADER, RT.FOOTER)]
    assert len(header_rels) == 2  # the blank first-page header and the PAGE one
    assert all("Положение школы" not in r.target_part.blob.decode() for r in header_rels)
    for section in d.sections:
        assert "PAGE" in section.header._element.xml
    # AND the school's text keeps its own «Обычный» (Arial 12), apart from the package's
    body = _paragraph(d, "1.1. Настоящее Положение")
    assert body.style.name == "Обычный (приложение)"
    assert body.style.font.name == "Arial" and body.style.font.size.pt == 12
    assert d.styles["Normal"].font.name == "Times New Roman"


def test_the_school_regulation_shares_its_page_with_its_stamp(tmp_path: Path) -> None:
    # GIVEN the school's regulation as appendix 2 with the stamp and the approval block
    package = _package(
        [
            AppendixPart(
                2,
                "Положение",
                STAMP,
                approval=(["СОГЛАСОВАНО", "педсоветом"], ["УТВЕРЖДЕНО", "приказом"]),
                docx=_school_docx(),
            )
        ]
    )
    # WHEN the package is written
    d = docx.Document(str(write_package(package, tmp_path / "пакет.docx")))
    stamp = [_paragraph(d, line) for line in STAMP]
    heading = _paragraph(d, "ПОЛОЖЕНИЕ о наставничестве")
    approval = d.tables[0]
    # THEN the stamp starts the page and keeps with the approval block, which keeps with
    # the school's heading; the heading itself does not break the page again
    assert (
        stamp[0].paragraph_format.page_break_before
        or stamp[0]._p.getprevious().find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
    )
    assert all(_keep_next(p) for p in stamp)
    assert all(
        p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
        for p in approval._tbl.iter(qn("w:p"))
    )
    assert not heading.paragraph_format.page_break_before
    # AND the stamp and the school's text are in one section (one page can hold both)
    blocks = list(d.element.body)
    between = blocks[blocks.index(stamp[0]._p) : blocks.index(heading._p)]
    assert not any(el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None for el in between)


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice/poppler not installed",
)
def test_printed_programs_order_is_numbered_on_and_has_no_signature_page(
    demo_school: DemoSchool, tmp_path: Path
) -> None:
    # GIVEN the demo school's programs-approval order (its programs merged in, a group's
    # among them), the order «О закреплении…» and a group's program on its own
    today = dt.date(2026, 11, 24)
    with demo_school(today) as ws:
        order = new_order(ws.db, "programs", today)
        order.number = "150"
        order_id = save_order(ws.db, order)
        with ws.db.session() as s:
            group = s.scalar(
                select(Program.id).join(Pair, Program.pair_id == Pair.id).where(Pair.is_group)
            )
        files = [
            run_export(ws.db, "order", tmp_path / "программы.docx", order_id=order_id),
            run_export(ws.db, "order", tmp_path / "пары.docx", order_id=2),
            run_export(ws.db, "program", tmp_path / "группа.docx", order_id=group),
        ]
    # WHEN LibreOffice prints them
    pdfs = render(files, tmp_path)
    verdicts = {f.stem: judge(f, pdfs[f], numbered=True) for f in files}
    # THEN every page from the second on carries its own number, none only signatures,
    # only a stamp or only a heading
    assert verdicts["программы"].pages > 20
    assert {name: v.numbering for name, v in verdicts.items()} == dict.fromkeys(verdicts, [])
    assert {name: v.lonely for name, v in verdicts.items()} == dict.fromkeys(verdicts, [])


ACTIVITY = [
    "участие в профессиональном конкурсе",
    "профессиональный конкурс",
    "24.02.2027 – 31.05.2027",
    "подготовлены и представлены конкурсные материалы",
    "активная: конкурсант",
    "диплом или сертификат участника",
    "",
    "запланировано",
    "",
    "",
]


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice/poppler not installed",
)
def test_printed_program_signatures_never_leave_the_roadmap(tmp_path: Path) -> None:
    # GIVEN programs whose roadmaps grow a row at a time, over more than two pages, so that
    # the signatures of some fall exactly where a page ends
    lengths = range(8, 25)
    files = []
    for n in lengths:
        copy = replace(
            _copy("Д.А. Смирнова"),
            roadmap=[RoadmapBlock("Дисциплина", [ACTIVITY] * n)],
            note=[NoteSection("Цель", ["Развитие профессиональных компетенций педагога."])],
        )
        files.append(write_program([copy], tmp_path / f"программа-{n}.docx"))
    # WHEN LibreOffice prints them (in one run)
    pdfs = render(files, tmp_path / "pdf")
    # THEN no page holds only the signatures
    lonely = {f.stem: judge(f, pdfs[f], numbered=True).lonely for f in files}
    assert lonely == dict.fromkeys(lonely, [])
    # AND where the roadmap ran out at a page's end, its last row went over with the
    # signatures (the page of the signatures holds that row and not the one before)
    moved = []
    for n, f in zip(lengths, files, strict=True):
        signed = [t for t in pages(pdfs[f]) if "Наставляемый" in t][-1]  # not the title
        lines = [line.split() for line in signed.splitlines()]
        numbers = {words[0] for words in lines if len(words) > 1}  # not the page number
        if str(n) in numbers and str(n - 1) not in numbers:
            moved.append(n)
    assert moved


def test_a_merged_style_keeps_the_style_it_is_based_on(tmp_path: Path) -> None:
    # GIVEN a school document whose only text is in its own style based on its «Обычный»
    own = docx.Document()
    own.styles["Normal"].font.name = "Arial"
    school = own.styles.add_style("Школьный", WD_STYLE_TYPE.PARAGRAPH)
    school.base_style = own.styles["Normal"]
    school.font.bold = True
    own.add_paragraph("Текст школы", style="Школьный")
    own.save(str(tmp_path / "школа.docx"))
    b = DocBuilder()
    b.paragraph("Приказ")
    b.page_break()
    # WHEN it is appended
    b.append_document(tmp_path / "школа.docx")
    d = docx.Document(str(b.save(tmp_path / "пакет.docx")))
    # THEN its style came with the one it inherits from, both apart from ours
    text = _paragraph(d, "Текст школы")
    assert text.style.name == "Школьный (приложение)" and text.style.font.bold
    assert text.style.base_style.name == "Обычный (приложение)"
    assert text.style.base_style.font.name == "Arial"
    assert _paragraph(d, "Приказ").style.name == "Normal"
