"""The order «О закреплении наставнических пар (групп)»: which pairs it fixes and its table.

The appendix (``appendix_data.PairsTable``) keeps a copy of the rows as printed next to the
pairs it fixes: a signed order must not change when a pair is edited later, while «Обновить из
пар» in the editor rebuilds the rows from the current data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.core.textutil import format_date, full_name, lower_first
from app.models import Pair, Person
from app.models.db import Database
from app.services.orders.appendix_data import PairsRow, PairsTable
from app.services.orders.orders import Acquainted, AppendixData

OPEN_STATUSES = ("planned", "active")
APPENDIX_TITLE = "Список наставнических пар (групп) {school_short} на {school_year} учебный год"


@dataclass(frozen=True)
class FixedPair:
    """A pair or group as the order names it."""

    id: int
    mentor: tuple[int, str, str]  # person id, full name, position
    mentees: list[tuple[int, str, str]]
    form: str
    start: dt.date
    end: dt.date


def _who(name: str, position: str) -> str:
    return f"{name}, {lower_first(position)}" if position else name


def read_pairs(db: Database, pair_ids: list[int] | None = None) -> list[FixedPair]:
    """The given pairs (in that order), or every planned or active pair that no SIGNED pairs
    order names yet (by start date, then mentor). A number typed into the pair by hand does
    not count as fixing it: only a signed order does (``pairs.pair_fixing``)."""
    with db.session() as s:
        if pair_ids is None:
            q = (
                select(Pair)
                .where(Pair.status.in_(OPEN_STATUSES), Pair.fixing_order_id.is_(None))
                .order_by(Pair.start_date, Pair.id)
            )
            found = list(s.scalars(q))
        else:
            by_id = {p.id: p for p in s.scalars(select(Pair).where(Pair.id.in_(pair_ids)))}
            found = [by_id[i] for i in pair_ids if i in by_id]
        ids = {p.mentor_id for p in found} | {m.person_id for p in found for m in p.mentees}
        people = {
            p.id: (p.id, full_name(p.last_name, p.first_name, p.middle_name), p.position)
            for p in s.scalars(select(Person).where(Person.id.in_(ids)))
        }
        out = [
            FixedPair(
                p.id,
                people[p.mentor_id],
                sorted((people[m.person_id] for m in p.mentees), key=lambda x: x[1]),
                p.form,
                p.start_date,
                p.end_date,
            )
            for p in found
        ]
    if pair_ids is None:
        out.sort(key=lambda p: (p.start, p.mentor[1]))
    return out


def table_rows(pairs: list[FixedPair]) -> list[PairsRow]:
    """The appendix rows: mentor with position, mentees (one per line), form, dates."""
    return [
        PairsRow(
            mentor=_who(p.mentor[1], p.mentor[2]),
            mentees="\n".join(_who(name, pos) for _, name, pos in p.mentees),
            form=p.form,
            dates=f"с {format_date(p.start)} по {format_date(p.end)}",
            pair_id=p.id,
        )
        for p in pairs
    ]


def pairs_appendix(pairs: list[FixedPair], title: str) -> AppendixData:
    return AppendixData(
        kind="pairs", stamp="appendix", title=title, content=PairsTable.of_rows(table_rows(pairs))
    )


def period(pairs: list[FixedPair]) -> tuple[dt.date, dt.date] | None:
    """The earliest start and the latest end of the pairs."""
    if not pairs:
        return None
    return min(p.start for p in pairs), max(p.end for p in pairs)


def acquaintance(pairs: list[FixedPair]) -> list[Acquainted]:
    """Every mentor and mentee the appendix names, each once, mentors first."""
    out: list[Acquainted] = []
    seen: set[int] = set()
    for pid, name, position in [p.mentor for p in pairs] + [m for p in pairs for m in p.mentees]:
        if pid not in seen:
            seen.add(pid)
            out.append(Acquainted(name, position, pid))
    return out


def unfixed_pair_ids(db: Database) -> list[int]:
    """Planned or active pairs that no signed order has fixed yet."""
    return [p.id for p in read_pairs(db)]
