"""The exchange file: a lossless round trip, version rules, refusals that leave the DB untouched."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Time,
    select,
    text,
)

from app import __version__
from app.errors import KuratorError
from app.models import AppSetting, Base, Pair, ReferenceItem
from app.models.db import Database
from app.models.migrate import head_revision
from app.services.people import persons
from app.services.people.persons import MenteeData, MentorData, PersonData
from app.services.school import reference, school
from app.services.storage import exchange
from app.services.storage.workspace import Workspace
from tests.conftest import ENGINES, open_on_engine
from tests.prebuilt import DemoSchool

TODAY = dt.date(2025, 10, 15)


def _typed_rows(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every mapped table as Python values (dates as dates, flags as bools)."""
    with db.session() as s:
        return {
            t.name: [tuple(r) for r in s.execute(select(t).order_by(*t.primary_key))]
            for t in Base.metadata.sorted_tables
        }


def _rows(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every data table, read with plain sqlite3 (independent of the service)."""
    con = sqlite3.connect(db_path)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "AND name != 'alembic_version' ORDER BY name"
            )
        ]
        return {n: con.execute(f'SELECT * FROM "{n}" ORDER BY 1').fetchall() for n in names}
    finally:
        con.close()


@pytest.fixture(params=ENGINES)
def other(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """A second, empty workspace: "another PC", with its data folder or on a PostgreSQL
    server (each test using it runs on both engines; the server half is skipped without one)."""
    yield from open_on_engine(request, request.param, tmp_path / "other")


def _contents(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every data table: plain sqlite3 on a file, plain SQL on a server."""
    if not db.is_server:
        return _rows(db.path)
    with db.engine.connect() as conn:
        names = conn.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename != 'alembic_version' ORDER BY tablename"
            )
        ).scalars()
        return {
            n: [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{n}" ORDER BY 1'))]
            for n in list(names)
        }


def _fill(demo_school: DemoSchool) -> tuple[Database, int]:
    """The demo school plus an edge-case person, a hidden list item and a custom setting:
    its database and the edge-case person's id."""
    db = demo_school(TODAY).db
    pid = persons.save_person(
        db,
        PersonData(
            last_name="О'Коннор-Щукина",
            first_name="Мария",
            middle_name="",
            notes='строка «один»\nстрока "два" \\ три 😀',
            archived=True,
            mentor=MentorData(
                competencies="ИКТ", date_in=dt.date(2024, 9, 1), date_out=dt.date(2025, 5, 31)
            ),
            mentee=MenteeData(key_requests="Цифровые инструменты"),
        ),
    )
    with db.session() as s:
        s.add(ReferenceItem(kind="position", value="Тьютор", sort_order=99, hidden=True))
        s.add(AppSetting(key="ui.window", value='{"w": 1200, "h": 800}'))
    return db, pid


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_round_trip_is_lossless(demo_school: DemoSchool, other: Workspace, tmp_path: Path) -> None:
    # GIVEN a full school with profiles, requisites, lists and settings
    db, pid = _fill(demo_school)
    first = tmp_path / "school.json"
    # WHEN exported, imported into an empty workspace and exported again
    summary = exchange.export_data(db, first)
    exchange.import_data(other.db, first)
    second = tmp_path / "again.json"
    exchange.export_data(other.db, second)
    # THEN both files carry the same tables, and the databases hold the same values
    assert _load(first)["tables"] == _load(second)["tables"]
    assert _typed_rows(db) == _typed_rows(other.db)
    assert "участников — 26, наставников — 9, наставляемых — 8" in summary
    # AND the services read the same people, profiles, requisites, lists and settings back
    for row in persons.list_persons(db):
        assert persons.get_person(other.db, row.id) == persons.get_person(db, row.id)
    edge = persons.get_person(other.db, pid)
    assert edge.archived and edge.notes.endswith("три 😀")
    assert edge.mentor is not None and edge.mentor.date_out == dt.date(2025, 5, 31)
    assert school.get_school(other.db) == school.get_school(db)
    assert school.missing_fields(school.get_school(other.db)) == []
    assert reference.values(other.db, "position") == reference.values(db, "position")
    with other.db.session() as s:
        assert s.get(AppSetting, "ui.window").value == '{"w": 1200, "h": 800}'  # type: ignore[union-attr]
        hidden = s.scalars(select(ReferenceItem).where(ReferenceItem.value == "Тьютор")).one()
        assert hidden.hidden is True


def test_file_is_documented_json_with_typed_values(demo_school: DemoSchool, tmp_path: Path) -> None:
    # GIVEN the demo school WHEN exported
    db = demo_school(TODAY).db
    out = tmp_path / "school.json"
    exchange.export_data(db, out)
    doc = _load(out)
    # THEN the envelope names the format, versions and schema
    assert doc["format"] == "kurator-exchange" and doc["format_version"] == 1
    assert doc["app_version"] == __version__ and doc["schema_revision"] == head_revision()
    assert dt.datetime.fromisoformat(doc["exported_at"])
    assert "alembic_version" not in doc["tables"]
    # AND values are encoded by column type, primary keys kept
    kuz = next(p for p in doc["tables"]["persons"] if p["last_name"] == "Кузнецова")
    assert isinstance(kuz["id"], int) and kuz["archived"] is False
    assert kuz["birth_date"] == "1967-01-19"
    assert dt.datetime.fromisoformat(kuz["created_at"])
    profile = next(m for m in doc["tables"]["mentor_profiles"] if m["person_id"] == kuz["id"])
    assert profile["date_out"] is None and profile["date_in"] == "2025-09-15"
    # AND no temporary file is left beside it
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["school.json"]


def test_import_replaces_instead_of_merging(db: Database, other: Workspace, tmp_path: Path) -> None:
    # GIVEN a file with one teacher, and a target that holds someone else
    persons.save_person(db, PersonData(last_name="Иванова", first_name="Анна"))
    out = tmp_path / "one.json"
    exchange.export_data(db, out)
    persons.save_person(other.db, PersonData(last_name="Лишний", first_name="Пётр"))
    persons.save_person(other.db, PersonData(last_name="Второй", first_name="Олег"))
    # WHEN the file is imported
    summary = exchange.import_data(other.db, out)
    # THEN only the file's content is there
    assert [r.full_name for r in persons.list_persons(other.db)] == ["Иванова Анна"]
    assert "участников — 1" in summary and "Прежние данные заменены" in summary


def test_newer_format_version_is_refused_and_db_unchanged(
    demo_school: DemoSchool, other: Workspace, tmp_path: Path
) -> None:
    # GIVEN a file marked with a future format version, and a target with data
    db, _ = _fill(demo_school)
    out = tmp_path / "school.json"
    exchange.export_data(db, out)
    doc = _load(out)
    doc["format_version"] = 99
    _write(out, doc)
    persons.save_person(other.db, PersonData(last_name="Петров", first_name="Иван"))
    before = _contents(other.db)
    # WHEN imported THEN refused in Russian, nothing changed
    with pytest.raises(KuratorError, match="более новой версией.*формат 99"):
        exchange.import_data(other.db, out)
    assert _contents(other.db) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "kurator-exchange", "tables": {', "повреждён.*ошибка в строке 1"),
        ("[1, 2, 3]", "не файл обмена"),
        ('{"format": "other-app", "format_version": 1}', "не файл обмена"),
        ('{"format": "kurator-exchange", "format_version": "один"}', "версия формата"),
        (
            '{"format": "kurator-exchange", "format_version": 1, "schema_revision": "9999zz",'
            ' "tables": {}}',
            "более новой версией.*9999zz",
        ),
        (
            '{"format": "kurator-exchange", "format_version": 1, "schema_revision": "0001",'
            ' "tables": {"persons": {"id": 1}}}',
            "tables",
        ),
    ],
)
def test_broken_or_foreign_files_are_refused(
    db: Database, tmp_path: Path, content: str, message: str
) -> None:
    # GIVEN a database with a teacher and a bad file
    persons.save_person(db, PersonData(last_name="Петров", first_name="Иван"))
    before = _rows(db.path)
    bad = tmp_path / "bad.json"
    bad.write_text(content.replace('"0001"', json.dumps(head_revision())), encoding="utf-8")
    # WHEN imported THEN a Russian message, the database untouched
    with pytest.raises(KuratorError, match=message):
        exchange.import_data(db, bad)
    assert _rows(db.path) == before


