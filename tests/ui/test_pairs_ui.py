"""The pair dialog and the «Пары и группы» tab: rules shown in Russian, saving, history."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.models.db import Database
from app.services.pairs import pairs
from app.services.pairs.pair_data import PairData
from app.services.people.persons import PersonData, save_person
from app.services.storage.workspace import Workspace
from app.ui.common import widgets
from app.ui.pairs.pair_change_dialog import PairChangeDialog
from app.ui.pairs.pair_dialog import PairDialog
from app.ui.pairs.pair_table_model import COL_PROGRESS, HEADERS
from app.ui.pairs.pairs_tab import PairsTab
from tests.ui.test_person_dialog import type_text

START, END = dt.date(2026, 9, 1), dt.date(2027, 5, 31)


@pytest.fixture(autouse=True)
def _discard_on_teardown(monkeypatch):  # type: ignore[no-untyped-def]
    """Dialogs left open with changes answer «Не сохранять» when qtbot closes them."""
    for cls in (PairDialog, PairChangeDialog):
        monkeypatch.setattr(cls, "ask_save_changes", lambda parent: widgets.DISCARD)


def person(db: Database, last: str, first: str = "Мария", middle: str = "Петровна") -> int:
    return save_person(
        db, PersonData(last_name=last, first_name=first, middle_name=middle, position="Учитель")
    )


def _open(qtbot, ws: Workspace, pair_id: int | None = None) -> PairDialog:  # type: ignore[no-untyped-def]
    dialog = PairDialog(ws, None, pair_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _fill(
    qtbot,
    dialog: PairDialog,
    mentor: int,
    mentee: int,  # type: ignore[no-untyped-def]
    start: str = "01.09.2026",
    end: str = "31.05.2027",
) -> None:
    dialog.mentor.set_id(mentor)
    dialog.mentee.set_id(mentee)
    for key, text in (("start_date", start), ("end_date", end)):
        dialog.fields[key].clear()  # type: ignore[attr-defined]
        type_text(qtbot, dialog.fields[key], text)


def test_a_pair_breaking_the_mentor_limit_shows_why_and_saves_nothing(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a mentor already running four programs over the school year
    db = ws.db
    mentor = person(db, "Кузнецова", "Елена", "Андреевна")
    for name in ("Аникина", "Борисова", "Власова", "Громова"):
        pairs.save_pair(
            db,
            PairData(
                mentor_id=mentor,
                mentee_ids=[person(db, name)],
                start_date=START,
                end_date=END,
                status="active",
            ),
        )
    mentee = person(db, "Смирнова", "Дарья", "Алексеевна")
    # WHEN a fifth pair is typed into the dialog and saved
    dialog = _open(qtbot, ws)
    _fill(qtbot, dialog, mentor, mentee)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # THEN the Russian explanation names the mentor and her pairs, next to the mentor field
    message = dialog.messages.text("mentor_id")
    assert message.startswith(
        "Наставник Кузнецова Елена Андреевна уже ведёт 4 программы в эти сроки: пара № 1"
    )
    assert "наставляемый Аникина М.П., 01.09.2026–31.05.2027" in message
    assert dialog.hint.text().startswith("Пару нельзя сохранить: нарушено правило")
    # AND nothing was saved and the dialog is still open
    assert dialog.isVisible() and dialog.result() == 0
    assert len(pairs.list_pairs(db)) == 4


def test_self_mentoring_and_short_terms_are_explained_next_to_the_fields(
    qtbot, ws: Workspace
) -> None:  # type: ignore[no-untyped-def]
    db = ws.db
    me = person(db, "Иванова")
    dialog = _open(qtbot, ws)
    _fill(qtbot, dialog, me, me, end="15.10.2026")
    # THEN the short term shows the confirmation box before saving
    assert dialog.duration_check.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.messages.text("mentee_ids") == (
        "Наставник не может быть наставляемым в своей же паре или группе."
    )
    assert dialog.messages.text("duration_reason").startswith("Срок короче 3 месяцев")
    assert pairs.list_pairs(db) == []


def test_a_valid_pair_is_saved_with_its_fields(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a mentor and a mentee with a red deficit on the grid
    db = ws.db
    mentor, mentee = person(db, "Кузнецова", "Елена"), person(db, "Смирнова", "Дарья")
    from tests.services.test_matching import grid

    grid(db, mentee, ИКТ=("red", ""))
    dialog = _open(qtbot, ws)
    _fill(qtbot, dialog, mentor, mentee)
    # WHEN the form, a kind, the mode and the red direction are chosen and saved
    dialog.fields["form"].set_text("учитель – учитель")  # type: ignore[attr-defined]
    dialog.kinds.set_values(["традиционное («один на один»)"])
    dialog.fields["mode"].setCurrentText("смешанный")  # type: ignore[attr-defined]
    type_text(qtbot, dialog.fields["consent_date"], "20.08.2026")
    ikt = dialog.directions.item(0, 0)
    assert ikt.text() == "ИКТ-компетенции"  # the red direction comes first
    ikt.setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # THEN the pair is in the database as typed
    [row] = pairs.list_pairs(db)
    assert (row.mentor_id, [m.id for m in row.mentees]) == (mentor, [mentee])
    assert (row.form, row.kinds, row.mode) == (
        "учитель – учитель",
        ("традиционное («один на один»)",),
        "смешанный",
    )
    assert (row.start_date, row.end_date, row.consent_date) == (START, END, dt.date(2026, 8, 20))
    assert [d.name for d in row.directions] == ["ИКТ-компетенции"]
    assert row.directions[0].deficit == "затрудняется"


def test_closing_with_unsaved_input_asks_to_save(qtbot, ws: Workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[bool] = []
    monkeypatch.setattr(
        PairDialog, "ask_save_changes", lambda self: asked.append(True) or widgets.CANCEL
    )
    dialog = _open(qtbot, ws)
    dialog.reject()
    assert asked == [] and not dialog.isVisible()  # nothing typed: closes at once
    dialog = _open(qtbot, ws)
    type_text(qtbot, dialog.fields["schedule"], "по вторникам")
    dialog.reject()
    assert asked == [True] and dialog.isVisible()


def test_choosing_a_suggestion_fills_the_mentor_and_reverse_swaps(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    db = ws.db
    young, old = person(db, "Лосева", "Ксения"), person(db, "Павлова", "Галина")
    from app.ui.pairs.suggestions_dialog import SuggestionsDialog
    from tests.services.test_matching import grid

    grid(db, young, Цифровизация=("green", "ведёт школьный сайт"))
    grid(db, old, Цифровизация=("red", ""))
    sugg = SuggestionsDialog(ws, [young])
    qtbot.addWidget(sugg)
    assert [r.person_id for r in sugg.reverse_model.rows] == [old]
    assert sugg.mentor_model.rows[0].person_id == old
    sugg.choose_row("reverse", 0)
    assert sugg.chosen == ("reverse", old)
    dialog = _open(qtbot, ws)
    dialog.mentee.set_id(young)
    dialog.apply_choice(*sugg.chosen)
    assert dialog.mentor.current_id() == young and dialog.mentee_ids() == [old]
    assert "реверсивное" in dialog.kinds.values()


def test_tab_lists_filters_and_prolongs_with_history(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    # GIVEN two pairs, one of them completed
    db = ws.db
    m = person(db, "Кузнецова", "Елена")
    a = pairs.save_pair(
        db,
        PairData(
            mentor_id=m,
            mentee_ids=[person(db, "Аникина")],
            start_date=START,
            end_date=END,
            status="active",
        ),
    )
    b = pairs.save_pair(
        db,
        PairData(
            mentor_id=m,
            mentee_ids=[person(db, "Борисова")],
            start_date=START,
            end_date=END,
            status="completed",
        ),
    )
    tab = PairsTab(ws)
    qtbot.addWidget(tab)
    tab.year_filter.setCurrentIndex(0)  # all years
    assert [r.id for r in tab.model.rows] == [a, b]
    assert HEADERS[COL_PROGRESS] == "Прогресс"
    tip = tab.model.headerData(COL_PROGRESS, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Пусто — для пары ещё не составлена персонализированная программа" in tip
    assert tab.model.text(tab.model.rows[0], COL_PROGRESS) == ""
    # AND once the first pair has a program, its progress shows
    from app.services.programs.programs import create_program

    create_program(db, a)
    tab.reload()
    assert tab.model.text(tab.model.rows[0], COL_PROGRESS).endswith(" %")
    assert tab.model.text(tab.model.rows[1], COL_PROGRESS) == ""
    # WHEN filtered by status «завершена»
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("completed"))
    assert [r.id for r in tab.model.rows] == [b]
    tab.status_filter.setCurrentIndex(0)
    # WHEN the first pair is prolonged through the tab's action
    assert tab.select_pair(a)
    dialog = tab.change_selected("term")
    assert isinstance(dialog, PairChangeDialog)
    dialog.date.clear()
    type_text(qtbot, dialog.date, "31.08.2027")
    type_text(qtbot, dialog.reason, "по взаимному желанию")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # THEN the new end is saved and the history panel shows the change with its reason
    assert pairs.list_pairs(db, ids=[a])[0].end_date == dt.date(2027, 8, 31)
    assert tab.selected_id() == a
    text = tab.history.toPlainText()
    assert "Продлена. Причина: по взаимному желанию" in text
    assert "Дата окончания: 31.05.2027 → 31.08.2027" in text


def test_ending_early_without_a_reason_is_refused_in_the_dialog(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    db = ws.db
    pid = pairs.save_pair(
        db,
        PairData(
            mentor_id=person(db, "Кузнецова"),
            mentee_ids=[person(db, "Аникина")],
            start_date=START,
            end_date=END,
            status="active",
        ),
    )
    [row] = pairs.list_pairs(db)
    dialog = PairChangeDialog(ws, row, "end", today=dt.date(2026, 11, 24))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.messages.text("reason") == "Укажите причину досрочного прекращения."
    assert pairs.list_pairs(db, ids=[pid])[0].status == "active"


def _signed_pairs_order(db: Database, pair_id: int) -> None:
    from app.services.orders import orders
    from app.services.orders.appendix_data import PairsRow, PairsTable

    orders.save_order(
        db,
        orders.OrderData(
            kind="pairs",
            title="О закреплении наставнических пар (групп)",
            number="131",
            date=dt.date(2026, 9, 25),
            status="signed",
            appendices=[
                orders.AppendixData(
                    kind="pairs", content=PairsTable([pair_id], [PairsRow(pair_id=pair_id)])
                )
            ],
        ),
    )


def test_order_fields_are_read_only_once_a_signed_order_fixes_the_pair(
    qtbot, ws: Workspace
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a pair named in the signed order № 131 and a pair no order names
    db = ws.db
    m = person(db, "Кузнецова", "Елена")
    fixed, free = (
        pairs.save_pair(
            db, PairData(mentor_id=m, mentee_ids=[person(db, name)], start_date=START, end_date=END)
        )
        for name in ("Аникина", "Борисова")
    )
    _signed_pairs_order(db, fixed)
    # WHEN the fixed pair is opened
    dialog = _open(qtbot, ws, fixed)
    # THEN its order number and date come from the order, cannot be typed over, and the
    # tooltip names the order
    assert (dialog.order_number.text(), dialog.order_date.text()) == ("131", "25.09.2026")
    assert dialog.order_number.isReadOnly() and dialog.order_date.isReadOnly()
    assert "приказом № 131 от 25.09.2026" in dialog.order_number.toolTip()
    # AND other fields still save
    type_text(qtbot, dialog.fields["schedule"], "по средам")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    row = pairs.list_pairs(db, ids=[fixed])[0]
    assert (row.schedule, row.order_number) == ("по средам", "131")
    # AND a pair no signed order names keeps its fields editable
    other = _open(qtbot, ws, free)
    assert not other.order_number.isReadOnly() and not other.order_date.isReadOnly()


def test_reviving_an_ended_early_pair_in_the_dialog_brings_back_its_planned_end(
    qtbot, ws: Workspace
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a pair ended early after seven weeks
    db = ws.db
    pid = pairs.save_pair(
        db,
        PairData(
            mentor_id=person(db, "Кузнецова"),
            mentee_ids=[person(db, "Аникина")],
            start_date=START,
            end_date=END,
            status="active",
        ),
    )
    pairs.end_early(db, pid, dt.date(2026, 10, 20), "по ошибке")
    dialog = _open(qtbot, ws, pid)
    # THEN its short actual term asks for no confirmation
    assert not dialog.duration_box.isVisibleTo(dialog)
    # WHEN the status is set back to «действует»
    status = dialog.fields["status"]
    status.setCurrentIndex(status.findData("active"))  # type: ignore[attr-defined]
    # THEN the planned end date is back in the field and is saved
    assert dialog.fields["end_date"].text() == "31.05.2027"  # type: ignore[attr-defined]
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    row = pairs.list_pairs(db, ids=[pid])[0]
    assert (row.status, row.end_date, row.end_reason) == ("active", END, "")


def test_change_of_term_confirms_an_unusual_term_in_the_shared_box(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    from app.ui.pairs.pair_widgets import DurationBox

    db = ws.db
    pid = pairs.save_pair(
        db,
        PairData(
            mentor_id=person(db, "Кузнецова"),
            mentee_ids=[person(db, "Аникина")],
            start_date=START,
            end_date=END,
            status="active",
        ),
    )
    [row] = pairs.list_pairs(db)
    dialog = PairChangeDialog(ws, row, "term", today=dt.date(2026, 11, 24))
    qtbot.addWidget(dialog)
    dialog.show()
    assert isinstance(dialog.duration_box, DurationBox)
    assert not dialog.duration_box.isVisibleTo(dialog)
    # WHEN the term is prolonged past a year
    dialog.date.clear()
    type_text(qtbot, dialog.date, "31.12.2027")
    type_text(qtbot, dialog.reason, "не успели")
    # THEN the box explains why and, confirmed with a reason, the change is saved
    assert dialog.duration_box.isVisibleTo(dialog)
    assert dialog.duration_box.note.text().startswith("Срок длиннее года")
    dialog.duration_box.check.setChecked(True)
    type_text(qtbot, dialog.duration_box.reason, "болезнь наставляемого")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = pairs.list_pairs(db, ids=[pid])[0]
    assert (saved.end_date, saved.duration_reason) == (
        dt.date(2027, 12, 31),
        "болезнь наставляемого",
    )
