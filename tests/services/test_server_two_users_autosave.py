"""Two users autosaving the same program note, roadmap row or diagnostic round on one
database (SQLite, and PostgreSQL with KURATOR_TEST_PG_URL): the save made over someone
else's newer change is refused with the record named, and each user's own consecutive
saves go on."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import StaleRecordError
from app.models.db import Database
from app.services.grid import diagnostics, grid_state
from app.services.grid.diagnostics import CellInput, RoundInput
from app.services.monitoring import halfyear_periods, monitoring
from app.services.monitoring import questionnaires as qs
from app.services.monitoring.monitoring import Indicators
from app.services.people import persons
from app.services.people.persons import PersonData
from app.services.programs import programs, programs_items, programs_journal
from app.services.programs.programs import ItemData
from app.services.storage.workspace import Workspace
from tests.services.program_fixtures import make_pair

DAY = dt.date(2026, 3, 1)


def _second_handle(ws: Workspace) -> Database:
    """Another program's connection to the same database (a second user)."""
    if ws.is_server:
        return Database.server(ws.db.engine.url)
    return Database(ws.paths.db)


def _program(db: Database) -> int:
    pair_id, _ = make_pair(db)
    return programs.create_program(db, pair_id, fill=False)


def test_a_note_field_saved_by_another_user_is_not_overwritten(any_ws: Workspace) -> None:
    # GIVEN users A and B with the same program open
    pid = _program(any_ws.db)
    other = _second_handle(any_ws)
    try:
        mine, theirs = programs.get_program(any_ws.db, pid), programs.get_program(other, pid)
        # WHEN A saves the goal twice as they type (each autosave continues from the last)
        programs.update_note(any_ws.db, pid, "goal", "Освоить", held=mine)
        programs.update_note(any_ws.db, pid, "goal", "Освоить структуру урока", held=mine)
        # THEN B's save of the goal over the copy B read is refused, naming the program
        with pytest.raises(StaleRecordError, match="«Программа наставничества: № ") as refused:
            programs.update_note(other, pid, "goal", "Цель Б", held=theirs)
        assert "Обновите данные" in str(refused.value)
        # AND the stored goal is A's
        assert programs.get_program(any_ws.db, pid).note.goal == "Освоить структуру урока"
        # WHEN B reloads the program THEN B's consecutive saves go through
        theirs = programs.get_program(other, pid)
        programs.update_note(other, pid, "problem", "Урок не выстроен", held=theirs)
        programs.update_note(other, pid, "goal", "Цель Б", held=theirs)
        stored = programs.get_program(any_ws.db, pid).note
        assert (stored.problem, stored.goal) == ("Урок не выстроен", "Цель Б")
        # AND now A, holding the older version, is refused in turn
        with pytest.raises(StaleRecordError):
            programs.update_note(any_ws.db, pid, "notes", "заметка А", held=mine)
        assert programs.get_program(any_ws.db, pid).note.notes == ""
    finally:
        other.dispose()


