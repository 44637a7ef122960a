"""The half-year report (справка) from the data: figures, tables, charts, prefilled texts.

``report_figures`` gathers the numbers of a period; ``default_texts`` words conclusions and
recommendations from them (names in a list after a colon in lower case, as in the orders) (the curator edits them before printing); ``build_report`` lays
out the document data for ``reports.halfyear_docx``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.textutil import format_date, initials_name, lower_first, parse_date
from app.errors import KuratorError
from app.models.db import Database
from app.reports.docx_text import list_item_case
from app.reports.halfyear_docx import (
    AFTER_COLOR,
    BEFORE_COLOR,
    SCORE_COLORS,
    ChartBlock,
    HalfYearReport,
    Section,
    TableBlock,
    chart_png,
)
from app.reports.table import Column
from app.services.monitoring import monitoring
from app.services.monitoring.halfyear_periods import (
    CLOSED,
    MadeReport,
    effective_end,
    figures_digest,
    find_report,
    half_of,
    offered_period,
    record_report,
)
from app.services.monitoring.monitoring import DeficitRow, Indicators
from app.services.monitoring.questionnaire_results import CodedFigures, coded_figures, format_mean
from app.services.pairs import pairs
from app.services.people import persons
from app.services.programs import programs
from app.services.programs.programs_progress import Progress, progress
from app.services.school import school
from app.services.school.page_settings import load_page_settings

ROLE_GENITIVE = {"mentee": "наставляемых", "mentor": "наставников"}
ROLE_PLURAL = {"mentee": "Наставляемые", "mentor": "Наставники"}
LOW_SATISFACTION = 7.0


@dataclass
class ProgramLine:
    id: int
    mentor: str
    mentees: str
    is_group: bool
    start: dt.date
    end: dt.date
    status: str
    progress: Progress
    indicators: Indicators


@dataclass
class ReportFigures:
    """The numbers of a period the report is made of."""

    start: dt.date
    end: dt.date
    # The day overdue rows are counted on (the report's date); None: the period's end.
    as_of: dt.date | None = None
    programs: list[ProgramLine] = field(default_factory=list)
    mentors: int = 0
    mentees: int = 0
    groups: int = 0
    deficits: list[DeficitRow] = field(default_factory=list)
    answers: CodedFigures = field(default_factory=lambda: CodedFigures({}, 0, 0, 0))

    @property
    def done(self) -> int:
        return sum(p.progress.done for p in self.programs)

    @property
    def planned(self) -> int:
        return sum(p.progress.total - p.progress.cancelled for p in self.programs)

    @property
    def overdue(self) -> int:
        return sum(p.progress.overdue for p in self.programs)

    @property
    def overdue_label(self) -> str:
        """«на 10.01.2027» or «на конец периода»: the day the overdue rows are counted on."""
        return f"на {format_date(self.as_of)}" if self.as_of else "на конец периода"


def parse_period(date_from: object, date_to: object) -> tuple[dt.date, dt.date]:
    """The period from text dates (ДД.ММ.ГГГГ) or dates; ``KuratorError`` in Russian when one
    is missing, not a date, or the end is before the start."""
    out: list[dt.date] = []
    for value, what, flag in ((date_from, "начала", "--from"), (date_to, "конца", "--to")):
        if isinstance(value, dt.date):
            out.append(value)
            continue
        try:
            day = parse_date(str(value or ""))
        except ValueError as exc:
            raise KuratorError(f"Дата {what} периода: {exc}.") from None
        if day is None:
            raise KuratorError(f"Укажите дату {what} периода ({flag} ДД.ММ.ГГГГ).")
        out.append(day)
    if out[1] < out[0]:
        raise KuratorError("Конец периода раньше его начала: поменяйте даты местами.")
    return out[0], out[1]


def report_figures(
    db: Database, start: dt.date, end: dt.date, as_of: dt.date | None = None
) -> ReportFigures:
    """Programs running in the period with their roadmap progress (rows due by ``end``),
    indicators, the mentees' deficits before/after and the questionnaires' figures.

    A row of the period is overdue when it is still planned (or moved) and its due date
    has passed on ``as_of`` — the report's date, as «Сегодня» counts on that day (a row
    due later in the period is not overdue yet; after the period every undone row of it
    is). Without ``as_of``, on the period's end (the report then says so)."""
    fig = ReportFigures(start, end, as_of)
    pair_rows = {p.id: p for p in pairs.list_pairs(db)}
    entered = monitoring.indicators_for_period(db, start, end)
    mentors: set[int] = set()
    mentees: set[int] = set()
    for row in programs.list_programs(db, end):
        if row.pair_id not in pair_rows:
            continue
        pair = pair_rows[row.pair_id]
        # A pair ended early or completed stops its program on the pair's end: the program
        # is not running after it, and its later rows are not counted as due.
        last = effective_end(row.end_date, pair.status, pair.end_date)
        if row.start_date > end or last < start:
            continue
        until = min(end, last) if pair.status in CLOSED else end
        data = programs.get_program(db, row.id)
        due = [i.dates for i in data.items if i.dates.due is None or i.dates.due <= until]
        # «Сегодня»'s rule on the report's date, limited to the rows of the period.
        counted_on = until if as_of is None else min(as_of, until + dt.timedelta(days=1))
        status = pair.status_label if pair.status in CLOSED else row.status_name
        fig.programs.append(
            ProgramLine(
                row.id,
                initials_name(
                    pair.mentor.last_name, pair.mentor.first_name, pair.mentor.middle_name
                ),
                ", ".join(
                    initials_name(m.last_name, m.first_name, m.middle_name) for m in pair.mentees
                ),
                pair.is_group,
                row.start_date,
                row.end_date,
                status,
                progress(due, counted_on),
                entered.get(row.id, Indicators()),
            )
        )
        mentors.add(pair.mentor_id)
        mentees.update(m.id for m in pair.mentees)
        fig.groups += 1 if pair.is_group else 0
    fig.programs.sort(key=lambda p: (p.mentor.lower(), p.id))
    fig.mentors, fig.mentees = len(mentors), len(mentees)
    ids = [p.id for p in fig.programs]
    fig.deficits = monitoring.deficits(db, ids, end) if ids else []
    fig.answers = coded_figures(db, ids, start, end) if ids else CodedFigures({}, 0, 0, 0)
    return fig


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def default_texts(fig: ReportFigures) -> tuple[str, str]:
    """Conclusions and recommendations worded from the figures (paragraphs split by blank
    lines; recommendations one a line)."""
    conclusions: list[str] = []
    recs: list[str] = []
    n = len(fig.programs)
    if not n:
        return (
            "За период программы наставничества не реализовывались.",
            "Сформировать наставнические пары и разработать персонализированные программы.",
        )
    conclusions.append(
        f"В период с {format_date(fig.start)} по {format_date(fig.end)} реализовывалось "
        f"программ наставничества: {n} (из них групповых: {fig.groups}); участвовали "
        f"наставников: {fig.mentors}, наставляемых: {fig.mentees}."
    )
    conclusions.append(
        f"Из {fig.planned} мероприятий дорожных карт, запланированных на период, выполнено "
        f"{fig.done} ({_percent(fig.done, fig.planned)} %), просрочено {fig.overdue} "
        f"({fig.overdue_label})."
    )
    if fig.overdue:
        recs.append(
            "Провести просроченные мероприятия дорожных карт или перенести их "
            "с отметкой о новом сроке."
        )
    compared = sum(r.compared for r in fig.deficits)
    if compared:
        improved = sum(r.improved for r in fig.deficits)
        best = [
            list_item_case(r.name)
            for r in sorted(fig.deficits, key=lambda r: -r.improved)
            if r.improved
        ][:3]
        text = (
            f"По данным повторной диагностики дефициты наставляемых уменьшились в "
            f"{improved} случаях из {compared}"
        )
        conclusions.append(
            text + (f"; заметнее всего — по направлениям: {', '.join(best)}." if best else ".")
        )
        left = [list_item_case(r.name) for r in fig.deficits if r.after]
        if left:
            recs.append(
                "Продолжить работу по направлениям, где дефициты сохраняются: "
                + ", ".join(left)
                + "."
            )
    else:
        recs.append(
            "Провести повторную диагностику профессиональных дефицитов наставляемых, "
            "чтобы оценить динамику."
        )
    sat = fig.answers.satisfaction
    if sat:
        parts = [
            f"{ROLE_GENITIVE.get(role, role)} — {format_mean(mean)} (анкет: {count})"
            for role, (mean, count) in sorted(sat.items(), reverse=True)
        ]
        conclusions.append(
            "Средняя оценка удовлетворённости участием в программах "
            "(из 10): " + "; ".join(parts) + "."
        )
        if any(mean < LOW_SATISFACTION for mean, _ in sat.values()):
            recs.append(
                "Обсудить с участниками причины невысокой удовлетворённости и "
                "скорректировать формы и график встреч."
            )
    else:
        recs.append(
            "Провести анкетирование наставников и наставляемых об удовлетворённости "
            "участием в программах."
        )
    if fig.answers.become_mentor or fig.answers.become_mentee:
        conclusions.append(
            f"Планируют стать наставниками: {fig.answers.become_mentor}; "
            f"продолжить работу с наставником: {fig.answers.become_mentee}."
        )
        if fig.answers.become_mentor:
            recs.append("Включить педагогов, готовых стать наставниками, в базу наставников.")
    ending = [p for p in fig.programs if fig.end < p.end <= fig.end + dt.timedelta(days=60)]
    if ending:
        recs.append(
            "Подготовить итоговые встречи и рефлексию по программам, которые "
            "завершаются в ближайшие два месяца."
        )
    recs.append(
        "Продолжить мониторинг реализации программ наставничества и по итогам следующего "
        "полугодия представить директору справку."
    )
    return "\n\n".join(conclusions), "\n".join(recs)