def test_missing_and_non_utf8_files_are_refused(db: Database, tmp_path: Path) -> None:
    # GIVEN no file, and a file in a Windows code page
    cp1251 = tmp_path / "cp1251.json"
    cp1251.write_bytes('{"format": "Куратор"}'.encode("cp1251"))
    # WHEN read THEN each is refused with its own Russian reason
    with pytest.raises(KuratorError, match="Файл не найден"):
        exchange.read_exchange(tmp_path / "nope.json")
    with pytest.raises(KuratorError, match="не файл обмена «Куратора». Выберите файл .json"):
        exchange.read_exchange(cp1251)


def test_file_with_byte_order_mark_is_read(db: Database, tmp_path: Path) -> None:
    # GIVEN an exported file re-saved by Notepad with a BOM
    out = tmp_path / "school.json"
    exchange.export_data(db, out)
    out.write_bytes(b"\xef\xbb\xbf" + out.read_bytes())
    # WHEN read THEN it is accepted
    assert exchange.read_exchange(out)["format"] == "kurator-exchange"


def test_unknown_table_or_column_from_newer_program_is_refused(
    db: Database, tmp_path: Path
) -> None:
    # GIVEN files with a table and a column this program does not have
    persons.save_person(db, PersonData(last_name="Петров", first_name="Иван"))
    out = tmp_path / "school.json"
    exchange.export_data(db, out)
    before = _rows(db.path)
    doc = _load(out)
    doc["tables"]["future_pairs"] = [{"id": 1}]
    with_table = _write(tmp_path / "t.json", doc)
    doc = _load(out)
    doc["tables"]["persons"][0]["snils"] = "123-456-789 00"
    with_column = _write(tmp_path / "c.json", doc)
    # WHEN imported THEN refused, naming what is unknown, DB untouched
    with pytest.raises(KuratorError, match="разделы.*future_pairs"):
        exchange.import_data(db, with_table)
    with pytest.raises(KuratorError, match="поля.*persons.snils"):
        exchange.import_data(db, with_column)
    assert _rows(db.path) == before