def test_a_roadmap_row_saved_by_another_user_is_not_overwritten(any_ws: Workspace) -> None:
    # GIVEN a program with a roadmap row, open for users A and B
    pid = _program(any_ws.db)
    direction = programs.get_program(any_ws.db, pid).directions[0].direction_id
    item_id = programs_items.add_item(any_ws.db, pid, ItemData(direction, activity_kind="Семинар"))
    other = _second_handle(any_ws)
    try:
        mine = programs.get_program(any_ws.db, pid).items[0]
        theirs = programs.get_program(other, pid).items[0]
        # WHEN A edits the row twice, each time from the row its last save returned
        mine = programs_items.update_item(
            any_ws.db, item_id, seen=mine.version, activity_kind="Семинар-практикум"
        )
        mine = programs_items.update_item(any_ws.db, item_id, seen=mine.version, place="каб. 12")
        # THEN B's change of the row read before is refused, naming the row
        with pytest.raises(
            StaleRecordError, match="«Строка дорожной карты: Семинар-практикум»"
        ) as refused:
            programs_items.update_item(other, item_id, seen=theirs.version, activity_kind="Вебинар")
        assert "Обновите данные" in str(refused.value)
        # AND the stored row is A's
        stored = programs_items.get_item(any_ws.db, item_id)
        assert (stored.activity_kind, stored.place) == ("Семинар-практикум", "каб. 12")
        # WHEN B reloads THEN B's consecutive saves go through
        theirs = programs.get_program(other, pid).items[0]
        theirs = programs_items.update_item(
            other, item_id, seen=theirs.version, activity_kind="Вебинар"
        )
        programs_items.update_item(other, item_id, seen=theirs.version, mark="done")
        stored = programs_items.get_item(any_ws.db, item_id)
        assert (stored.activity_kind, stored.mark) == ("Вебинар", "done")
    finally:
        other.dispose()


def test_a_diagnostic_cell_saved_by_another_user_is_not_overwritten(any_ws: Workspace) -> None:
    # GIVEN a teacher's diagnostic round, open for users A and B
    person = persons.save_person(any_ws.db, PersonData(last_name="Петрова", first_name="Ольга"))
    rid = diagnostics.save_round(any_ws.db, RoundInput(person, DAY, "коллеги"), today=DAY)
    d0, d1 = (d.id for d in grid_state.directions(any_ws.db)[:2])
    other = _second_handle(any_ws)
    try:
        mine = diagnostics.get_round(any_ws.db, rid).version
        theirs = diagnostics.get_round(other, rid).version
        # WHEN A saves two cells, each from the version the last save returned
        mine = diagnostics.save_cell(any_ws.db, rid, CellInput(d0, deficit="мало"), seen=mine)
        mine = diagnostics.save_cell(
            any_ws.db, rid, CellInput(d0, deficit="мало приёмов"), seen=mine
        )
        # THEN B's save of a cell over the round read before is refused, naming the round
        with pytest.raises(StaleRecordError, match="«Диагностика: 01.03.2026»") as refused:
            diagnostics.save_cell(other, rid, CellInput(d0, deficit="всё хорошо"), seen=theirs)
        assert "Обновите данные" in str(refused.value)
        # AND the stored cell is A's
        cells = {c.direction_id: c for c in diagnostics.get_round(any_ws.db, rid).cells}
        assert cells[d0].deficit == "мало приёмов"
        # WHEN B reloads the round THEN B's consecutive saves go through
        theirs = diagnostics.get_round(other, rid).version
        theirs = diagnostics.save_cell(other, rid, CellInput(d1, strength="ведёт кружок"), theirs)
        diagnostics.save_cell(other, rid, CellInput(d0), seen=theirs)
        cells = {c.direction_id: c for c in diagnostics.get_round(any_ws.db, rid).cells}
        assert list(cells) == [d1] and cells[d1].strength == "ведёт кружок"
        # AND A, still holding the older version, is refused in turn
        with pytest.raises(StaleRecordError):
            diagnostics.save_cell(any_ws.db, rid, CellInput(d0, deficit="снова"), seen=mine)
    finally:
        other.dispose()


def _two_rows(db: Database) -> tuple[int, int, int]:
    """A program with two roadmap rows of one direction: (program, first row, second row)."""
    pid = _program(db)
    direction = programs.get_program(db, pid).directions[0].direction_id
    first = programs_items.add_item(db, pid, ItemData(direction, activity_kind="Семинар"))
    second = programs_items.add_item(db, pid, ItemData(direction, activity_kind="Вебинар"))
    return pid, first, second


