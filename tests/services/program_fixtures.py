"""Shared setup for program tests: teachers and a pair or group made straight in the tables."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.models import Direction, Pair, PairDirection, PairMentee
from app.models.db import Database
from app.services.people.persons import PersonData, save_person

START = dt.date(2026, 9, 1)
END = dt.date(2027, 5, 31)


def teacher(db: Database, last: str, first: str = "Анна", middle: str = "Петровна") -> int:
    return save_person(
        db, PersonData(last_name=last, first_name=first, middle_name=middle, position="Учитель")
    )


def direction_ids(db: Database) -> list[int]:
    with db.session() as s:
        return list(s.scalars(select(Direction.id).order_by(Direction.sort_order)))


def make_pair(
    db: Database, mentees: int = 1, with_directions: bool = True
) -> tuple[int, list[int]]:
    """A pair (one mentee) or a group; returns (pair id, mentee ids)."""
    mentor = teacher(db, "Кузнецова", "Елена", "Андреевна")
    names = ["Смирнова", "Попова", "Волкова", "Зайцева"]
    mentee_ids = [teacher(db, names[i]) for i in range(mentees)]
    dirs = direction_ids(db)
    with db.session() as s:
        pair = Pair(
            is_group=mentees > 1,
            mentor_id=mentor,
            form="учитель – учитель",
            kinds=["традиционное («один на один»)"],
            start_date=START,
            end_date=END,
            status="active",
            schedule="по средам",
            mode="очный",
        )
        s.add(pair)
        s.flush()
        for m in mentee_ids:
            s.add(PairMentee(pair_id=pair.id, person_id=m))
        if with_directions:
            s.add(PairDirection(pair_id=pair.id, direction_id=dirs[4], deficit="Построение урока"))
            s.add(PairDirection(pair_id=pair.id, direction_id=dirs[3], deficit="Дисциплина"))
        return pair.id, mentee_ids
