"""The same storage cases on SQLite and on a real PostgreSQL server: migrations, search and
name order, constraints, the exchange file, two users editing one record, bad server URLs.

The PostgreSQL half needs KURATOR_TEST_PG_URL (``.ci/run`` starts a throw-away server; the
README says how to run one); without it those cases are skipped with the reason."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from app.cli import main
from app.core.textutil import fold
from app.errors import KuratorError, NewerDatabaseError, StaleRecordError, user_message
from app.models import Base, DiagnosticEntry, DiagnosticRound, Direction, Person
from app.models.db import ON_SERVER, Database
from app.models.migrate import HEAD_REVISION, migrate_server, read_server_revision
from app.services.orders import orders
from app.services.pairs import pairs
from app.services.people import persons
from app.services.people.persons import PersonData
from app.services.school import school
from app.services.storage import exchange
from app.services.storage.workspace import Workspace, open_server_workspace
from tests.prebuilt import DemoSchool
from tests.services.program_fixtures import make_pair

NAMES = [
    ("Ёлкина", "Анна", "Петровна"),
    ("елкин", "Пётр", ""),
    ("ЕЛЬЦОВА", "Мария", "Ивановна"),
    ("Ежов", "Олег", "Ёмович"),
    ("Жуков", "Иван", ""),
    ("Smith", "John", ""),
    ("Абрамова", "елена", ""),
]


def _second_handle(ws: Workspace) -> Database:
    """Another program's connection to the same database (a second user)."""
    if ws.is_server:
        return Database.server(ws.db.engine.url)
    return Database(ws.paths.db)


def _add_people(db: Database) -> dict[str, int]:
    ids = {}
    for last, first, middle in NAMES:
        ids[last] = persons.save_person(
            db, PersonData(last_name=last, first_name=first, middle_name=middle)
        )
    return ids


# --- migrations ------------------------------------------------------------------------


def test_server_migrations_build_the_models_schema_and_are_idempotent(pg_url: str) -> None:
    # GIVEN an empty database on the server WHEN the program migrates it twice
    db = Database.server(pg_url)
    try:
        first = migrate_server(db)
        second = migrate_server(db)
        # THEN 0001…head ran once, natively, and the schema is exactly the mapped classes'
        assert (first.from_revision, first.to_revision) == (None, HEAD_REVISION)
        assert second.from_revision == HEAD_REVISION
        with db.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
            )
        assert diff == []
    finally:
        db.dispose()


def test_server_database_from_a_newer_program_is_refused_untouched(pg_url: str) -> None:
    # GIVEN a server database stamped by a future version
    db = Database.server(pg_url)
    migrate_server(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    # WHEN opened THEN refused in Russian, and the stamp is unchanged
    with pytest.raises(NewerDatabaseError, match="более новой версией"):
        migrate_server(db)
    assert read_server_revision(db) == "9999_future"
    db.dispose()


def test_someone_elses_server_database_is_refused(pg_url: str, tmp_path: Path) -> None:
    # GIVEN a database holding another program's table
    db = Database.server(pg_url)
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id integer primary key)"))
    db.dispose()
    # WHEN «Куратор» is pointed at it THEN it refuses and creates nothing
    with pytest.raises(KuratorError, match="не является базой «Куратора»"):
        open_server_workspace(pg_url, tmp_path / "local")
    db = Database.server(pg_url)
    with db.engine.connect() as conn:
        tables = conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ).scalars()
        assert set(tables) == {"invoices"}
    db.dispose()


# --- the same cases on both engines ----------------------------------------------------


def test_search_ignores_case_and_yo_the_same_on_both_engines(any_ws: Workspace) -> None:
    # GIVEN people whose names differ in case and ё/е
    _add_people(any_ws.db)

    # WHEN searched in the database
    def found(query: str) -> list[str]:
        return [r.full_name.split()[0] for r in persons.find_by_name(any_ws.db, query)]

    # THEN «елк», «ЁЛК» and «Ёлк» find both Ёлкина and елкин; words must all match
    assert found("елк") == found("ЁЛК") == found("Ёлк") == ["елкин", "Ёлкина"]
    assert found("пётр") == found("ПЕТР") == ["елкин", "Ёлкина"]  # Пётр, Петровна
    assert found("ёмович") == ["Ежов"]
    assert found("smi JOHN") == ["Smith"]
    assert found("Ель мар") == ["ЕЛЬЦОВА"]
    assert found("100%") == [] and found("_") == []


