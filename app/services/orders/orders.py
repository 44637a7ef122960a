"""Orders of the director: list, read, save, delete; plain dataclasses in and out.

Prefilling a new order from the school's data lives in ``order_prefill``; turning an order
into a printable document lives in ``order_document``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.textutil import clean_multiline, clean_text, format_date
from app.errors import KuratorError, ValidationError
from app.models import Order, OrderAppendix
from app.models.db import Database
from app.models.versioning import check_seen
from app.services.orders.appendix_data import (
    AppendixContent,
    NoContent,
    PairsTable,
    ProgramAppendix,
    content_from_json,
)
from app.services.pairs import pair_fixing
from app.services.pairs.pair_fixing import FixingOrder
from app.services.programs import program_approval

KIND_NAMES = {
    "implementation": "О внедрении модели наставничества и назначении куратора",
    "pairs": "О закреплении наставнических пар (групп)",
    "programs": "Об утверждении программ наставничества",
    "results": "Об итогах реализации программ",
}
STATUS_NAMES = {"draft": "проект", "signed": "подписан"}
ACQUAINTANCE_MODES = {"inline": "строки под подписью", "sheet": "отдельный лист ознакомления"}


@dataclass
class Point:
    """A numbered point with its dash sub-items."""

    text: str = ""
    items: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Point:
        return cls(str(data.get("text", "")), [str(i) for i in data.get("items", [])])

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "items": list(self.items)}


@dataclass
class Acquainted:
    """A person who signs that they have read the order."""

    name: str
    position: str = ""
    person_id: int | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Acquainted:
        return cls(str(data.get("name", "")), str(data.get("position", "")), data.get("person_id"))

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "position": self.position, "person_id": self.person_id}


@dataclass
class AppendixData:
    """An appendix: its kind, title, stamp («appendix» or «approved»), its typed content
    (``appendix_data``: one type per kind) and the school's own .docx printed instead."""

    kind: str
    title: str = ""
    stamp: str = "appendix"
    content: AppendixContent = field(default_factory=NoContent)
    docx: bytes | None = None
    docx_name: str = ""
    id: int | None = None


@dataclass
class OrderData:
    kind: str
    number: str = ""
    date: dt.date | None = None
    place: str = ""
    title: str = ""
    status: str = "draft"
    basis: list[str] = field(default_factory=list)
    goal: str = ""
    points: list[Point] = field(default_factory=list)
    signer_position: str = ""
    signer_name: str = ""
    acquaintance_mode: str = "inline"
    acquaintance: list[Acquainted] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    appendices: list[AppendixData] = field(default_factory=list)
    id: int | None = None
    # The record's version when it was read (and after each save): saving refuses if another
    # user changed it since. Not part of equality: two reads of the same content are equal.
    version: int | None = field(default=None, compare=False)

    @property
    def caption(self) -> str:
        """«Приказ от 01.06.2022 № 145» (or «Проект приказа» before it has a number)."""
        if not self.number:
            return "Проект приказа"
        date = f" от {format_date(self.date)}" if self.date else ""
        return f"Приказ{date} №\u00a0{self.number}"


@dataclass(frozen=True)
class OrderRow:
    """One line of the orders list."""

    id: int
    number: str
    date: dt.date | None
    kind: str
    title: str
    status: str

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, self.status)


def list_orders(db: Database) -> list[OrderRow]:
    """All orders, newest first."""
    with db.session() as s:
        q = select(Order).order_by(Order.date.desc().nulls_first(), Order.id.desc())
        return [OrderRow(o.id, o.number, o.date, o.kind, o.title, o.status) for o in s.scalars(q)]


def _to_data(o: Order) -> OrderData:
    return OrderData(
        id=o.id,
        version=o.version,
        kind=o.kind,
        number=o.number,
        date=o.date,
        place=o.place,
        title=o.title,
        status=o.status,
        basis=list(o.basis or []),
        goal=o.goal,
        points=[Point.from_json(p) for p in (o.points or [])],
        signer_position=o.signer_position,
        signer_name=o.signer_name,
        acquaintance_mode=o.acquaintance_mode,
        acquaintance=[Acquainted.from_json(a) for a in (o.acquaintance or [])],
        params=dict(o.params or {}),
        appendices=[
            AppendixData(
                a.kind,
                a.title,
                a.stamp,
                content_from_json(a.kind, a.content),
                a.docx,
                a.docx_name,
                a.id,
            )
            for a in o.appendices
        ],
    )


def get_order(db: Database, order_id: int) -> OrderData:
    """The whole order with its appendices; ``KuratorError`` if it was deleted."""
    with db.session() as s:
        o = s.get(Order, order_id)
        if o is None:
            raise KuratorError(f"Приказ с номером записи {order_id} не найден.")
        return _to_data(o)


def normalize(data: OrderData) -> OrderData:
    """Trim texts and drop characters a document cannot hold; drop empty points and items."""
    data.number = clean_text(data.number).removeprefix("№").strip()
    data.place = clean_text(data.place)
    data.title = clean_multiline(data.title)
    data.goal = clean_multiline(data.goal)
    data.signer_position = clean_text(data.signer_position)
    data.signer_name = clean_text(data.signer_name)
    data.basis = [b for b in (clean_multiline(x) for x in data.basis) if b]
    points = []
    for p in data.points:
        text = clean_multiline(p.text)
        items = [i for i in (clean_multiline(x) for x in p.items) if i]
        if text or items:
            points.append(Point(text, items))
    data.points = points
    data.acquaintance = [
        Acquainted(clean_text(a.name), clean_text(a.position), a.person_id)
        for a in data.acquaintance
        if clean_text(a.name)
    ]
    for a in data.appendices:
        a.title = clean_multiline(a.title)
    return data


