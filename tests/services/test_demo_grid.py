"""The demo school's diagnostics: two rounds for most teachers, improvement for most, strong
mentors, struggling young specialists, dates never in the future."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from app.models.db import Database
from app.services.grid import grid_state
from app.services.grid.diagnostics import RoundInput, get_round, list_rounds
from app.services.people import persons
from tests.prebuilt import DemoSchool

TODAY = dt.date(2026, 4, 1)


def _severity(db: Database) -> dict[int, int | None]:
    return {lv.id: lv.severity for lv in grid_state.levels(db)}


def _rounds_by_person(db: Database) -> dict[str, list[RoundInput]]:
    names = {p.id: p.full_name for p in persons.list_persons(db)}
    out: dict[str, list[RoundInput]] = {}
    for r in list_rounds(db):
        out.setdefault(names[r.person_id], []).append(get_round(db, r.id))
    return out


def _levels(db: Database, r: RoundInput) -> dict[int, int | None]:
    sev = _severity(db)
    return {c.direction_id: sev[c.level_id] if c.level_id is not None else None for c in r.cells}


def test_most_teachers_have_an_entry_and_a_repeat_round(demo_school: DemoSchool) -> None:
    # GIVEN the demo created on 1 April
    db = demo_school(TODAY).db
    rounds = _rounds_by_person(db)
    # THEN 21 of the 25 teachers have two rounds, two have one, two have none yet
    assert Counter(len(v) for v in rounds.values()) == Counter({2: 21, 1: 2})
    assert len(persons.list_persons(db)) == 25
    for name, (entry, *rest) in rounds.items():
        # AND every round is in the past and fills all eleven directions
        assert entry.date <= TODAY and len(entry.cells) == 11, name
        assert entry.source in ("самодиагностика", "методика ЦНППМ")
        for repeat in rest:
            assert entry.date < repeat.date <= TODAY and len(repeat.cells) == 11
            assert repeat.source in ("администрация", "коллеги")
    assert rounds["Смирнова Дарья Алексеевна"][1].date == dt.date(2026, 3, 20)


def test_levels_improve_for_most_stay_for_some_worsen_for_a_couple(demo_school: DemoSchool) -> None:
    db = demo_school(TODAY).db
    better = worse = same = 0
    worse_teachers = set()
    for name, rounds in _rounds_by_person(db).items():
        if len(rounds) < 2:
            continue
        before, after = (_levels(db, r) for r in rounds)
        changes = [
            (before[d], after[d])
            for d in before
            if before[d] is not None and after.get(d) is not None
        ]
        down = sum(1 for b, a in changes if a < b)  # type: ignore[operator]
        up = sum(1 for b, a in changes if a > b)  # type: ignore[operator]
        if up:
            worse_teachers.add(name)
        if down > up:
            better += 1
        elif down == up == 0:
            same += 1
        else:
            worse += 1
    # THEN most teachers improved, some did not change, two got worse somewhere
    assert better >= 15 and same >= 2
    assert worse_teachers == {"Андреев Максим Олегович", "Егоров Николай Иванович"}


def test_mentors_are_strong_and_young_specialists_struggle(demo_school: DemoSchool) -> None:
    db = demo_school(TODAY).db
    rows = {p.full_name: p for p in persons.list_persons(db)}
    latest = grid_state.latest_cells(db)
    sev = _severity(db)
    rounds = _rounds_by_person(db)
    for name, row in rows.items():
        cells = latest.get(row.id, {})
        green = [c for c in cells.values() if c.severity == 0]
        if row.is_mentor and not row.is_mentee:
            # mentors: green in most directions, with what they are good at written down
            assert len(green) >= 8, name
            assert all(c.strength for c in green), name
        if row.is_mentee:
            # young specialists started with red or yellow in several directions
            entry = rounds[name][0]
            weak = [c for c in entry.cells if c.level_id and (sev[c.level_id] or 0) >= 1]
            assert len(weak) >= 5 and any(sev[c.level_id or 0] == 2 for c in weak), name
            assert all(c.deficit for c in weak)
            assert any(c.priority for c in entry.cells), name
    # AND the young mentor of the reverse pair is strong in ИКТ and digitalisation
    ikt, digital = (d.id for d in grid_state.directions(db)[5:7])
    popov = latest[rows["Попов Артём Евгеньевич"].id]
    assert popov[ikt].severity == 0 and popov[digital].severity == 0
    assert popov[ikt].strength


def test_dates_stay_in_the_past_at_the_start_of_the_year(demo_school: DemoSchool) -> None:
    # GIVEN the demo created on the third of September
    early = dt.date(2025, 9, 3)
    db = demo_school(early).db
    # THEN the repeat round is today and the entry round three weeks before
    for rounds in _rounds_by_person(db).values():
        assert all(r.date <= early for r in rounds)
        if len(rounds) == 2:
            assert rounds[0].date <= early - dt.timedelta(days=21) < rounds[1].date
