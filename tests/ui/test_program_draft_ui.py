"""Creating a program in the UI drafts its roadmap from the diagnosis and tells the curator
what was generated and from where (a panel above the roadmap)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from app.services.grid import grid_state
from app.services.programs import programs
from app.services.storage.workspace import Workspace
from app.ui.programs.program_create_dialog import CreateProgramDialog
from app.ui.programs.programs_tab import ProgramsTab
from tests.services.program_fixtures import END, START, make_pair
from tests.services.test_program_draft import _diagnose


def _click_create(qtbot, tab: ProgramsTab, monkeypatch, template_row: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Click «Создать программу…»; in the dialog pick ``template_row`` and click «Создать»."""

    def run(dialog: CreateProgramDialog) -> int:
        dialog.template_box.setCurrentIndex(template_row)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    monkeypatch.setattr(CreateProgramDialog, "exec", run)
    button = next(b for b in tab.findChildren(QPushButton) if b.text() == "Создать программу…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def two_red(ws: Workspace) -> tuple[int, list[int]]:
    """A pair with no directions picked; the mentee is red in normative and ICT (first
    priority), yellow in methods, strong in upbringing. Returns (pair id, direction ids)."""
    pair_id, (mentee,) = make_pair(ws.db, with_directions=False)
    d = [x.id for x in grid_state.directions(ws.db)]
    _diagnose(
        ws.db,
        mentee,
        {
            d[4]: (1, "Урок без плана", False),
            d[1]: (0, "Не знает ФОП", False),
            d[5]: (0, "Не ведёт электронный журнал", True),
        },
        strengths={d[7]: "Классный час"},
    )
    return pair_id, d


def test_a_teacher_with_two_red_deficits_gets_activities_for_both_through_the_ui(
    qtbot, ws: Workspace, two_red, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the programs tab and a mentee with two red deficits
    pair_id, d = two_red
    tab = ProgramsTab(ws)
    qtbot.addWidget(tab)
    tab.show()
    # WHEN the curator clicks «Создать программу…» and «Создать» (from scratch)
    _click_create(qtbot, tab, monkeypatch)
    # THEN the roadmap rows in the database cover both red deficits (4 each), the yellow
    # one (3) and the strength (2), over the pair's whole term
    (row,) = programs.list_programs(ws.db)
    data = programs.get_program(ws.db, row.id)
    count = {
        k: len([i for i in data.items if i.direction_id == k]) for k in (d[1], d[5], d[4], d[7])
    }
    assert count == {d[1]: 4, d[5]: 4, d[4]: 3, d[7]: 2}
    assert (data.note.start_date, data.note.end_date) == (START, END)
    # AND the editor opens on the roadmap with the summary of what was generated
    editor = tab.editor
    assert tab.stack.currentWidget() is editor
    assert editor.pages.currentWidget() is editor.roadmap
    assert editor.draft_summary.isVisible()
    text = editor.draft_summary.text()
    assert text.startswith("Дорожная карта составлена по диагностике: мероприятий — 13")
    assert (
        "«ИКТ-компетенции» (выраженный дефицит, первоочередной; источник — диагностика от "
        "05.09.2026): мероприятий — 4."
    ) in text
    assert "«Нормативное правовое» (выраженный дефицит; источник — диагностика" in text
    assert "(сильная сторона; источник — диагностика от 05.09.2026): мероприятий — 2." in text
    assert "Срок программы — весь срок пары: 01.09.2026 – 31.05.2027." in text
    # WHEN «Скрыть» is clicked THEN the panel goes away
    qtbot.mouseClick(editor.draft_summary.hide_button, Qt.MouseButton.LeftButton)
    assert not editor.draft_summary.isVisible()


def test_a_template_on_top_says_what_it_added_and_that_the_term_was_kept(
    qtbot, ws: Workspace, two_red, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the same mentee and the create dialog's starter template «Цифровые инструменты»
    pair_id, d = two_red
    tab = ProgramsTab(ws)
    qtbot.addWidget(tab)
    tab.show()
    probe = CreateProgramDialog(ws)
    qtbot.addWidget(probe)
    row = next(
        i
        for i in range(probe.template_box.count())
        if probe.template_box.itemData(i) == "file:digital-tools"
    )
    # WHEN the program is created from it
    _click_create(qtbot, tab, monkeypatch, template_row=row)
    # THEN the term is the pair's whole term, not the template's 120 days
    (prog,) = programs.list_programs(ws.db)
    data = programs.get_program(ws.db, prog.id)
    assert data.note.end_date == END
    # AND both red deficits still have their generated activities
    assert all(len([i for i in data.items if i.direction_id == k]) >= 4 for k in (d[1], d[5]))
    # AND the summary says the template was applied, the term kept, and names any direction
    # the diagnosis does not
    text = tab.editor.draft_summary.text()
    assert "Поверх применён шаблон «Цифровые инструменты в обучении" in text
    assert (
        "Шаблон рассчитан на 120 дн., но срок программы не сокращён: "
        "01.09.2026 – 31.05.2027 (по сроку пары)."
    ) in text
    names = {x.id: x.name for x in grid_state.directions(ws.db)}
    diagnosed = {d[1], d[5], d[4], d[7]}
    extra = [names[x.direction_id] for x in data.directions if x.direction_id not in diagnosed]
    said = "Шаблон добавил направления, которых нет в диагностике наставляемого: "
    assert (said in text) == bool(extra)
    assert all(f"«{n}»" in text for n in extra)
