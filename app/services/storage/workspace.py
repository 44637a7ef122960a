"""Opening the data: the data folder (single-instance lock, version check, migration, start
backup) or a database on a PostgreSQL server (version check and migration only)."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import DamagedDatabaseError, DataDirLockedError, KuratorError, user_message
from app.models.db import ENV_DATABASE, ON_SERVER, Database, integrity_problem
from app.models.migrate import (
    MigrationResult,
    check_not_newer,
    migrate,
    migrate_server,
    read_revision,
)
from app.paths import PRIVATE_DIR, DataPaths
from app.services.school import reference
from app.services.storage import backups
from app.services.storage.folder_lock import FolderLock, LockHeld

log = logging.getLogger(__name__)


@dataclass
class Workspace:
    """An open data folder: paths, the database and the lock that keeps others out.

    On a server database (``db.is_server``) the folder only keeps this computer's settings
    and log, and there is no lock: several people work on the server at once, each change
    guarded by its row version (app.models.versioning)."""

    paths: DataPaths
    db: Database
    lock: FolderLock | None
    migration: MigrationResult | None = None
    closed: bool = field(default=False)

    @property
    def is_server(self) -> bool:
        """True when the data lives on a PostgreSQL server, not in the folder's file."""
        return self.db.is_server

    def require_file(self) -> None:
        """Refuse (in Russian) a file-level action — a copy of the file, a restore, a file
        check — on a server database."""
        if self.is_server:
            raise KuratorError(ON_SERVER)

    def reopen(self) -> None:
        """Re-run the version check and migration after the file was replaced (restore)."""
        self.require_file()
        self.db.dispose()
        self.migration = migrate(self.paths.db, self.paths.pre_migration_backups)
        self.db = Database(self.paths.db)
        reference.ensure_defaults(self.db)

    def close(self, backup: bool = True) -> None:
        """Take the exit backup, close the database and release the lock."""
        if self.closed:
            return
        try:
            self.db.dispose()
            if backup and not self.is_server:
                self._exit_backup()
        finally:
            if self.lock is not None:
                self.lock.release()
            self.closed = True

    def _exit_backup(self) -> None:
        # The work is saved already: a copy that cannot be made (a full disk, a lock held by
        # an antivirus) must not turn a finished command or a closed window into a failure.
        try:
            backups.auto_backup(self.paths, "exit")
        except (KuratorError, OSError, sqlite3.Error) as exc:
            log.warning("exit backup not made: %s", exc.__class__.__name__)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(backup=exc[0] is None)


def acquire_lock(paths: DataPaths) -> FolderLock:
    """Take the data folder's lock or raise ``DataDirLockedError`` at once."""
    try:
        paths.root.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    except OSError as exc:
        raise KuratorError(
            f"Не удаётся создать папку данных {paths.root}. {user_message(exc)}"
        ) from exc
    paths.make_private()
    lock = FolderLock(paths.lock)
    try:
        lock.acquire()
    except LockHeld:
        raise DataDirLockedError(
            f"«Куратор» уже запущен с этой папкой данных ({paths.root}). "
            "Закройте другое окно программы и попробуйте снова."
        ) from None
    except OSError as exc:
        raise KuratorError(f"Нет доступа к папке данных {paths.root}. {user_message(exc)}") from exc
    return lock


def remove_crash_leftovers(paths: DataPaths) -> list[Path]:
    """Delete what a crash left half-written in the data folder: temporary ``*.part`` files
    and folders (copies, the demo being built) and an unfinished restore. They are never
    under a final name, so nothing of value goes. Returns what was removed."""
    found = [*paths.root.glob("*.part"), paths.db.with_name(paths.db.name + ".restore")]
    if paths.backups.is_dir():
        found += list(paths.backups.rglob("*.part"))
    removed = []
    for path in found:
        try:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
            else:
                continue
        except OSError:
            continue  # still held by another program: next time
        removed.append(path)
    if removed:
        log.info("removed %d unfinished file(s) left by a crash", len(removed))
    return removed


def open_workspace(root: Path, start_backup: bool = True) -> Workspace:
    """Lock ``root``, refuse a database from a newer version (untouched), copy and migrate an
    older one, seed reference lists, take the start backup."""
    paths = DataPaths(root)
    lock = acquire_lock(paths)
    try:
        remove_crash_leftovers(paths)
        check_not_newer(read_revision(paths.db), paths.db)
        if paths.db.exists():
            problem = integrity_problem(paths.db)
            if problem is not None:
                log.error("database %s damaged: %s", paths.db, problem)
                raise DamagedDatabaseError(backups.DAMAGED.format(folder=paths.auto_backups))
        paths.ensure()
        if start_backup:
            backups.auto_backup(paths, "start")
        result = migrate(paths.db, paths.pre_migration_backups)
        if result.from_revision != result.to_revision:
            log.info("schema %s -> %s", result.from_revision, result.to_revision)
        db = Database(paths.db)
        reference.ensure_defaults(db)
    except BaseException:
        lock.release()
        raise
    return Workspace(paths, db, lock, result)


def resolve_database(cli_value: str | None = None) -> str | None:
    """The server database to work with: ``--database``, then ``KURATOR_DATABASE``; None
    means the data folder's SQLite file (the default, which needs nothing)."""
    if cli_value is not None:
        if not cli_value.strip():
            raise KuratorError(
                "Адрес базы данных не указан: после --database нужен адрес вида "
                "postgresql+psycopg://пользователь@сервер/база."
            )
        return cli_value.strip()
    env = os.environ.get(ENV_DATABASE, "").strip()
    return env or None


def open_server_workspace(url: str, local: Path) -> Workspace:
    """Open the PostgreSQL database at ``url``: refuse a newer schema or someone else's
    database (untouched), migrate an older one in one transaction, seed reference lists.
    ``local`` is this computer's folder for the settings and the log (no database there).

    A wrong, unreachable or forbidden server is one Russian sentence (``KuratorError``)."""
    paths = DataPaths(local)
    db = Database.server(url)
    try:
        try:
            result = migrate_server(db)
            if result.from_revision != result.to_revision:
                log.info("server schema %s -> %s", result.from_revision, result.to_revision)
            reference.ensure_defaults(db)
        except KuratorError:
            raise
        except Exception as exc:
            log.warning("cannot open the server database: %s", exc.__class__.__name__)
            raise KuratorError(user_message(exc)) from exc
    except BaseException:
        db.dispose()
        raise
    try:
        paths.root.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        paths.make_private()
    except OSError as exc:  # settings and log only: the data is safe on the server
        log.warning("no local folder for settings: %s", exc.__class__.__name__)
    return Workspace(paths, db, None, result)


def open_data(database: str | None, data_dir: Path, start_backup: bool = True) -> Workspace:
    """The server database ``database`` when one is named, else the data folder ``data_dir``."""
    if database is not None:
        return open_server_workspace(database, data_dir)
    return open_workspace(data_dir, start_backup=start_backup)