def test_names_sort_the_same_on_both_engines(any_ws: Workspace) -> None:
    # GIVEN the same people on each engine WHEN the participants list is read
    _add_people(any_ws.db)
    got = [r.full_name for r in persons.list_persons(any_ws.db)]
    # THEN the order is Python's folded order (ё with е, case ignored, Latin first)
    rows = persons.list_persons(any_ws.db)
    expected = sorted(rows, key=lambda r: (fold(r.full_name.split()[0]), r.id))
    assert got[0] == "Smith John"
    assert [r.full_name.split()[0] for r in rows] == [r.full_name.split()[0] for r in expected]
    assert (
        got.index("Ежов Олег Ёмович")
        < got.index("елкин Пётр")
        < got.index("Ёлкина Анна Петровна")
        < got.index("ЕЛЬЦОВА Мария Ивановна")
        < got.index("Жуков Иван")
    )


def test_constraints_and_types_hold_the_same_on_both_engines(any_ws: Workspace) -> None:
    # GIVEN a teacher with a diagnostic
    pid = persons.save_person(
        any_ws.db,
        PersonData(last_name="Кузнецова", first_name="Ольга", birth_date=dt.date(1980, 2, 29)),
    )
    with any_ws.db.session() as s:
        direction = s.scalars(select(Direction)).first()
        assert direction is not None
        rnd = DiagnosticRound(person_id=pid, date=dt.date(2026, 9, 1))
        s.add(rnd)
        s.flush()
        s.add(DiagnosticEntry(round_id=rnd.id, direction_id=direction.id))
        rid, did = rnd.id, direction.id
    # WHEN a second cell for the same direction, or a round of a missing person, is added
    # THEN the database refuses both (unique key, foreign key), on either engine
    with pytest.raises(IntegrityError), any_ws.db.session() as s:
        s.add(DiagnosticEntry(round_id=rid, direction_id=did))
    with pytest.raises(IntegrityError), any_ws.db.session() as s:
        s.add(DiagnosticRound(person_id=999_999, date=dt.date(2026, 9, 1)))
    # AND dates, booleans and the version read back as Python values
    with any_ws.db.session() as s:
        p = s.get(Person, pid)
        assert p is not None
        assert (p.birth_date, p.archived, p.version) == (dt.date(1980, 2, 29), False, 1)


def test_exchange_file_round_trips_on_both_engines(
    any_ws: Workspace, demo_school: DemoSchool, tmp_path: Path
) -> None:
    # GIVEN the demo school's exchange file (written from SQLite)
    source = demo_school()
    first = tmp_path / "school.json"
    exchange.export_data(source.db, first)
    # WHEN it is loaded into the engine under test and written out again
    summary = exchange.import_data(any_ws.db, first)
    second = tmp_path / "again.json"
    exchange.export_data(any_ws.db, second)
    # THEN every table and value is the same
    a = json.loads(first.read_text(encoding="utf-8"))["tables"]
    b = json.loads(second.read_text(encoding="utf-8"))["tables"]
    assert a == b
    assert "Прежние данные заменены" in summary
    # AND new records continue the numbering after the loaded ones
    new_id = persons.save_person(any_ws.db, PersonData(last_name="Новая", first_name="Анна"))
    assert new_id > max(row["id"] for row in a["persons"])


def test_exchange_file_with_a_broken_reference_changes_nothing_on_both_engines(
    any_ws: Workspace, tmp_path: Path
) -> None:
    # GIVEN a database with one teacher and a file whose mentor profile names no one
    persons.save_person(any_ws.db, PersonData(last_name="Прежняя", first_name="Анна"))
    good = tmp_path / "good.json"
    exchange.export_data(any_ws.db, good)
    doc = json.loads(good.read_text(encoding="utf-8"))
    doc["tables"]["mentor_profiles"] = [{"person_id": 999}]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    # WHEN it is loaded THEN the refusal names the reference, and the data is unchanged
    with pytest.raises(KuratorError, match="ссылки на отсутствующие записи"):
        exchange.import_data(any_ws.db, bad)
    assert [r.full_name for r in persons.list_persons(any_ws.db)] == ["Прежняя Анна"]