def test_a_roadmap_row_edited_by_another_user_is_not_deleted_moved_or_copied(
    any_ws: Workspace,
) -> None:
    # GIVEN a program with two roadmap rows, open for users A and B
    pid, first, second = _two_rows(any_ws.db)
    other = _second_handle(any_ws)
    try:
        theirs = {i.id: i.version for i in programs.get_program(other, pid).items}
        # WHEN A edits the first row
        held = programs.get_program(any_ws.db, pid).items[0].version
        programs_items.update_item(any_ws.db, first, seen=held, place="каб. 12")
        # THEN B's delete of both rows (read before) is refused, naming A's row
        with pytest.raises(StaleRecordError, match="«Строка дорожной карты: Семинар»"):
            programs_items.delete_items(other, [second, first], seen=theirs)
        # AND neither row is deleted, A's edit stays
        rows = programs.get_program(any_ws.db, pid).items
        assert [(r.id, r.place) for r in rows] == [(first, "каб. 12"), (second, "")]
        # AND B's move and copy of that row are refused too, nothing changed
        with pytest.raises(StaleRecordError):
            programs_items.move_item(other, first, 1, seen=theirs[first])
        with pytest.raises(StaleRecordError):
            programs_items.copy_item(other, first, seen=theirs[first])
        assert [r.id for r in programs.get_program(any_ws.db, pid).items] == [first, second]
        # WHEN B reloads THEN B's move, copy and delete go through
        theirs = {i.id: i.version for i in programs.get_program(other, pid).items}
        assert programs_items.move_item(other, first, 1, seen=theirs[first])
        theirs = {i.id: i.version for i in programs.get_program(other, pid).items}
        copy = programs_items.copy_item(other, first, seen=theirs[first])
        stored = programs_items.get_item(any_ws.db, copy)
        assert (stored.activity_kind, stored.place) == ("Семинар", "каб. 12")
        theirs = {i.id: i.version for i in programs.get_program(other, pid).items}
        deleted = programs_items.delete_items(other, [first], seen=theirs)
        assert [r.id for r in programs.get_program(any_ws.db, pid).items] == [second, copy]
        # AND B's undo puts the row back with the version it had, so a later delete by
        # the one holding that version goes through
        programs_items.restore_items(other, deleted)
        back = programs_items.get_item(any_ws.db, first)
        assert (back.place, back.version) == ("каб. 12", deleted[0][1].version)
        programs_items.delete_items(any_ws.db, [first], seen={first: back.version})
    finally:
        other.dispose()


def test_an_undo_of_a_delete_does_not_restore_over_a_row_put_back_by_another_user(
    any_ws: Workspace,
) -> None:
    # GIVEN user B deleted a row and user A put it back (A's own undo) and edited it
    pid, first, _ = _two_rows(any_ws.db)
    other = _second_handle(any_ws)
    try:
        theirs = {i.id: i.version for i in programs.get_program(other, pid).items}
        deleted = programs_items.delete_items(other, [first], seen=theirs)
        programs_items.restore_items(any_ws.db, deleted)
        held = programs_items.get_item(any_ws.db, first).version
        programs_items.update_item(any_ws.db, first, seen=held, place="актовый зал")
        # WHEN B undoes the delete THEN it is refused, naming the row
        with pytest.raises(StaleRecordError, match="«Строка дорожной карты: Семинар»"):
            programs_items.restore_items(other, deleted)
        # AND A's edit stays
        assert programs_items.get_item(any_ws.db, first).place == "актовый зал"
    finally:
        other.dispose()


