"""Archiving a participant who is in a running pair asks first and names the pairs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.models import Pair
from app.services.people import persons
from app.services.storage.workspace import Workspace
from app.ui.people.participants_tab import ParticipantsTab
from tests.prebuilt import DemoSchool


def test_archiving_a_mentor_of_running_pairs_asks_and_can_be_declined(
    qtbot, demo_school: DemoSchool
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the demo school; a mentor of a running pair selected in the participants tab
    ws = demo_school(dt.date(2026, 11, 10))
    with ws.db.session() as s:
        pair = s.scalars(select(Pair).where(Pair.status == "active")).first()
        assert pair is not None
        mentor_id, pair_id = pair.mentor_id, pair.id
    tab = ParticipantsTab(ws)
    qtbot.addWidget(tab)
    assert tab.select_person(mentor_id)
    asked: list[str] = []
    answer = [False]

    def confirm(title: str, text: str, yes: str, no: str) -> bool:
        asked.append(text)
        return answer[0]

    tab._confirm = confirm  # type: ignore[method-assign]
    # WHEN «В архив» is pressed and the curator declines
    tab.toggle_archive()
    # THEN she was told which pairs, and nothing changed
    assert len(asked) == 1 and f"№ {pair_id} (" in asked[0] and "Перевести в архив?" in asked[0]
    assert persons.get_person(ws.db, mentor_id).archived is False
    # WHEN she agrees THEN the person is archived
    answer[0] = True
    tab.toggle_archive()
    assert persons.get_person(ws.db, mentor_id).archived is True


def test_archiving_someone_without_pairs_asks_nothing(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    pid = persons.save_person(ws.db, persons.PersonData(last_name="Орлова", first_name="Нина"))
    tab = ParticipantsTab(ws)
    qtbot.addWidget(tab)
    assert tab.select_person(pid)
    tab._confirm = lambda *a: (_ for _ in ()).throw(AssertionError("asked"))  # type: ignore[method-assign]
    tab.toggle_archive()
    assert persons.get_person(ws.db, pid).archived is True
