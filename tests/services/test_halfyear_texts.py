"""Texts that cannot contradict the data: the half-year report counts overdue rows on its
date as «Сегодня» does, and saved conclusions know the figures they were written against."""

from __future__ import annotations

import datetime as dt

from app.models.db import Database
from app.services.agenda import today
from app.services.monitoring import halfyear_periods, halfyear_report
from app.services.programs import programs, programs_items
from tests.services import monitoring_fixtures as f

AUTUMN = (dt.date(2026, 9, 1), dt.date(2026, 12, 31))


def _today_overdue(db: Database, day: dt.date) -> int:
    return len([a for a in today.attention(db, day) if a.kind == "item_overdue"])


def test_the_report_and_today_count_the_same_overdue_rows(db: Database) -> None:
    # GIVEN the autumn school: a row due 10.12 still planned (and one due 01.03.2027), plus
    # rows due 20.12 and on the period's last day, 31.12, still planned
    sch = f.reported_school(db)
    f.item(db, sch.program_id, sch.dirs[4], "Консультация", dt.date(2026, 12, 20))
    f.item(db, sch.program_id, sch.dirs[4], "Рефлексия", dt.date(2026, 12, 31))
    for day, expected in (
        # WHEN the report is made on 15.12, inside the period THEN only the 10.12 row is
        # overdue in both — the rows due later in December are not yet
        (dt.date(2026, 12, 15), 1),
        # WHEN it is made on 10.01.2027 THEN every undone row of the period is overdue in
        # both, the one due on 31.12 included (and the March row in neither)
        (dt.date(2027, 1, 10), 3),
    ):
        fig = halfyear_report.report_figures(db, *AUTUMN, as_of=day)
        assert fig.overdue == _today_overdue(db, day) == expected
        # AND the report says on which day it counted
        conclusions, _ = halfyear_report.default_texts(fig)
        assert f"просрочено {expected} (на {day:%d.%m.%Y})." in conclusions
    # AND without a date the count is labelled as of the period's end
    assert halfyear_report.report_figures(db, *AUTUMN).overdue_label == "на конец периода"


def test_saved_texts_say_when_the_figures_changed_after_them(db: Database) -> None:
    # GIVEN texts saved on 15.12.2026 against the autumn figures
    sch = f.reported_school(db)
    day = dt.date(2026, 12, 15)
    fig = halfyear_report.report_figures(db, *AUTUMN, as_of=day)
    texts = halfyear_report.default_texts(fig)
    halfyear_periods.record_report(
        db,
        *AUTUMN,
        *texts,
        figures=halfyear_report.key_figures(fig),
        saved_at=dt.datetime(2026, 12, 15, 10, 30),
    )
    saved = halfyear_periods.find_report(db, *AUTUMN)
    assert saved is not None and len(saved.figures_digest) == 64
    assert saved.texts_saved_at == dt.datetime(2026, 12, 15, 10, 30)
    # WHEN nothing changed THEN there is no warning
    assert halfyear_report.outdated_notice(saved, fig) == ""
    # WHEN the overdue row of 10.12 is marked done
    item_id = next(
        i.id
        for i in programs.get_program(db, sch.program_id).items
        if i.event_form == "Взаимопосещение"
    )
    programs_items.update_item(db, item_id, mark="done", mark_date=dt.date(2026, 12, 16))
    now = halfyear_report.report_figures(db, *AUTUMN, as_of=day)
    # THEN the warning names the day and what changed
    assert halfyear_report.outdated_notice(saved, now) == (
        "Данные изменились после 15.12.2026: выполнено мероприятий: было 2, стало 3; "
        "просрочено мероприятий: было 1, стало 0. Выводы и рекомендации написаны по "
        "прежним цифрам — обновите их."
    )
    # AND texts saved without figures (before this version) are not warned about
    halfyear_periods.record_report(db, dt.date(2027, 1, 1), dt.date(2027, 8, 31), "Вывод.", "")
    legacy = halfyear_periods.find_report(db, dt.date(2027, 1, 1), dt.date(2027, 8, 31))
    assert legacy is not None and legacy.figures_digest == ""
    assert halfyear_report.outdated_notice(legacy, now) == ""