def validate(data: OrderData) -> None:
    """Refuse what cannot be stored; a draft may lack its number and date."""
    errors: dict[str, str] = {}
    if data.kind not in KIND_NAMES:
        errors["kind"] = "Неизвестный вид приказа."
    if not data.title:
        errors["title"] = "Укажите заголовок приказа («О …»)."
    if data.status not in STATUS_NAMES:
        errors["status"] = "Неизвестное состояние приказа."
    if data.status == "signed":
        if not data.number:
            errors["number"] = "У подписанного приказа должен быть номер."
        if data.date is None:
            errors["date"] = "У подписанного приказа должна быть дата."
        elif data.date > dt.date.today():
            errors["date"] = (
                "Подписанный приказ не может быть датирован будущим числом: "
                "проверьте дату или оставьте приказ проектом."
            )
    if data.acquaintance_mode not in ACQUAINTANCE_MODES:
        errors["acquaintance_mode"] = "Выберите, как оформить ознакомление."
    if errors:
        raise ValidationError(errors)


def save_order(db: Database, data: OrderData) -> int:
    """Validate and store the order with its appendices (insert when ``id`` is None)."""
    normalize(data)
    validate(data)
    with db.session() as s:
        if data.id is None:
            o = Order(kind=data.kind)
            s.add(o)
        else:
            found = s.get(Order, data.id)
            if found is None:
                raise KuratorError("Этот приказ уже удалён; сохранить изменения нельзя.")
            check_seen(found, data.version)
            o = found
        o.kind, o.number, o.date, o.place = data.kind, data.number, data.date, data.place
        o.title, o.status, o.goal = data.title, data.status, data.goal
        o.basis = list(data.basis)
        o.points = [p.to_json() for p in data.points]
        o.signer_position, o.signer_name = data.signer_position, data.signer_name
        o.acquaintance_mode = data.acquaintance_mode
        o.acquaintance = [a.to_json() for a in data.acquaintance]
        o.params = dict(data.params)
        o.appendices = [
            OrderAppendix(
                seq=i,
                kind=a.kind,
                title=a.title,
                stamp=a.stamp,
                content=a.content.to_json(),
                docx=a.docx,
                docx_name=a.docx_name,
            )
            for i, a in enumerate(data.appendices, start=1)
        ]
        s.flush()
        data.id = o.id
        if data.kind == "pairs":
            _stamp_pairs(s, data)
        elif data.kind == "programs":
            _stamp_programs(s, data)
        s.flush()
        data.version = o.version  # the editor stays open: its next save starts from here
        return o.id


def fixing_orders(s: Session, pair_ids: list[int] | None = None) -> dict[int, FixingOrder]:
    """Pair id → the latest SIGNED order «О закреплении наставнических пар (групп)» naming it.

    This is how the orders decide which order fixes a pair (the pairs keep the answer,
    ``pair_fixing``): drafts never fix anything. ``pair_ids`` narrows the answer."""
    q = (
        select(Order.id, Order.number, Order.date, OrderAppendix.content)
        .join(OrderAppendix, OrderAppendix.order_id == Order.id)
        .where(Order.kind == "pairs", Order.status == "signed", OrderAppendix.kind == "pairs")
        .order_by(Order.date.nulls_first(), Order.id)
    )
    wanted = set(pair_ids) if pair_ids is not None else None
    out: dict[int, FixingOrder] = {}
    for oid, number, date, content in s.execute(q):
        for pid in PairsTable.from_json(content or {}).named_pair_ids():
            if wanted is None or pid in wanted:
                out[pid] = FixingOrder(oid, number, date)  # the latest order wins
    return out


def _stamp_pairs(s: Session, data: OrderData) -> None:
    """A signed pairs order fixes the pairs it names (they take its number and date); taken
    back to a draft, or no longer naming a pair, it gives each pair back its previous signed
    pairs order (or none). Both are recorded in the pair's history (``pair_fixing``)."""
    assert data.id is not None
    named = [
        i
        for a in data.appendices
        if isinstance(a.content, PairsTable)
        for i in a.content.named_pair_ids()
    ]
    ids = list(dict.fromkeys([*named, *pair_fixing.pairs_fixed_by(s, data.id)]))
    if not ids:
        return
    s.flush()  # this order's new status must be seen by ``fixing_orders``
    now = fixing_orders(s, ids)
    pair_fixing.fix_pairs(
        s, {pid: now.get(pid) for pid in ids}, data.id, data.date or dt.date.today(), data.caption
    )


def _stamp_programs(s: Session, data: OrderData) -> None:
    """A signed approving order writes its number and date into its programs (their title
    pages then say «УТВЕРЖДЕНО приказом … № …» wherever printed); back to a draft, it takes
    them back where they are still this order's."""
    ids = [
        a.content.program_id
        for a in data.appendices
        if isinstance(a.content, ProgramAppendix) and a.content.program_id is not None
    ]
    if not ids:
        return
    if data.status == "signed":
        program_approval.approve(s, ids, data.number, data.date)
    else:
        program_approval.withdraw(s, ids, data.number, data.date)


def restore_pair_fixing(s: Session) -> None:
    """Give every pair the signed order that fixes it, without history: for an exchange file
    written before pairs kept that record (``pair_fixing.restore_fixing``)."""
    pair_fixing.restore_fixing(s, fixing_orders(s))


def delete_order(db: Database, order_id: int) -> None:
    """Delete a draft; a signed order is part of the school's record and is kept."""
    with db.session() as s:
        o = s.get(Order, order_id)
        if o is None:
            return
        if o.status == "signed":
            raise KuratorError(
                "Подписанный приказ удалить нельзя: он уже в делах школы. "
                "Верните ему состояние «проект», если он не был подписан."
            )
        s.delete(o)
