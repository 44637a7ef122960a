"""The printable grid: which round a card shows, the school grid as of a date, the errors."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import KuratorError
from app.models import Direction
from app.models.db import Database
from app.services.grid import grid_directory, grid_print, grid_state
from app.services.grid.diagnostics import CellInput, RoundInput, save_round
from app.services.people.persons import PersonData, save_person, set_archived

TODAY = dt.date(2026, 4, 1)


def _levels(db: Database) -> dict[str, int]:
    return {lv.mark: lv.id for lv in grid_state.levels(db)}


def _teacher(db: Database, last: str = "Смирнова") -> int:
    return save_person(
        db,
        PersonData(
            last_name=last,
            first_name="Дарья",
            middle_name="Алексеевна",
            position="Учитель",
            subjects="Математика; Физика",
        ),
    )


def _two_rounds(db: Database, pid: int) -> tuple[list[int], dict[str, int]]:
    """An autumn round (two directions) and a spring one (only the first direction)."""
    lv = _levels(db)
    dirs = [d.id for d in grid_state.directions(db)]
    save_round(
        db,
        RoundInput(
            pid,
            dt.date(2025, 9, 15),
            "самодиагностика",
            "Входная",
            [
                CellInput(dirs[0], "", "Не знает ФОП", lv["В"], priority=True),
                CellInput(dirs[1], "Ведёт кружок", "", lv["Н"]),
            ],
        ),
        TODAY,
    )
    save_round(
        db,
        RoundInput(
            pid,
            dt.date(2026, 3, 20),
            "администрация",
            "",
            [
                CellInput(dirs[0], "", "Знает ФОП частично", lv["Ч"]),
            ],
        ),
        TODAY,
    )
    return dirs, lv


def test_card_of_an_exact_round_shows_only_that_round(db: Database) -> None:
    # GIVEN a teacher with an autumn and a spring round
    pid = _teacher(db)
    dirs, lv = _two_rounds(db, pid)
    # WHEN the card of the autumn date is assembled
    card = grid_print.teacher_card(db, pid, dt.date(2025, 9, 15))
    # THEN it holds that round: the red, priority first direction and the strength
    assert card.teacher == "Смирнова Дарья Алексеевна"
    assert card.position == "Учитель, Математика, Физика"
    assert card.as_of == dt.date(2025, 9, 15)
    assert card.basis == "Диагностика: 15.09.2025, самодиагностика"
    assert card.notes == "Входная"
    first, second = card.columns[0], card.columns[1]
    assert (first.deficit, first.level and first.level.mark, first.priority) == (
        "Не знает ФОП",
        "В",
        True,
    )
    assert first.mark_line == "В !"
    assert (second.strength, second.level and second.level.mark) == ("Ведёт кружок", "Н")
    assert len(card.columns) == 11 and card.columns[5].level is None
    assert card.priorities == [grid_state.directions(db)[0].name]
    assert [m.mark for m in card.legend] == ["В", "Ч", "Н", "—"]


def test_card_without_a_date_shows_the_latest_cell_of_each_direction(db: Database) -> None:
    # GIVEN the two rounds WHEN the card is assembled without a date
    pid = _teacher(db)
    _two_rounds(db, pid)
    card = grid_print.teacher_card(db, pid)
    # THEN the first direction comes from spring, the second still from autumn
    assert card.columns[0].deficit == "Знает ФОП частично"
    assert card.columns[0].level is not None and card.columns[0].level.mark == "Ч"
    assert not card.columns[0].priority
    assert card.columns[1].strength == "Ведёт кружок"
    assert card.as_of == dt.date(2026, 3, 20)
    assert card.basis == (
        "Последние данные диагностик: 15.09.2025, самодиагностика; 20.03.2026, администрация"
    )


def test_card_as_of_a_date_between_rounds(db: Database) -> None:
    pid = _teacher(db)
    _two_rounds(db, pid)
    # WHEN the state on New Year's Eve is asked THEN the autumn round is shown
    card = grid_print.teacher_card(db, pid, dt.date(2025, 12, 31))
    assert card.columns[0].deficit == "Не знает ФОП" and card.as_of == dt.date(2025, 9, 15)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"teacher": 999}, "Педагог с номером записи 999 не найден."),
        ({"round": "31.02.2026"}, "Дата диагностики (--round): Такой даты нет: 31.02.2026."),
        (
            {"round": "вчера"},
            "Дата диагностики (--round): «вчера» — не дата; нужен формат ДД.ММ.ГГГГ.",
        ),
    ],
)
def test_bad_options_give_russian_errors(
    db: Database, options: dict[str, object], message: str
) -> None:
    with pytest.raises(KuratorError) as err:
        grid_print.grid_document(db, options)
    assert str(err.value) == message


def test_teacher_without_diagnostics_or_before_the_first_one(db: Database) -> None:
    # GIVEN a teacher without rounds and one whose first round is in September
    bare = _teacher(db, "Волкова")
    pid = _teacher(db)
    _two_rounds(db, pid)
    # WHEN their cards are asked THEN the curator is told why there is nothing to print
    with pytest.raises(
        KuratorError, match="У педагога Волкова Дарья Алексеевна нет ни одной диагностики"
    ):
        grid_print.grid_document(db, {"teacher": bare})
    with pytest.raises(KuratorError) as err:
        grid_print.grid_document(db, {"teacher": pid, "round": "01.09.2025"})
    assert str(err.value) == (
        "У педагога Смирнова Дарья Алексеевна нет диагностики на "
        "01.09.2025: первая проведена 15.09.2025."
    )


def test_school_grid_latest_level_as_of_a_date_with_counts(db: Database) -> None:
    # GIVEN two diagnosed teachers, one without rounds and one in the archive
    pid = _teacher(db)
    dirs, lv = _two_rounds(db, pid)
    other = _teacher(db, "Андреев")
    save_round(
        db,
        RoundInput(
            other,
            dt.date(2025, 10, 1),
            "коллеги",
            "",
            [CellInput(dirs[0], "", "Дисциплина", lv["В"])],
        ),
        TODAY,
    )
    _teacher(db, "Волков")
    gone = _teacher(db, "Архипова")
    save_round(
        db,
        RoundInput(gone, dt.date(2025, 10, 1), "", "", [CellInput(dirs[0], "", "", lv["В"])]),
        TODAY,
    )
    set_archived(db, gone, True)
    # WHEN the school grid is assembled for the winter and for the spring
    winter = grid_print.grid_document(db, {"round": "31.12.2025"})
    spring = grid_print.school_grid(db, dt.date(2026, 4, 1))
    # THEN the rows are the teachers not in the archive, by name, cells the latest level
    assert isinstance(winter, grid_print.SchoolGrid)
    assert [r.name for r in winter.rows] == [
        "Андреев Дарья Алексеевна",
        "Волков Дарья Алексеевна",
        "Смирнова Дарья Алексеевна",
    ]
    assert [r.cells[0].text for r in winter.rows] == ["В", "", "В!"]
    assert [r.cells[0].text for r in spring.rows] == ["В", "", "Ч"]
    assert spring.rows[2].cells[1].text == "Н"
    red, yellow, green, grey = spring.legend
    assert spring.counts(red)[:2] == [1, 0] and spring.counts(yellow)[:2] == [1, 0]
    assert spring.counts(green)[:2] == [0, 1] and spring.counts(grey)[0] == 0
    assert winter.as_of == dt.date(2025, 12, 31)
    assert winter.title == "Диагностическая карта профессиональных дефицитов педагогов"


def test_hidden_direction_is_not_printed(db: Database) -> None:
    pid = _teacher(db)
    dirs, _ = _two_rounds(db, pid)
    with db.session() as s:
        found = s.get(Direction, dirs[1])
        assert found is not None
        found.hidden = True
    card = grid_print.teacher_card(db, pid)
    assert len(card.columns) == 10
    assert "Ведёт кружок" not in [c.strength for c in card.columns]
    assert len(grid_print.school_grid(db).directions) == 10


@pytest.mark.parametrize(
    ("color", "expected"),
    [("#F4A6A6", "F4A6A6"), ("b7e1a1", "B7E1A1"), ("not a colour", "FFFFFF"), ("", "FFFFFF")],
)
def test_print_colours(color: str, expected: str) -> None:
    assert grid_print.print_color(color) == expected


def test_a_dark_colour_is_lightened_so_black_marks_stay_readable() -> None:
    # GIVEN maroon, which the levels dialog refuses (black text on it is unreadable)
    assert not grid_directory.readable_with_black("#800000")
    # WHEN it is printed THEN it is lightened until it passes the same rule, still a red
    light = grid_print.print_color("#800000")
    assert grid_directory.readable_with_black(light)
    r, g, b = (int(light[i : i + 2], 16) for i in (0, 2, 4))
    assert r > g and r > b


@pytest.mark.parametrize("color", ["#FF0000", "#FFC000", "#00B0F0", "#92D050"])
def test_a_colour_the_levels_dialog_accepts_is_printed_as_chosen(color: str) -> None:
    # GIVEN a colour the levels dialog accepts for a level
    assert grid_directory.color_problem(color) == ""
    # WHEN it is printed THEN the cell gets exactly that colour, not a lightened one
    assert grid_print.print_color(color) == color[1:]
