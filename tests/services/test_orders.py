"""Orders: prefilled from the school's data, stored as edited, declined forms correctable."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import KuratorError, ValidationError
from app.services.orders import order_prefill, orders
from app.services.orders.orders import Point
from app.services.school import forms
from tests.prebuilt import DemoSchool


@pytest.fixture
def demo_db(demo_school: DemoSchool):  # type: ignore[no-untyped-def]
    return demo_school().db


def test_implementation_order_is_prefilled_from_the_school(demo_db) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the demo school WHEN a new implementation order is drafted on 01.09.2026
    order = order_prefill.new_order(demo_db, "implementation", dt.date(2026, 9, 1))
    # THEN title, place, signer and the named people come from the requisites
    assert order.title.startswith("О внедрении целевой модели наставничества")
    assert "МБОУ «Берёзовская СОШ»" in order.title
    assert order.place == "с. Берёзовка"
    assert order.signer_name == "Т.В.\u00a0Соколова"
    texts = [p.text for p in order.points]
    # the curator is named with position in the accusative, as the model order does
    assert any(
        "Назначить заместителя директора по УВР Лебедеву Ирину Николаевну куратором" in t
        for t in texts
    )
    assert texts[-1] == "Контроль за исполнением настоящего приказа оставляю за собой."
    duties = next(p.items for p in order.points if p.text.startswith("Куратору"))
    assert len(duties) >= 5 and all(d[:1].islower() for d in duties)
    assert [a.name for a in order.acquaintance] == [
        "Лебедева Ирина Николаевна",
        "Белова Марина Юрьевна",
    ]
    assert [a.kind for a in order.appendices] == [
        "roadmap",
        "regulation",
        "mentors_base",
        "mentees_base",
    ]
    assert order.appendices[1].stamp == "approved"
    assert len(order.appendices[0].content.rows) >= 12


def test_order_needs_complete_requisites(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KuratorError, match="реквизиты школы"):
        order_prefill.new_order(db, "implementation")


def test_programs_order_without_programs_to_approve_says_where_to_make_them(demo_db) -> None:  # type: ignore[no-untyped-def]
    from app.models import Program

    with demo_db.session() as s:
        for p in s.query(Program):
            p.approval_number = "1"
    with pytest.raises(KuratorError, match="«Программы»"):
        order_prefill.new_order(demo_db, "programs")


def test_save_edit_and_read_back(demo_db) -> None:  # type: ignore[no-untyped-def]
    order = order_prefill.new_order(demo_db, "implementation", dt.date(2026, 9, 1))
    order.number = " № 45-о "
    order.points.append(Point("Дополнительный пункт\x0b с мусором.", ["", "подпункт"]))
    oid = orders.save_order(demo_db, order)
    back = orders.get_order(demo_db, oid)
    assert back.number == "45-о"
    assert back.points[-1] == Point("Дополнительный пункт\nс мусором.", ["подпункт"])
    assert [a.kind for a in back.appendices] == [a.kind for a in order.appendices]
    assert back.caption == "Приказ от 01.09.2026 №\u00a045-о"
    rows = [r for r in orders.list_orders(demo_db) if r.id == oid]
    assert [(r.number, r.status_name) for r in rows] == [("45-о", "проект")]


def test_signed_orders_need_a_number_and_are_not_deleted(demo_db) -> None:  # type: ignore[no-untyped-def]
    order = order_prefill.new_order(demo_db, "implementation", dt.date(2026, 9, 1))
    order.status = "signed"
    with pytest.raises(ValidationError) as err:
        orders.save_order(demo_db, order)
    assert "number" in err.value.errors
    order.number = "145"
    oid = orders.save_order(demo_db, order)
    with pytest.raises(KuratorError, match="Подписанный приказ удалить нельзя"):
        orders.delete_order(demo_db, oid)
    order = orders.get_order(demo_db, oid)
    order.status = "draft"
    orders.save_order(demo_db, order)
    orders.delete_order(demo_db, oid)
    assert oid not in [r.id for r in orders.list_orders(demo_db)]


def test_a_corrected_form_is_kept_and_used_next_time(demo_db) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the curator prefers another accusative form of the curator's position
    first = forms.Forms.from_db(demo_db)
    auto = first.position("Заместитель директора по УВР", "acc")
    assert auto == "заместителя директора по УВР"
    forms.set_override(
        demo_db,
        "Заместитель директора по УВР",
        "acc",
        "заместителя директора по учебно-воспитательной работе",
    )
    # WHEN the next order is drafted
    order = order_prefill.new_order(demo_db, "implementation", dt.date(2026, 9, 1))
    # THEN the correction is used, and the editor can list it as a corrected form
    assert any(
        "заместителя директора по учебно-воспитательной работе Лебедеву" in p.text
        for p in order.points
    )
    again = forms.Forms.from_db(demo_db)
    again.position("Заместитель директора по УВР", "acc")
    assert [u.overridden for u in again.uses()] == [True]
    # AND an empty correction forgets it
    forms.set_override(demo_db, "Заместитель директора по УВР", "acc", "")
    assert forms.load_overrides(demo_db) == {}


def test_signed_order_cannot_be_dated_in_the_future(demo_db) -> None:  # type: ignore[no-untyped-def]
    order = order_prefill.new_order(demo_db, "implementation", dt.date.today())
    order.number, order.status = "150", "signed"
    order.date = dt.date.today() + dt.timedelta(days=400)
    with pytest.raises(ValidationError) as err:
        orders.save_order(demo_db, order)
    assert "будущим числом" in err.value.errors["date"]
    order.status = "draft"  # a draft prepared in advance is fine
    assert orders.save_order(demo_db, order)
