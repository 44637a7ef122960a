"""The database handle: a SQLite file (safe pragmas) or a PostgreSQL server, one session per
unit of work."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.core.textutil import fold
from app.errors import BUSY, DatabaseBusyError, KuratorError, user_message
from app.models.versioning import remember_flushed, stale_record_error

ENV_DATABASE = "KURATOR_DATABASE"
SERVER_CONNECT_TIMEOUT_S = 10
"""How long opening a server connection waits before «сервер не отвечает»."""


def _set_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # FULL sync: a power cut on an old school PC must not lose the last saved record.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()
    # The case- and ё-insensitive form used by search and sorting (app.models.textsql); on
    # PostgreSQL the same is an expression, so both engines agree.
    dbapi_conn.create_function("kurator_fold", 1, _fold_or_none, deterministic=True)


def _fold_or_none(value: str | None) -> str | None:
    return None if value is None else fold(value)


def server_url(text: str) -> URL:
    """The SQLAlchemy URL of a PostgreSQL database named by ``text`` (``postgresql://…`` or
    ``postgresql+psycopg://…``); anything else is refused with a Russian sentence."""
    try:
        url = make_url(text.strip())
    except ArgumentError:
        url = None
    if url is None or url.get_backend_name() != "postgresql" or not url.database:
        raise KuratorError(
            "Адрес базы данных не понят. Ожидается вид "
            "postgresql+psycopg://пользователь@сервер/база."
        )
    if url.get_driver_name() not in ("psycopg", "") and url.drivername != "postgresql":
        raise KuratorError(
            "Для PostgreSQL программа использует только драйвер psycopg: укажите адрес "
            "вида postgresql+psycopg://пользователь@сервер/база."
        )
    return url.set(drivername="postgresql+psycopg")


def make_server_engine(url: URL) -> Engine:
    """An engine on a PostgreSQL server: bounded connect wait, dead connections replaced."""
    return create_engine(
        url,
        future=True,
        pool_pre_ping=True,
        connect_args={"connect_timeout": SERVER_CONNECT_TIMEOUT_S},
    )


def make_engine(db_path: Path) -> Engine:
    """An engine on ``db_path`` with foreign keys on and ``synchronous=FULL``."""
    engine = create_engine(
        f"sqlite:///{db_path}", future=True, connect_args={"timeout": BUSY_TIMEOUT_S}
    )
    event.listen(engine, "connect", _set_pragmas)
    return engine


class Database:
    """Owns the engine and hands out sessions; pass it to service functions.

    ``Database(path)`` is a SQLite file, ``Database.server(url)`` a PostgreSQL database."""

    def __init__(self, db_path: Path | None, *, url: URL | None = None) -> None:
        if url is not None:
            self._path = None
            self.engine = make_server_engine(url)
        else:
            assert db_path is not None
            self._path = db_path
            self.engine = make_engine(db_path)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self._factory, "before_flush", remember_flushed)

    @classmethod
    def server(cls, url: str | URL) -> Database:
        """A database on a PostgreSQL server (nothing is connected until first use)."""
        return cls(None, url=url if isinstance(url, URL) else server_url(url))

    @property
    def is_server(self) -> bool:
        """True on a database server (PostgreSQL), False on the SQLite file."""
        return self._path is None

    @property
    def path(self) -> Path:
        """The SQLite file; a server database has none (file-level work is refused)."""
        if self._path is None:
            raise KuratorError(ON_SERVER)
        return self._path

    def describe(self) -> str:
        """Where the data is, for the title bar and the log (a server URL without password)."""
        if self._path is not None:
            return str(self._path)
        url = self.engine.url
        host = url.host or url.query.get("host") or "localhost"
        port = f":{url.port}" if url.port else ""
        user = f"{url.username}@" if url.username else ""
        return f"{user}{host}{port}/{url.database}"  # never the password

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back on any exception."""
        s = self._factory()
        try:
            yield s
            s.commit()
        except StaleDataError as exc:
            stale = stale_record_error(s, exc)
            s.rollback()
            raise stale from exc
        except OperationalError as exc:
            # a server that went away took its transaction with it: nothing to roll back
            with suppress(DBAPIError):
                s.rollback()
            if is_busy(exc.orig):
                raise _busy() from exc
            if self.is_server:  # lost, refused, shut down: one Russian line, nothing written
                raise KuratorError(user_message(exc)) from exc
            raise
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def dispose(self) -> None:
        """Close every pooled connection (before the file is replaced or copied)."""
        self.engine.dispose()


ON_SERVER = (
    "База данных находится на сервере PostgreSQL: действия с файлом базы (копия файла, "
    "восстановление из копии, проверка файла) к ней не относятся. Резервная копия на сервере "
    "делается выгрузкой в файл обмена («Файл → Выгрузить в файл обмена…») или средствами "
    "сервера (pg_dump) у его администратора."
)

BUSY_TIMEOUT_S = 5.0
"""How long any open waits for another program's lock before saying «занята» (never forever)."""