def test_a_diary_line_saved_by_another_user_is_not_overwritten_or_deleted(
    any_ws: Workspace,
) -> None:
    # GIVEN a program's diary line, open for users A and B
    pid = _program(any_ws.db)
    line = programs_journal.DiaryEntry(DAY, "Анализ урока")
    line.id = programs_journal.save_diary_entry(any_ws.db, pid, line)
    other = _second_handle(any_ws)
    try:
        mine = programs_journal.diary(any_ws.db, pid)[0]
        theirs = programs_journal.diary(other, pid)[0]
        # WHEN A changes the line
        mine.outcome = "Урок разобран"
        programs_journal.save_diary_entry(any_ws.db, pid, mine)
        # THEN B's save and B's delete of the line read before are refused, naming it
        theirs.outcome = "Перенесено"
        with pytest.raises(
            StaleRecordError, match="«Запись дневника наставника: 01.03.2026 Анализ урока»"
        ):
            programs_journal.save_diary_entry(other, pid, theirs)
        with pytest.raises(StaleRecordError):
            programs_journal.delete_diary_entry(other, line.id, seen=theirs.version)
        # AND A's line stays
        assert [e.outcome for e in programs_journal.diary(any_ws.db, pid)] == ["Урок разобран"]
        # WHEN B reloads THEN B's save and then delete go through
        theirs = programs_journal.diary(other, pid)[0]
        theirs.outcome = "Перенесено"
        programs_journal.save_diary_entry(other, pid, theirs)
        theirs = programs_journal.diary(other, pid)[0]
        assert theirs.outcome == "Перенесено"
        programs_journal.delete_diary_entry(other, line.id, seen=theirs.version)
        assert programs_journal.diary(any_ws.db, pid) == []
    finally:
        other.dispose()


def test_a_reflection_and_a_self_assessment_mark_of_another_user_are_not_overwritten(
    any_ws: Workspace,
) -> None:
    # GIVEN a program open for users A and B: a direction's reflection and an unset mark
    pid = _program(any_ws.db)
    data = programs.get_program(any_ws.db, pid)
    did, mentee = data.directions[0].direction_id, data.mentees[0].id
    other = _second_handle(any_ws)
    try:
        theirs_dir = programs.get_program(other, pid).directions[0].version
        mine_dir = data.directions[0].version
        # WHEN A writes the reflection twice (each from the version the last save returned)
        mine_dir = programs_journal.update_direction(
            any_ws.db, pid, did, mine_dir, reflection="Приблизился"
        )
        programs_journal.update_direction(
            any_ws.db, pid, did, mine_dir, reflection="Приблизился к образу"
        )
        # THEN B's reflection over the direction read before is refused
        with pytest.raises(StaleRecordError, match="«Направление программы»"):
            programs_journal.update_direction(other, pid, did, theirs_dir, reflection="Нет")
        stored = programs.get_program(any_ws.db, pid).directions[0]
        assert stored.reflection == "Приблизился к образу"
        # WHEN A sets a mark both read as not stored, and B then sets the same mark
        mine = programs_journal.Assessment(mentee, did, version=0)
        mine.level_start_id = _a_level(any_ws.db)
        mine.version = programs_journal.save_assessment(any_ws.db, pid, mine)
        theirs = programs_journal.Assessment(mentee, did, version=0)
        theirs.level_end_id = _a_level(any_ws.db)
        # THEN B's save is refused and A's mark stays
        with pytest.raises(StaleRecordError, match="«Лист самооценки"):
            programs_journal.save_assessment(other, pid, theirs)
        (stored_mark,) = programs_journal.assessments(any_ws.db, pid)
        assert (stored_mark.level_start_id, stored_mark.level_end_id) == (mine.level_start_id, None)
        # WHEN B reloads THEN B's mark goes through, keeping A's start level
        (theirs,) = programs_journal.assessments(other, pid)
        theirs.level_end_id = _a_level(any_ws.db)
        programs_journal.save_assessment(other, pid, theirs)
        (stored_mark,) = programs_journal.assessments(any_ws.db, pid)
        assert stored_mark.level_start_id == stored_mark.level_end_id == mine.level_start_id
    finally:
        other.dispose()


def _a_level(db: Database) -> int:
    return grid_state.levels(db)[0].id


