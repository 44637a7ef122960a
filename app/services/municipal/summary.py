"""The municipal summary (сводная справка) and the office's exports: the summary DOCX, the
heat map as XLSX or DOCX, the severe-deficit list as XLSX."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.core.textutil import format_date, parse_date, plural
from app.errors import KuratorError
from app.reports.municipal_data import (
    BeforeAfter,
    MunicipalSummary,
    NeedRow,
    percent,
)
from app.reports.table import Column
from app.services.municipal.store import MunicipalStore, SchoolFigures, list_schools
from app.services.municipal.views import (
    Period,
    before_after,
    direction_choices,
    heat_map,
    needs,
    severe_teachers,
)

OFFICE = "Муниципальный методический кабинет"
TITLE = "О результатах наставничества педагогических работников в школах муниципалитета"
TOP_NEEDS = 3

SCHOOLS_COLUMNS = [  # widths fit a landscape page at 10 pt without breaking a heading word
    Column("Школа", 22),
    Column("Файл от", 10, wrap=False),
    Column("Наставники", 12, wrap=False),
    Column("Наставляемые", 14, wrap=False),
    Column("Пары", 6, wrap=False),
    Column("Группы", 8, wrap=False),
    Column("Формы наставничества", 22),
    Column("Программы: идут / завершены", 12, wrap=False),
    Column("Мероприятия: выполнены / просрочены", 14, wrap=False),
    Column("Оценка участниками (из 10)", 13, wrap=False),
]


def parse_period(date_from: str | None, date_to: str | None) -> Period:
    """``--from``/``--to`` (ДД.ММ.ГГГГ) as a period; ``KuratorError`` in Russian when wrong."""
    try:
        start = parse_date(date_from or "")
        end = parse_date(date_to or "")
    except ValueError as exc:
        raise KuratorError(f"Неверная дата периода: {exc}") from None
    if start and end and start > end:
        raise KuratorError(
            f"Начало периода ({format_date(start)}) позже его конца ({format_date(end)})."
        )
    return Period(start, end)


def _mean(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def school_cells(x: SchoolFigures) -> list[str]:
    """A school's row of the schools table (the window shows the same figures)."""
    return [
        x.label,
        format_date(x.file_date.date()),
        str(x.mentors),
        str(x.mentees),
        str(x.pairs),
        str(x.groups),
        x.forms_text,
        f"{x.programs_running} / {x.programs_completed}",
        f"{x.activities_done} / {x.activities_overdue}",
        _mean(x.satisfaction),
    ]


def _total_cells(schools: list[SchoolFigures]) -> list[str]:
    answered = sum(x.satisfaction_count for x in schools)
    weighted = sum((x.satisfaction or 0) * x.satisfaction_count for x in schools)
    return [
        "Итого",
        "",
        str(sum(x.mentors for x in schools)),
        str(sum(x.mentees for x in schools)),
        str(sum(x.pairs for x in schools)),
        str(sum(x.groups for x in schools)),
        "",
        f"{sum(x.programs_running for x in schools)} / "
        f"{sum(x.programs_completed for x in schools)}",
        f"{sum(x.activities_done for x in schools)} / {sum(x.activities_overdue for x in schools)}",
        _mean(weighted / answered if answered else None),
    ]


def _conclusions(
    covered: list[SchoolFigures],
    missing: list[SchoolFigures],
    top: list[NeedRow],
    totals: list[BeforeAfter],
) -> list[str]:
    """Prefilled conclusions from the figures; the methodist edits them in Word."""
    out = [
        f"Данные о наставничестве за период представили {len(covered)} "
        f"из {plural(len(covered) + len(missing), 'школы', 'школ', 'школ')}."
        + (
            f" Не представили: {', '.join(x.label for x in missing)} — запросить данные."
            if missing
            else ""
        )
    ]
    if top and top[0].severe:
        listed = "; ".join(
            f"«{n.direction}» — {plural(n.severe, 'педагог', 'педагога', 'педагогов')} "
            f"(школ: {n.schools})"
            for n in top
            if n.severe
        )
        out.append(
            f"Чаще всего выраженный дефицит отмечен по направлениям: {listed}. По ним "
            "предлагается организовать курсы повышения квалификации и сетевые методические "
            "объединения для педагогов нескольких школ."
        )
    teachers = sum(t.teachers for t in totals)
    if teachers:
        before = sum(t.before_severe for t in totals)
        after = sum(t.after_severe for t in totals)
        trend = "снизилась" if after < before else "не снизилась"
        out.append(
            f"По повторной диагностике ({plural(teachers, 'оценка', 'оценки', 'оценок')}) доля выраженных дефицитов {trend}: "
            f"было {percent(before, teachers)}, стало {percent(after, teachers)}."
        )
    overdue = [x for x in covered if x.activities_overdue]
    if overdue:
        out.append(
            "Просроченные мероприятия программ наставничества есть в школах: "
            + ", ".join(f"{x.label} ({x.activities_overdue})" for x in overdue)
            + ". Кураторам — уточнить сроки и отметки выполнения."
        )
    return out