def is_busy(exc: BaseException | None) -> bool:
    """True for SQLite's «database is locked / busy» (another process holds the file)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or (
        isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)
    )


def _busy() -> DatabaseBusyError:
    return DatabaseBusyError(BUSY)


def recover(path: Path) -> None:
    """Let SQLite finish what a crash or power cut left half-done, before anything probes
    the file.

    A transaction cut off by kill -9 or a power cut leaves a *hot* rollback journal
    (``kurator.sqlite-journal``); only a read-write open rolls it back (a read-only open
    refuses the file, which would look like damage). SQLite itself tells a hot journal from
    the journal of a live writer, so this never touches another process's transaction. A
    healthy folder (no journal) costs one ``stat``. Raises ``DatabaseBusyError`` when
    another program holds the file past the bounded wait."""
    journal = path.with_name(path.name + "-journal")
    wal = path.with_name(path.name + "-wal")
    if not path.is_file() or not (journal.exists() or wal.exists()):
        return
    try:
        con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error:
        return  # the probes that follow say what is wrong
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        if is_busy(exc):
            raise _busy() from exc
        # not a database at all, or damaged: the probes that follow report it
    finally:
        con.close()


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection for probes, after ``recover``; waits at most
    ``BUSY_TIMEOUT_S`` for a lock held elsewhere."""
    recover(path)
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)


def integrity_problem(path: Path, full: bool = False) -> str | None:
    """None when ``path`` passes SQLite's quick (or full) integrity check, else what SQLite
    said (English, for the log). Recovers a crash's journal first, then reads the file
    read-only; a zero-length file is damaged (never a new empty school); a lock held
    elsewhere raises ``DatabaseBusyError`` instead of looking like damage."""
    if path.is_file() and path.stat().st_size == 0:
        return "zero-length file"
    try:
        con = open_readonly(path)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        pragma = "integrity_check" if full else "quick_check"
        rows = con.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise _busy() from exc
        return str(exc)
    finally:
        con.close()
    text = "; ".join(str(r[0]) for r in rows[:5])
    return None if text == "ok" else text


def sqlite_backup(src: Path, dst: Path) -> None:
    """Copy a (possibly live) SQLite database with the online backup API into ``dst``.

    ``dst`` is written under a temporary name in its folder and renamed into place, so a
    crash never leaves half a copy under the final name."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(dst.name + ".part")
    if tmp.exists():
        tmp.unlink()
    try:
        source = open_readonly(src)
        try:
            target = sqlite3.connect(tmp)
            try:
                source.backup(target, progress=_deadline(BUSY_TIMEOUT_S))
            finally:
                target.close()
        finally:
            source.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dst)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)  # a failed copy leaves nothing behind, not even a part
        if isinstance(exc, sqlite3.Error) and is_busy(exc):
            raise _busy() from exc
        raise


def replace_contents(dst: Path, src: Path) -> None:
    """Make the live database ``dst`` hold exactly what ``src`` holds, in ONE write
    transaction on ``dst`` (SQLite's backup API into it): a kill -9 or a power cut at any
    moment leaves either the old contents or the new ones, never a mix (the hot journal is
    rolled back at the next open). Every connection to ``dst`` must be closed first."""
    source = open_readonly(src)
    try:
        target = sqlite3.connect(dst, timeout=BUSY_TIMEOUT_S)
        try:
            source.backup(target, progress=_deadline(BUSY_TIMEOUT_S))
        except sqlite3.Error as exc:
            if is_busy(exc):
                raise _busy() from exc
            raise
        finally:
            target.close()
    finally:
        source.close()


def _deadline(seconds: float) -> Callable[[int, int, int], None]:
    """A progress callback for ``Connection.backup`` that gives up after ``seconds`` of
    «busy»: Python's own loop retries a locked source forever."""
    end = time.monotonic() + seconds

    def progress(status: int, _remaining: int, _total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > end:
            raise sqlite3.OperationalError("database is locked")

    return progress
