"""Half-years of the school year, the reports made for them, and which ones are due.

The order makes the curator report every half year. The halves cover the whole year with
no gap: the first is 01.09–31.12, the second 01.01–31.08 (summer belongs to the second
half, so roadmap rows due in June and answers dated June–August land in a report). The
report for the first half is due from 1 January; the one for the second from 1 June, when
teaching ends and the curator writes it (not from 1 September). A half-year is due once
that moment has passed while no report covers it and some program ran in it (a program
whose pair ended early or was completed runs only until the pair's end). Every half-year
since the first program started is checked, so a report never made stays flagged. Made
reports (with their edited texts) are kept in ``monitoring_reports``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import select

from app.core.school_year import SchoolYear
from app.core.textutil import clean_multiline
from app.errors import StaleRecordError
from app.models import Pair, Program
from app.models.db import Database
from app.models.monitoring import MonitoringReport

# A report counts for a half-year when its period reaches the end of teaching in that half
# (31 December, 31 May) or ends at most this many days before it (a report written in
# mid-December for the autumn, or in mid-May for the spring).
COVER_DAYS = 31
SECOND_DUE = (6, 1)  # month, day: the second half's report is due from the end of teaching
CLOSED = ("completed", "ended_early")  # pair or program statuses: no longer running


@dataclass(frozen=True)
class HalfYear:
    start: dt.date
    end: dt.date
    first: bool  # the first half (September–December)

    @property
    def school_year(self) -> str:
        return str(SchoolYear.of(self.start))

    @property
    def title(self) -> str:
        """«I полугодия 2026/2027 учебного года» (genitive, after «по итогам»)."""
        return f"{'I' if self.first else 'II'} полугодия {self.school_year} учебного года"

    @property
    def due(self) -> dt.date:
        """The day from which the report is due: 1 January for the first half, 1 June
        (the end of teaching, before the half ends on 31 August) for the second."""
        if self.first:
            return self.end + dt.timedelta(days=1)
        return dt.date(self.end.year, *SECOND_DUE)

    @property
    def teaching_end(self) -> dt.date:
        return self.due - dt.timedelta(days=1)


def half_of(day: dt.date) -> HalfYear:
    """The half-year ``day`` falls in: 01.09–31.12 or 01.01–31.08 (summer is in the second)."""
    if day.month >= 9:
        return HalfYear(dt.date(day.year, 9, 1), dt.date(day.year, 12, 31), True)
    return HalfYear(dt.date(day.year, 1, 1), dt.date(day.year, 8, 31), False)


def previous(half: HalfYear) -> HalfYear:
    return half_of(half.start - dt.timedelta(days=1))


def last_due(today: dt.date) -> HalfYear:
    """The most recent half-year whose report is due on ``today`` (its ``due`` has come)."""
    half = half_of(today)
    return half if half.due <= today else previous(half)


def default_period(today: dt.date) -> HalfYear:
    """The period offered for a report or indicators: the half-year ``today`` is in, except
    in its first month (September, January), when the one just ended is what is reported.
    From June to August that is the second half, whose report is due then."""
    if today.month in (9, 1):
        return previous(half_of(today))
    return half_of(today)


def effective_end(program_end: dt.date, pair_status: str, pair_end: dt.date) -> dt.date:
    """The last day a program runs: a pair ended early or completed stops it on its end."""
    return min(program_end, pair_end) if pair_status in CLOSED else program_end


@dataclass(frozen=True)
class MadeReport:
    """A report's saved texts; ``figures`` (label → value) are the numbers the texts were
    written against, saved at ``texts_saved_at`` (empty / None for texts saved before the
    program kept them)."""

    start: dt.date
    end: dt.date
    made_on: dt.date | None
    conclusions: str
    recommendations: str
    texts_saved_at: dt.datetime | None = None
    figures: dict[str, str] = field(default_factory=dict)
    figures_digest: str = ""
    version: int = 0  # of the stored record, for a save against what was read


def made_reports(db: Database) -> list[MadeReport]:
    with db.session() as s:
        q = select(MonitoringReport).order_by(MonitoringReport.period_start)
        return [
            MadeReport(
                r.period_start,
                r.period_end,
                r.made_on,
                r.conclusions,
                r.recommendations,
                r.texts_saved_at,
                dict(r.figures or {}),
                r.figures_digest,
                r.version,
            )
            for r in s.scalars(q)
        ]


def figures_digest(figures: dict[str, str]) -> str:
    """The fingerprint of a report's figures: a hash of the numbers, label by label."""
    text = json.dumps(sorted(figures.items()), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_report(db: Database, start: dt.date, end: dt.date) -> MadeReport | None:
    return next((r for r in made_reports(db) if (r.start, r.end) == (start, end)), None)


def record_report(
    db: Database,
    start: dt.date,
    end: dt.date,
    conclusions: str,
    recommendations: str,
    made_on: dt.date | None = None,
    figures: dict[str, str] | None = None,
    saved_at: dt.datetime | None = None,
    seen: int | None = None,
) -> int:
    """Remember a report for the period with its texts (``made_on`` None: texts saved, the
    report not printed yet). ``figures``: the numbers the texts were written against,
    stored with their hash and ``saved_at`` (now by default); None keeps those stored.
    Returns the record's new version.

    ``seen`` is the version the editor read (0: no report stored; None checks nothing):
    refused (``StaleRecordError``, nothing written) when another user saved the report's
    texts since."""
    with db.session() as s:
        r = s.scalar(
            select(MonitoringReport).where(
                MonitoringReport.period_start == start, MonitoringReport.period_end == end
            )
        )
        if seen is not None and (0 if r is None else r.version) != seen:
            raise StaleRecordError(report_name(start, end))
        if r is None:
            r = MonitoringReport(period_start=start, period_end=end)
            s.add(r)
        r.conclusions = clean_multiline(conclusions)
        r.recommendations = clean_multiline(recommendations)
        if made_on is not None:
            r.made_on = made_on
        if figures is not None:
            r.figures = dict(figures)
            r.figures_digest = figures_digest(figures)
            r.texts_saved_at = saved_at or dt.datetime.now().replace(microsecond=0)
        s.flush()
        return r.version


def report_name(start: dt.date, end: dt.date) -> str:
    """«Отчёт за 01.09.2026 – 31.12.2026»: the report named in a refusal."""
    return f"Отчёт за {start:%d.%m.%Y} – {end:%d.%m.%Y}"


def covers(report: MadeReport, half: HalfYear) -> bool:
    return (
        report.made_on is not None
        and report.start <= half.end
        and report.end >= half.teaching_end - dt.timedelta(days=COVER_DAYS)
    )


def _runs(db: Database) -> list[tuple[dt.date, dt.date]]:
    """(start, last running day) of every program."""

    with db.session() as s:
        q = select(Program.start_date, Program.end_date, Pair.status, Pair.end_date).join(
            Pair, Pair.id == Program.pair_id
        )
        return [
            (start, effective_end(end, status, pair_end))
            for start, end, status, pair_end in s.execute(q)
        ]


def reports_due(db: Database, today: dt.date) -> list[HalfYear]:
    """Every half-year since the first program started whose report is due on ``today``,
    in which some program ran and which no made report covers; newest first."""
    runs = _runs(db)
    if not runs:
        return []
    first = half_of(min(start for start, _ in runs))
    made = made_reports(db)
    out: list[HalfYear] = []
    half = last_due(today)
    while half.start >= first.start:
        ran = any(start <= half.end and end >= half.start for start, end in runs)
        if ran and not any(covers(r, half) for r in made):
            out.append(half)
        half = previous(half)
    return out


def offered_period(db: Database, today: dt.date) -> HalfYear:
    """The period the report dialog opens on: the newest half-year whose report is due and
    not made, else the usual ``default_period``."""
    due = reports_due(db, today)
    return due[0] if due else default_period(today)