def key_figures(fig: ReportFigures) -> dict[str, str]:
    """The numbers the prefilled texts are worded from (label → value as printed): what a
    saved text is checked against when the data changes later."""
    out = {
        "программ": str(len(fig.programs)),
        "групп": str(fig.groups),
        "наставников": str(fig.mentors),
        "наставляемых": str(fig.mentees),
        "мероприятий на период": str(fig.planned),
        "выполнено мероприятий": str(fig.done),
        "просрочено мероприятий": str(fig.overdue),
        "сравнений диагностики": str(sum(r.compared for r in fig.deficits)),
        "дефицитов уменьшилось": str(sum(r.improved for r in fig.deficits)),
        "дефицитов сохраняется": str(sum(1 for r in fig.deficits if r.after)),
        "анкет": str(fig.answers.respondents),
        "планируют стать наставниками": str(fig.answers.become_mentor),
        "продолжат с наставником": str(fig.answers.become_mentee),
    }
    for role, (mean, count) in sorted(fig.answers.satisfaction.items(), reverse=True):
        who = ROLE_GENITIVE.get(role, role)
        out[f"удовлетворённость {who}"] = f"{format_mean(mean)} (анкет: {count})"
    return out


def figures_changes(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """«выполнено мероприятий: было 2, стало 3» for every number that differs."""
    out = []
    for label in dict.fromkeys([*new, *old]):
        before, after = old.get(label, "—"), new.get(label, "—")
        if before != after:
            out.append(f"{label}: было {before}, стало {after}")
    return out


OUTDATED = "Данные изменились после {date}: {changes}. Выводы и рекомендации написаны по прежним цифрам — обновите их."


def outdated_notice(saved: MadeReport | None, fig: ReportFigures) -> str:
    """«Данные изменились после ДД.ММ.ГГГГ: …» when the texts saved for the period were
    written against other figures than ``fig``; "" when they agree or are not known."""
    if saved is None or not saved.figures_digest or saved.texts_saved_at is None:
        return ""
    now = key_figures(fig)
    if figures_digest(now) == saved.figures_digest:
        return ""
    changes = figures_changes(saved.figures, now)
    return OUTDATED.format(
        date=format_date(saved.texts_saved_at.date()),
        changes="; ".join(changes) if changes else "цифры справки другие",
    )


def _deficit_chart(fig: ReportFigures) -> ChartBlock:
    rows = fig.deficits
    png = chart_png(
        [[float(r.before) for r in rows], [float(r.after) for r in rows]],
        [BEFORE_COLOR, AFTER_COLOR],
        integer=True,
    )
    table = TableBlock(
        "",
        [
            Column("№", 4),
            Column("Направление", 40),
            Column("Дефицит в начале", 12),
            Column("Дефицит на конец периода", 12),
            Column("Стало лучше", 12),
        ],
        [
            [str(i), r.name, str(r.before), str(r.after), str(r.improved)]
            for i, r in enumerate(rows, start=1)
        ],
        [[None, None, BEFORE_COLOR, AFTER_COLOR, None] for _ in rows],
        "Число наставляемых с дефицитом (выраженным или частичным) по направлениям программ; "
        "«стало лучше» — уровень дефицита снизился (например, с выраженного до частичного). "
        "Цвет столбца таблицы совпадает с цветом столбиков диаграммы.",
    )
    return ChartBlock(
        "Диаграмма 1. Дефициты наставляемых по направлениям: в начале программ и на конец периода",
        png,
        table,
    )


def _satisfaction_chart(fig: ReportFigures) -> ChartBlock:
    roles = [r for r in ("mentee", "mentor") if r in fig.answers.satisfaction]
    means = [fig.answers.satisfaction[r][0] for r in roles]
    png = chart_png(
        [means], [SCORE_COLORS["mentee"]], max_value=10, bar_colors=[SCORE_COLORS[r] for r in roles]
    )
    table = TableBlock(
        "",
        [
            Column("№", 4),
            Column("Кто отвечал", 30),
            Column("Анкет", 10),
            Column("Средняя оценка (из 10)", 22),
        ],
        [
            [
                str(i),
                ROLE_PLURAL[r],
                str(fig.answers.satisfaction[r][1]),
                format_mean(fig.answers.satisfaction[r][0]),
            ]
            for i, r in enumerate(roles, start=1)
        ],
        [[None, SCORE_COLORS[r], None, None] for r in roles],
    )
    return ChartBlock("Диаграмма 2. Удовлетворённость участием в программах", png, table)


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


def _stage_one(fig: ReportFigures) -> TableBlock:
    rows = []
    for i, p in enumerate(fig.programs, start=1):
        ind = p.indicators
        share = ind.exam_share
        exams = (
            "—"
            if share is None
            else f"{round(share * 100)} % ({ind.exam_passed} из "
            f"{ind.exam_pupils})" + (f", {ind.exams}" if ind.exams else "")
        )
        olymp = (
            "—"
            if ind.olympiad_participants is None
            else f"{ind.olympiad_participants}"
            + (f" (призёров {ind.olympiad_winners})" if ind.olympiad_winners else "")
        )
        activity = (
            f"{_count(ind.open_lessons)} / {_count(ind.competitions)} / {_count(ind.publications)}"
        )
        rows.append([str(i), p.mentees, exams, olymp, activity, ind.risks or "—"])
    return TableBlock(
        "Таблица 2. Показатели первого этапа мониторинга по программам",
        [
            Column("№", 4),
            Column("Наставляемые", 20),
            Column("Успешно сдали ВПР/ОГЭ/ЕГЭ", 20),
            Column("Участники олимпиад", 14),
            Column("Открытые уроки / конкурсы / публикации", 16),
            Column("Риски", 24),
        ],
        rows,
    )


def build_report(
    db: Database,
    start: dt.date,
    end: dt.date,
    conclusions: str | None = None,
    recommendations: str | None = None,
    today: dt.date | None = None,
    fig: ReportFigures | None = None,
) -> HalfYearReport:
    """The report's document data; texts default to :func:`default_texts`. Overdue rows
    are counted on ``today``, the report's date (``fig``: figures already read so)."""
    today = today or dt.date.today()
    sch = school.require_complete(db)
    fig = fig or report_figures(db, start, end, as_of=today)
    auto_c, auto_r = default_texts(fig)
    conclusions = auto_c if conclusions is None else conclusions
    recommendations = auto_r if recommendations is None else recommendations
    curator_pos, curator_full, curator_short = "Куратор", "", "____________"
    if sch.curator_id is not None:
        c = persons.get_person(db, sch.curator_id)
        curator_pos = c.position or curator_pos
        curator_full = c.full_name
        curator_short = initials_name(c.last_name, c.first_name, c.middle_name)
    half = half_of(start)
    span = f"с {format_date(start)} по {format_date(end)}"
    title = (
        "О результатах мониторинга реализации программ наставничества педагогических "
        "работников "
        + (
            f"по итогам {half.title}"
            if (start, end) == (half.start, half.end)
            else f"за период {span}"
        )
    )
    director = " ".join(
        x for x in (sch.director_last_name, sch.director_first_name, sch.director_middle_name) if x
    )
    s1 = Section(
        "Цель, сроки, ответственный",
        [
            "Цель мониторинга: оценка результативности реализации персонализированных программ "
            "наставничества и их влияния на всех участников, выявление рисков и определение "
            "дальнейших шагов.",
            f"Сроки проведения: {span}.",
            "Ответственный: "
            + (
                f"{lower_first(curator_pos)} {curator_full}, куратор внедрения "
                "целевой модели наставничества."
                if curator_full
                else "куратор внедрения целевой модели наставничества."
            ),
        ],
    )
    progress_table = TableBlock(
        "Таблица 1. Выполнение дорожных карт (мероприятия со сроком до конца периода; "
        f"просроченные — {fig.overdue_label})",
        [
            Column("№", 3),
            Column("Наставник", 16),
            Column("Наставляемые", 18),
            Column("Сроки программы", 13),
            Column("Выполнено", 15),
            Column(f"Просрочено {fig.overdue_label}", 14),
        ],
        [
            [
                str(i),
                p.mentor,
                p.mentees,
                f"{format_date(p.start)}–{format_date(p.end)}",
                f"{p.progress.done} из {p.progress.total - p.progress.cancelled} "
                f"({p.progress.percent} %)",
                str(p.progress.overdue),
            ]
            for i, p in enumerate(fig.programs, start=1)
        ],
    )
    s2 = Section(
        "Участники",
        [
            f"Программ наставничества в периоде: {len(fig.programs)} (пар: "
            f"{len(fig.programs) - fig.groups}, групп: {fig.groups}). Наставников: {fig.mentors}, "
            f"наставляемых: {fig.mentees}."
        ],
        [progress_table] if fig.programs else [],
    )
    s3 = Section(
        "Методы",
        [
            "Анализ дорожных карт персонализированных программ и отметок о выполнении мероприятий; "
            "анализ дневников наставников; повторная диагностика профессиональных дефицитов "
            f"наставляемых; анкетирование участников (заполнено анкет: {fig.answers.respondents}); "
            "сбор показателей результативности (результаты обучающихся, профессиональная "
            "активность наставляемых)."
        ],
    )
    s4 = Section(
        "Мониторинг процесса реализации программ (первый этап)",
        []
        if any(not p.indicators.empty for p in fig.programs)
        else ["Показатели первого этапа за период не внесены."],
        [_stage_one(fig)] if any(not p.indicators.empty for p in fig.programs) else [],
    )
    s5 = Section("Влияние программ на участников (второй этап)")
    if fig.deficits:
        s5.blocks.append(_deficit_chart(fig))
    else:
        s5.paragraphs.append("Данных диагностики по направлениям программ за период нет.")
    if fig.answers.satisfaction:
        s5.blocks.append(_satisfaction_chart(fig))
    else:
        s5.paragraphs.append("Анкеты удовлетворённости за период не введены.")
    wants_m = sum(p.indicators.wants_mentor or 0 for p in fig.programs)
    wants_e = sum(p.indicators.wants_mentee or 0 for p in fig.programs)
    s5.closing.append(
        "Планируют стать наставниками: "
        f"{max(wants_m, fig.answers.become_mentor)}; наставляемыми (продолжить работу с "
        f"наставником): {max(wants_e, fig.answers.become_mentee)}."
    )
    return HalfYearReport(
        org_name=sch.full_name,
        founder=sch.founder,
        title=title,
        date_place=f"{format_date(today)}, {sch.locality}" if sch.locality else format_date(today),
        sections=[s1, s2, s3, s4, s5],
        conclusions=[t.strip() for t in conclusions.split("\n\n") if t.strip()],
        recommendations=[t.strip() for t in recommendations.split("\n") if t.strip()],
        signer_position=curator_pos,
        signer_name=curator_short,
        acquaintance=[f"{sch.director_position} {director}".strip()] if director else [],
    )


def export_report(db: Database, out: Path, options: dict[str, Any]) -> Path:
    """Builder of the export registry («report»): the period from ``date_from``/``date_to``
    (text ДД.ММ.ГГГГ; the window's plain menu item passes neither key and gets the newest
    half-year whose report is due and not made, else the current one), the texts from
    ``conclusions``/``recommendations`` (default: worded from the figures). The report is remembered as made, with its texts."""
    # deferred: python-docx/openpyxl load only when printing (start-up speed)
    from app.reports.halfyear_docx import write_halfyear_report

    today = options.get("today") or dt.date.today()
    if "date_from" not in options and "date_to" not in options:
        half = offered_period(db, today)
        start, end = half.start, half.end
    else:
        start, end = parse_period(options.get("date_from"), options.get("date_to"))
    saved = find_report(db, start, end)
    conclusions = options.get("conclusions")
    recommendations = options.get("recommendations")
    if saved is not None:  # the curator's edited texts for this period, unless new ones given
        conclusions = saved.conclusions if conclusions is None else conclusions
        recommendations = saved.recommendations if recommendations is None else recommendations
    fig = report_figures(db, start, end, as_of=today)
    # Texts worded here from the figures rest on them; texts the curator saved keep the
    # figures they were written against (the dialog warns when those are outdated).
    worded = conclusions is None and recommendations is None
    report = build_report(db, start, end, conclusions, recommendations, today, fig)
    written = write_halfyear_report(report, out, load_page_settings(db))
    record_report(
        db,
        start,
        end,
        "\n\n".join(report.conclusions),
        "\n".join(report.recommendations),
        made_on=today,
        figures=key_figures(fig) if worded or saved is None or not saved.figures_digest else None,
        seen=saved.version if saved is not None else 0,
    )
    return written