def test_file_from_older_schema_gets_column_defaults(db: Database, tmp_path: Path) -> None:
    # GIVEN a file without some columns and without the settings table (an older program)
    doc = {
        "format": "kurator-exchange",
        "format_version": 1,
        "app_version": "0.0.9",
        "schema_revision": head_revision(),
        "exported_at": "2025-09-01T10:00:00",
        "tables": {
            "persons": [{"id": 7, "last_name": "Старова", "first_name": "Вера"}],
            "mentee_profiles": [{"person_id": 7, "key_requests": "Работа с ЭЖ"}],
        },
    }
    old = _write(tmp_path / "old.json", doc)
    # WHEN imported
    summary = exchange.import_data(db, old)
    # THEN missing columns hold their defaults and missing lists are seeded again
    p = persons.get_person(db, 7)
    assert (p.middle_name, p.notes, p.archived, p.birth_date) == ("", "", False, None)
    assert p.mentee is not None and p.mentee.key_requests == "Работа с ЭЖ"
    assert p.mentee.mentoring_form == ""
    assert "Учитель" in reference.values(db, "position")
    assert "выгрузка от 01.09.2025 10:00" in summary and "«Куратор» 0.0.9" in summary


@pytest.mark.parametrize(
    ("table", "row", "message"),
    [
        (
            "persons",
            {"id": 1, "last_name": "Иванова", "first_name": "Анна", "birth_date": "31.02.2020"},
            "birth_date.*дата ГГГГ-ММ-ДД",
        ),
        (
            "persons",
            {"id": 1, "last_name": "Иванова", "first_name": "Анна", "experience_years": "десять"},
            "experience_years.*целое число",
        ),
        (
            "persons",
            {"id": 1, "last_name": "Иванова", "first_name": "Анна", "archived": 1},
            "archived.*true или false",
        ),
        ("persons", {"id": 1, "last_name": None, "first_name": "Анна"}, "last_name.*обязательно"),
        ("persons", {"id": 1, "first_name": "Анна"}, "нельзя загрузить.*обязательные поля"),
        (
            "mentor_profiles",
            {"person_id": 999, "competencies": "ИКТ"},
            "ссылки на отсутствующие записи.*mentor_profiles → persons",
        ),
    ],
)
def test_bad_values_are_refused_and_db_unchanged(
    db: Database, tmp_path: Path, table: str, row: dict[str, Any], message: str
) -> None:
    # GIVEN a database with data and a file with one bad row
    persons.save_person(db, PersonData(last_name="Петров", first_name="Иван"))
    before = _rows(db.path)
    # (the participants' table is always there: a file without it is refused on its own)
    doc = {
        "format": "kurator-exchange",
        "format_version": 1,
        "schema_revision": head_revision(),
        "tables": {"persons": [], table: [row]},
    }
    bad = _write(tmp_path / "bad.json", doc)
    # WHEN imported THEN refused with the place of the error, nothing changed
    with pytest.raises(KuratorError, match=message):
        exchange.import_data(db, bad)
    assert _rows(db.path) == before


def test_export_into_missing_folder_is_refused(db: Database, tmp_path: Path) -> None:
    # GIVEN a folder that does not exist WHEN exported THEN a Russian message
    with pytest.raises(KuratorError, match="Папка не найдена"):
        exchange.export_data(db, tmp_path / "no-such" / "school.json")


