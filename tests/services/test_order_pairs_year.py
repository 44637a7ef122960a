"""The pairs order is titled with a school year and by default takes that year's pairs only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.models import Pair, PairMentee, Person
from app.services.orders import order_prefill
from tests.prebuilt import DemoSchool


def test_next_years_pair_waits_for_next_years_order(demo_school: DemoSchool) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the demo school (year 2026/2027) and a pair planned for the next school year
    db = demo_school(dt.date(2026, 9, 20)).db
    with db.session() as s:
        ids = list(s.scalars(select(Person.id).order_by(Person.id)))
        later = Pair(
            mentor_id=ids[0],
            form="учитель – учитель",
            status="planned",
            start_date=dt.date(2027, 10, 1),
            end_date=dt.date(2028, 5, 31),
        )
        later.mentees = [PairMentee(person_id=ids[-1])]
        s.add(later)
        s.flush()
        later_id = later.id
    # WHEN a pairs order is drafted
    order = order_prefill.new_order(db, "pairs", dt.date(2026, 12, 1))
    # THEN the title's year and the period agree; next year's pair is not in it
    assert "2026/2027" in order.appendices[0].title
    assert later_id not in order.appendices[0].content.pair_ids
    assert "по 2028" not in order.points[0].text
