"""Programs and everything around them round-trip through the exchange file."""

from __future__ import annotations

import datetime as dt
import json

from app.services.programs import program_templates, programs, programs_items, programs_journal
from app.services.programs.programs import ItemData
from app.services.storage import exchange
from tests.prebuilt import PrebuiltDatabases
from tests.services.program_fixtures import make_pair

TABLES = (
    "programs",
    "program_directions",
    "program_items",
    "program_events",
    "program_diary",
    "program_assessments",
    "program_templates",
)


def test_every_program_table_round_trips(db, tmp_path, prebuilt: PrebuiltDatabases) -> None:
    # GIVEN a group program with a module row, a period change, a diary line, a sheet, a template
    pair_id, mentees = make_pair(db, mentees=2)
    pid = programs.create_program(db, pair_id, fill=False)
    programs.update_note(db, pid, "tasks", ["Изучить ФГОС", "Провести урок"])
    d = programs.get_program(db, pid).directions[0].direction_id
    programs_items.add_item(
        db,
        pid,
        ItemData(d, mentee_id=mentees[0], activity_kind="Урок", start_date=dt.date(2026, 10, 1)),
    )
    programs_journal.change_period(db, pid, dt.date(2026, 9, 1), dt.date(2027, 4, 30), "Сокращена")
    programs_journal.save_diary_entry(
        db, pid, programs_journal.DiaryEntry(dt.date(2026, 9, 9), "Тема")
    )
    programs_journal.save_assessment(db, pid, programs_journal.Assessment(mentees[1], d))
    program_templates.save_as_template(db, pid, "Мой шаблон")
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    # WHEN it is exported, loaded into another folder and exported again
    exchange.export_data(db, first)
    other = prebuilt.open_empty(tmp_path / "other")
    try:
        exchange.import_data(other.db, first)
        exchange.export_data(other.db, second)
        loaded = programs.get_program(other.db, pid)
    finally:
        other.close(backup=False)
    # THEN every program table is there, non-empty and identical
    a = json.loads(first.read_text(encoding="utf-8"))["tables"]
    b = json.loads(second.read_text(encoding="utf-8"))["tables"]
    for name in TABLES:
        assert a[name], name
        assert a[name] == b[name], name
    assert loaded.note.tasks == ["Изучить ФГОС", "Провести урок"]
    assert loaded.items[0].mentee_id == mentees[0]
