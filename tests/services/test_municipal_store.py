"""The municipal store's rules below the command line: the municipal deficit scale, the heat
map over a period against the kept counts, «было / стало», the store's schema version, the
order of names — on SQLite and on a PostgreSQL server (``any_store``)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update

from app.errors import BUSY, DatabaseBusyError, KuratorError
from app.models.db import Database
from app.models.municipal import STORE_SCHEMA_VERSION, StoredSchool, StoredTeacher, StoreSchema
from app.services.municipal import store as municipal
from app.services.municipal.snapshot import NONE, PARTIAL, SEVERE, _grades
from app.services.municipal.store import open_store, open_store_url
from app.services.municipal.summary import build_summary, parse_period
from app.services.municipal.views import (
    before_after,
    direction_choices,
    heat_map,
    needs,
    severe_teachers,
)
from tests.conftest import StoreAt
from tests.municipal_files import OTHER_NAME, school_file, variant
from tests.prebuilt import DemoSchool


def test_the_worst_level_of_a_school_is_a_severe_deficit_milder_ones_partial() -> None:
    # GIVEN a school that added a fourth level above «выраженный» (severity 3)
    levels = [(1, 3), (2, 2), (3, 1), (4, 0), (5, None)]
    # WHEN its levels are put on the municipal scale
    grades = _grades(levels)
    # THEN only the worst is severe, every milder deficit partial, «не оценивалось» none
    assert grades == {1: SEVERE, 2: PARTIAL, 3: PARTIAL, 4: NONE, 5: None}


def test_heat_map_over_all_dates_equals_the_counts_kept_when_files_were_added(
    demo_school: DemoSchool, tmp_path: Path, any_store: StoreAt
) -> None:
    # GIVEN a store with two schools
    base = school_file(demo_school, tmp_path)
    store = any_store.open()
    municipal.add_file(store, variant(base, tmp_path / "a.json"))
    municipal.add_file(store, variant(base, tmp_path / "b.json", name=OTHER_NAME))
    # WHEN the map is computed from the kept counts and from every diagnosis of a wide period
    kept = heat_map(store)
    wide = heat_map(store, parse_period("01.01.2000", "31.12.2099").end)
    by_school, total = before_after(store)
    store.dispose()
    # THEN both agree cell by cell, and the total is the sum of the schools
    assert [[c.text for c in r.cells] for r in kept.rows] == [
        [c.text for c in r.cells] for r in wide.rows
    ]
    assert [c.severe for c in kept.total.cells] == [
        sum(r.cells[i].severe for r in kept.rows) for i in range(len(kept.directions))
    ]
    assert needs(kept)[0].severe == max(c.severe for c in kept.total.cells)
    # AND «было / стало» totals add up the schools' rows of each direction
    for row in total:
        mine = [r for r in by_school if r.direction == row.direction]
        assert row.teachers == sum(r.teachers for r in mine) > 0
        assert row.after_severe == sum(r.after_severe for r in mine)


def test_a_period_before_any_diagnosis_has_nothing_assessed(
    demo_school: DemoSchool, tmp_path: Path, any_store: StoreAt
) -> None:
    # GIVEN a store with one school
    base = school_file(demo_school, tmp_path)
    store = any_store.open()
    municipal.add_file(store, variant(base, tmp_path / "a.json"))
    # WHEN the summary is built for a period long before the diagnostics
    summary = build_summary(store, parse_period(None, "01.01.2001"))
    store.dispose()
    # THEN no cell has anyone assessed, and the summary says the school is covered
    assert all(c.assessed == 0 and c.text == "—" for c in summary.heat.total.cells)
    assert summary.covered == ["МБОУ «Берёзовская СОШ»"] and summary.missing == []


def test_a_store_from_a_newer_program_is_refused(any_store: StoreAt) -> None:
    # GIVEN a store whose schema version is newer than this program's
    store = any_store.open()
    with store.session() as s:
        s.execute(update(StoreSchema).values(version=STORE_SCHEMA_VERSION + 1))
    store.dispose()
    # WHEN it is opened THEN the refusal says to install the new version
    with pytest.raises(KuratorError, match="более новой версией"):
        any_store.open()


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    # GIVEN a data folder whose store file is not a database
    (tmp_path / "gmk").mkdir()
    (tmp_path / "gmk" / municipal.STORE_FILE).write_text("не база", encoding="utf-8")
    # WHEN it is opened THEN one Russian line names the problem
    with pytest.raises(KuratorError, match="не база «Куратора», она повреждена"):
        open_store(tmp_path / "gmk")


def test_a_store_held_by_another_program_is_busy_not_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a store whose file another program holds in a write transaction
    open_store(tmp_path / "gmk").dispose()
    monkeypatch.setattr("app.models.db.BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(tmp_path / "gmk" / municipal.STORE_FILE, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        # WHEN the methodist opens it THEN it is «занята», never «повреждена»
        with pytest.raises(DatabaseBusyError) as caught:
            open_store(tmp_path / "gmk")
        assert str(caught.value) == BUSY
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # AND once the other program lets go, the store opens as before
    open_store(tmp_path / "gmk").dispose()


def test_schools_and_teachers_sort_by_name_ignoring_case_and_yo_on_both_engines(
    demo_school: DemoSchool, tmp_path: Path, any_store: StoreAt
) -> None:
    # GIVEN schools whose names differ in «ё» and case (code points: «Ё» < «Е» < «ж»)
    base = school_file(demo_school, tmp_path)
    names = ["мбоу «Жуковская СОШ»", "МБОУ «Ёлочка»", "МБОУ «Еловая СОШ»"]
    store = any_store.open()
    for i, name in enumerate(names):
        municipal.add_file(store, variant(base, tmp_path / f"{i}.json", name=name, short=name))
    # WHEN the schools are listed and the teachers with a severe deficit are read
    listed = [x.full_name for x in municipal.list_schools(store)]
    columns = heat_map(store)
    severe = [severe_teachers(store, key) for key, _name in direction_choices(store)]
    store.dispose()
    # THEN schools come as «Еловая», «Ёлочка», «Жуковская» (ё read as е, case ignored)
    assert listed == ["МБОУ «Еловая СОШ»", "МБОУ «Ёлочка»", "мбоу «Жуковская СОШ»"]
    assert [r.school for r in columns.rows] == listed
    # AND the course group of each direction by school, then by the teachers' folded names
    assert any(severe)
    for group in severe:
        keys = [
            (x.school.lower().replace("ё", "е"), x.name.lower().replace("ё", "е")) for x in group
        ]
        assert keys == sorted(keys)


def test_server_going_away_mid_add_leaves_the_store_unchanged(
    demo_school: DemoSchool, tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a store on the server with a school's December snapshot, and its January file
    base = school_file(demo_school, tmp_path)
    store = open_store_url(pg_url)
    municipal.add_file(store, variant(base, tmp_path / "dec.json"))
    january = variant(base, tmp_path / "jan.json", stamp="2027-01-15T12:30:00")
    insert_rows = municipal._insert_rows

    def server_goes_away(s: object, school_id: int, snap: object) -> None:
        insert_rows(s, school_id, snap)  # type: ignore[arg-type]
        s.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))  # type: ignore[attr-defined]

    # WHEN the connection drops after the old rows were deleted and the new ones written
    monkeypatch.setattr(municipal, "_insert_rows", server_goes_away)
    with pytest.raises(KuratorError) as refused:
        municipal.add_file(store, january)
    monkeypatch.undo()
    # THEN one Russian line says the connection was lost, and December's snapshot is whole
    assert str(refused.value).startswith("Связь с сервером базы данных потеряна")
    with store.session() as s:
        dates = s.scalars(select(StoredSchool.file_date)).all()
        teachers = s.scalar(select(func.count()).select_from(StoredTeacher))
    store.dispose()
    assert [d.isoformat() for d in dates] == ["2026-12-01T10:00:00"]
    assert teachers == 25


def test_a_server_user_without_rights_gets_a_russian_line_and_no_tables(
    pg_url: str,
) -> None:
    # GIVEN a login role that may connect but not create tables
    admin = Database.server(pg_url)
    with admin.engine.begin() as conn:
        conn.execute(text("DROP ROLE IF EXISTS kt_methodist"))
        conn.execute(text("CREATE ROLE kt_methodist LOGIN"))
        conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    url = admin.engine.url.set(username="kt_methodist").render_as_string(hide_password=False)
    try:
        # WHEN it opens the store THEN refused in one Russian line, and nothing was created
        with pytest.raises(KuratorError) as refused:
            open_store_url(url)
        said = str(refused.value)
        assert "нет прав" in said and "данные не изменены" in said and "\n" not in said
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
                    "WHERE usename = 'kt_methodist'"
                )
            )
        admin.dispose()


def test_a_file_stamped_with_a_time_zone_is_compared_in_local_time(
    demo_school: DemoSchool, tmp_path: Path, any_store: StoreAt
) -> None:
    # GIVEN a stored school's file of 10:00 UTC in local time, and a file of the same moment
    # whose date carries the offset
    base = school_file(demo_school, tmp_path)
    aware = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
    local = aware.astimezone().replace(tzinfo=None)
    store = any_store.open()
    municipal.add_file(store, variant(base, tmp_path / "local.json", stamp=local.isoformat()))
    # WHEN the file with the offset is added
    with pytest.raises(KuratorError, match="уже загружен") as refused:
        municipal.add_file(store, variant(base, tmp_path / "utc.json", stamp=aware.isoformat()))
    stored = [x.file_date for x in municipal.list_schools(store)]
    store.dispose()
    # THEN it is the same file, refused in Russian, and the stored local time stays
    assert stored == [local]
    assert "Данные кабинета не изменены" in str(refused.value)