# --- two users at once -------------------------------------------------------------------


def test_second_save_of_a_record_opened_before_is_refused(any_ws: Workspace) -> None:
    # GIVEN two users who opened the same teacher
    pid = persons.save_person(any_ws.db, PersonData(last_name="Орлова", first_name="Вера"))
    other = _second_handle(any_ws)
    try:
        mine = persons.get_person(any_ws.db, pid)
        theirs = persons.get_person(other, pid)
        # WHEN the other user saves first, then I save my older copy
        theirs.position = "учитель математики"
        persons.save_person(other, theirs)
        mine.position = "учитель физики"
        with pytest.raises(StaleRecordError) as refused:
            persons.save_person(any_ws.db, mine)
    finally:
        other.dispose()
    # THEN I am told, in Russian, which record changed; their change stays
    assert str(refused.value).startswith(
        "Запись «Педагог: Орлова Вера» изменил другой пользователь после того, как вы её открыли."
    )
    assert persons.get_person(any_ws.db, pid).position == "учитель математики"
    assert persons.get_person(any_ws.db, pid).version == 2


def test_concurrent_flush_of_the_same_row_is_refused(any_ws: Workspace) -> None:
    # GIVEN a teacher read in my unit of work
    pid = persons.save_person(any_ws.db, PersonData(last_name="Белова", first_name="Нина"))
    other = _second_handle(any_ws)
    try:
        with (
            pytest.raises(StaleRecordError, match="Педагог: Белова Нина"),
            any_ws.db.session() as s,
        ):
            p = s.get(Person, pid)
            assert p is not None
            # WHEN another user changes the row before my work is written
            with other.session() as s2:
                theirs = s2.get(Person, pid)
                assert theirs is not None
                theirs.notes = "их запись"
            p.notes = "моя запись"
        # THEN my write is refused (no silent last-write-wins) and theirs is kept
        with other.session() as s2:
            kept = s2.get(Person, pid)
            assert kept is not None and kept.notes == "их запись"
    finally:
        other.dispose()


# --- the server's own cases -------------------------------------------------------------


def test_file_actions_are_refused_on_a_server(any_ws: Workspace, tmp_path: Path) -> None:
    if not any_ws.is_server:
        any_ws.require_file()  # the data folder: nothing to refuse
        return
    # GIVEN a server workspace WHEN a file-level action is asked for THEN it is refused
    with pytest.raises(KuratorError) as refused:
        any_ws.require_file()
    assert str(refused.value) == ON_SERVER
    assert "выгрузкой в файл обмена" in ON_SERVER


