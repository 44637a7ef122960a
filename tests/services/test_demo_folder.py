"""The demo school's own folder: beside the real one, marked, never a folder holding other
files, and built anew when it is of another school year."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from app.errors import DataDirLockedError, KuratorError
from app.paths import DataPaths
from app.services.demo import demo_folder
from app.services.people import persons
from app.services.school import school
from app.services.storage.workspace import Workspace
from tests.prebuilt import PrebuiltDatabases


def test_the_demo_folder_is_beside_the_real_one_and_marked(ws: Workspace) -> None:
    # GIVEN an open real folder WHEN the demo folder is opened
    demo = demo_folder.open_demo(ws.paths.root)
    try:
        # THEN it is the sibling «<name>-пример», marked, empty until filled
        assert demo.paths.root == ws.paths.root.parent / f"{ws.paths.root.name}-пример"
        assert demo_folder.is_demo_folder(demo.paths.root)
        assert demo_folder.needs_filling(demo)
        # AND opening it a second time is refused while it is open (its own lock)
        with pytest.raises(DataDirLockedError):
            demo_folder.open_demo(ws.paths.root)
    finally:
        demo.close(backup=False)
    # AND the real folder holds no trace of it
    assert not (ws.paths.root / demo_folder.MARKER).exists()


def test_a_folder_holding_other_files_is_never_taken(ws: Workspace) -> None:
    # GIVEN the sibling folder holds someone's document
    root = demo_folder.demo_root(ws.paths.root)
    root.mkdir()
    (root / "план.docx").write_bytes(b"x")
    # WHEN the demo is opened THEN it is refused with the reason, the folder untouched
    with pytest.raises(KuratorError, match="уже лежат другие файлы"):
        demo_folder.open_demo(ws.paths.root)
    assert [p.name for p in root.iterdir()] == ["план.docx"]


def test_filling_refuses_a_folder_that_is_not_the_demo(ws: Workspace) -> None:
    # GIVEN the real folder WHEN asked to build the demo in it THEN it is refused
    with pytest.raises(KuratorError, match="только в папке примера"):
        demo_folder.fill(ws)
    assert persons.list_persons(ws.db) == []


def _seed_demo(prebuilt: PrebuiltDatabases, real: Path, built: dt.date) -> Path:
    root = demo_folder.demo_root(real)
    root.mkdir(parents=True)
    shutil.copyfile(prebuilt.demo(built)[0], DataPaths(root).db)
    (root / demo_folder.MARKER).write_text(demo_folder.MARKER_TEXT, encoding="utf-8")
    return root


def test_a_demo_of_last_year_is_built_anew_and_this_years_is_kept(
    prebuilt: PrebuiltDatabases, tmp_path: Path
) -> None:
    # GIVEN a demo folder built in October 2025 (school year 2025/2026)
    real = tmp_path / "Kurator"
    _seed_demo(prebuilt, real, dt.date(2025, 10, 1))
    # WHEN it is opened later in the same school year THEN it is kept as it is
    demo = demo_folder.open_demo(real, today=dt.date(2026, 3, 1))
    try:
        assert not demo_folder.needs_filling(demo)
        assert school.get_school(demo.db).school_year == "2025/2026"
    finally:
        demo.close(backup=False)
    # WHEN it is opened in the next school year THEN it is emptied, to be built anew
    demo = demo_folder.open_demo(real, today=dt.date(2026, 10, 5))
    try:
        assert demo_folder.needs_filling(demo)
        assert not any(p.name.endswith(".part") for p in demo.paths.root.iterdir())
        # AND the summary of the new build speaks of this year's school
        summary = demo_folder.fill(demo, dt.date(2026, 10, 5))
        assert summary.startswith("Создана демонстрационная школа")
        assert school.get_school(demo.db).school_year == "2026/2027"
    finally:
        demo.close(backup=False)
