"""Schema versions: Alembic migrations shipped in the package, run at start.

A copy of the database is taken before any migration; a database written by a newer
version of the program is refused and left untouched."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import (
    BUSY,
    DamagedDatabaseError,
    DatabaseBusyError,
    KuratorError,
    NewerDatabaseError,
)
from app.models.db import Database, is_busy, open_readonly, sqlite_backup

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest script in migrations/versions. Kept as a constant so that opening a current
# database does not import Alembic (a fifth of the start-up time); a test keeps it true.
HEAD_REVISION = "0012"
_SHIPPED_DIR = MIGRATIONS_DIR


def alembic_config() -> Config:
    # deferred: alembic loads only when the schema is checked (start-up speed)
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The schema version this program writes (read from the scripts)."""
    # deferred: alembic loads only when the schema is checked (start-up speed)
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    # deferred: alembic loads only when the schema is checked (start-up speed)
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def read_revision(db_path: Path) -> str | None:
    """The schema version stored in ``db_path`` (None for a file that does not exist yet).

    Recovers what a crash left half-done, then reads the file read-only, so a refused
    database is not modified. A zero-length file is damaged, never a new empty school; a
    lock held elsewhere is ``DatabaseBusyError`` after a bounded wait."""
    if not db_path.exists():
        return None
    if db_path.stat().st_size == 0:
        log.warning("zero-length database file")
        raise DamagedDatabaseError(
            f"Файл базы данных {db_path} пуст (0 байт): запись была прервана. Восстановите "
            "базу из последней резервной копии (меню «Файл → Восстановить из копии…»)."
        )
    try:
        con = open_readonly(db_path)
    except sqlite3.Error as exc:
        log.warning("cannot open the database: %s", exc.__class__.__name__)
        raise KuratorError(f"Не удаётся открыть файл базы данных {db_path}.") from exc
    try:
        has_table = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            other = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if other:
                raise KuratorError(
                    f"Файл {db_path} не является базой данных «Куратора» "
                    "(в нём нет сведений о версии)."
                )
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise DatabaseBusyError(BUSY) from exc
        log.warning("not a readable sqlite file: %s", exc)
        raise KuratorError(
            f"Файл {db_path} не является базой данных «Куратора» или сильно повреждён."
        ) from exc
    finally:
        con.close()


@dataclass
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def check_not_newer(revision: str | None, db_path: Path | str) -> None:
    """Raise ``NewerDatabaseError`` if ``revision`` is unknown to this program."""
    if revision is not None and revision != HEAD_REVISION and revision not in known_revisions():
        raise NewerDatabaseError(
            f"База данных {db_path} создана более новой версией «Куратора» "
            f"(версия схемы {revision}). Установите новую версию программы; "
            "база оставлена без изменений."
        )


def migrate(db_path: Path, backup_dir: Path) -> MigrationResult:
    """Bring ``db_path`` to the head schema, copying it into ``backup_dir`` first."""
    current = read_revision(db_path)
    if current == HEAD_REVISION and MIGRATIONS_DIR == _SHIPPED_DIR:
        return MigrationResult(current, current, None)
    check_not_newer(current, db_path)
    head = head_revision()
    if current == head:
        return MigrationResult(current, head, None)
    backup: Path | None = None
    if current is not None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = backup_dir / f"kurator-before-{current}-{stamp}.sqlite"
        sqlite_backup(db_path, backup)
    # deferred: alembic loads only when the schema is checked (start-up speed)
    from alembic import command

    db = Database(db_path)
    try:
        with db.engine.connect() as conn:
            # A table rebuilt in batch mode is dropped and re-created; with foreign keys on,
            # the drop would cascade into its child tables. Off for the run (the pragma is
            # ignored inside a transaction, so before it), every key checked at the end.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
            with conn.begin():
                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    log.error("foreign keys broken after migrating: %s", broken[:5])
                    raise KuratorError(
                        "Обновление базы данных прервано: нарушились связи между "
                        "таблицами. Копия базы до обновления сохранена в папке копий."
                    )
    finally:
        db.dispose()
    return MigrationResult(current, head, backup)


# --- a database on a PostgreSQL server ------------------------------------------------------

# Any constant shared by every «Куратор»: the advisory lock that lets one program at a time
# migrate a server database (a second one waits, then finds the schema current).
_MIGRATION_LOCK = 0x4B555241


def read_server_revision(db: Database) -> str | None:
    """The schema version stored in the server database ``db`` (None for an empty one).

    A database holding other tables but no version is someone else's: refused, untouched."""
    # deferred: SQLAlchemy's inspector is needed only for a server database
    from sqlalchemy import inspect, text

    with db.engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        if "alembic_version" not in names:
            if names:
                raise KuratorError(
                    f"База данных {db.describe()} на сервере не является базой «Куратора»: "
                    "в ней есть чужие таблицы. Укажите пустую базу или базу «Куратора»."
                )
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).fetchone()
        return str(row[0]) if row else None


def migrate_server(db: Database) -> MigrationResult:
    """Bring the server database ``db`` to the head schema in ONE transaction (PostgreSQL
    changes its schema transactionally: a failure leaves the old schema, so no copy is
    needed). A database from a newer program is refused and left untouched."""
    current = read_server_revision(db)
    check_not_newer(current, db.describe())
    if current == HEAD_REVISION and MIGRATIONS_DIR == _SHIPPED_DIR:
        return MigrationResult(current, current, None)
    # deferred: alembic loads only when the schema is changed (start-up speed)
    from alembic import command
    from sqlalchemy import text

    head = head_revision()
    with db.engine.connect() as conn, conn.begin():
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return MigrationResult(current, head, None)