def test_a_round_heading_saved_by_another_user_is_not_overwritten(any_ws: Workspace) -> None:
    # GIVEN a teacher's diagnostic round whose heading users A and B opened
    person = persons.save_person(any_ws.db, PersonData(last_name="Петрова", first_name="Ольга"))
    rid = diagnostics.save_round(any_ws.db, RoundInput(person, DAY, "коллеги"), today=DAY)
    other = _second_handle(any_ws)
    try:
        mine = diagnostics.get_round(any_ws.db, rid).version
        theirs = diagnostics.get_round(other, rid).version
        # WHEN A saves the notes
        diagnostics.save_round_header(any_ws.db, rid, DAY, "коллеги", "по итогам", DAY, mine)
        # THEN B's heading saved from the version B opened with is refused, naming the round
        with pytest.raises(StaleRecordError, match="«Диагностика: 01.03.2026»"):
            diagnostics.save_round_header(other, rid, DAY, "самодиагностика", "", DAY, theirs)
        stored = diagnostics.get_round(any_ws.db, rid)
        assert (stored.source, stored.notes) == ("коллеги", "по итогам")
        # WHEN B reopens THEN B's save goes through
        theirs = diagnostics.get_round(other, rid).version
        diagnostics.save_round_header(other, rid, DAY, "самодиагностика", "", DAY, theirs)
        assert diagnostics.get_round(any_ws.db, rid).source == "самодиагностика"
    finally:
        other.dispose()


H1 = (dt.date(2026, 9, 1), dt.date(2026, 12, 31))


def test_monitoring_indicators_saved_by_another_user_are_not_overwritten(
    any_ws: Workspace,
) -> None:
    # GIVEN a program whose indicators for the first half-year nobody entered yet,
    # opened by users A and B
    pid = _program(any_ws.db)
    other = _second_handle(any_ws)
    try:
        mine = monitoring.get_indicators(any_ws.db, pid, *H1).version
        theirs = monitoring.get_indicators(other, pid, *H1).version
        assert mine == theirs == 0
        # WHEN A saves twice, each time from the version the last save returned
        mine = monitoring.save_indicators(
            any_ws.db, pid, *H1, Indicators(open_lessons=2), seen=mine
        )
        mine = monitoring.save_indicators(
            any_ws.db, pid, *H1, Indicators(open_lessons=3, risks="нет времени"), seen=mine
        )
        # THEN B's figures typed over the empty form B read are refused, naming the record
        with pytest.raises(
            StaleRecordError, match="«Показатели мониторинга за 01.09.2026 – 31.12.2026»"
        ) as refused:
            monitoring.save_indicators(other, pid, *H1, Indicators(publications=1), seen=theirs)
        assert "Обновите данные" in str(refused.value)
        # AND neither is clearing the form B read allowed to remove A's figures
        with pytest.raises(StaleRecordError):
            monitoring.save_indicators(other, pid, *H1, Indicators(), seen=theirs)
        stored = monitoring.get_indicators(any_ws.db, pid, *H1)
        assert (stored.open_lessons, stored.risks, stored.publications) == (3, "нет времени", None)
        # WHEN B reloads THEN B's consecutive saves go through
        held = monitoring.get_indicators(other, pid, *H1)
        theirs = monitoring.save_indicators(
            other, pid, *H1, Indicators(open_lessons=3, publications=1), seen=held.version
        )
        theirs = monitoring.save_indicators(
            other, pid, *H1, Indicators(open_lessons=4, publications=1), seen=theirs
        )
        stored = monitoring.get_indicators(any_ws.db, pid, *H1)
        assert (stored.open_lessons, stored.publications) == (4, 1)
        # AND A, still holding the older version, is refused in turn, also when B removed all
        with pytest.raises(StaleRecordError):
            monitoring.save_indicators(any_ws.db, pid, *H1, Indicators(competitions=1), mine)
        assert monitoring.save_indicators(other, pid, *H1, Indicators(), seen=theirs) == 0
        with pytest.raises(
            StaleRecordError, match="«Показатели мониторинга за 01.09.2026 – 31.12.2026»"
        ):
            monitoring.save_indicators(any_ws.db, pid, *H1, Indicators(competitions=1), mine)
        assert monitoring.get_indicators(any_ws.db, pid, *H1).empty
    finally:
        other.dispose()


