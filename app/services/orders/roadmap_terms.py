"""Real terms of the implementation roadmap: the template's «До 15.09», «Август – сентябрь»,
«В течение года» turned into dates of the order's school year, never before the order's date.

The defaults file (``order_defaults.json``, ``roadmap``) keeps terms without a year, so one
file serves every year; the prefill of an order calls :func:`dated_term` for each row, and
the curator edits the result as any other text of the order."""

from __future__ import annotations

import datetime as dt
import re

from app.core.school_year import SchoolYear
from app.core.textutil import MONTHS, format_date, upper_first

# «До 15.09» is due at least this long after the order (a week to act on it).
MIN_LEAD = dt.timedelta(days=7)
# The roadmap starts with the preparation in August, before the school year opens: August
# and the autumn months fall in the year of the school year's September, the rest in the next.
_FIRST_MONTH_OF_PREPARATION = 8
_UNTIL = re.compile(r"до (\d{1,2})\.(\d{1,2})")
_MONTH_RANGE = re.compile(r"([а-я]+)(?: – ([а-я]+))?")
WHOLE_YEAR = "в течение года"
LATER_WHOLE_YEAR = "далее в течение года"


def _calendar_year(month: int, year: SchoolYear) -> int:
    return year.first if month >= _FIRST_MONTH_OF_PREPARATION else year.first + 1


def _month_start(month: int, year: SchoolYear) -> dt.date:
    return dt.date(_calendar_year(month, year), month, 1)


def _months_text(first: dt.date, last: dt.date) -> str:
    """«май 2027 г.», «май – июнь 2027 г.», «декабрь 2026 г. – январь 2027 г.»."""
    a, b = MONTHS[first.month - 1], MONTHS[last.month - 1]
    if first == last:
        return f"{a} {first.year} г."
    if first.year == last.year:
        return f"{a} – {b} {last.year} г."
    return f"{a} {first.year} г. – {b} {last.year} г."


def _group(text: str, year: SchoolYear, order_date: dt.date) -> str | None:
    """One comma-separated part of a term with its year; None when it is not understood."""
    if text == WHOLE_YEAR:
        return f"в течение {year} учебного года"
    if text == LATER_WHOLE_YEAR:
        return "далее в течение учебного года"
    until = _UNTIL.fullmatch(text)
    if until:
        day, month = int(until.group(1)), int(until.group(2))
        try:
            due = dt.date(_calendar_year(month, year), month, day)
        except ValueError:
            return None
        return f"до {format_date(max(due, order_date + MIN_LEAD))}"
    months = _MONTH_RANGE.fullmatch(text)
    if not months or not set(filter(None, months.groups())) <= set(MONTHS):
        return None
    first = _month_start(MONTHS.index(months.group(1)) + 1, year)
    last = _month_start(MONTHS.index(months.group(2) or months.group(1)) + 1, year)
    current = order_date.replace(day=1)
    # A month already over moves to the order's month: the term is never in the past.
    return _months_text(max(first, current), max(last, current))


def dated_term(template: str, year: SchoolYear, order_date: dt.date) -> str:
    """The term of a roadmap row with its year, for an order of ``order_date`` in ``year``.

    «До 15.09» → «До 15.09.2026» (at least :data:`MIN_LEAD` after the order);
    «Август – сентябрь» → «Август – сентябрь 2026 г.» (a month already over becomes the
    order's month: «Сентябрь 2026 г.» for an order of 01.09.2026); «Декабрь, май» →
    «Декабрь 2026 г., май 2027 г.»; «В течение года» → «В течение 2026/2027 учебного года».
    A term in another wording is returned as it is. A school year already over by the
    order's date gives way to the order's own school year."""
    if order_date > year.end:
        year = SchoolYear.of(order_date)
    parts: list[str] = []
    for piece in template.strip().split(", "):
        dated = _group(piece.strip().lower(), year, order_date)
        if dated is None:
            return template
        if dated not in parts:  # two months both moved to the order's month
            parts.append(dated)
    return upper_first(", ".join(parts))
