"""Deleting a pair: only one entered by mistake; one with a program or an order is kept."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.errors import KuratorError
from app.models import Pair, Program
from app.services.pairs import pairs
from tests.prebuilt import DemoSchool


@pytest.fixture
def demo_db(demo_school: DemoSchool):  # type: ignore[no-untyped-def]
    return demo_school(dt.date(2026, 11, 1)).db


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_pair_with_a_program_is_not_deleted(demo_db) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a demo pair that has its program
    with demo_db.session() as s:
        pair_id = s.scalar(select(Program.pair_id).limit(1))
    programs_before = _count(demo_db, Program)
    # WHEN the curator deletes it THEN it is refused in Russian and nothing is gone
    with pytest.raises(KuratorError, match="программа наставничества"):
        pairs.delete_pair(demo_db, pair_id)
    assert _count(demo_db, Program) == programs_before
    with demo_db.session() as s:
        assert s.get(Pair, pair_id) is not None


def test_pair_fixed_by_an_order_is_not_deleted_but_a_fresh_one_is(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.session() as s:
        s.execute(Program.__table__.delete())  # no programs: only the order holds them now
        fixed = s.scalar(select(Pair.id).where(Pair.order_number == "127").limit(1))
        fresh = s.scalar(select(Pair.id).where(Pair.order_number == "").limit(1))
    with pytest.raises(KuratorError, match="приказом № 127"):
        pairs.delete_pair(demo_db, fixed)
    # a pair no order and no program refer to is deleted
    pairs.delete_pair(demo_db, fresh)
    with demo_db.session() as s:
        assert s.get(Pair, fresh) is None and s.get(Pair, fixed) is not None


def test_only_a_signed_order_protects_a_pair_from_deletion(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.session() as s:
        s.execute(Program.__table__.delete())
        typed = s.scalar(select(Pair.id).where(Pair.order_number == "").limit(1))
    # GIVEN a pair fixed by the demo's signed order № 127 whose number was cleared by hand,
    # and a fresh pair with a number merely typed into it
    with demo_db.session() as s:
        fixed = s.scalar(select(Pair.id).where(Pair.order_number == "127").limit(1))
        s.get(Pair, fixed).order_number = ""
        s.get(Pair, typed).order_number = "55"
    # WHEN both are deleted
    # THEN the one the signed order names is refused, with the order's own number and date
    with pytest.raises(
        KuratorError,
        match=r"пара закреплена приказом № 127 от \d\d\.\d\d\.2026\. "
        "Прекратите её досрочно",
    ):
        pairs.delete_pair(demo_db, fixed)
    # AND the typed number protects nothing
    pairs.delete_pair(demo_db, typed)
    with demo_db.session() as s:
        assert s.get(Pair, typed) is None and s.get(Pair, fixed) is not None


def test_the_order_fields_of_a_fixed_pair_cannot_be_typed_over(demo_db) -> None:  # type: ignore[no-untyped-def]
    from app.errors import ValidationError

    # GIVEN a pair fixed by the signed order № 127
    with demo_db.session() as s:
        fixed = s.scalar(select(Pair.id).where(Pair.order_number == "127").limit(1))
    data = pairs.get_pair(demo_db, fixed)
    assert data.fixed_by.startswith("приказом № 127 от ")
    # WHEN the curator clears the order number and saves
    data.order_number, data.order_date = "", None
    with pytest.raises(ValidationError) as err:
        pairs.save_pair(demo_db, data, today=dt.date(2026, 11, 1))
    # THEN it is refused next to the field and the pair still names the order
    assert err.value.errors["order_number"].startswith("Пара закреплена подписанным приказом")
    assert pairs.get_pair(demo_db, fixed).order_number == "127"
