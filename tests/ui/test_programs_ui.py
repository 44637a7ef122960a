"""The «Программы» tab: list, editor, roadmap editing with undo, saving as typed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.services.programs import programs, programs_items
from app.services.programs.programs import ItemData
from app.services.storage.workspace import Workspace
from app.ui.programs.program_roadmap_model import COL_KIND, COL_MARK, COL_START, COL_WHO
from app.ui.programs.programs_tab import ProgramsTab
from tests.services.program_fixtures import direction_ids, make_pair
from tests.ui.test_person_dialog import type_text


@pytest.fixture
def program(ws: Workspace) -> int:
    pair_id, _ = make_pair(ws.db)
    pid = programs.create_program(ws.db, pair_id, fill=False)
    d = programs.get_program(ws.db, pid).directions[0].direction_id
    programs_items.add_item(
        ws.db, pid, ItemData(d, activity_kind="Семинар", start_date=dt.date(2026, 9, 10))
    )
    programs_items.add_item(
        ws.db, pid, ItemData(d, activity_kind="Вебинар", end_date=dt.date(2026, 9, 20))
    )
    return pid


def _tab(qtbot, ws: Workspace) -> ProgramsTab:  # type: ignore[no-untyped-def]
    tab = ProgramsTab(ws)
    qtbot.addWidget(tab)
    tab.show()
    return tab


def _row_of(tab: ProgramsTab, text: str) -> int:
    model = tab.editor.roadmap.model
    return next(r for r in range(model.rowCount()) if model.index(r, COL_KIND).data() == text)


def test_list_shows_pair_dates_and_progress(qtbot, ws, program) -> None:
    tab = _tab(qtbot, ws)
    model = tab.model
    assert model.rowCount() == 1
    texts = [model.index(0, c).data() for c in range(model.columnCount())]
    assert "Е.А.\u00a0Кузнецова → А.П.\u00a0Смирнова" in texts[0]
    assert texts[3:5] == ["01.09.2026", "31.05.2027"]
    assert texts[6] == "0% (0 из 2)"
    # the overdue filter hides it when nothing is overdue... and shows it when something is
    tab.overdue.setChecked(True)
    assert model.rowCount() == 1  # two dates in September 2026 are past today
    tab.search.setText("Иванов")
    assert model.rowCount() == 0 and tab.count.text() == "Программ: 0 из 1"


def test_edit_a_cell_undo_it_and_reopen(qtbot, ws, program) -> None:
    # GIVEN the editor open on the roadmap
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    page = tab.editor.roadmap
    tab.editor.pages.setCurrentWidget(page)
    row = _row_of(tab, "Семинар")
    index = page.model.index(row, COL_KIND)
    # WHEN a cell is edited through the model (as the delegate does)
    assert page.model.setData(index, "Семинар по ФГОС", Qt.ItemDataRole.EditRole)
    # THEN it is saved at once
    item_id = page.item_id_at(row)
    assert programs_items.get_item(ws.db, item_id).activity_kind == "Семинар по ФГОС"
    # WHEN Ctrl+Z is pressed in the table
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # THEN the old text is back in the database and on screen
    assert programs_items.get_item(ws.db, item_id).activity_kind == "Семинар"
    assert page.model.index(row, COL_KIND).data() == "Семинар"
    # AND after a redo, going back to the list and reopening shows the saved value
    page.undo_stack.redo()
    tab.editor.go_back()
    tab.open_program(program)
    assert _row_of(tab, "Семинар по ФГОС") >= 0


def test_mark_done_and_a_date_outside_the_period_is_flagged(qtbot, ws, program) -> None:
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    page = tab.editor.roadmap
    row = _row_of(tab, "Вебинар")
    assert page.model.setData(page.model.index(row, COL_MARK), "done")
    assert "Выполнено 100%" not in tab.editor.summary.text()
    assert "Выполнено 50% (1 из 2)" in tab.editor.summary.text()
    # a start date before the program's period is saved but flagged in orange with a tooltip
    assert page.model.setData(page.model.index(row, COL_START), dt.date(2026, 8, 1))
    tip = page.model.index(row, COL_START).data(Qt.ItemDataRole.ToolTipRole)
    assert "вне срока программы" in tip
    assert page.model.index(row, COL_START).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_end_before_start_is_refused_with_a_message(qtbot, ws, program) -> None:
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    page = tab.editor.roadmap
    row = _row_of(tab, "Семинар")
    from app.ui.programs.program_roadmap_model import COL_END

    assert not page.model.setData(page.model.index(row, COL_END), dt.date(2026, 9, 1))
    assert "раньше" in page.message.text()
    assert programs_items.get_item(ws.db, page.item_id_at(row)).end_date is None


def test_delete_and_undo_restores_the_row(qtbot, ws, program) -> None:
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    page = tab.editor.roadmap
    page.table.selectRow(_row_of(tab, "Вебинар"))
    page.delete_rows()
    assert [i.activity_kind for i in programs.get_program(ws.db, program).items] == ["Семинар"]
    page.undo_stack.undo()
    assert [i.activity_kind for i in programs.get_program(ws.db, program).items] == [
        "Семинар",
        "Вебинар",
    ]
    assert _row_of(tab, "Вебинар") > 0


def test_add_row_goes_to_the_current_direction(qtbot, ws, program) -> None:
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    page = tab.editor.roadmap
    page.table.setCurrentIndex(page.model.index(_row_of(tab, "Семинар"), COL_KIND))
    page.add_row()
    items = programs.get_program(ws.db, program).items
    assert (
        len(items) == 3
        and items[1].activity_kind == ""
        and items[1].direction_id == items[0].direction_id
    )
    page.undo_stack.undo()
    assert len(programs.get_program(ws.db, program).items) == 2


def test_note_typed_is_saved_when_switching_tabs(qtbot, ws, program) -> None:
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    goal = tab.editor.note.fields["goal"]
    goal.setPlainText("Научиться ставить цели урока")  # a pause before the timer fires
    tab.editor.pages.setCurrentWidget(tab.editor.roadmap)  # leaving the page saves
    assert programs.get_program(ws.db, program).note.goal == "Научиться ставить цели урока"


def test_note_typed_is_saved_when_the_window_closes(qtbot, ws, program) -> None:
    from app.ui.window.main_window import MainWindow

    w = MainWindow(ws)
    qtbot.addWidget(w)
    w.show()
    w.tabs.setCurrentWidget(w.programs)
    w.programs.open_program(program)
    w.programs.editor.note.fields["problem"].setPlainText("Трудно держать дисциплину")
    w.close()
    assert programs.get_program(ws.db, program).note.problem == "Трудно держать дисциплину"


def test_group_program_shows_the_part_column(qtbot, ws) -> None:
    pair_id, mentees = make_pair(ws.db, mentees=2)
    pid = programs.create_program(ws.db, pair_id, fill=False)
    d = direction_ids(ws.db)[3]
    programs_items.add_item(ws.db, pid, ItemData(d, activity_kind="Общий"))
    programs_items.add_item(ws.db, pid, ItemData(d, mentee_id=mentees[0], activity_kind="Свой"))
    tab = _tab(qtbot, ws)
    tab.open_program(pid)
    page = tab.editor.roadmap
    assert not page.table.isColumnHidden(COL_WHO)
    assert page.model.index(_row_of(tab, "Общий"), COL_WHO).data() == "общая часть"
    assert page.model.index(_row_of(tab, "Свой"), COL_WHO).data() == "Смирнова Анна Петровна"
    page.part_box.setCurrentIndex(page.part_box.findData(None))
    kinds = [page.model.index(r, COL_KIND).data() for r in range(page.model.rowCount())]
    assert "Общий" in kinds and "Свой" not in kinds


def test_a_cell_being_edited_is_saved_when_leaving_the_page(qtbot, ws, program) -> None:
    # GIVEN a roadmap cell open for editing with new text typed in it
    tab = _tab(qtbot, ws)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    tab.open_program(program)
    page = tab.editor.roadmap
    tab.editor.pages.setCurrentWidget(page)
    row = _row_of(tab, "Семинар")
    index = page.model.index(row, COL_KIND)
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    from app.ui.common.widgets import EditableCombo

    editor = page.table.findChild(EditableCombo)
    assert editor is not None
    editor.setEditText("Семинар ЦНППМ")
    # WHEN the curator switches to the note page without pressing Enter
    tab.editor.pages.setCurrentWidget(tab.editor.note)
    # THEN the text is saved
    assert programs_items.get_item(ws.db, page.item_id_at(row)).activity_kind == "Семинар ЦНППМ"


def test_diary_line_typed_is_kept_when_leaving_the_page(qtbot, ws, program) -> None:
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    diary = tab.editor.diary
    tab.editor.pages.setCurrentWidget(diary)
    diary.topic.setText("Разбор урока")
    diary.topic.textEdited.emit("Разбор урока")
    tab.editor.pages.setCurrentWidget(tab.editor.note)
    from app.services.programs import programs_journal

    assert [e.topic for e in programs_journal.diary(ws.db, program)] == ["Разбор урока"]


def test_create_from_a_starter_template_in_the_dialog(qtbot, ws) -> None:
    from app.ui.programs.program_create_dialog import CreateProgramDialog

    make_pair(ws.db)
    dialog = CreateProgramDialog(ws)
    qtbot.addWidget(dialog)
    dialog.template_box.setCurrentIndex(1)  # the first starter template
    dialog.start.setText("14.09.2026")
    assert dialog.save()
    data = programs.get_program(ws.db, dialog.program_id)
    assert data.note.start_date == dt.date(2026, 9, 14) and data.items
    assert min(i.start_date for i in data.items if i.start_date) >= dt.date(2026, 9, 14)


def test_create_dialog_refuses_a_bad_date(qtbot, ws) -> None:
    from app.ui.programs.program_create_dialog import CreateProgramDialog

    make_pair(ws.db)
    dialog = CreateProgramDialog(ws)
    qtbot.addWidget(dialog)
    dialog.start.setText("31.02.2026")
    assert not dialog.save()
    assert dialog.msgs.text("start_date") == "Такой даты нет: 31.02.2026"
    assert programs.list_programs(ws.db) == []


def test_note_field_refused_stays_pending_and_the_rest_are_saved(
    qtbot, ws, program, monkeypatch
) -> None:
    from app.errors import KuratorError

    # GIVEN the note with the goal and the problem typed, and the goal refused by the store
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    note = tab.editor.note
    real = programs.update_note

    def refuse_goal(db, pid, name, value, **kw):  # type: ignore[no-untyped-def]
        if name == "goal":
            raise KuratorError("База данных занята другой программой.")
        return real(db, pid, name, value, **kw)

    monkeypatch.setattr(programs, "update_note", refuse_goal)
    note.fields["goal"].setPlainText("Освоить урок")
    note.fields["problem"].setPlainText("Урок не выстроен")
    # WHEN the typing is saved
    note.flush()
    # THEN the problem is saved, the goal is not lost: it waits and the reason is shown
    stored = programs.get_program(ws.db, program).note
    assert stored.problem == "Урок не выстроен" and stored.goal == ""
    assert "База данных занята" in note.message.text() and "goal" in note._pending
    # WHEN the store works again THEN the next save takes the goal too
    monkeypatch.setattr(programs, "update_note", real)
    note.flush()
    assert programs.get_program(ws.db, program).note.goal == "Освоить урок"
    assert note.message.text() == "" and not note._pending


def test_reflection_refused_is_kept_and_explained(qtbot, ws, program, monkeypatch) -> None:
    from app.errors import KuratorError
    from app.services.programs import programs_journal

    # GIVEN the reflection page of a program with a first-priority deficit
    data = programs.get_program(ws.db, program)
    did = next(d.direction_id for d in data.directions if d.priority)
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    page = tab.editor.reflection
    tab.editor.pages.setCurrentWidget(page)
    text, _ = page.editors[did]
    text.setPlainText("Почти достигнут")
    real = programs_journal.update_direction

    def refuse(*_a, **_k):  # type: ignore[no-untyped-def]
        raise KuratorError("Этого направления уже нет в программе.")

    monkeypatch.setattr(programs_journal, "update_direction", refuse)
    # WHEN the curator leaves the page and the save is refused
    tab.editor.pages.setCurrentWidget(tab.editor.note)
    # THEN the reason is shown in Russian and the text is still waiting to be saved
    assert "Рефлексия не сохранена" in page.message.text()
    assert did in page._dirty and text.toPlainText() == "Почти достигнут"
    # WHEN saving works again THEN it is saved
    monkeypatch.setattr(programs_journal, "update_direction", real)
    assert page.flush() is True
    stored = next(
        d for d in programs.get_program(ws.db, program).directions if d.direction_id == did
    )
    assert stored.reflection == "Почти достигнут" and page.message.text() == ""


def test_diary_outcome_without_topic_is_kept_and_asked_about(
    qtbot, ws, program, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.services.programs import programs_journal

    # GIVEN the diary page with an outcome typed and no topic
    other_pair, _ = make_pair(ws.db)
    other = programs.create_program(ws.db, other_pair, fill=False)
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    page = tab.editor.diary
    tab.editor.pages.setCurrentWidget(page)
    type_text(qtbot, page.outcome, "Урок разобран")
    # WHEN the curator leaves the page
    tab.editor.pages.setCurrentWidget(tab.editor.note)
    # THEN nothing is saved, the reason is next to the topic and the outcome is still there
    assert programs_journal.diary(ws.db, program) == []
    assert page.msgs.text("topic") == "Укажите тему встречи."
    assert page.outcome.text() == "Урок разобран"
    # WHEN coming back to the page (it reloads) THEN the typed line is still in the form
    tab.editor.pages.setCurrentWidget(page)
    assert page.outcome.text() == "Урок разобран"
    # WHEN another program is opened and the curator answers «Нет» to dropping the line
    asked: list[str] = []

    def answer(result):  # type: ignore[no-untyped-def]
        def ask(_parent, _title, text, *_a):  # type: ignore[no-untyped-def]
            asked.append(text)
            return result

        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    tab.open_program(other)
    # THEN the question named the reason and the editor stays on the first program
    assert "Укажите тему встречи" in asked[0]
    assert tab.editor.data is not None and tab.editor.data.id == program
    assert page.outcome.text() == "Урок разобран"
    # WHEN the topic is typed and the other program opened THEN the line is saved first
    type_text(qtbot, page.topic, "Анализ урока")
    tab.open_program(other)
    assert tab.editor.data is not None and tab.editor.data.id == other
    saved = programs_journal.diary(ws.db, program)
    assert [(e.topic, e.outcome) for e in saved] == [("Анализ урока", "Урок разобран")]
    assert len(asked) == 1


def test_status_filter_offers_ended_early(qtbot, ws, program) -> None:
    from app.services.pairs import pairs

    # GIVEN the program's pair ended early
    pair_id = programs.get_program(ws.db, program).pair_id
    pairs.end_early(ws.db, pair_id, dt.date(2026, 12, 1), "Переезд")
    tab = _tab(qtbot, ws)
    # WHEN the list is filtered by «прекращена досрочно»
    i = tab.status_box.findData("ended_early")
    assert tab.status_box.itemText(i) == "прекращена досрочно"
    tab.status_box.setCurrentIndex(i)
    # THEN the program is there with that state
    assert tab.model.rowCount() == 1
    assert "прекращена досрочно" in [
        tab.model.index(0, c).data() for c in range(tab.model.columnCount())
    ]


def test_note_saved_over_another_users_change_is_refused_and_reloaded(qtbot, ws, program) -> None:
    # GIVEN the program open in the editor, its goal then saved by another user
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    note = tab.editor.note
    theirs = programs.get_program(ws.db, program)
    programs.update_note(ws.db, program, "goal", "Цель коллеги", held=theirs)
    # WHEN the goal is typed here over the older copy and the typing is saved
    note.fields["goal"].setPlainText("Моя цель")
    note.flush()
    # THEN the save is refused in Russian, naming the program and offering to reload
    text = note.message.text()
    assert "Программа наставничества" in text and "изменил другой пользователь" in text
    assert "Обновите данные" in text and "уже показана в том виде" in text
    # AND the colleague's goal stays stored and is shown again in the editor
    assert programs.get_program(ws.db, program).note.goal == "Цель коллеги"
    assert note.fields["goal"].toPlainText() == "Цель коллеги"  # type: ignore[attr-defined]
    # WHEN the curator types again, twice, each time saved as typed
    note.fields["problem"].setPlainText("Урок не выстроен")
    note.flush()
    note.fields["goal"].setPlainText("Цель коллеги и моя")
    note.flush()
    # THEN both saves go through (the editor continues from its own saves)
    stored = programs.get_program(ws.db, program).note
    assert (stored.problem, stored.goal) == ("Урок не выстроен", "Цель коллеги и моя")
    assert note.message.text() == ""


def test_roadmap_row_saved_over_another_users_change_is_refused_and_reloaded(
    qtbot, ws, program
) -> None:
    # GIVEN the roadmap open, its first row then changed by another user
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    page = tab.editor.roadmap
    first = _row_of(tab, "Семинар")
    item_id = page.model.rows[first].item.id
    theirs = programs_items.get_item(ws.db, item_id)
    programs_items.update_item(ws.db, item_id, theirs.version, activity_kind="Семинар коллеги")
    # WHEN the same row's activity is edited here over the older copy
    index = page.model.index(first, COL_KIND)
    assert not page.model.setData(index, "Мой семинар", Qt.ItemDataRole.EditRole)
    # THEN the refusal is shown in Russian and the roadmap shows the stored row
    qtbot.waitUntil(lambda: "изменил другой пользователь" in page.message.text())
    assert "Строка дорожной карты: Семинар коллеги" in page.message.text()
    assert _row_of(tab, "Семинар коллеги") >= 0
    assert programs_items.get_item(ws.db, item_id).activity_kind == "Семинар коллеги"
    # WHEN the row is edited again, twice THEN both edits are saved
    row = _row_of(tab, "Семинар коллеги")
    assert page.model.setData(page.model.index(row, COL_KIND), "Семинар-1")
    assert page.model.setData(page.model.index(row, COL_KIND), "Семинар-2")
    assert programs_items.get_item(ws.db, item_id).activity_kind == "Семинар-2"
    # WHEN the other user changes the row again and the curator then presses Ctrl+Z
    theirs = programs_items.get_item(ws.db, item_id)
    programs_items.update_item(ws.db, item_id, theirs.version, activity_kind="Тренинг")
    page.message.clear()
    page.undo_stack.undo()
    # THEN the undo is refused too, the colleague's row stays and is shown, undo is reset
    qtbot.waitUntil(lambda: "изменил другой пользователь" in page.message.text())
    assert programs_items.get_item(ws.db, item_id).activity_kind == "Тренинг"
    assert _row_of(tab, "Тренинг") >= 0 and page.undo_stack.count() == 0


def test_roadmap_row_changed_by_another_user_is_not_deleted_or_moved(qtbot, ws, program) -> None:
    # GIVEN the roadmap open, its first row then changed by another user
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    page = tab.editor.roadmap
    item_id = page.model.rows[_row_of(tab, "Семинар")].item.id
    theirs = programs_items.get_item(ws.db, item_id)
    programs_items.update_item(ws.db, item_id, theirs.version, place="каб. 12")
    # WHEN the curator deletes that row here
    page.table.selectRow(_row_of(tab, "Семинар"))
    page.delete_rows()
    # THEN the delete is refused in Russian, naming the row, and the row stays as stored
    qtbot.waitUntil(lambda: "изменил другой пользователь" in page.message.text())
    assert "Строка дорожной карты: Семинар" in page.message.text()
    assert "Обновите данные" in page.message.text()
    assert programs_items.get_item(ws.db, item_id).place == "каб. 12"
    assert [i.place for i in page.data.items if i.id == item_id] == ["каб. 12"]
    # WHEN the other user changes it again and the curator moves it down
    theirs = programs_items.get_item(ws.db, item_id)
    programs_items.update_item(ws.db, item_id, theirs.version, place="актовый зал")
    page.message.clear()
    page.table.selectRow(_row_of(tab, "Семинар"))
    page.move_down()
    # THEN the move is refused too and the order is unchanged
    qtbot.waitUntil(lambda: "изменил другой пользователь" in page.message.text())
    kinds = [i.activity_kind for i in programs.get_program(ws.db, program).items]
    assert kinds == ["Семинар", "Вебинар"]
    # WHEN the curator (now holding the stored row) moves and then deletes it
    page.message.clear()
    page.table.selectRow(_row_of(tab, "Семинар"))
    page.move_down()
    kinds = [i.activity_kind for i in programs.get_program(ws.db, program).items]
    assert kinds == ["Вебинар", "Семинар"]
    page.table.selectRow(_row_of(tab, "Семинар"))
    page.delete_rows()
    # THEN both go through
    assert [i.activity_kind for i in programs.get_program(ws.db, program).items] == ["Вебинар"]
    assert page.message.text() == ""


def test_redo_of_a_delete_over_another_users_newer_edit_is_refused(qtbot, ws, program) -> None:
    # GIVEN the curator deleted a row and undid it, then another user edited the row
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    page = tab.editor.roadmap
    item_id = page.model.rows[_row_of(tab, "Вебинар")].item.id
    page.table.selectRow(_row_of(tab, "Вебинар"))
    page.delete_rows()
    page.undo_stack.undo()
    back = programs_items.get_item(ws.db, item_id)
    programs_items.update_item(ws.db, item_id, back.version, place="каб. 7")
    # WHEN the curator redoes the delete (Ctrl+Y)
    page.undo_stack.redo()
    # THEN it is refused, the row and the other user's edit stay, the undo history is dropped
    qtbot.waitUntil(lambda: "изменил другой пользователь" in page.message.text())
    assert programs_items.get_item(ws.db, item_id).place == "каб. 7"
    assert _row_of(tab, "Вебинар") >= 0 and page.undo_stack.count() == 0


def test_diary_line_changed_by_another_user_is_not_overwritten_or_deleted(
    qtbot, ws, program
) -> None:
    from app.services.programs import programs_journal

    # GIVEN a diary line picked in the form, then changed by another user
    line_id = programs_journal.save_diary_entry(
        ws.db, program, programs_journal.DiaryEntry(dt.date(2026, 9, 15), "Анализ урока")
    )
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    page = tab.editor.diary
    tab.editor.pages.setCurrentWidget(page)
    page.table.selectRow(0)
    theirs = programs_journal.diary(ws.db, program)[0]
    theirs.outcome = "Разобран коллегой"
    programs_journal.save_diary_entry(ws.db, program, theirs)
    # WHEN the curator types an outcome and saves
    type_text(qtbot, page.outcome, "Мой итог")
    assert not page.save()
    # THEN it is refused in Russian, naming the line, and the form shows the stored line
    shown = page.msgs.text("topic")
    assert "Запись дневника наставника: 15.09.2026 Анализ урока" in shown
    assert "изменил другой пользователь" in shown and "Показано то, что сохранено" in shown
    assert page.outcome.text() == "Разобран коллегой"
    assert programs_journal.diary(ws.db, program)[0].outcome == "Разобран коллегой"
    # WHEN the other user changes it again and the curator deletes the line
    theirs = programs_journal.diary(ws.db, program)[0]
    theirs.recommendations = "Посетить урок"
    programs_journal.save_diary_entry(ws.db, program, theirs)
    page.delete()
    # THEN the delete is refused too and the line stays
    assert "изменил другой пользователь" in page.msgs.text("topic")
    assert [e.id for e in programs_journal.diary(ws.db, program)] == [line_id]
    assert page.recommendations.text() == "Посетить урок"
    # WHEN the curator (now holding the stored line) saves and then deletes it
    type_text(qtbot, page.outcome, " и мой")
    assert page.save()
    assert programs_journal.diary(ws.db, program)[0].outcome == "Разобран коллегой и мой"
    page.table.selectRow(0)
    page.delete()
    # THEN both go through
    assert programs_journal.diary(ws.db, program) == []


def test_reflection_and_mark_changed_by_another_user_are_shown_not_overwritten(
    qtbot, ws, program
) -> None:
    from app.services.grid import grid_state
    from app.services.programs import programs_journal

    # GIVEN the reflection and self-assessment pages open, then another user writes the
    # reflection and sets the first mark
    data = programs.get_program(ws.db, program)
    did = next(d.direction_id for d in data.directions if d.priority)
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    page = tab.editor.reflection
    tab.editor.pages.setCurrentWidget(page)
    programs_journal.update_direction(ws.db, program, did, reflection="Текст коллеги")
    # WHEN the curator types a reflection and leaves the page
    text, _ = page.editors[did]
    text.setPlainText("Мой текст")
    tab.editor.pages.setCurrentWidget(tab.editor.note)
    # THEN the save is refused, the colleague's text stays and is shown with the reason
    stored = next(
        d for d in programs.get_program(ws.db, program).directions if d.direction_id == did
    )
    assert stored.reflection == "Текст коллеги"
    qtbot.waitUntil(lambda: "изменил другой пользователь" in page.message.text())
    assert "Направление программы" in page.message.text()
    assert page.editors[did][0].toPlainText() == "Текст коллеги"
    # AND the next reflection typed is saved
    page.editors[did][0].setPlainText("Текст коллеги и мой")
    assert page.flush() and page.message.text() == ""
    stored = next(
        d for d in programs.get_program(ws.db, program).directions if d.direction_id == did
    )
    assert stored.reflection == "Текст коллеги и мой"
    # GIVEN the self-assessment sheet open, then the same mark set by another user
    sheet = tab.editor.assessment
    tab.editor.pages.setCurrentWidget(sheet)
    levels = grid_state.levels(ws.db)
    first = programs_journal.Assessment(data.mentees[0].id, data.directions[0].direction_id)
    first.level_start_id = levels[0].id
    programs_journal.save_assessment(ws.db, program, first)
    # WHEN the curator sets that mark here
    box = sheet.table.cellWidget(0, 2)
    box.setCurrentIndex(box.findData(levels[1].id))
    # THEN it is refused: the colleague's level stays and is shown, with the reason
    qtbot.waitUntil(lambda: "изменил другой пользователь" in sheet.message.text())
    (mark,) = programs_journal.assessments(ws.db, program)
    assert mark.level_start_id == levels[0].id
    assert sheet.table.cellWidget(0, 2).currentData() == levels[0].id
    # WHEN the curator sets it again THEN it is saved
    box = sheet.table.cellWidget(0, 2)
    box.setCurrentIndex(box.findData(levels[1].id))
    (mark,) = programs_journal.assessments(ws.db, program)
    assert mark.level_start_id == levels[1].id


def test_roadmap_row_changed_by_another_user_is_not_copied_to_the_modules(
    qtbot, ws, program, monkeypatch
) -> None:
    # GIVEN the roadmap open, its first row then changed by another user
    from PySide6.QtWidgets import QDialog

    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    tab = _tab(qtbot, ws)
    tab.open_program(program)
    page = tab.editor.roadmap
    item_id = page.model.rows[_row_of(tab, "Семинар")].item.id
    theirs = programs_items.get_item(ws.db, item_id)
    programs_items.update_item(ws.db, item_id, theirs.version, place="каб. 12")
    # WHEN the curator copies that row into the mentees' modules here
    page.table.selectRow(_row_of(tab, "Семинар"))
    page.copy_to_modules()
    # THEN the copy is refused in Russian, naming the row, and nothing is copied
    qtbot.waitUntil(lambda: "изменил другой пользователь" in page.message.text())
    assert "Строка дорожной карты: Семинар" in page.message.text()
    assert len(programs.get_program(ws.db, program).items) == 2
    assert [i.place for i in page.data.items if i.id == item_id] == ["каб. 12"]
    # WHEN the curator (now holding the stored row) copies it again THEN it is copied
    page.message.clear()
    page.table.selectRow(_row_of(tab, "Семинар"))
    page.copy_to_modules()
    items = programs.get_program(ws.db, program).items
    assert len(items) == 3 and [i.place for i in items].count("каб. 12") == 2
