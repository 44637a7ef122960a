"""The school year type: parsing «2026/2027», the year of a date, its bounds."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.school_year import SchoolYear


def test_a_date_belongs_to_the_year_that_began_on_the_last_first_of_september() -> None:
    # GIVEN the last day of August and the first of September
    # WHEN each is placed in its school year
    # THEN September starts the new year
    assert str(SchoolYear.of(dt.date(2026, 8, 31))) == "2025/2026"
    assert str(SchoolYear.of(dt.date(2026, 9, 1))) == "2026/2027"
    assert SchoolYear.of(dt.date(2027, 1, 15)) == SchoolYear(2026)


def test_parsing_gives_the_bounds_and_refuses_what_is_not_a_school_year() -> None:
    # GIVEN a well-written year WHEN it is parsed THEN it spans 01.09 to 31.08
    year = SchoolYear.parse("2026/2027")
    assert year.bounds() == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    assert str(year) == "2026/2027"
    # AND anything else is refused, two years that do not follow each other included
    for bad in ("", "2026", "2026/2028", "2026-2027", " 2026/2027", "26/27"):
        with pytest.raises(ValueError):
            SchoolYear.parse(bad)


def test_years_order_by_their_september() -> None:
    # GIVEN three years WHEN sorted THEN the earliest September comes first
    years = [SchoolYear(2027), SchoolYear(2025), SchoolYear(2026)]
    assert [str(y) for y in sorted(years)] == ["2025/2026", "2026/2027", "2027/2028"]