def _overview(covered: list[SchoolFigures]) -> list[str]:
    """The figures of the covered schools in words (the table by school is appendix 1)."""
    if not covered:
        return ["За период школы не представили данных."]
    total = _total_cells(covered)
    return [
        f"В школах, представивших данные, {plural(sum(x.mentors for x in covered), 'наставник', 'наставника', 'наставников')} "
        f"и {plural(sum(x.mentees for x in covered), 'наставляемый', 'наставляемых', 'наставляемых')}; "
        f"{plural(sum(x.pairs for x in covered), 'пара', 'пары', 'пар')} и "
        f"{plural(sum(x.groups for x in covered), 'группа', 'группы', 'групп')}. "
        f"Программ наставничества выполняется {sum(x.programs_running for x in covered)}, "
        f"завершено {sum(x.programs_completed for x in covered)}; мероприятий выполнено "
        f"{sum(x.activities_done for x in covered)}, просрочено "
        f"{sum(x.activities_overdue for x in covered)}. Средняя удовлетворённость участников "
        f"по анкетам — {total[-1]} из 10. Показатели по школам — в приложении 1.",
    ]


def build_summary(
    store: MunicipalStore, period: Period, today: dt.date | None = None
) -> MunicipalSummary:
    """The сводная справка's content: the schools covered by ``period`` (their file dated on
    or after its start) and missing, the tables, the directions most in need, conclusions."""
    today = today or dt.date.today()
    schools = list_schools(store)
    if not schools:
        raise KuratorError(
            "В кабинете нет ни одной школы: сначала добавьте файлы школ (municipal add)."
        )
    covered = [x for x in schools if period.start is None or x.file_date.date() >= period.start]
    missing = [x for x in schools if x not in covered]
    heat = heat_map(store, period.end)
    need_rows = needs(heat)
    _, totals = before_after(store)
    return MunicipalSummary(
        office=OFFICE,
        title=TITLE,
        date_place=format_date(today),
        period=period.text,
        covered=[x.label for x in covered],
        missing=[x.label for x in missing],
        overview=_overview(covered),
        schools_columns=SCHOOLS_COLUMNS,
        schools_rows=[school_cells(x) for x in covered] + [_total_cells(covered)],
        heat=heat,
        before_after=totals,
        needs=need_rows,
        conclusions=_conclusions(covered, missing, need_rows[:TOP_NEEDS], totals),
    )


def export_summary(store: MunicipalStore, out: Path, period: Period) -> Path:
    """Write the сводная справка (DOCX) to ``out``; returns the path."""
    # deferred: python-docx loads only when a document is written (start-up speed)
    from app.reports.municipal_docx import write_summary

    if Path(out).suffix.lower() != ".docx":
        raise KuratorError("Сводная справка сохраняется в формате Word: укажите файл .docx.")
    return write_summary(build_summary(store, period), Path(out))


def export_heat(store: MunicipalStore, out: Path) -> Path:
    """Write the heat map as XLSX or DOCX (by the extension of ``out``); returns the path."""
    # deferred: openpyxl and python-docx load only when a file is written (start-up speed)
    from app.reports.municipal_docx import write_heat_docx
    from app.reports.municipal_xlsx import write_heat_xlsx

    suffix = Path(out).suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise KuratorError("Тепловую карту можно сохранить в Excel (.xlsx) или Word (.docx).")
    heat = heat_map(store)
    if not heat.rows:
        raise KuratorError("В кабинете нет ни одной школы: сначала добавьте файлы школ.")
    writer = write_heat_xlsx if suffix == ".xlsx" else write_heat_docx
    return writer(heat, Path(out))


def export_severe(store: MunicipalStore, direction_key: str, out: Path) -> Path:
    """Write the teachers with a severe deficit in the direction to ``out`` (XLSX)."""
    # deferred: openpyxl loads only when a file is written (start-up speed)
    from app.reports.municipal_xlsx import write_severe_xlsx

    names = dict(direction_choices(store))
    if direction_key not in names:
        raise KuratorError("Такого направления нет в диагностике школ кабинета.")
    return write_severe_xlsx(names[direction_key], severe_teachers(store, direction_key), Path(out))