def test_cli_commands_take_a_server_database(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN an empty server database
    local = str(tmp_path / "local")
    common = ["--database", pg_url, "--data-dir", local]
    # WHEN the commands run against it
    assert main(["check", *common]) == 0
    assert main(["backup", *common]) == 1
    out = tmp_path / "x.json"
    assert main(["export-data", "--out", str(out), *common]) == 0
    captured = capsys.readouterr()
    # THEN check reports the schema, backup says how a server is copied, export writes
    assert f"Версия схемы: {HEAD_REVISION}" in captured.out
    assert "Резервная копия на сервере делается выгрузкой в файл обмена" in captured.err
    assert json.loads(out.read_text(encoding="utf-8"))["schema_revision"] == HEAD_REVISION


def test_environment_variable_names_the_server(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN KURATOR_DATABASE instead of --database
    monkeypatch.setenv("KURATOR_DATABASE", pg_url)
    # WHEN a command runs THEN it works on the server
    assert main(["check", "--data-dir", str(tmp_path / "local")]) == 0
    assert "База данных на сервере" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("make_url", "expected"),
    [
        (
            lambda u: (
                u.rsplit("/", 1)[0] + "/no_such_db" + "?" + u.split("?", 1)[1]
                if "?" in u
                else u.rsplit("/", 1)[0] + "/no_such_db"
            ),
            "нет базы данных с таким именем",
        ),
        (lambda u: "postgresql+psycopg://kurator@127.0.0.1:1/kurator", "Не удаётся подключиться"),
        (lambda u: "mysql://user@host/db", "Адрес базы данных не понят"),
        (lambda u: "postgresql+psycopg://", "Адрес базы данных не понят"),
    ],
    ids=["no-database", "unreachable", "other-engine", "no-name"],
)
def test_bad_server_urls_are_one_russian_line_each(
    pg_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make_url: object,
    expected: str,
) -> None:
    # GIVEN a wrong server URL WHEN a command runs
    url = make_url(pg_url)  # type: ignore[operator]
    code = main(["check", "--database", url, "--data-dir", str(tmp_path / "local")])
    # THEN one Russian line, no server text, and nothing was created
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and expected in err
    assert "FATAL" not in err and "psycopg" not in err.replace("postgresql+psycopg://", "")
    assert not (tmp_path / "local" / "kurator.sqlite").exists()


def test_user_without_rights_gets_a_russian_line_and_nothing_changes(
    pg_url: str, pg_server: object, tmp_path: Path
) -> None:
    # GIVEN a login role that may connect but not create tables (PostgreSQL 15 default)
    admin = Database.server(pg_url)
    with admin.engine.begin() as conn:
        conn.execute(text("DROP ROLE IF EXISTS kt_reader"))
        conn.execute(text("CREATE ROLE kt_reader LOGIN"))
        conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    reader_url = Database.server(pg_url).engine.url.set(username="kt_reader")
    try:
        # WHEN it opens the empty database THEN refused in Russian, and nothing was created
        with pytest.raises(KuratorError) as refused:
            open_server_workspace(reader_url.render_as_string(hide_password=False), tmp_path)
        assert "нет прав" in str(refused.value)
        with admin.engine.connect() as conn:
            count = conn.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            ).scalar()
        assert count == 0
    finally:
        with admin.engine.begin() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE usename = 'kt_reader'"
                )
            )
        admin.dispose()


def test_server_messages_never_show_the_server_text() -> None:
    # GIVEN driver errors of each kind (as psycopg raises them)
    import psycopg

    cases = {
        'connection failed: FATAL:  password authentication failed for user "x"': "пароль",
        'connection failed: could not translate host name "nohost"': "не найден",
        "connection timeout expired": "не отвечает",
        "server closed the connection unexpectedly": "Связь с сервером",
    }
    for said, expected in cases.items():
        # WHEN turned into the user's line THEN Russian, without the driver's words
        line = user_message(psycopg.OperationalError(said))
        assert expected in line and said not in line


def test_school_requisites_saved_by_another_user_are_not_overwritten(any_ws: Workspace) -> None:
    # GIVEN two users who opened the school's requisites
    school.save_school(any_ws.db, school.SchoolData(short_name="МБОУ СОШ № 1"))
    other = _second_handle(any_ws)
    try:
        mine, theirs = school.get_school(any_ws.db), school.get_school(other)
        # WHEN the other user saves first
        theirs.locality = "г. Берёзовск"
        school.save_school(other, theirs)
        mine.locality = "с. Ивановка"
        # THEN my save is refused with the record's name, and their value stays
        with pytest.raises(StaleRecordError, match="«Сведения о школе: МБОУ СОШ № 1»"):
            school.save_school(any_ws.db, mine)
        assert school.get_school(any_ws.db).locality == "г. Берёзовск"
    finally:
        other.dispose()


def test_server_going_away_mid_import_changes_nothing(
    pg_server: object, any_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not any_ws.is_server:
        pytest.skip("a server's connection only: the file's import is covered in tests/faults")
    # GIVEN a server database with a teacher, and a file with another school
    persons.save_person(any_ws.db, PersonData(last_name="Прежняя", first_name="Анна"))
    source = tmp_path / "school.json"
    exchange.export_data(any_ws.db, source)
    doc = json.loads(source.read_text(encoding="utf-8"))
    doc["tables"]["persons"][0]["last_name"] = "Новая"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    # WHEN the server drops the connection after the rows were written, before the commit
    def server_goes_away(s: object) -> None:
        s.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))  # type: ignore[attr-defined]

    monkeypatch.setattr(exchange, "_restart_numbering", server_goes_away)
    with pytest.raises(KuratorError) as refused:
        exchange.import_data(any_ws.db, source)
    # THEN one Russian line says the connection was lost, and the old data is all there
    assert str(refused.value).startswith("Связь с сервером базы данных потеряна")
    assert [r.full_name for r in persons.list_persons(any_ws.db)] == ["Прежняя Анна"]