def test_half_year_report_texts_saved_by_another_user_are_not_overwritten(
    any_ws: Workspace,
) -> None:
    # GIVEN the autumn report, not saved yet, opened by users A and B
    other = _second_handle(any_ws)
    try:
        assert halfyear_periods.find_report(any_ws.db, *H1) is None
        # WHEN A saves the texts twice, each time from the version the last save returned
        mine = halfyear_periods.record_report(any_ws.db, *H1, "Вывод А.", "", seen=0)
        mine = halfyear_periods.record_report(any_ws.db, *H1, "Вывод А.", "Совет А.", seen=mine)
        # THEN B's texts saved over the empty report B read are refused, naming the report
        with pytest.raises(StaleRecordError, match="«Отчёт за 01.09.2026 – 31.12.2026»") as no:
            halfyear_periods.record_report(other, *H1, "Вывод Б.", "", seen=0)
        assert "Обновите данные" in str(no.value)
        stored = halfyear_periods.find_report(any_ws.db, *H1)
        assert stored is not None
        assert (stored.conclusions, stored.recommendations) == ("Вывод А.", "Совет А.")
        # WHEN B reloads THEN B's consecutive saves go through
        read = halfyear_periods.find_report(other, *H1)
        assert read is not None
        theirs = halfyear_periods.record_report(other, *H1, "Вывод Б.", "", seen=read.version)
        halfyear_periods.record_report(other, *H1, "Вывод Б.", "Совет Б.", seen=theirs)
        stored = halfyear_periods.find_report(any_ws.db, *H1)
        assert stored is not None and stored.recommendations == "Совет Б."
        # AND A, holding the older version, is refused in turn
        with pytest.raises(StaleRecordError):
            halfyear_periods.record_report(any_ws.db, *H1, "Вывод А2.", "", seen=mine)
        stored = halfyear_periods.find_report(any_ws.db, *H1)
        assert stored is not None and stored.conclusions == "Вывод Б."
    finally:
        other.dispose()


def test_a_questionnaire_changed_by_another_user_is_not_overwritten_or_deleted(
    any_ws: Workspace,
) -> None:
    # GIVEN the mentee questionnaire, open in the editors of users A and B
    qid = qs.list_questionnaires(any_ws.db, "mentee")[0].id
    assert qid is not None
    other = _second_handle(any_ws)
    try:
        mine, theirs = qs.get_questionnaire(any_ws.db, qid), qs.get_questionnaire(other, qid)
        # WHEN A rewords a question only (the questionnaire's own row unchanged)
        mine.questions[0].text = "Насколько вам полезны встречи с наставником?"
        qs.save_questionnaire(any_ws.db, mine, seen=mine.version)
        # THEN B's save of the questionnaire read before is refused, naming it
        theirs.title = "Анкета Б"
        with pytest.raises(StaleRecordError, match=f"«Анкета: {mine.title}»") as refused:
            qs.save_questionnaire(other, theirs, seen=theirs.version)
        assert "Обновите данные" in str(refused.value)
        # AND so is B's deleting it
        with pytest.raises(StaleRecordError):
            qs.delete_questionnaire(other, qid, seen=theirs.version)
        stored = qs.get_questionnaire(any_ws.db, qid)
        assert stored.title == mine.title
        assert stored.questions[0].text == "Насколько вам полезны встречи с наставником?"
        # WHEN A saves again from what A's last save stored THEN it goes through
        mine = qs.get_questionnaire(any_ws.db, qid)
        mine.description = "Заполняется в конце полугодия."
        qs.save_questionnaire(any_ws.db, mine, seen=mine.version)
        # AND B, after reloading, saves consecutively too
        theirs = qs.get_questionnaire(other, qid)
        theirs.title = "Анкета Б"
        qs.save_questionnaire(other, theirs, seen=theirs.version)
        theirs = qs.get_questionnaire(other, qid)
        theirs.questions[0].text = "Полезны ли встречи?"
        qs.save_questionnaire(other, theirs, seen=theirs.version)
        stored = qs.get_questionnaire(any_ws.db, qid)
        assert (stored.title, stored.description) == ("Анкета Б", "Заполняется в конце полугодия.")
        assert stored.questions[0].text == "Полезны ли встречи?"
        # AND A, holding the older version, can neither save nor delete it
        with pytest.raises(StaleRecordError):
            qs.delete_questionnaire(any_ws.db, qid, seen=mine.version)
        assert qs.get_questionnaire(any_ws.db, qid).title == "Анкета Б"
    finally:
        other.dispose()


