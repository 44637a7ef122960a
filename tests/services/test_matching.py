"""Mentor suggestions: ranking on a grid built here, the reasons' wording, reverse mentoring."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ValidationError
from app.models.db import Database
from app.services.grid import grid_state
from app.services.grid.diagnostics import CellInput, RoundInput, save_round
from app.services.pairs import matching, pairs
from app.services.pairs.matching import MatchWeights
from app.services.pairs.pair_data import PairData
from app.services.people.persons import MentorData, PersonData, save_person

TODAY = dt.date(2026, 11, 24)
START, END = dt.date(2026, 12, 1), dt.date(2027, 5, 31)


def person(
    db: Database,
    last: str,
    first: str,
    middle: str,
    subjects: str = "",
    exp: int | None = None,
    position: str = "Учитель",
    base: bool = False,
) -> int:
    return save_person(
        db,
        PersonData(
            last_name=last,
            first_name=first,
            middle_name=middle,
            position=position,
            subjects=subjects,
            experience_years=exp,
            mentor=MentorData() if base else None,
        ),
    )


def grid(db: Database, pid: int, **cells: tuple[str, str]) -> None:
    """cells: direction short label → (level «red»/«yellow»/«green»/«none», strength text)."""
    dirs = {d.label: d.id for d in grid_state.directions(db)}
    lv = {lvl.severity: lvl.id for lvl in grid_state.levels(db)}
    code = {"red": lv[2], "yellow": lv[1], "green": lv[0], "none": lv[None]}
    save_round(
        db,
        RoundInput(
            person_id=pid,
            date=dt.date(2026, 10, 1),
            cells=[
                CellInput(
                    direction_id=dirs[k],
                    level_id=code[level],
                    strength=text,
                    deficit="затрудняется" if level in ("red", "yellow") else "",
                )
                for k, (level, text) in cells.items()
            ],
        ),
        today=TODAY,
    )


@pytest.fixture
def school(db: Database) -> dict[str, int]:
    """A mentee weak in ИКТ (red) and Нормативное (yellow), and four candidates."""
    ids = {
        "mentee": person(db, "Зайцева", "Дарья", "Олеговна", "Математика", 1),
        "ikt": person(
            db, "Кузнецова", "Елена", "Андреевна", "Математика; Геометрия", 18, base=True
        ),
        "norm": person(db, "Морозов", "Андрей", "Петрович", "Физкультура", 21),
        "weak": person(db, "Волков", "Иван", "Ильич", "Математика", 30),
        "busy": person(db, "Белова", "Марина", "Юрьевна", "Информатика", 14),
    }
    grid(
        db,
        ids["mentee"],
        ИКТ=("red", ""),
        Нормативное=("yellow", ""),
        Предметное=("green", "сильна в олимпиадных задачах"),
    )
    grid(db, ids["ikt"], ИКТ=("green", "ведёт курс по цифровым сервисам"))
    grid(db, ids["norm"], Нормативное=("green", "знает ФГОС"))
    grid(db, ids["weak"], ИКТ=("red", ""), Нормативное=("yellow", ""))
    grid(
        db,
        ids["busy"],
        ИКТ=("green", "сертифицированный тренер"),
        Нормативное=("green", "эксперт ГИА"),
    )
    return ids


def _load_up(db: Database, mentor: int, n: int) -> None:
    for i in range(n):
        e = person(db, f"Занятой{'абвг'[i]}", "Пётр", "Петрович")
        pairs.save_pair(
            db,
            PairData(
                mentor_id=mentor, mentee_ids=[e], start_date=START, end_date=END, status="active"
            ),
            today=TODAY,
        )


def test_strength_in_the_red_direction_ranks_first_with_a_reason(
    db: Database, school: dict[str, int]
) -> None:
    # GIVEN the school above, with Кузнецова already running one program
    _load_up(db, school["ikt"], 1)
    # WHEN mentors are suggested for the mentee over the planned dates
    got = matching.suggest_mentors(db, [school["mentee"]], start=START, end=END)
    by_id = {s.person_id: s for s in got}
    # THEN the candidate strong where the deficit is red, same subject, ranks first
    assert got[0].person_id == school["ikt"]
    assert got[0].reason == (
        "сильна в направлении «ИКТ-компетенции», где у наставляемого выраженный дефицит; "
        "тот же предмет; та же должность; стаж 18 лет; ведёт 1 программу из 4; "
        "в базе наставников"
    )
    # AND the yellow-only candidate is below; his reason uses the masculine form
    assert by_id[school["norm"]].reason.startswith(
        "силён в направлении «Нормативное правовое», где у наставляемого частичный дефицит;"
    )
    # AND a candidate weak in the same directions says so and ranks below both
    assert by_id[school["weak"]].reason.startswith(
        "нет отмеченных сильных сторон там, где у наставляемого дефицит; тот же предмет"
    )
    order = [s.person_id for s in got]
    assert order.index(school["ikt"]) < order.index(school["weak"])
    assert school["mentee"] not in by_id


def test_candidates_at_the_limit_are_last_and_marked(db: Database, school: dict[str, int]) -> None:
    # GIVEN the strongest candidate already runs four programs over the dates
    _load_up(db, school["busy"], 4)
    got = matching.suggest_mentors(db, [school["mentee"]], start=START, end=END)
    # THEN she is still listed, last, marked, and her reason says why
    last = got[-1]
    assert last.person_id == school["busy"] and last.at_limit and last.load == 4
    assert last.reason.endswith("уже ведёт 4 программы из 4 — свободных мест нет")
    assert all(not s.at_limit for s in got[:-1])
    # AND over dates after those programs end she is back among the first, with no load
    later = matching.suggest_mentors(
        db, [school["mentee"]], start=dt.date(2027, 6, 1), end=dt.date(2027, 8, 31)
    )
    assert [s.person_id for s in later[:2]] == [school["ikt"], school["busy"]]
    assert later[1].load == 0 and not later[1].at_limit


def test_a_current_mentor_of_the_mentee_is_not_suggested_again(
    db: Database, school: dict[str, int]
) -> None:
    pairs.save_pair(
        db,
        PairData(
            mentor_id=school["ikt"],
            mentee_ids=[school["mentee"]],
            start_date=START,
            end_date=END,
            status="active",
        ),
        today=TODAY,
    )
    got = matching.suggest_mentors(db, [school["mentee"]], start=START, end=END)
    assert school["ikt"] not in {s.person_id for s in got}


def test_group_sharing_a_deficit_gets_a_plural_reason(db: Database, school: dict[str, int]) -> None:
    # GIVEN a second mentee red in ИКТ only
    other = person(db, "Соболев", "Олег", "Игоревич", "Физика", 2)
    grid(db, other, ИКТ=("red", ""))
    got = matching.suggest_mentors(db, [school["mentee"], other], start=START, end=END)
    ikt = next(s for s in got if s.person_id == school["ikt"])
    assert ikt.reason.startswith(
        "сильна в направлении «ИКТ-компетенции», где у наставляемых выраженный дефицит;"
    )
    norm = next(s for s in got if s.person_id == school["norm"])
    assert "частичный дефицит (у 1 из 2)" in norm.reason


def test_weights_change_the_order_and_are_stored(db: Database, school: dict[str, int]) -> None:
    # GIVEN weights that count only experience
    only_exp = MatchWeights(strength=0, subject=0, position=0, experience=1, load=0, mentor_base=0)
    matching.save_weights(db, only_exp)
    # WHEN suggestions are made with the stored weights
    got = matching.suggest_mentors(db, [school["mentee"]], start=START, end=END)
    # THEN the most experienced (30 years) leads, and the setting reads back
    assert got[0].person_id == school["weak"] and got[0].score == 100
    assert matching.load_weights(db) == only_exp
    with pytest.raises(ValidationError) as err:
        matching.save_weights(db, MatchWeights(strength=-1))
    assert err.value.errors["strength"] == "Вес — число не меньше нуля."


def test_reverse_mentoring_finds_colleagues_weak_where_the_person_is_strong(
    db: Database, school: dict[str, int]
) -> None:
    # GIVEN a young teacher strong in Цифровизация, an experienced colleague red there
    young = person(db, "Лосева", "Ксения", "Игоревна", "Информатика", 2)
    grid(db, young, Цифровизация=("green", "ведёт школьный сайт"), ИКТ=("green", ""))
    old = person(db, "Павлова", "Галина", "Ивановна", "Начальные классы", 38)
    grid(db, old, Цифровизация=("red", "не работает с электронным журналом"))
    # WHEN reverse suggestions are made for the young teacher
    got = matching.suggest_reverse(db, young, start=START, end=END)
    by_id = {s.person_id: s for s in got}
    # THEN the colleague is proposed with the reason in words, and so is the one weak in ИКТ
    assert got[0].person_id == old
    assert got[0].reason == (
        "сильна в направлении «Цифровизация образования», где у коллеги выраженный дефицит; "
        "стаж коллеги 38 лет; коллега пока не участвует в программах"
    )
    assert school["weak"] in by_id and school["ikt"] not in by_id


def test_a_new_diagnosis_changes_the_suggestions(db: Database, school: dict[str, int]) -> None:
    # GIVEN suggestions made once
    first = matching.suggest_mentors(db, [school["mentee"]], start=START, end=END)
    assert first[0].person_id == school["ikt"]
    # WHEN the leading candidate is diagnosed again, red in ИКТ, with the same number of cells
    dirs = {d.label: d.id for d in grid_state.directions(db)}
    red = next(lv.id for lv in grid_state.levels(db) if lv.severity == 2)
    save_round(
        db,
        RoundInput(
            person_id=school["ikt"],
            date=dt.date(2026, 11, 1),
            cells=[CellInput(direction_id=dirs["ИКТ"], level_id=red, deficit="забыла всё")],
        ),
        today=TODAY,
    )
    # THEN the next suggestions see it: she is no longer strong there
    again = {
        s.person_id: s
        for s in matching.suggest_mentors(db, [school["mentee"]], start=START, end=END)
    }
    assert again[school["ikt"]].strong_directions == ()
    assert again[school["ikt"]].reason.startswith("нет отмеченных сильных сторон")


def test_levels_edited_by_the_curator_are_read_not_assumed(
    db: Database, school: dict[str, int]
) -> None:
    # GIVEN the curator's scale: the worst level now has severity 3 and another name
    from sqlalchemy import update

    from app.models import DiagnosticLevel
    from app.services.grid.grid_directory import update_level

    red = next(lv for lv in grid_state.levels(db) if lv.severity == 2)
    update_level(db, red.id, "Критический дефицит", red.mark, red.color)
    with db.session() as s:
        s.execute(update(DiagnosticLevel).where(DiagnosticLevel.id == red.id).values(severity=3))
    # WHEN mentors are suggested for the mentee red in ИКТ
    got = matching.suggest_mentors(db, [school["mentee"]], start=START, end=END)
    by_id = {s.person_id: s for s in got}
    # THEN severity 3 is a deficit, the worst one, named as the curator named it
    assert got[0].person_id == school["ikt"]
    assert by_id[school["ikt"]].reason.startswith(
        "сильна в направлении «ИКТ-компетенции», где у наставляемого критический дефицит;"
    )
    assert by_id[school["ikt"]].strong_directions == (
        next(d.id for d in grid_state.directions(db) if d.label == "ИКТ"),
    )
    # AND a colleague with that level is found for reverse mentoring, named the same way
    reverse = {
        r.person_id: r for r in matching.suggest_reverse(db, school["ikt"], start=START, end=END)
    }
    assert "где у коллеги критический дефицит" in reverse[school["mentee"]].reason
