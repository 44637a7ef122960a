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
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("KURATOR_DATA_DIR", None)
os.environ.pop("KURATOR_DATABASE", None)  # the tests choose their engine themselves

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


# --- PostgreSQL: a real server when KURATOR_TEST_PG_URL names one ----------------------------

PG_ENV = "KURATOR_TEST_PG_URL"
_PG_SKIP = (
    f"{PG_ENV} is not set: no PostgreSQL server for this run "
    "(scripts/pg_test_cluster.sh starts one; see the README, «Тесты на PostgreSQL»)"
)


class PgServer:
    """The test server: makes a fresh database per test (from a template, so the schema is
    migrated once per session) and drops it afterwards."""

    def __init__(self, url: str, local: Path) -> None:
        # deferred: SQLAlchemy loads only for a run that has a server
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.base = make_url(url).set(drivername="postgresql+psycopg")
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self._count = 0
        self.local = local
        self.migrated_template: str | None = None

    def _exec(self, sql: str) -> None:
        # deferred: SQLAlchemy loads only for a run that has a server
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def create(self, template: str = "template0") -> str:
        """A new empty (or ``template``-copied) database; returns its URL."""
        self._count += 1
        name = f"kt_{os.getpid()}_{self._count}"
        self._exec(f'DROP DATABASE IF EXISTS "{name}"')
        self._exec(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.base.set(database=name).render_as_string(hide_password=False)

    def migrated(self) -> str:
        """A new database holding the migrated, seeded schema."""
        if self.migrated_template is None:
            # deferred: the app's storage loads only for a run that has a server
            from app.services.storage.workspace import open_server_workspace

            url = self.create()
            ws = open_server_workspace(url, self.local)
            ws.close(backup=False)
            self.migrated_template = url.rsplit("/", 1)[-1].split("?", 1)[0]
        return self.create(self.migrated_template)

    def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[-1].split("?", 1)[0]
        self._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PgServer]:
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        pytest.skip(_PG_SKIP)
    server = PgServer(url, tmp_path_factory.mktemp("pg-local"))
    yield server
    if server.migrated_template:
        server._exec(f'DROP DATABASE IF EXISTS "{server.migrated_template}" WITH (FORCE)')
    server.admin.dispose()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database for this test (skipped without a
    server: set KURATOR_TEST_PG_URL)."""
    url = pg_server.create()
    yield url
    pg_server.drop(url)


ENGINES = ["sqlite", "postgresql"]


def open_on_engine(request: pytest.FixtureRequest, engine: str, root: Path) -> Iterator[Workspace]:
    """An opened, migrated, empty workspace on ``engine``: a data folder ``root`` holding the
    SQLite file, or a fresh PostgreSQL database (``root`` then keeps only the settings and
    the log; skipped without a server). Closed (and the server database dropped) after."""
    if engine == "sqlite":
        prebuilt: PrebuiltDatabases = request.getfixturevalue("prebuilt")
        workspace = prebuilt.open_empty(root)
        try:
            yield workspace
        finally:
            workspace.close(backup=False)
        return
    # deferred: the server workspace is needed only for the PostgreSQL half
    from app.services.storage.workspace import open_server_workspace

    server: PgServer = request.getfixturevalue("pg_server")
    url = server.migrated()
    workspace = open_server_workspace(url, root)
    try:
        yield workspace
    finally:
        workspace.close(backup=False)
        server.drop(url)


@pytest.fixture(params=ENGINES)
def any_ws(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """An opened, migrated, empty workspace on each engine in turn: the data folder's SQLite
    file, then a fresh PostgreSQL database (skipped without a server)."""
    yield from open_on_engine(request, request.param, tmp_path / "data")


class StoreAt:
    """Where a test's municipal store lives: the data folder's ``municipal.sqlite`` or a
    fresh PostgreSQL database. ``args`` name it on the command line, ``open()`` opens it,
    ``rows(statement)`` reads it back (each in its own connection, closed after)."""

    def __init__(self, engine: str, data_dir: Path, url: str | None = None) -> None:
        self.engine, self.data_dir, self.url = engine, data_dir, url

    @property
    def is_server(self) -> bool:
        return self.url is not None

    @property
    def args(self) -> list[str]:
        """``--data-dir DIR``, plus ``--database URL`` on the server (the folder then keeps
        only the log, as for a school's server database)."""
        server = ["--database", self.url] if self.url is not None else []
        return [*server, "--data-dir", str(self.data_dir)]

    def open(self) -> Any:
        # deferred: the municipal store loads only for the tests that use it
        from app.services.municipal.store import open_store_at

        return open_store_at(self.url, self.data_dir)

    def rows(self, statement: Any) -> list[tuple[Any, ...]]:
        store = self.open()
        try:
            with store.session() as s:
                return [tuple(r) for r in s.execute(statement)]
        finally:
            store.dispose()


@pytest.fixture(params=ENGINES)
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreAt]:
    """Where a municipal store is kept, on each engine in turn: the folder ``tmp_path/gmk``
    (SQLite), then a fresh, empty PostgreSQL database (skipped without a server)."""
    if request.param == "sqlite":
        yield StoreAt("sqlite", tmp_path / "gmk")
        return
    server: PgServer = request.getfixturevalue("pg_server")
    url = server.create()
    try:
        yield StoreAt("postgresql", tmp_path / "gmk", url)
    finally:
        server.drop(url)