def test_a_round_another_user_changed_is_not_deleted(any_ws: Workspace) -> None:
    # GIVEN a teacher's diagnostic round, open for users A and B
    person = persons.save_person(any_ws.db, PersonData(last_name="Петрова", first_name="Ольга"))
    rid = diagnostics.save_round(any_ws.db, RoundInput(person, DAY, "коллеги"), today=DAY)
    d0 = grid_state.directions(any_ws.db)[0].id
    other = _second_handle(any_ws)
    try:
        mine = diagnostics.get_round(any_ws.db, rid).version
        theirs = diagnostics.get_round(other, rid).version
        # WHEN A saves a cell
        diagnostics.save_cell(any_ws.db, rid, CellInput(d0, deficit="мало приёмов"), seen=mine)
        # THEN B's deletion of the round read before is refused, naming the round
        with pytest.raises(StaleRecordError, match="«Диагностика: 01.03.2026»") as refused:
            diagnostics.delete_round(other, rid, seen=theirs)
        assert "Обновите данные" in str(refused.value)
        assert [c.deficit for c in diagnostics.get_round(any_ws.db, rid).cells] == ["мало приёмов"]
        # WHEN B reloads THEN the deletion goes through
        diagnostics.delete_round(other, rid, seen=diagnostics.get_round(other, rid).version)
        assert diagnostics.list_rounds(any_ws.db, person) == []
    finally:
        other.dispose()


def test_roadmap_rows_another_user_changed_are_not_copied_to_the_mentees(
    any_ws: Workspace,
) -> None:
    # GIVEN a group program with two roadmap rows, open for users A and B
    pid, first, second = _two_rows(any_ws.db)
    mentees = [m.id for m in programs.get_program(any_ws.db, pid).mentees]
    other = _second_handle(any_ws)
    try:
        theirs = {i.id: i.version for i in programs.get_program(other, pid).items}
        # WHEN A changes the second row
        held = programs_items.get_item(any_ws.db, second).version
        programs_items.update_item(any_ws.db, second, seen=held, activity_kind="Вебинар-практикум")
        # THEN B's copy of both rows to the mentees' modules is refused, naming the row
        with pytest.raises(
            StaleRecordError, match="«Строка дорожной карты: Вебинар-практикум»"
        ) as refused:
            programs_items.copy_to_mentees(other, pid, [first, second], mentees, theirs)
        assert "Обновите данные" in str(refused.value)
        # AND nothing was copied, not even the unchanged first row
        assert [i.id for i in programs.get_program(any_ws.db, pid).items] == [first, second]
        # WHEN B reloads THEN the copy goes through, with A's wording
        theirs = {i.id: i.version for i in programs.get_program(other, pid).items}
        new_ids = programs_items.copy_to_mentees(other, pid, [first, second], mentees, theirs)
        assert len(new_ids) == 2 * len(mentees)
        kinds = [programs_items.get_item(any_ws.db, i).activity_kind for i in new_ids]
        assert kinds.count("Вебинар-практикум") == len(mentees)
    finally:
        other.dispose()
