"""Deleting a pair: only one entered by mistake; one with a program or an order is kept."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.errors import KuratorError
from app.models import Pair, Program
from app.services import pairs
from app.services.demo import create_demo


@pytest.fixture
def demo_db(db):  # type: ignore[no-untyped-def]
    create_demo(db, today=dt.date(2026, 11, 1))
    return db


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
