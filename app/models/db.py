"""The database handle: SQLite engine with safe pragmas, one session per unit of work."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def _set_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # FULL sync: a power cut on an old school PC must not lose the last saved record.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def make_engine(db_path: Path) -> Engine:
    """An engine on ``db_path`` with foreign keys on and ``synchronous=FULL``."""
    engine = create_engine(f"sqlite:///{db_path}", future=True)
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
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def dispose(self) -> None:
        """Close every pooled connection (before the file is replaced or copied)."""
        self.engine.dispose()


def integrity_problem(path: Path, full: bool = False) -> str | None:
    """None when ``path`` passes SQLite's quick (or full) integrity check, else what SQLite
    said (English, for the log). Opens the file read-only."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        pragma = "integrity_check" if full else "quick_check"
        rows = con.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
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
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, dst)