def test_a_table_added_later_round_trips_without_changes(
    db: Database, other: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a new table with every common column type, present in both databases
    base_tables = exchange.data_tables()
    persons_table = next(t for t in base_tables if t.name == "persons")
    extra = Table(
        "future_events",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("person_id", Integer, ForeignKey(persons_table.c.id), nullable=True),
        Column("parent_id", Integer, ForeignKey("future_events.id"), nullable=True),
        Column("title", String(100), nullable=False, default="без названия"),
        Column("day", Date),
        Column("at", DateTime),
        Column("time", Time),
        Column("done", Boolean),
        Column("score", Float),
        Column("money", Numeric(10, 2)),
        Column("blob", LargeBinary),
        Column("extra", JSON),
    )
    monkeypatch.setattr(exchange, "data_tables", lambda: [*base_tables, extra])
    for d in (db, other.db):
        extra.create(d.engine)
    pid = persons.save_person(db, PersonData(last_name="Иванова", first_name="Анна"))
    with db.session() as s:
        # a child row before its parent: foreign keys are checked only at the end
        s.execute(
            extra.insert(),
            [
                {
                    "id": 1,
                    "person_id": pid,
                    "parent_id": None,
                    "title": "Семинар",
                    "day": dt.date(2025, 11, 3),
                    "at": dt.datetime(2025, 11, 3, 14, 30, 5),
                    "time": dt.time(9, 15),
                    "done": True,
                    "score": 9.5,
                    "money": Decimal("1234.50"),
                    "blob": b"\x00\xffdata",
                    "extra": {"теги": ["ИКТ", 1]},
                },
            ],
        )
        s.execute(extra.insert(), [{"id": 2, "parent_id": 1, "done": False}])
    out = tmp_path / "school.json"
    exchange.export_data(db, out)
    doc = _load(out)
    doc["tables"]["future_events"].reverse()
    del doc["tables"]["future_events"][1]["title"]  # a column missing from the file
    _write(out, doc)
    # WHEN imported into the other database
    exchange.import_data(other.db, out)
    # THEN every value comes back with its Python type; the missing column has its default
    with other.db.session() as s:
        rows = {r.id: r for r in s.execute(select(extra))}
    first = rows[1]
    assert (first.day, first.at, first.time) == (
        dt.date(2025, 11, 3),
        dt.datetime(2025, 11, 3, 14, 30, 5),
        dt.time(9, 15),
    )
    assert (first.done, first.score, first.money) == (True, 9.5, Decimal("1234.50"))
    assert (first.blob, first.extra, first.title) == (
        b"\x00\xffdata",
        {"теги": ["ИКТ", 1]},
        "без названия",
    )
    assert rows[2].parent_id == 1 and rows[2].done is False


def test_documentation_describes_every_table_and_column() -> None:
    # GIVEN the format documentation
    doc = (Path(__file__).resolve().parents[2] / "docs" / "exchange-format.md").read_text(
        encoding="utf-8"
    )
    sections = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^### `(\w+)`(.*?)(?=^#|\Z)", doc, flags=re.M | re.S)
    }
    # WHEN compared with the tables the file carries
    # THEN each table has its section naming each of its columns
    for table in exchange.data_tables():
        assert table.name in sections, f"docs/exchange-format.md: no section for {table.name}"
        missing = [c.name for c in table.columns if f"`{c.name}`" not in sections[table.name]]
        assert missing == [], f"docs/exchange-format.md: {table.name} lacks {missing}"


def test_file_from_before_pairs_kept_their_fixing_order_gets_it_from_its_orders(
    demo_school: DemoSchool, other: Workspace, tmp_path: Path
) -> None:
    # GIVEN the demo school exported, then made to look like a 0007 file (no fixing_order_id)
    db = demo_school(TODAY).db
    path = tmp_path / "x.json"
    exchange.export_data(db, path)
    doc = _load(path)
    expected = {r["id"]: r["fixing_order_id"] for r in doc["tables"]["pairs"]}
    assert any(v is not None for v in expected.values())
    doc["schema_revision"] = "0007"
    for row in doc["tables"]["pairs"]:
        del row["fixing_order_id"]
    # WHEN it is loaded on another PC
    exchange.import_data(other.db, _write(path, doc))
    # THEN the pairs the signed order names are fixed by it, as in the exported database
    with other.db.session() as s:
        loaded = {i: o for i, o in s.execute(select(Pair.id, Pair.fixing_order_id))}
    assert loaded == expected
