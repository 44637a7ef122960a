"""The methodology's limits on pairs and groups, as pure functions over plain values.

The seeds (personalized-programs-guide) set them: a mentor runs 1–4 programs at one time, a
mentee takes part in 1–2; a program lasts from 3 months to a year and may be prolonged or
shortened. How they are read here:

* **Dates are inclusive.** «с 01.09.2026 по 30.11.2026» lasts exactly 3 months; the shortest
  plain program ends on the day before the same date three months later, the longest on the day
  before the same date a year later (01.09.2026–31.08.2027). Anything outside needs an explicit
  confirmation and a reason (``duration_problem``).
* **Concurrent** means "on the same day". A pair counts on every day of its range unless it was
  ended early (status ``ended_early``): a completed pair still counts on the days it covered, so a
  new pair overlapping a finished one in the past is judged as it was then. The limit holds when
  on no day of the new range the person has more than the limit, counting the new pair itself:
  two short pairs one after another within the new range take one place, not two.
* A person in a group counts once for that group, however the group was entered.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MENTOR_LIMIT = 4
MENTEE_LIMIT = 2
MIN_MONTHS = 3
MAX_MONTHS = 12

# Statuses a pair can have, with the Russian word shown everywhere.
STATUS_LABELS: dict[str, str] = {
    "planned": "планируется",
    "active": "действует",
    "completed": "завершена",
    "ended_early": "прекращена досрочно",
}
NOT_COUNTED = frozenset({"ended_early"})
MODES = ("очный", "онлайн", "смешанный")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months; the 31st becomes the month's last day when needed."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def plain_duration_bounds(start: dt.date) -> tuple[dt.date, dt.date]:
    """The earliest and latest end date that need no confirmation for a program from ``start``."""
    return (
        add_months(start, MIN_MONTHS) - dt.timedelta(days=1),
        add_months(start, MAX_MONTHS) - dt.timedelta(days=1),
    )


def duration_problem(start: dt.date, end: dt.date) -> str | None:
    """None when ``start``–``end`` lasts 3–12 months (inclusive), else why it needs a reason.

    The message speaks of the term («Срок …»): the dates belong to the pair or group, while
    the methodology it quotes sets the length of the mentoring program run in it."""
    shortest, longest = plain_duration_bounds(start)
    if end < shortest:
        return (
            "Срок короче 3 месяцев (по методическим рекомендациям программа "
            "наставничества длится от 3 месяцев до года). Подтвердите срок и укажите "
            "причину."
        )
    if end > longest:
        return (
            "Срок длиннее года (по методическим рекомендациям программа "
            "наставничества длится от 3 месяцев до года). Подтвердите срок и укажите "
            "причину."
        )
    return None


@dataclass(frozen=True)
class Span:
    """Another pair of the same person as far as the limits are concerned."""

    pair_id: int
    start: dt.date
    end: dt.date
    label: str  # how the refusal names it, e.g. «№ 3 (с Петровым П. П., 01.09.2026–31.05.2027)»


def overlaps(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> bool:
    """Whether two inclusive date ranges share at least one day."""
    return a_start <= b_end and b_start <= a_end


def busiest_overlap(start: dt.date, end: dt.date, spans: Iterable[Span]) -> list[Span]:
    """The largest set of ``spans`` that all run on one day within ``start``–``end``.

    A sweep over the start days: on some day the number of running spans peaks, and that peak
    always happens on a start day (of a span or of the new range)."""
    inside = [sp for sp in spans if overlaps(start, end, sp.start, sp.end)]
    best: list[Span] = []
    days = {start} | {sp.start for sp in inside if sp.start >= start}
    for day in sorted(days):
        running = [sp for sp in inside if sp.start <= day <= sp.end]
        if len(running) > len(best):
            best = running
    return sorted(best, key=lambda sp: (sp.start, sp.pair_id))


def limit_refusal(who: str, role: str, limit: int, running: Sequence[Span]) -> str | None:
    """The Russian refusal when ``running`` (other pairs on the busiest day) leaves no room.

    ``role`` is «наставник» or «наставляемый»; ``who`` the full name."""
    if len(running) < limit:
        return None
    listed = "; ".join(sp.label for sp in running)
    if role == "наставник":
        return (
            f"{who} уже ведёт {programs_text(len(running))} в эти сроки: {listed}. "
            f"Наставник ведёт не больше {limit} программ одновременно — выберите другие "
            "сроки или другого наставника, либо завершите одну из этих пар (групп)."
        )
    return (
        f"{who} уже участвует в {programs_text(len(running), 'prep')} в эти сроки как "
        f"наставляемый: {listed}. Наставляемый участвует не больше чем в {limit} "
        "программах одновременно — выберите другие сроки или завершите одну из этих пар "
        "(групп)."
    )


def programs_text(n: int, case: str = "acc") -> str:
    """«1 программу», «2 программы», «5 программ» (``case="prep"``: «в 2 программах»)."""
    tail = n % 100
    if case == "prep":
        return f"{n} программе" if n % 10 == 1 and tail != 11 else f"{n} программах"
    if 11 <= tail <= 14:
        return f"{n} программ"
    if n % 10 == 1:
        return f"{n} программу"
    if 2 <= n % 10 <= 4:
        return f"{n} программы"
    return f"{n} программ"
