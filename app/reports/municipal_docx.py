"""The municipal summary (сводная справка) and the heat map as DOCX, under the school
documents' ГОСТ layout (``DocBuilder``): tables coloured with the grid's level colours."""

from __future__ import annotations

import io
from pathlib import Path

from docx.shared import Mm

from app.reports import charts
from app.reports.docx_layer import DocBuilder
from app.reports.halfyear_docx import CHART_KEY
from app.reports.municipal_data import (
    BEFORE_AFTER_COLUMNS,
    HEAT_LEGEND,
    HEAT_TITLE,
    HeatMap,
    MunicipalSummary,
    percent,
)
from app.reports.page_settings import PageSettings
from app.reports.table import Column

APPENDIX_FONT_PT = 10.0  # the wide tables of the appendices on a landscape page

NEEDS_COLUMNS = [
    Column("№", 3, wrap=False),
    Column("Направление", 28),
    Column("Выраженный дефицит", 13, wrap=False),
    Column("Частичный дефицит", 13, wrap=False),
    Column("Прошли диагностику", 13, wrap=False),
    Column("Школ с выраженным", 13, wrap=False),
]


def _caption(b: DocBuilder, text: str) -> None:
    b.paragraph(
        text,
        align="left",
        indent=False,
        italic=True,
        space_before=6,
        space_after=3,
        keep_with_next=True,
    )


def _note(b: DocBuilder, text: str) -> None:
    b.paragraph(text, indent=False, size=b.settings.table_size, space_before=3)


def _heat(b: DocBuilder, heat: HeatMap, caption: str) -> None:
    columns, rows, fills = heat.table(numbered=True)
    if caption:
        _caption(b, caption)
    size = min(b.settings.table_size, APPENDIX_FONT_PT)
    b.add_table(columns, rows, size, fills=fills, centered=range(1, len(columns)))
    _note(b, heat.direction_key)
    _note(b, HEAT_LEGEND)
    if heat.legend:
        # the colour key: each level's name on its own colour
        b.add_table(
            [Column(name, 22) for name, _ in heat.legend],
            [[name for name, _ in heat.legend]],
            header=False,
            fills=[[fill for _, fill in heat.legend]],
            centered=range(len(heat.legend)),
        )


def _needs_chart(b: DocBuilder, summary: MunicipalSummary) -> None:
    """Bars of teachers with a severe and a partial deficit by direction, in the grid's
    colours; the numbers under the bars are the rows of table 1."""
    colors = dict(summary.heat.legend)
    severe, partial = (
        colors.get(name, fallback)
        for name, fallback in (("выраженный дефицит", "F4A6A6"), ("частичный дефицит", "FFE699"))
    )
    png = charts.bar_chart(
        [
            charts.Series([n.severe for n in summary.needs], severe),
            charts.Series([n.partial for n in summary.needs], partial),
        ],
        integer=True,
    )
    _caption(b, "Рисунок 1. Педагоги с выраженным и частичным дефицитом по направлениям")
    p = b.paragraph("", align="center", indent=False, keep_with_next=True)
    p.add_run().add_picture(
        io.BytesIO(png), width=Mm(min(160.0, b.settings.text_width_mm(landscape=False)))
    )
    legend = ", ".join(name for name, _ in summary.heat.legend[:2])
    b.paragraph(
        f"{CHART_KEY} Столбцы: {legend} (цвета диагностической карты).",
        indent=False,
        italic=True,
        size=b.settings.table_size,
        space_after=3,
        keep_with_next=True,
    )


def _heading(b: DocBuilder, text: str) -> None:
    b.paragraph(text, bold=True, indent=False, space_before=6, keep_with_next=True)


def write_summary(
    summary: MunicipalSummary, path: Path, settings: PageSettings | None = None
) -> Path:
    """Write the сводная справка to ``path`` atomically; returns ``path``.

    The text, the directions table and «было / стало» on portrait pages, then the wide
    tables (schools, the heat map) as a landscape appendix."""
    title = "Сводная справка " + summary.title[:1].lower() + summary.title[1:]
    b = DocBuilder(settings, title=title)
    b.requisites(summary.office)
    b.doc_kind("СПРАВКА")
    b.paragraph(summary.date_place, align="center", indent=False, space_after=6)
    b.title(summary.title, centered=True)

    _heading(b, "1. Охват")
    b.paragraph(f"Период: {summary.period}.")
    b.paragraph(
        f"Данные представили школ: {len(summary.covered)}"
        + (f" ({', '.join(summary.covered)})." if summary.covered else ".")
    )
    if summary.missing:
        b.paragraph(
            f"Не представили данных за период школ: {len(summary.missing)} "
            f"({', '.join(summary.missing)})."
        )
    else:
        b.paragraph("Все школы, данные которых есть в кабинете, представили их за период.")

    _heading(b, "2. Наставничество в школах")
    for text in summary.overview:
        b.paragraph(text)

    _heading(b, "3. Направления, по которым помощь нужна чаще всего")
    rows = [
        [
            str(i),
            n.direction,
            f"{n.severe} ({percent(n.severe, n.assessed)})",
            f"{n.partial} ({percent(n.partial, n.assessed)})",
            str(n.assessed),
            str(n.schools),
        ]
        for i, n in enumerate(summary.needs, start=1)
    ]
    if any(n.assessed for n in summary.needs):
        _needs_chart(b, summary)
        _caption(b, "Таблица 1. Направления по числу педагогов с выраженным дефицитом")
        b.add_table(NEEDS_COLUMNS, rows, centered=(0, 2, 3, 4, 5))
        _note(b, "Доли — от прошедших диагностику по направлению; по школам — приложение 2.")
    else:
        b.paragraph("Диагностика профессиональных дефицитов в школах за период не проводилась.")

    _heading(b, "4. Было / стало по повторной диагностике")
    if summary.before_after:
        _caption(
            b,
            "Таблица 2. Педагоги, прошедшие диагностику не менее двух раз: выраженный (В) и "
            "частичный (Ч) дефицит при первой и последней диагностике",
        )
        b.add_table(
            BEFORE_AFTER_COLUMNS[1:],
            [row.cells[1:] for row in summary.before_after],
            centered=range(1, len(BEFORE_AFTER_COLUMNS) - 1),
        )
    else:
        b.paragraph("Повторной диагностики в школах пока не было: сравнивать не с чем.")

    _heading(b, "5. Выводы и предложения")
    for text in summary.conclusions:
        b.paragraph(text)
    b.signature(summary.signer_position, summary.signer_name)

    b.start_section(landscape=True)
    b.appendix_stamp(["Приложение 1", f"к сводной справке от {summary.date_place}"])
    _caption(b, "Участники, пары и группы, программы и удовлетворённость по школам")
    b.add_table(
        summary.schools_columns,
        summary.schools_rows,
        APPENDIX_FONT_PT,
        centered=range(1, len(summary.schools_columns)),
    )
    b.page_break()
    b.appendix_stamp(["Приложение 2", f"к сводной справке от {summary.date_place}"])
    _heat(b, summary.heat, f"{HEAT_TITLE} ({summary.heat.as_of})")
    return b.save(path)


def write_heat_docx(heat: HeatMap, path: Path, settings: PageSettings | None = None) -> Path:
    """The heat map alone on a landscape A4 page; returns ``path``."""
    b = DocBuilder(settings, title=HEAT_TITLE)
    b.start_section(landscape=True)
    b.title(HEAT_TITLE + f" ({heat.as_of})", centered=True)
    _heat(b, heat, "")
    return b.save(path)
