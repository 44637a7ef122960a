"""Mentor suggestions that say why they are weak: no strengths recorded anywhere, no
deficits of the mentee; non-teaching staff left out; the mentee's red directions."""

from __future__ import annotations

from app.models.db import Database
from app.services.grid import grid_state
from app.services.pairs import matching
from app.services.school import reference
from tests.services.test_matching import grid, person


def test_no_strengths_anywhere_is_said_once_and_points_to_the_diagnostics(db: Database) -> None:
    # GIVEN a mentee with a red deficit in ICT and two colleagues with no grid at all
    mentee = person(db, "Зайцева", "Дарья", "Олеговна", "Математика", 1)
    grid(db, mentee, **{"ИКТ": ("red", "")})
    person(db, "Кузнецова", "Елена", "Андреевна", "Математика", 18)
    person(db, "Морозов", "Андрей", "Петрович", "Физкультура", 21)
    # WHEN suggestions are ranked
    index = matching.load_index(db)
    found = matching.rank_mentors(index, [mentee])
    # THEN the notice says no mentor's strengths are recorded and names the grid tab
    notice = matching.weak_notice(index, [mentee])
    assert notice.startswith("Сильные стороны наставников в диагностике не отмечены ни у кого")
    assert "вкладке «Диагностика»" in notice
    # AND no line repeats «нет отмеченных сильных сторон»
    assert found and all("нет отмеченных сильных сторон" not in s.reason for s in found)
    assert found[0].reason.startswith("тот же предмет; та же должность; стаж 18 лет")
    # WHEN one colleague's strength is recorded THEN the notice goes away
    grid(db, found[0].person_id, **{"ИКТ": ("green", "Электронный журнал")})
    assert matching.weak_notice(matching.load_index(db), [mentee]) == ""


def test_a_mentee_without_deficits_is_said_so(db: Database) -> None:
    # GIVEN a mentee never diagnosed WHEN the notice is asked THEN it points to the grid
    mentee = person(db, "Зайцева", "Дарья", "Олеговна")
    assert matching.weak_notice(matching.load_index(db), [mentee]).startswith(
        "У наставляемого в диагностике нет отмеченных дефицитов"
    )


def test_non_teaching_staff_are_not_offered_unless_the_list_allows(db: Database) -> None:
    # GIVEN a mentee, a teacher, a secretary and a chief accountant
    mentee = person(db, "Зайцева", "Дарья", "Олеговна")
    teacher = person(db, "Кузнецова", "Елена", "Андреевна")
    secretary = person(db, "Орлова", "Нина", "Ивановна", position="Секретарь")
    person(db, "Соколов", "Пётр", "Ильич", position="Главный бухгалтер")
    # WHEN mentors are suggested THEN only the teacher is offered
    index = matching.load_index(db)
    assert [s.person_id for s in matching.rank_mentors(index, [mentee])] == [teacher]
    # AND asking for everyone brings the others back
    assert len(matching.rank_mentors(index, [mentee], include_non_teaching=True)) == 3
    # WHEN the school takes «Секретарь» off its list THEN the secretary is offered
    kept = [v for v in reference.values(db, "non_mentor_position") if v != "Секретарь"]
    reference.set_values(db, "non_mentor_position", kept)
    offered = {s.person_id for s in matching.rank_mentors(matching.load_index(db), [mentee])}
    assert offered == {teacher, secretary}
    assert reference.KIND_NAMES["non_mentor_position"] == "Должности, не предлагаемые в наставники"


def test_red_directions_for_the_pair_dialog(db: Database) -> None:
    # GIVEN a mentee red in ИКТ and Нормативное, yellow in Предметное
    mentee = person(db, "Зайцева", "Дарья", "Олеговна")
    grid(
        db, mentee, **{"ИКТ": ("red", ""), "Нормативное": ("red", ""), "Предметное": ("yellow", "")}
    )
    # WHEN the red directions are asked THEN both red ones come, in the grid's order
    ids = {d.label: d.id for d in grid_state.directions(db)}
    assert matching.red_directions(db, [mentee]) == [ids["Нормативное"], ids["ИКТ"]]
