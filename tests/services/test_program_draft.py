"""A new program is a draft built from the diagnosis: activities for every deficit (red
first), spread over the term, from the school's editable library; a template on top."""

from __future__ import annotations

import datetime as dt

from app.models.db import Database
from app.services.grid import diagnostics, grid_state
from app.services.grid.diagnostics import CellInput, RoundInput
from app.services.programs import activity_library, program_templates, programs
from app.services.programs.activity_library import Activity
from tests.services.program_fixtures import END, START, make_pair


def _diagnose(
    db: Database,
    person: int,
    cells: dict[int, tuple[int, str, bool]],
    strengths: dict[int, str] | None = None,
) -> None:
    """cells: direction id → (level index: 0 red / 1 yellow, deficit text, first priority)."""
    lv = [x.id for x in grid_state.levels(db)]
    diagnostics.save_round(
        db,
        RoundInput(
            person,
            dt.date(2026, 9, 5),
            cells=[
                CellInput(did, deficit=text, level_id=lv[level], priority=prio)
                for did, (level, text, prio) in cells.items()
            ]
            + [
                CellInput(did, strength=text, level_id=lv[2])
                for did, text in (strengths or {}).items()
            ],
        ),
        today=dt.date(2026, 9, 10),
    )


def test_a_teacher_with_two_red_deficits_gets_activities_for_both(db: Database) -> None:
    # GIVEN a mentee with two red deficits (normative, ICT), a yellow one (methods) and a
    # strength in upbringing; the pair has no directions picked
    pair_id, (mentee,) = make_pair(db, with_directions=False)
    d = [x.id for x in grid_state.directions(db)]
    _diagnose(
        db,
        mentee,
        {
            d[4]: (1, "Урок без плана", False),
            d[1]: (0, "Не знает ФОП", False),
            d[5]: (0, "Не ведёт электронный журнал", True),
        },
        strengths={d[7]: "Классный час"},
    )
    # WHEN a program is created for the pair
    made = programs.create_program_draft(db, pair_id, today=START)
    data = programs.get_program(db, made.program_id)
    # THEN each red direction has 4 activities, the yellow one 3, the strength 2
    per_dir = {
        x.direction_id: [i for i in data.items if i.direction_id == x.direction_id]
        for x in data.directions
    }
    assert [len(per_dir[k]) for k in (d[1], d[5], d[4], d[7])] == [4, 4, 3, 2]
    # AND the directions come first-priority, other red, yellow, then the strength
    assert [x.direction_id for x in data.directions] == [d[5], d[1], d[4], d[7]]
    assert [x.priority for x in data.directions] == [True, False, False, False]
    # AND each direction's activities run over the whole term, in order, the direction's
    # own activity first (normative: the documents; ICT: the journal)
    norm = per_dir[d[1]]
    assert norm[0].start_date == START and norm[-1].end_date == END
    assert all(
        a.end_date and b.start_date and a.end_date < b.start_date
        for a, b in zip(norm, norm[1:], strict=False)
    )
    assert norm[0].activity_kind.startswith("изучение нормативных документов") or norm[
        0
    ].activity_kind.startswith("разбор рабочей программы")
    assert any("электронного журнала" in i.activity_kind for i in per_dir[d[5]])
    # AND the summary tells where it came from
    text = made.summary.text
    assert text.startswith("Дорожная карта составлена по диагностике: мероприятий — 13")
    assert (
        "«Нормативное правовое» (выраженный дефицит; источник — диагностика от "
        "05.09.2026): мероприятий — 4."
    ) in text
    assert "«ИКТ-компетенции» (выраженный дефицит, первоочередной;" in text


def test_a_template_goes_on_top_without_shortening_the_term(db: Database) -> None:
    # GIVEN a mentee with a red deficit in methods only, and the starter template for
    # digital tools (120 days, rows in ICT)
    pair_id, (mentee,) = make_pair(db, with_directions=False)
    d = [x.id for x in grid_state.directions(db)]
    _diagnose(db, mentee, {d[4]: (0, "Урок без плана", True)})
    # WHEN a program is made from the template on 07.09.2026
    made = program_templates.create_from_template(
        db, pair_id, "file:digital-tools", dt.date(2026, 9, 7)
    )
    data = programs.get_program(db, made.program_id)
    # THEN the program runs to the pair's end, not 120 days
    assert data.note.end_date == END
    # AND the red deficit keeps its generated activities, the template's rows are added
    assert len([i for i in data.items if i.direction_id == d[4]]) >= 4
    assert made.summary.template_rows == 3
    # AND the direction the diagnosis does not name is added and said so
    added = made.summary.template_added
    assert added and "Учебно-методическое (содержание, методики и технологии обучения)" not in added
    assert {
        x.name
        for x in grid_state.directions(db)
        if x.id in {p.direction_id for p in data.directions}
    } == {"Учебно-методическое (содержание, методики и технологии обучения)", *added}
    assert (
        "Шаблон добавил направления, которых нет в диагностике наставляемого: "
        + ", ".join(f"«{n}»" for n in added)
        + ". Проверьте, нужны ли они."
    ) in made.summary.lines
    assert "Поверх применён шаблон «Цифровые инструменты в обучении" in made.summary.text


