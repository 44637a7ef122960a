"""The database handle: SQLite engine with safe pragmas, one session per unit of work."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import BUSY, DatabaseBusyError


def _set_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # FULL sync: a power cut on an old school PC must not lose the last saved record.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def make_engine(db_path: Path) -> Engine:
    """An engine on ``db_path`` with foreign keys on and ``synchronous=FULL``."""
    engine = create_engine(
        f"sqlite:///{db_path}", future=True, connect_args={"timeout": BUSY_TIMEOUT_S}
    )
    event.listen(engine, "connect", _set_pragmas)
    return engine


class Database:
    """Owns the engine and hands out sessions; pass it to service functions."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path
        self.engine = make_engine(db_path)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back on any exception."""
        s = self._factory()
        try:
            yield s
            s.commit()
        except OperationalError as exc:
            s.rollback()
            if is_busy(exc.orig):
                raise _busy() from exc
            raise
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def dispose(self) -> None:
        """Close every pooled connection (before the file is replaced or copied)."""
        self.engine.dispose()


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
