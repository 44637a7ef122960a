"""Half-years of the school year, the reports made for them, and which one is due.

The order makes the curator report every half year: the first half ends on 31 December,
the second on 31 May. A half-year is due once its end has passed while no report covers it
and some program ran in it. Made reports (with their edited texts) are kept in
``monitoring_reports``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.models import Program
from app.models.db import Database
from app.models.monitoring import MonitoringReport
from app.services.textutil import clean_multiline

# A report counts for a half-year when its period reaches the half's end or ends at most
# this many days before it (a report written in mid-December for the autumn).
COVER_DAYS = 31


@dataclass(frozen=True)
class HalfYear:
    start: dt.date
    end: dt.date
    first: bool  # the first half (September–December)

    @property
    def school_year(self) -> str:
        y = self.start.year if self.first else self.start.year - 1
        return f"{y}/{y + 1}"

    @property
    def title(self) -> str:
        """«I полугодия 2026/2027 учебного года» (genitive, after «по итогам»)."""
        return f"{'I' if self.first else 'II'} полугодия {self.school_year} учебного года"


def half_of(day: dt.date) -> HalfYear:
    """The half-year ``day`` falls in; summer (June–August) counts to the second half."""
    if day.month >= 9:
        return HalfYear(dt.date(day.year, 9, 1), dt.date(day.year, 12, 31), True)
    return HalfYear(dt.date(day.year, 1, 1), dt.date(day.year, 5, 31), False)


def last_ended(today: dt.date) -> HalfYear:
    """The most recent half-year whose end is before ``today``."""
    if today > dt.date(today.year, 5, 31):
        return HalfYear(dt.date(today.year, 1, 1), dt.date(today.year, 5, 31), False)
    y = today.year - 1
    return HalfYear(dt.date(y, 9, 1), dt.date(y, 12, 31), True)


def default_period(today: dt.date) -> HalfYear:
    """The period offered for a report or indicators: the half-year ``today`` is in, except
    in its first month (September, January), when the one just ended is what is reported."""
    if today.month in (9, 1):
        return last_ended(today)
    return half_of(today)


@dataclass(frozen=True)
class MadeReport:
    start: dt.date
    end: dt.date
    made_on: dt.date | None
    conclusions: str
    recommendations: str


def made_reports(db: Database) -> list[MadeReport]:
    with db.session() as s:
        q = select(MonitoringReport).order_by(MonitoringReport.period_start)
        return [MadeReport(r.period_start, r.period_end, r.made_on, r.conclusions,
                           r.recommendations) for r in s.scalars(q)]


def find_report(db: Database, start: dt.date, end: dt.date) -> MadeReport | None:
    return next((r for r in made_reports(db) if (r.start, r.end) == (start, end)), None)


def record_report(db: Database, start: dt.date, end: dt.date, conclusions: str,
                  recommendations: str, made_on: dt.date | None = None) -> None:
    """Remember a report for the period with its texts (``made_on`` None: texts saved, the
    report not printed yet)."""
    with db.session() as s:
        r = s.scalar(select(MonitoringReport).where(MonitoringReport.period_start == start,
                                                    MonitoringReport.period_end == end))
        if r is None:
            r = MonitoringReport(period_start=start, period_end=end)
            s.add(r)
        r.conclusions = clean_multiline(conclusions)
        r.recommendations = clean_multiline(recommendations)
        if made_on is not None:
            r.made_on = made_on


def covers(report: MadeReport, half: HalfYear) -> bool:
    return (report.made_on is not None and report.start <= half.end
            and report.end >= half.end - dt.timedelta(days=COVER_DAYS))


def report_due(db: Database, today: dt.date) -> HalfYear | None:
    """The last ended half-year if some program ran in it and no made report covers it."""
    half = last_ended(today)
    with db.session() as s:
        ran = s.scalar(select(Program.id).where(Program.start_date <= half.end,
                                                Program.end_date >= half.start).limit(1))
    if ran is None:
        return None
    if any(covers(r, half) for r in made_reports(db)):
        return None
    return half