def test_a_group_gets_common_rows_and_modules_per_mentee(db: Database) -> None:
    # GIVEN a group of two; both have a red deficit in methods, only the first in ICT
    pair_id, (first, second) = make_pair(db, mentees=2, with_directions=False)
    d = [x.id for x in grid_state.directions(db)]
    _diagnose(db, first, {d[4]: (0, "Урок", True), d[5]: (0, "Журнал", False)})
    _diagnose(db, second, {d[4]: (0, "Урок", True)})
    # WHEN a program is created
    data = programs.get_program(db, programs.create_program(db, pair_id))
    # THEN the shared direction is in the common part, ICT in the first mentee's module
    methods = [i for i in data.items if i.direction_id == d[4]]
    ict = [i for i in data.items if i.direction_id == d[5]]
    assert len(methods) == 4 and {i.mentee_id for i in methods} == {None}
    assert len(ict) == 4 and {i.mentee_id for i in ict} == {first}


def test_the_library_is_editable_and_used(db: Database) -> None:
    # GIVEN the school's library with one activity of its own for methods added first
    own = Activity(
        "seminar",
        "школьный семинар «Урок по ФГОС»",
        "семинар",
        direction="Учебно-методическое (содержание, методики и технологии обучения)",
        stage=0,
    )
    activity_library.save_activities(db, [own, *activity_library.activities(db)])
    assert activity_library.activities(db)[0] == own
    pair_id, (mentee,) = make_pair(db, with_directions=False)
    d = [x.id for x in grid_state.directions(db)]
    _diagnose(db, mentee, {d[4]: (1, "Урок без плана", False)})
    # WHEN a program is created THEN the school's own activity opens the plan
    data = programs.get_program(db, programs.create_program(db, pair_id))
    assert data.items[0].activity_kind == "школьный семинар «Урок по ФГОС»"
    # AND the shipped library names the kinds the seeds list
    names = activity_library.kind_names()
    for kind in (
        "course",
        "open_lesson",
        "mutual_visit",
        "consultation",
        "self_study",
        "methodical_association",
        "master_class",
        "seminar",
    ):
        assert kind in names


def test_a_red_deficit_not_picked_for_the_pair_is_said_not_added(db: Database) -> None:
    # GIVEN a pair picked on methods and discipline, while the grid also shows a red
    # deficit in ICT
    pair_id, (mentee,) = make_pair(db)
    d = [x.id for x in grid_state.directions(db)]
    _diagnose(db, mentee, {d[5]: (0, "Журнал", False)})
    # WHEN a program is created
    made = programs.create_program_draft(db, pair_id)
    data = programs.get_program(db, made.program_id)
    # THEN the pair's directions get activities (source: the pair), ICT is not added, and
    # the summary says so
    assert {x.direction_id for x in data.directions} == {d[3], d[4]}
    assert all(x.source == "направление, выбранное для пары" for x in made.summary.directions)
    assert (
        "В диагностике есть выраженный дефицит «ИКТ-компетенции», но он не выбран для "
        "пары: добавьте направление в программу, если над ним нужно работать."
    ) in made.summary.lines


def test_a_program_drafted_after_its_start_plans_from_today(db: Database) -> None:
    # GIVEN a pair running since 01.09.2026 and a mentee red in methods, drafted on 04.12.2026
    pair_id, (mentee,) = make_pair(db, with_directions=False)
    d = [x.id for x in grid_state.directions(db)]
    _diagnose(db, mentee, {d[4]: (0, "Урок без плана", True)})
    day = dt.date(2026, 12, 4)
    # WHEN the program is created for the pair's whole term
    made = programs.create_program_draft(db, pair_id, today=day)
    data = programs.get_program(db, made.program_id)
    # THEN its term is the pair's, but the rows run from today to the end: none overdue
    assert (data.note.start_date, data.note.end_date) == (START, END)
    assert min(i.start_date for i in data.items if i.start_date) == day
    assert max(i.end_date for i in data.items if i.end_date) == END
    assert data.progress(day).overdue == 0
    # AND the summary says why
    assert (
        "Начало программы (01.09.2026) уже прошло: мероприятия распределены с 04.12.2026 до "
        "её окончания, чтобы ни одно не оказалось просроченным в день создания."
    ) in made.summary.lines


def test_a_template_applied_mid_year_plans_its_rows_from_today_too(db: Database) -> None:
    # GIVEN a pair running since 01.09.2026, a mentee red in methods, the digital template
    pair_id, (mentee,) = make_pair(db, with_directions=False)
    d = [x.id for x in grid_state.directions(db)]
    _diagnose(db, mentee, {d[4]: (0, "Урок без плана", True)})
    day = dt.date(2026, 12, 4)
    # WHEN the program is made from the template on 04.12.2026 for the pair's term
    made = program_templates.create_from_template(
        db, pair_id, "file:digital-tools", START, today=day
    )
    data = programs.get_program(db, made.program_id)
    # THEN no row, drafted or from the template, is planned before today or overdue
    assert min(i.start_date for i in data.items if i.start_date) == day
    assert data.progress(day).overdue == 0
    # AND the summary says it once, and that the term was kept
    note = [line for line in made.summary.lines if line.startswith("Начало программы")]
    assert len(note) == 1
    assert (
        "Шаблон рассчитан на 120 дн., но срок программы не сокращён: 01.09.2026 – 31.05.2027 "
        "(по сроку пары)."
    ) in made.summary.lines