def test_server_database_of_an_older_version_upgrades_with_its_data(
    pg_url: str, demo_school: DemoSchool, tmp_path: Path
) -> None:
    # deferred: Alembic's command API only for taking the schema down
    from alembic import command

    from app.models.migrate import alembic_config

    # GIVEN the demo school on the server, taken down to 0006 (before 0007–0009)
    ws = open_server_workspace(pg_url, tmp_path / "local")
    dump = tmp_path / "school.json"
    exchange.export_data(demo_school(dt.date(2026, 11, 1)).db, dump)
    exchange.import_data(ws.db, dump)
    tables = ("persons", "pairs", "programs", "program_items", "orders")

    def state() -> tuple[dict[str, int], dict[int, int | None]]:
        with ws.db.engine.connect() as conn:
            counts = {
                t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables
            }
            fixing = dict(conn.execute(text("SELECT id, fixing_order_id FROM pairs")).all())
        return counts, fixing  # type: ignore[return-value]

    counts, fixing = state()
    with ws.db.engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
    assert read_server_revision(ws.db) == "0006"
    # WHEN this version opens it
    result = migrate_server(ws.db)
    # THEN it is at the head with every row, the fixing orders backfilled by 0008 …
    assert (result.from_revision, read_server_revision(ws.db)) == ("0006", HEAD_REVISION)
    assert state() == (counts, fixing)
    assert counts["programs"] > 0 and any(fixing.values())
    # … every row at version 1, and a pair with a program cannot be deleted (0007)
    with ws.db.engine.connect() as conn:
        assert conn.execute(text("SELECT DISTINCT version FROM persons")).scalars().all() == [1]
        pair_id = conn.execute(text("SELECT pair_id FROM programs LIMIT 1")).scalar_one()
        with pytest.raises(IntegrityError):
            conn.execute(text("DELETE FROM pairs WHERE id = :p"), {"p": pair_id})
    ws.close(backup=False)


def test_a_pair_saved_by_another_user_is_not_overwritten(any_ws: Workspace) -> None:
    # GIVEN two users who opened the same pair
    pair_id, _ = make_pair(any_ws.db, with_directions=False)
    other = _second_handle(any_ws)
    try:
        mine, theirs = pairs.get_pair(any_ws.db, pair_id), pairs.get_pair(other, pair_id)
        # WHEN the other user saves first, then I save my older copy
        theirs.notes = "встречи по вторникам"
        pairs.save_pair(other, theirs)
        mine.notes = "встречи по четвергам"
        # THEN I am refused with the record named, and their notes stay
        with pytest.raises(StaleRecordError, match=f"«Пара \\(группа\\): № {pair_id}»"):
            pairs.save_pair(any_ws.db, mine)
        assert pairs.get_pair(any_ws.db, pair_id).notes == "встречи по вторникам"
    finally:
        other.dispose()


def test_an_order_saved_by_another_user_is_refused_and_my_own_saves_go_on(
    any_ws: Workspace, demo_school: DemoSchool, tmp_path: Path
) -> None:
    # GIVEN the demo school's orders on the engine under test, opened by two users
    dump = tmp_path / "school.json"
    exchange.export_data(demo_school(dt.date(2026, 11, 1)).db, dump)
    exchange.import_data(any_ws.db, dump)
    other = _second_handle(any_ws)
    try:
        mine, theirs = orders.get_order(any_ws.db, 1), orders.get_order(other, 1)
        # WHEN I save twice from my open editor (each save continues from the last one) …
        mine.place = "с. Берёзовка, ул. Школьная, 1"
        orders.save_order(any_ws.db, mine)
        mine.place = "с. Берёзовка"
        orders.save_order(any_ws.db, mine)
        # … and then the other user saves the copy they opened before
        theirs.title = "Чужой заголовок"
        # THEN their save is refused with the order named; mine stays
        with pytest.raises(StaleRecordError, match=r"«Приказ: 112 "):
            orders.save_order(other, theirs)
        kept = orders.get_order(any_ws.db, 1)
        assert (kept.place, kept.title) == ("с. Берёзовка", mine.title)
    finally:
        other.dispose()
