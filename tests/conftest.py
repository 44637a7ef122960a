"""Test-wide setup: offscreen Qt, a throwaway data folder per test, shared prebuilt databases.

Migrating a database (Alembic) and building the demo school are the slow parts of setting up
a test, and their result is the same every time. So the schema is migrated once per session
into a template file, and the demo school is built once per session for each date a test
asks for; every test then gets its own data folder holding a *copy* of that file, opened
through the ordinary ``open_workspace`` (lock, version check, integrity check, seeding).
Tests stay isolated: nothing a test writes reaches another test. The migration itself is
exercised by tests/models/test_migrations.py and tests/services/test_workspace.py, which open
empty folders on their own; the demo builder by tests/services/test_demo*.py and the CLI
``demo`` tests, which still call it. (tests/faults/conftest.py has its own ``demo_school``
for its subprocess runs: a folder made by the command line, not an open workspace.)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("KURATOR_DATA_DIR", None)

from app.services.storage.workspace import Workspace  # noqa: E402
from tests.prebuilt import DemoSchool, DemoSummary, PrebuiltDatabases  # noqa: E402


@pytest.fixture(scope="session")
def prebuilt(tmp_path_factory: pytest.TempPathFactory) -> PrebuiltDatabases:
    return PrebuiltDatabases(tmp_path_factory.mktemp("prebuilt"))


@pytest.fixture
def ws(prebuilt: PrebuiltDatabases, tmp_path: Path) -> Iterator[Workspace]:
    """An opened, migrated, empty data folder (lock held for the test)."""
    workspace = prebuilt.open_empty(tmp_path / "data")
    try:
        yield workspace
    finally:
        workspace.close(backup=False)


@pytest.fixture
def db(ws: Workspace):  # type: ignore[no-untyped-def]
    """The database of the ``ws`` fixture."""
    return ws.db


@pytest.fixture
def demo_school(prebuilt: PrebuiltDatabases, tmp_path: Path) -> Iterator[DemoSchool]:
    """``demo_school(today=None)``: an opened data folder of this test holding the demo
    school as ``create_demo(db, today)`` makes it (``today`` defaults to the real date).

    The school is built once per session for each date; each call copies it into a new
    folder under ``tmp_path``, so a test may change it freely."""
    opened: list[Workspace] = []

    def make(today: dt.date | None = None) -> Workspace:
        db_file, _ = prebuilt.demo(today or dt.date.today())
        root = tmp_path / "data"  # where the ``ws`` fixture would have put it
        if root.exists():
            root = tmp_path / f"demo-{len(opened)}"
        workspace = prebuilt.open_copy(db_file, root)
        opened.append(workspace)
        return workspace

    yield make
    for workspace in opened:
        workspace.close(backup=False)


@pytest.fixture
def demo_summary(prebuilt: PrebuiltDatabases) -> DemoSummary:
    """``demo_summary(today)``: what ``create_demo`` returned when the shared school was
    built for ``today``."""
    return lambda today: prebuilt.demo(today)[1]
