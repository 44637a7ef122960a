"""The order fixing mentoring pairs and groups: prefilled from the pairs, printed, signed back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from app.errors import KuratorError
from app.models import Pair, PairMentee, Person
from app.services.documents.exports import run_export
from app.services.orders import order_pairs, order_prefill, orders
from app.services.orders.appendix_data import PairsTable
from tests.prebuilt import DemoSchool

START, END = dt.date(2026, 10, 1), dt.date(2027, 5, 31)


@pytest.fixture
def demo_db(demo_school: DemoSchool):  # type: ignore[no-untyped-def]
    return demo_school(dt.date(2026, 9, 20)).db


def _person(db, last: str) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return int(s.scalar(select(Person.id).where(Person.last_name == last)))


def _pair(
    db,
    mentor: int,
    mentees: list[int],
    form: str = "учитель – учитель",  # type: ignore[no-untyped-def]
    status: str = "planned",
    order_number: str = "",
) -> int:
    with db.session() as s:
        p = Pair(
            mentor_id=mentor,
            is_group=len(mentees) > 1,
            form=form,
            start_date=START,
            end_date=END,
            status=status,
            order_number=order_number,
        )
        p.mentees = [PairMentee(person_id=m) for m in mentees]
        s.add(p)
        s.flush()
        return p.id


def _three_pairs(db) -> list[int]:  # type: ignore[no-untyped-def]
    ids = [_person(db, n) for n in ("Лебедева", "Соколова", "Морозов")]
    with db.session() as s:
        others = list(s.scalars(select(Person.id).where(Person.id.not_in(ids)).order_by(Person.id)))
    return [
        _pair(db, ids[0], [others[0]]),
        _pair(db, ids[1], [others[1], others[2]]),
        _pair(db, ids[2], [others[3]], status="ended_early"),
    ]


def test_pairs_order_names_every_mentor_and_mentee(demo_db) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a pair, a group and a pair ended early
    pair, group, ended = _three_pairs(demo_db)
    # WHEN a pairs order is drafted for the pair and the group
    order = order_prefill.new_order(demo_db, "pairs", dt.date(2026, 9, 25), [pair, group])
    # THEN its table has one row each, mentees of the group on separate lines
    appendix = order.appendices[0]
    assert appendix.kind == "pairs" and appendix.content.pair_ids == [pair, group]
    rows = appendix.content.rows
    assert rows[0].mentor == "Лебедева Ирина Николаевна, заместитель директора по УВР"
    assert rows[1].mentees.count("\n") == 1
    assert rows[0].dates == "с 01.10.2026 по 31.05.2027"
    assert "с 01.10.2026 по 31.05.2027" in order.points[0].text
    # and everyone named signs for acquaintance, the curator once
    names = [a.name for a in order.acquaintance]
    assert names.count("Лебедева Ирина Николаевна") == 1
    assert "Соколова Татьяна Викторовна" in names and len(names) == len(set(names))
    # AND by default an order takes only open pairs not fixed yet
    default = order_prefill.new_order(demo_db, "pairs", dt.date(2026, 9, 25))
    ids = default.appendices[0].content.pair_ids
    assert pair in ids and group in ids and ended not in ids


def test_no_open_pairs_is_a_clear_message(demo_db) -> None:  # type: ignore[no-untyped-def]
    # GIVEN every open pair named in a signed pairs order
    order = order_prefill.new_order(demo_db, "pairs", dt.date(2026, 9, 25))
    order.number, order.status = "1", "signed"
    orders.save_order(demo_db, order)
    # WHEN another pairs order is drafted THEN there is nothing left to fix, said in Russian
    with pytest.raises(KuratorError, match="Пары и группы"):
        order_prefill.new_order(demo_db, "pairs", dt.date(2026, 9, 25))


def test_a_number_typed_into_a_pair_does_not_fix_it(demo_db) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a new pair whose order number the curator typed by hand, no order behind it
    pair, group, _ = _three_pairs(demo_db)
    with demo_db.session() as s:
        s.get(Pair, pair).order_number = "99"
    # WHEN a pairs order is drafted with the default choice
    ids = order_pairs.unfixed_pair_ids(demo_db)
    # THEN the pair is offered: only a signed order fixes a pair
    assert pair in ids and group in ids
    # AND once a signed order names it, it is no longer offered, even with its number cleared
    order = order_prefill.new_order(demo_db, "pairs", dt.date(2026, 9, 25), [pair])
    order.number, order.status = "131", "signed"
    orders.save_order(demo_db, order)
    with demo_db.session() as s:
        s.get(Pair, pair).order_number = ""
    assert pair not in order_pairs.unfixed_pair_ids(demo_db)
    assert group in order_pairs.unfixed_pair_ids(demo_db)


def test_revoking_an_order_gives_the_pair_its_previous_order_back(demo_db) -> None:  # type: ignore[no-untyped-def]
    from app.services.pairs import pairs as pairs_service

    # GIVEN a pair fixed by order № 131, then again by an amending order № 140
    pair, _, _ = _three_pairs(demo_db)
    first = order_prefill.new_order(demo_db, "pairs", dt.date(2026, 9, 25), [pair])
    first.number, first.status = "131", "signed"
    orders.save_order(demo_db, first)
    second = order_prefill.new_order(demo_db, "pairs", dt.date(2026, 10, 2), [pair])
    second.number, second.status = "140", "signed"
    second.id = orders.save_order(demo_db, second)
    with demo_db.session() as s:
        assert s.get(Pair, pair).order_number == "140"
    # WHEN the amending order is taken back to a draft
    second.status = "draft"
    orders.save_order(demo_db, second)
    # THEN the pair shows order № 131 again (not a blank), and its history says so
    with demo_db.session() as s:
        row = s.get(Pair, pair)
        assert (row.order_number, row.order_date) == ("131", dt.date(2026, 9, 25))
    last = pairs_service.history(demo_db, pair)[-1]
    assert last.kind == "order_revoked"
    assert "Номер приказа: 140 → 131" in last.changes
    assert "Дата приказа: 02.10.2026 → 25.09.2026" in last.changes
    assert pairs_service.get_pair(demo_db, pair).fixed_by == "приказом № 131 от 25.09.2026"


def test_signing_writes_the_order_into_the_pairs(demo_db) -> None:  # type: ignore[no-untyped-def]
    pair, group, _ = _three_pairs(demo_db)
    order = order_prefill.new_order(demo_db, "pairs", dt.date(2026, 9, 25), [pair, group])
    oid = orders.save_order(demo_db, order)
    with demo_db.session() as s:
        assert s.get(Pair, pair).order_number == ""  # a draft fixes nothing yet
    # WHEN signed with a number and a date
    order.number, order.status, order.id = "131", "signed", oid
    orders.save_order(demo_db, order)
    # THEN both pairs carry it; a second pairs order no longer offers them
    with demo_db.session() as s:
        assert (s.get(Pair, group).order_number, s.get(Pair, group).order_date) == (
            "131",
            dt.date(2026, 9, 25),
        )
    # and the pair's own history says when and by which order it was fixed
    from app.services.pairs import pairs as pairs_service

    last = pairs_service.history(demo_db, pair)[-1]
    assert last.kind_label == "Закреплена приказом"
    assert any("131" in line for line in last.changes)
    assert "25.09.2026" in " ".join(last.changes)
    # WHEN taken back to a draft THEN the pairs are free again, and that is recorded too
    order.status = "draft"
    orders.save_order(demo_db, order)
    with demo_db.session() as s:
        assert s.get(Pair, pair).order_number == "" and s.get(Pair, pair).order_date is None
    assert pairs_service.history(demo_db, pair)[-1].kind == "order_revoked"
    # saving the draft again adds nothing
    orders.save_order(demo_db, order)
    assert pairs_service.history(demo_db, pair)[-1].kind == "order_revoked"
    assert len(pairs_service.history(demo_db, pair)) == 2


def test_a_signed_order_that_no_longer_names_a_pair_releases_it(demo_db) -> None:  # type: ignore[no-untyped-def]
    from app.services.pairs import pairs as pairs_service

    # GIVEN a signed order № 131 fixing a pair and a group
    pair, group, _ = _three_pairs(demo_db)
    order = order_prefill.new_order(demo_db, "pairs", dt.date(2026, 9, 25), [pair, group])
    order.number, order.status = "131", "signed"
    order.id = orders.save_order(demo_db, order)
    # WHEN the group's row is taken out of its table and the order saved again
    table = order.appendices[0].content
    order.appendices[0].content = PairsTable.of_rows([r for r in table.rows if r.pair_id != group])
    orders.save_order(demo_db, order)
    # THEN the pair stays fixed by it; the group is free again, and its history says so
    assert pairs_service.get_pair(demo_db, pair).fixed_by == "приказом № 131 от 25.09.2026"
    freed = pairs_service.get_pair(demo_db, group)
    assert (freed.fixed_by, freed.order_number, freed.order_date) == ("", "", None)
    assert pairs_service.history(demo_db, group)[-1].kind == "order_revoked"
    assert group in order_pairs.unfixed_pair_ids(demo_db)


def test_pairs_order_prints_its_table(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pair, group, _ = _three_pairs(demo_db)
    order = order_prefill.new_order(demo_db, "pairs", dt.date(2026, 9, 25), [pair, group])
    order.number = "131"
    oid = orders.save_order(demo_db, order)
    # WHEN printed
    out = run_export(demo_db, "order", tmp_path / "pairs.docx", order_id=oid)
    d = docx.Document(str(out))
    texts = [p.text for p in d.paragraphs]
    # THEN the order, the stamp of its appendix and the pairs table are there
    assert "О закреплении наставнических пар (групп)" in texts
    # (a lone appendix has no number, ГОСТ Р 7.0.97: the stamp and the text agree)
    assert "Приложение" in texts and "Приложение 1" not in texts
    assert any("согласно приложению к настоящему приказу" in t for t in texts)
    table = d.tables[-1]
    header = [c.text.replace("\u00a0", " ") for c in table.rows[0].cells]
    assert header == [
        "№ п/п",
        "Наставник, должность",
        "Наставляемый (наставляемые), должность",
        "Форма наставничества",
        "Сроки",
    ]
    assert len(table.rows) == 3
    assert table.rows[2].cells[0].text == "2"
    assert "Соколова Татьяна Викторовна, директор" in table.rows[2].cells[1].text
    assert table.rows[1].cells[4].text.replace("\u00a0", " ") == "с 01.10.2026 по 31.05.2027"
