"""Which signed order fixes a pair (пара закреплена приказом): the pair's record of it.

The orders package decides which order fixes which pair and tells this module when an order
is signed or taken back to a draft; pairs read the record (``Pair.fixing_order_id``, the
order's number and date from its row) and never import the orders package."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.textutil import format_date
from app.models import Order, Pair, PairEvent


@dataclass(frozen=True)
class FixingOrder:
    """The signed pairs order that fixes a pair: what the pair shows and refuses by."""

    order_id: int
    number: str
    date: dt.date | None

    @property
    def caption(self) -> str:
        """«приказом № 127 от 25.09.2026»."""
        return f"приказом № {self.number}" + (f" от {format_date(self.date)}" if self.date else "")


def fixing_order(s: Session, pair: Pair) -> FixingOrder | None:
    """The order fixing ``pair`` with its own number and date, or None when no signed order
    does (a number typed into the pair by hand does not count)."""
    if pair.fixing_order_id is None:
        return None
    row = s.execute(select(Order.number, Order.date).where(Order.id == pair.fixing_order_id)).one()
    return FixingOrder(pair.fixing_order_id, row.number, row.date)


def pairs_fixed_by(s: Session, order_id: int) -> list[int]:
    """The pairs the order ``order_id`` fixes now."""
    return list(
        s.scalars(select(Pair.id).where(Pair.fixing_order_id == order_id).order_by(Pair.id))
    )


def fix_pairs(
    s: Session, fixing: dict[int, FixingOrder | None], order_id: int, day: dt.date, reason: str
) -> None:
    """Record that each pair of ``fixing`` is now fixed by the given order (None: by none).

    Called by the orders package when the order ``order_id`` is saved signed or taken back to
    a draft. The pair takes the fixing order's number and date; one it was fixed by no longer
    fixing it gives them up. A pair whose number and date change gets an event in its history
    («order» when ``order_id`` fixes it, «order_revoked» otherwise), dated ``day`` with the
    order's caption as ``reason``. A pair fixed by no order before and after keeps the number
    typed by hand."""
    for pair in s.scalars(select(Pair).where(Pair.id.in_(list(fixing)))):
        new = fixing[pair.id]
        if pair.fixing_order_id is None and new is None:
            continue
        old = (pair.order_number, pair.order_date)
        values: tuple[str, dt.date | None] = (new.number, new.date) if new else ("", None)
        pair.fixing_order_id = new.order_id if new else None
        if values == old:
            continue
        pair.order_number, pair.order_date = values
        kind = "order" if new is not None and new.order_id == order_id else "order_revoked"
        # The pair's own history shows when and by which order it was fixed.
        s.add(
            PairEvent(
                pair_id=pair.id,
                date=day,
                kind=kind,
                reason=reason,
                details={
                    "order_number": [_iso(v) for v in (old[0], values[0])],
                    "order_date": [_iso(v) for v in (old[1], values[1])],
                },
            )
        )


def restore_fixing(s: Session, fixing: dict[int, FixingOrder]) -> None:
    """Set the record from a known answer without history or other changes (an exchange file
    written before pairs kept it): each pair of ``fixing`` is fixed by its order, the others
    by none."""
    for pair in s.scalars(select(Pair)):
        new = fixing.get(pair.id)
        pair.fixing_order_id = new.order_id if new else None


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value
