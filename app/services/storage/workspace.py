"""Opening the data folder: single-instance lock, version check, migration, start backup."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import DamagedDatabaseError, DataDirLockedError, KuratorError, user_message
from app.models.db import Database, integrity_problem
from app.models.migrate import MigrationResult, check_not_newer, migrate, read_revision
from app.paths import PRIVATE_DIR, DataPaths
from app.services.school import reference
from app.services.storage import backups
from app.services.storage.folder_lock import FolderLock, LockHeld

log = logging.getLogger(__name__)


@dataclass
class Workspace:
    """An open data folder: paths, the database and the lock that keeps others out."""

    paths: DataPaths
    db: Database
    lock: FolderLock
    migration: MigrationResult | None = None
    closed: bool = field(default=False)

    def reopen(self) -> None:
        """Re-run the version check and migration after the file was replaced (restore)."""
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
            if backup:
                self._exit_backup()
        finally:
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
