"""The municipal store's rules below the command line: the municipal deficit scale, the heat
map over a period against the kept counts, «было / стало», the store's schema version."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from app.errors import KuratorError
from app.models.municipal import STORE_SCHEMA_VERSION, StoreSchema
from app.services.municipal import store as municipal
from app.services.municipal.snapshot import NONE, PARTIAL, SEVERE, _grades
from app.services.municipal.store import open_store
from app.services.municipal.summary import build_summary, parse_period
from app.services.municipal.views import before_after, heat_map, needs
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
    demo_school: DemoSchool, tmp_path: Path
) -> None:
    # GIVEN a store with two schools
    base = school_file(demo_school, tmp_path)
    store = open_store(tmp_path / "gmk")
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
    demo_school: DemoSchool, tmp_path: Path
) -> None:
    # GIVEN a store with one school
    base = school_file(demo_school, tmp_path)
    store = open_store(tmp_path / "gmk")
    municipal.add_file(store, variant(base, tmp_path / "a.json"))
    # WHEN the summary is built for a period long before the diagnostics
    summary = build_summary(store, parse_period(None, "01.01.2001"))
    store.dispose()
    # THEN no cell has anyone assessed, and the summary says the school is covered
    assert all(c.assessed == 0 and c.text == "—" for c in summary.heat.total.cells)
    assert summary.covered == ["МБОУ «Берёзовская СОШ»"] and summary.missing == []


def test_a_store_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    # GIVEN a store whose schema version is newer than this program's
    store = open_store(tmp_path / "gmk")
    with store.session() as s:
        s.execute(update(StoreSchema).values(version=STORE_SCHEMA_VERSION + 1))
    store.dispose()
    # WHEN it is opened THEN the refusal says to install the new version
    with pytest.raises(KuratorError, match="более новой версией"):
        open_store(tmp_path / "gmk")


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    # GIVEN a data folder whose store file is not a database
    (tmp_path / "gmk").mkdir()
    (tmp_path / "gmk" / municipal.STORE_FILE).write_text("не база", encoding="utf-8")
    # WHEN it is opened THEN one Russian line names the problem
    with pytest.raises(KuratorError, match="не база «Куратора», она повреждена"):
        open_store(tmp_path / "gmk")
