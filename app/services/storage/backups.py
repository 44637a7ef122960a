"""Backups of the database: automatic rotating copies, copies to any folder, restore.

Copies are always made with SQLite's online backup API (never a plain file copy of a live
database) and written under a temporary name, then renamed into place."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.errors import KuratorError, user_message
from app.models.db import integrity_problem, recover, sqlite_backup
from app.models.migrate import check_not_newer, head_revision, read_revision
from app.paths import DataPaths

log = logging.getLogger(__name__)

DAMAGED = (
    "База данных повреждена. Восстановите её из последней исправной резервной копии "
    "(меню «Файл → Восстановить из копии…»); автоматические копии лежат в папке {folder}."
)
KEEP_LAST = 20
KEEP_DAYS = 30
_STAMP = "%Y%m%d-%H%M%S"
_AUTO_RE = re.compile(r"^kurator-(\d{8}-\d{6})-([a-z]+)(?:-\d+)?\.sqlite$")


def _stamp(now: dt.datetime) -> str:
    return now.strftime(_STAMP)


def _unique(path: Path) -> Path:
    if not path.exists():
        return path
    for i in range(1, 1000):
        candidate = path.with_name(f"{path.stem}-{i}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise KuratorError(f"Не удалось подобрать имя файла копии в {path.parent}")


def auto_backup(paths: DataPaths, reason: str, now: dt.datetime | None = None) -> Path | None:
    """Copy the database into ``backups/auto`` (reason: ``start`` or ``exit``) and rotate.

    Returns the new file, or None when there is no database yet or it is damaged: a damaged
    copy is deleted at once and nothing is rotated, so good older copies are never pushed
    out by bad ones."""
    if not paths.db.exists():
        return None
    now = now or dt.datetime.now()
    target = paths.auto_backups / f"kurator-{_stamp(now)}-{reason}.sqlite"
    target = _unique(target)
    sqlite_backup(paths.db, target)
    problem = integrity_problem(target)
    if problem is not None:
        log.error("automatic %s backup skipped, database damaged: %s", reason, problem)
        target.unlink(missing_ok=True)
        return None
    rotate(paths.auto_backups, now)
    return target


def rotate(folder: Path, now: dt.datetime | None = None) -> list[Path]:
    """Keep the newest ``KEEP_LAST`` copies plus the newest copy of each of the last
    ``KEEP_DAYS`` days; delete the rest. Returns the deleted files."""
    now = now or dt.datetime.now()
    entries: list[tuple[dt.datetime, Path]] = []
    for f in folder.glob("kurator-*.sqlite"):
        m = _AUTO_RE.match(f.name)
        if m:
            entries.append((dt.datetime.strptime(m.group(1), _STAMP), f))
    entries.sort(key=lambda e: (e[0], e[1].name), reverse=True)
    keep = {f for _, f in entries[:KEEP_LAST]}
    seen_days: set[dt.date] = set()
    for when, f in entries:
        day = when.date()
        if (now.date() - day).days < KEEP_DAYS and day not in seen_days:
            seen_days.add(day)
            keep.add(f)
    deleted = []
    for _, f in entries:
        if f not in keep:
            f.unlink(missing_ok=True)
            deleted.append(f)
    return deleted


def backup_to(paths: DataPaths, folder: Path, now: dt.datetime | None = None) -> Path:
    """A copy of the database in ``folder`` (e.g. a USB stick); returns the file written."""
    if not paths.db.exists():
        raise KuratorError("Базы данных ещё нет — копировать нечего.")
    if not folder.is_dir():
        raise KuratorError(f"Папка не найдена: {folder}")
    problem = integrity_problem(paths.db)
    if problem is not None:
        log.error("backup refused, database damaged: %s", problem)
        raise KuratorError("Копия не сделана: " + DAMAGED.format(folder=paths.auto_backups))
    now = now or dt.datetime.now()
    target = _unique(folder / f"kurator-копия-{now.strftime('%Y-%m-%d_%H-%M-%S')}.sqlite")
    try:
        sqlite_backup(paths.db, target)
    except OSError as exc:
        raise KuratorError(
            f"Не удалось записать копию в {folder}. {user_message(exc)} "
            "Проверьте, что флешка вставлена и не защищена от записи."
        ) from exc
    except sqlite3.Error as exc:
        log.error("backup to a folder failed: %s", exc.__class__.__name__)
        if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
            raise KuratorError(f"Копия не сделана. {user_message(exc)}") from exc
        raise KuratorError(
            f"Не удалось сделать копию: база данных не читается ({folder})."
        ) from exc
    return target


@dataclass
class CheckReport:
    """What ``check`` found in a database file."""

    path: Path
    revision: str | None
    head: str
    integrity: str
    persons: int

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and self.revision == self.head

    def lines(self) -> list[str]:
        state = "в порядке" if self.integrity == "ok" else "ПОВРЕЖДЕНА"
        version = (
            "актуальная"
            if self.revision == self.head
            else f"устаревшая, будет обновлена до {self.head}"
        )
        return [
            f"База данных: {self.path}",
            f"Версия схемы: {self.revision or 'нет'} ({version})",
            f"Целостность: {state}",
            f"Участников: {self.persons}",
        ]


def inspect_copy(path: Path) -> CheckReport:
    """Open a database file read-only and check it: integrity, schema version, contents.

    Raises ``KuratorError`` for a file that is not a «Куратор» database or is from a newer
    version; reports damage in ``integrity``."""
    if not path.is_file():
        raise KuratorError(f"Файл не найден: {path}")
    try:
        revision = read_revision(path)
    except KuratorError:
        revision = None
    if revision is None:
        raise KuratorError(
            f"Файл {path} не является резервной копией «Куратора». Выберите файл .sqlite "
            "из папки резервных копий или с флешки, куда делалась копия."
        )
    check_not_newer(revision, path)
    problem = integrity_problem(path, full=True)
    if problem is not None:
        log.error("integrity check of %s failed: %s", path, problem)
    integrity = "ok" if problem is None else "damaged"
    persons = 0
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        persons = int(con.execute("SELECT count(*) FROM persons").fetchone()[0])
    except sqlite3.Error:
        pass
    finally:
        con.close()
    return CheckReport(path, revision, head_revision(), integrity, persons)


def restore_from(paths: DataPaths, source: Path, now: dt.datetime | None = None) -> Path | None:
    """Replace the database with the copy ``source`` after checking it.

    The current database is kept in ``backups/before-restore`` (returned). The caller must
    have closed every connection to the database first, and migrates it afterwards."""
    report = inspect_copy(source)
    if report.integrity != "ok":
        raise KuratorError(
            f"Копия {source} повреждена, восстановление отменено. Текущая база не изменена; "
            "выберите другую копию."
        )
    now = now or dt.datetime.now()
    kept: Path | None = None
    recover(paths.db)  # a journal left by a crash belongs to the old file, not to the copy
    if paths.db.exists():
        kept = _unique(paths.pre_restore_backups / f"kurator-{_stamp(now)}-before-restore.sqlite")
        sqlite_backup(paths.db, kept)
    tmp = paths.db.with_name(paths.db.name + ".restore")
    shutil.copyfile(source, tmp)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    for suffix in ("-journal", "-wal", "-shm"):
        Path(str(paths.db) + suffix).unlink(missing_ok=True)
    os.replace(tmp, paths.db)
    return kept
