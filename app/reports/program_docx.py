"""The printed personalized program: title page, explanatory note, the roadmap on landscape
pages, signatures and optional sheets; a group program gives one copy per mentee.

Plain data in (``ProgramCopy``), one .docx out, through the shared DOCX layer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import qn
from docx.table import Table
from lxml import etree

from app.reports.docx_layer import DocBuilder
from app.reports.docx_text import append_run, layout_text, make_tiny
from app.reports.page_settings import PageSettings
from app.reports.table import Column

ROADMAP_COLUMNS = [
    Column("№", 3, wrap=False),
    Column("Вид деятельности", 15),
    Column("Форма мероприятия", 14),
    Column("Сроки и место проведения", 12, wrap=False),
    Column("Ожидаемый результат", 14),
    Column("Форма участия", 12),
    Column("Форма отчётности", 12),
    Column("Соиспол\u00adнители", 13),  # a soft hyphen: the bold word is wider than the column
    Column("Отметка о выполнении", 13, wrap=False),
    Column("Значение для реализации целей", 13),
    Column("Оценка", 12, wrap=False),
]
# Eleven columns fit a landscape page legibly only a size below the usual table text.
ROADMAP_FONT = 10.0
DIARY_COLUMNS = [
    Column("Дата", 10, wrap=False),
    Column("Тема", 20),
    Column("Форма работы", 18),
    Column("Результат", 22),
    Column("Рекомендации", 22),
]
ASSESSMENT_COLUMNS = [
    Column("Направление", 34),
    Column("Уровень в начале", 16),
    Column("Уровень в конце", 16),
    Column("Комментарий", 24),
]
REFLECTION_COLUMNS = [
    Column("Первоочередной дефицит", 30),
    Column("Степень приближения к желаемому образу", 40),
    Column("Продолжить в следующем году", 16),
]


@dataclass
class NoteSection:
    """A part of the explanatory note: its label and paragraphs (or a numbered list)."""

    label: str
    paragraphs: list[str]
    numbered: bool = False


@dataclass
class RoadmapBlock:
    """Rows under one heading row of the roadmap (a direction, or the part of a group)."""

    heading: str
    rows: list[list[str]]
    part: bool = False  # a heading of a whole part («Общая часть»), printed larger


@dataclass
class ProgramCopy:
    """One printed copy (a group prints one per mentee)."""

    org_name: str
    title: str
    subtitle: str
    mentor_line: str
    mentee_line: str
    period: str
    place_year: str
    agreed: list[str]
    approved: list[str]
    note: list[NoteSection]
    roadmap: list[RoadmapBlock]
    signatures: list[tuple[str, str]]
    reflection: list[list[str]] = field(default_factory=list)
    diary: list[list[str]] = field(default_factory=list)
    assessment: list[list[str]] = field(default_factory=list)


def _span_rows(table: Table, first_data_row: int, spans: Sequence[tuple[int, bool]]) -> None:
    """Turn the rows ``spans`` (data row index, is a part heading) into one cell across the
    table, bold, kept with the next row (a heading never ends a page)."""
    trs = table._tbl.tr_lst
    n_cols = len(table.columns)
    for index, is_part in spans:
        tr = trs[first_data_row + index]
        tcs = tr.findall(qn("w:tc"))
        first = tcs[0]
        total = sum(int(tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w"))) for tc in tcs)
        for tc in tcs[1:]:
            tr.remove(tc)
        tc_pr = first.find(qn("w:tcPr"))
        tc_pr.find(qn("w:tcW")).set(qn("w:w"), str(total))
        span = etree.SubElement(tc_pr, qn("w:gridSpan"))
        span.set(qn("w:val"), str(n_cols))
        tc_pr.remove(span)
        tc_pr.insert(1, span)
        if is_part:
            shade = etree.Element(qn("w:shd"))
            shade.set(qn("w:val"), "clear")
            shade.set(qn("w:fill"), "E7E6E6")
            v_align = tc_pr.find(qn("w:vAlign"))
            if v_align is not None:
                v_align.addprevious(shade)
            else:
                tc_pr.append(shade)
        for p in first.findall(qn("w:p")):
            ppr = p.find(qn("w:pPr"))
            if ppr is not None:
                etree.SubElement(ppr, qn("w:keepNext"))
                ppr.insert(1, ppr[-1])
            for r in p.findall(qn("w:r")):
                rpr = r.find(qn("w:rPr"))
                if rpr is None:
                    rpr = etree.Element(qn("w:rPr"))
                    r.insert(0, rpr)
                if rpr.find(qn("w:b")) is None:
                    rpr.insert(0, etree.Element(qn("w:b")))


def _title_page(b: DocBuilder, c: ProgramCopy) -> None:
    b.paragraph(c.org_name, align="center", indent=False, space_after=18)
    b.approval_stamps(c.agreed, c.approved)
    b.paragraph("", indent=False, space_before=96)
    b.paragraph(
        c.title,
        align="center",
        indent=False,
        bold=True,
        size=b.settings.body_size + 4,
        space_after=6,
        keep_with_next=True,
    )
    if c.subtitle:
        b.paragraph(c.subtitle, align="center", indent=False, bold=True, space_after=24)
    b.paragraph(c.mentor_line, align="left", indent=False, left_indent_mm=70, space_before=48)
    b.paragraph(c.mentee_line, align="left", indent=False, left_indent_mm=70, space_before=12)
    b.paragraph(c.period, align="left", indent=False, left_indent_mm=70, space_before=12)
    b.paragraph(c.place_year, align="center", indent=False, space_before=150)


def _note(b: DocBuilder, c: ProgramCopy) -> None:
    b.page_break()
    b.heading("ПОЯСНИТЕЛЬНАЯ ЗАПИСКА", space_before=0)
    for section in c.note:
        if section.numbered:
            b.paragraph(f"{section.label}:", bold=True, keep_with_next=True, space_before=6)
            for n, text in enumerate(section.paragraphs, start=1):
                b.paragraph(f"{n}. {text}")
        elif (
            len(section.paragraphs) == 1
            and len(section.paragraphs[0]) < 120
            and "\n" not in section.paragraphs[0]
        ):
            p = b.paragraph(space_before=6)
            append_run(p._p, layout_text(section.label) + ": ", bold=True)
            append_run(p._p, layout_text(section.paragraphs[0]))
        else:
            b.paragraph(f"{section.label}:", bold=True, keep_with_next=True, space_before=6)
            for text in section.paragraphs:
                for line in text.split("\n"):
                    b.paragraph(line)


def _roadmap(b: DocBuilder, c: ProgramCopy) -> None:
    b.start_section(landscape=True)
    b.heading("ДОРОЖНАЯ КАРТА", space_before=0, space_after=6)
    rows: list[list[str]] = []
    spans: list[tuple[int, bool]] = []
    number = 0
    for block in c.roadmap:
        spans.append((len(rows), block.part))
        rows.append([block.heading])
        for row in block.rows:
            number += 1
            rows.append([str(number), *row])
    if not any(block.rows for block in c.roadmap):
        rows.append(["", "Мероприятия ещё не запланированы."])
    table = b.add_table(
        ROADMAP_COLUMNS,
        rows,
        font_size=min(b.settings.table_size, ROADMAP_FONT),
        spanned=[index for index, _ in spans],
    )
    _span_rows(table, 1, spans)
    # the signatures, the table's last row, keep the roadmap's last row on their page
    b.table_signatures(table, c.signatures, space_before=24)


def _sheets(b: DocBuilder, c: ProgramCopy) -> None:
    sheets = [
        ("РЕФЛЕКСИЯ ПО ПЕРВООЧЕРЕДНЫМ ДЕФИЦИТАМ", REFLECTION_COLUMNS, c.reflection),
        ("ДНЕВНИК НАСТАВНИКА", DIARY_COLUMNS, c.diary),
        ("ЛИСТ САМООЦЕНКИ", ASSESSMENT_COLUMNS, c.assessment),
    ]
    first = True
    for heading, columns, rows in sheets:
        if not rows:
            continue
        if first:
            b.start_section(landscape=False)
            first = False
        else:
            b.paragraph("", indent=False, space_before=12)
        b.heading(heading, space_before=0, space_after=6)
        b.add_table(columns, rows)


def write_program(
    copies: Sequence[ProgramCopy], path: Path, settings: PageSettings | None = None
) -> Path:
    """All ``copies`` one after another in one file (each from its own title page), the
    pages numbered on through the file."""
    b = DocBuilder(settings, title=copies[0].title if copies else "Программа наставничества")
    for i, c in enumerate(copies):
        if i:
            b.start_section(landscape=False)
        _title_page(b, c)
        _note(b, c)
        _roadmap(b, c)
        _sheets(b, c)
    if not copies:
        make_tiny(b.paragraph(indent=False)._p)
    return b.save(path)
