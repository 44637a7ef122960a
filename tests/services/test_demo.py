"""The demo school: counts, plausible people, complete requisites, refusal on real data."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.core.school_year import SchoolYear
from app.errors import KuratorError
from app.models.db import Database
from app.services.demo.demo import create_demo
from app.services.people import persons
from app.services.people.persons import PersonData
from app.services.school import reference, school
from app.services.storage.exchange import export_data
from app.services.storage.workspace import open_workspace
from tests.prebuilt import DemoSchool, DemoSummary

TODAY = dt.date(2025, 10, 15)


def test_counts_and_roles(demo_school: DemoSchool, demo_summary: DemoSummary) -> None:
    # GIVEN an empty data folder WHEN the demo is created (built once for the session)
    db = demo_school(TODAY).db
    summary = demo_summary(TODAY)
    rows = persons.list_persons(db)
    # THEN there are 25 teachers, 8 mentors, 7 mentees and one person in both bases
    assert len(rows) == 25
    assert sum(r.is_mentor for r in rows) == 8
    assert sum(r.is_mentee for r in rows) == 7
    assert [r.full_name for r in rows if r.is_mentor and r.is_mentee] == ["Попов Артём Евгеньевич"]
    assert not any(r.archived for r in rows)
    assert summary == (
        "Создана демонстрационная школа МБОУ «Берёзовская СОШ» (с. Берёзовка): "
        "участников — 25, наставников — 8, наставляемых — 7; учебный год 2025/2026; "
        "приказ о внедрении наставничества № 112; диагностик профессиональных дефицитов — 44; "
        "наставнических пар — 8, из них реверсивных — 1; групп — 1; "
        "приказ о закреплении пар № 127; 9 программ наставничества с дорожными картами; "
        "анкеты участников (6) и показатели мониторинга по 3 программам. "
        "Все люди и данные вымышлены."
    )


def test_demo_has_a_signed_order_of_each_of_the_first_two_kinds(demo_school: DemoSchool) -> None:
    from app.models import Pair
    from app.services.orders import orders

    db = demo_school(TODAY).db
    rows = sorted(orders.list_orders(db), key=lambda r: r.id)
    assert [(r.kind, r.number, r.status) for r in rows] == [
        ("implementation", "112", "signed"),
        ("pairs", "127", "signed"),
    ]
    order = orders.get_order(db, rows[0].id)
    assert order.date is not None and order.date <= TODAY
    assert len(order.appendices) == 4
    # the pairs order fixes the autumn pairs and writes its number into them; the pair
    # starting in January is left for a later order
    fixing = orders.get_order(db, rows[1].id)
    fixed = set(fixing.appendices[0].content.pair_ids)
    with db.session() as s:
        by_id = {p.id: p for p in s.scalars(select(Pair))}
    assert len(fixed) == 8
    assert all(by_id[i].order_number == "127" and by_id[i].order_date == fixing.date for i in fixed)
    later = [p for i, p in by_id.items() if i not in fixed]
    assert len(later) == 1 and later[0].start_date.month == 1 and later[0].order_number == ""


def test_a_named_mentor_and_her_mentee(demo_school: DemoSchool) -> None:
    # GIVEN the demo
    db = demo_school(TODAY).db
    by_name = {r.full_name: r.id for r in persons.list_persons(db)}
    # WHEN the mathematics teacher is read back
    kuz = persons.get_person(db, by_name["Кузнецова Елена Андреевна"])
    # THEN her card and her row of the base of mentors are filled in
    assert (kuz.position, kuz.subjects) == ("Учитель", "Математика; Алгебра; Геометрия")
    assert (kuz.experience_years, kuz.category) == (35, "Педагог-наставник")
    assert kuz.birth_date == dt.date(1967, 1, 19)  # 58 on 1 September 2025
    assert kuz.consent_date is not None and kuz.consent_date <= TODAY
    assert kuz.email == "kuznetsova.ea@berezovka-sosh.example"
    assert kuz.mentor is not None
    assert "ОГЭ" in kuz.mentor.competencies and "Учитель года" in kuz.mentor.achievements
    assert kuz.mentor.interests and kuz.mentor.contact_time and kuz.mentor.preferred_mentee_age
    assert kuz.mentor.mentees_note == "Смирнова Д.А."
    assert kuz.mentor.date_in == dt.date(2025, 9, 15)
    assert kuz.mentee is None
    # AND the young teacher she mentors names her in the base of mentees
    smir = persons.get_person(db, by_name["Смирнова Дарья Алексеевна"])
    assert smir.experience_years == 0 and smir.category == "Без категории"
    assert smir.mentee is not None
    assert smir.mentee.mentor_note == "Кузнецова Елена Андреевна"
    assert smir.mentee.mentor_workplace == "МБОУ «Берёзовская СОШ»"
    assert "ОГЭ" in smir.mentee.key_requests
    assert smir.mentee.mentoring_form in reference.values(db, "mentoring_form")


def test_people_are_plausible(demo_school: DemoSchool) -> None:
    # GIVEN the demo
    db = demo_school(TODAY).db
    people = [persons.get_person(db, r.id) for r in persons.list_persons(db)]
    positions = set(reference.values(db, "position"))
    subjects = set(reference.values(db, "subject"))
    categories = set(reference.values(db, "category"))
    educations = set(reference.values(db, "education"))
    # THEN every card uses the reference lists and holds consistent, valid data
    assert len({p.last_name for p in people}) == 25
    for p in people:
        female = p.last_name.endswith(("а", "ая"))
        assert p.middle_name.endswith("на" if female else "ич"), p.full_name
        assert p.position in positions
        assert all(s in subjects for s in p.subjects.split("; ") if s), p.subjects
        assert p.category in categories and p.education in educations
        assert p.experience_years is not None and 0 <= p.experience_years <= 38
        assert p.birth_date is not None
        age = (TODAY - p.birth_date).days // 365
        assert 21 <= age <= 65 and p.experience_years <= age - 20, p.full_name
        assert re.fullmatch(r"\+7 913 \d{3}-\d{2}-\d{2}", p.phone)
        assert persons.validate(p, today=TODAY).items == {}
        for profile in (p.mentor, p.mentee):
            assert profile is None or (profile.date_in is not None and profile.date_in <= TODAY)
    assert len({p.phone for p in people}) == 25 and len({p.email for p in people}) == 25
    mentees = [p for p in people if p.mentee is not None]
    assert all(p.experience_years is not None and p.experience_years <= 3 for p in mentees)
    assert all(len(p.mentee.key_requests) > 40 for p in mentees if p.mentee)


def test_school_profile_is_complete(demo_school: DemoSchool) -> None:
    # GIVEN the demo WHEN the requisites are read
    db = demo_school(TODAY).db
    data = school.get_school(db)
    # THEN nothing is missing for printing, and curator/secretary are persons of the school
    assert school.missing_fields(data) == []
    assert data.short_name == "МБОУ «Берёзовская СОШ»" and data.locality == "с. Берёзовка"
    assert data.full_name.startswith("Муниципальное бюджетное общеобразовательное учреждение")
    assert data.founder.startswith("Комитет по образованию администрации")
    assert data.director_signature == "Т.В.\u00a0Соколова"  # no break inside the name
    assert data.school_year == str(SchoolYear.of(TODAY)) == "2025/2026"
    assert data.curator_id is not None and data.secretary_id is not None
    curator = persons.get_person(db, data.curator_id)
    assert curator.position == "Заместитель директора по УВР"
    assert persons.get_person(db, data.secretary_id).full_name == "Белова Марина Юрьевна"


def test_dates_never_in_the_future_at_the_start_of_the_year(demo_school: DemoSchool) -> None:
    # GIVEN the first days of September WHEN the demo is created
    early = dt.date(2025, 9, 3)
    db = demo_school(early).db
    # THEN consent and entry dates are not after today
    for row in persons.list_persons(db):
        p = persons.get_person(db, row.id)
        assert p.consent_date is not None and p.consent_date <= early
        for profile in (p.mentor, p.mentee):
            assert profile is None or (profile.date_in is not None and profile.date_in <= early)


def _tables_without_timestamps(path: Path) -> dict[str, Any]:
    tables: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["tables"]
    for rows in tables.values():  # persons, orders, diagnostic rounds … carry write times
        for row in rows:
            row.pop("created_at", None)
            row.pop("updated_at", None)
    return tables


def test_demo_is_deterministic(tmp_path: Path) -> None:
    # GIVEN two empty data folders WHEN the demo is created in each for the same date
    files = []
    for name in ("a", "b"):
        with open_workspace(tmp_path / name, start_backup=False) as ws:
            create_demo(ws.db, today=TODAY)
            out = tmp_path / f"{name}.json"
            export_data(ws.db, out)
            files.append(out)
    # THEN the contents match except for the moments the rows were written
    assert _tables_without_timestamps(files[0]) == _tables_without_timestamps(files[1])


def test_refused_when_persons_exist(db: Database) -> None:
    # GIVEN a data folder with a real teacher
    persons.save_person(db, PersonData(last_name="Иванова", first_name="Анна"))
    # WHEN the demo is requested THEN it is refused and nothing is added
    with pytest.raises(KuratorError) as err:
        create_demo(db, today=TODAY)
    assert str(err.value) == (
        "В папке данных уже есть участники (1). Демонстрационную школу "
        "можно создать только в пустой папке."
    )
    assert [r.full_name for r in persons.list_persons(db)] == ["Иванова Анна"]
    assert school.get_school(db).short_name == ""


def test_refused_the_second_time(demo_school: DemoSchool) -> None:
    # GIVEN the demo already created WHEN requested again THEN refused with the count
    db = demo_school(TODAY).db
    with pytest.raises(KuratorError, match=r"уже есть участники \(25\)"):
        create_demo(db, today=TODAY)
    assert len(persons.list_persons(db)) == 25
