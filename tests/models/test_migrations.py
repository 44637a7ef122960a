"""Schema migrations: an empty DB, the metadata in step with the scripts, older and newer DBs."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.errors import NewerDatabaseError
from app.models import Base
from app.models import migrate as migrate_mod
from app.models.db import Database
from app.models.migrate import head_revision, migrate, read_revision


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_empty_database_is_created_at_head(tmp_path: Path) -> None:
    # GIVEN no database file WHEN migrated
    db_path = tmp_path / "k.sqlite"
    result = migrate(db_path, tmp_path / "bk")
    # THEN it is at the head revision with every table, and no backup was needed
    assert read_revision(db_path) == head_revision()
    assert result.backup is None
    tables = {
        r[0]
        for r in sqlite3.connect(db_path).execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        )
    }
    assert {"persons", "mentor_profiles", "mentee_profiles", "school_profile"} <= tables


def test_migrations_match_the_models(tmp_path: Path) -> None:
    # GIVEN a database built by the migration scripts
    db_path = tmp_path / "k.sqlite"
    migrate(db_path, tmp_path / "bk")
    db = Database(db_path)
    # WHEN compared with the mapped classes
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.dispose()
    # THEN nothing is missing from the scripts
    assert diff == []


def test_pragmas_foreign_keys_and_full_sync(tmp_path: Path) -> None:
    db_path = tmp_path / "k.sqlite"
    migrate(db_path, tmp_path / "bk")
    db = Database(db_path)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    db.dispose()


def test_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    # GIVEN a database stamped by a future version of the program
    db_path = tmp_path / "k.sqlite"
    migrate(db_path, tmp_path / "bk")
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    before = _sha(db_path)
    # WHEN the program tries to open it THEN it refuses in Russian
    with pytest.raises(NewerDatabaseError, match="более новой версией"):
        migrate(db_path, tmp_path / "bk")
    # AND the bytes are unchanged and no backup was made
    assert _sha(db_path) == before
    assert not (tmp_path / "bk").exists()


def test_older_database_is_copied_then_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a database at the current head with one person
    db_path = tmp_path / "k.sqlite"
    migrate(db_path, tmp_path / "bk")
    con = sqlite3.connect(db_path)
    con.execute(
        "INSERT INTO persons (last_name, first_name, middle_name, position, subjects,"
        " category, education, phone, email, notes, archived) VALUES"
        " ('Петрова','Анна','','','','','','','','',0)"
    )
    con.commit()
    con.close()
    old_rev = read_revision(db_path)
    # AND a newer program whose scripts add a column in revision 9002
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate_mod.MIGRATIONS_DIR, scripts)
    (scripts / "versions" / "9002_test.py").write_text(
        f'''revision = "9002"
down_revision = "{old_rev}"
branch_labels = None
depends_on = None
from alembic import op
import sqlalchemy as sa


def upgrade() -> None:
    with op.batch_alter_table("persons") as b:
        b.add_column(sa.Column("nickname", sa.String(50), nullable=True))
''',
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate_mod, "MIGRATIONS_DIR", scripts)
    # WHEN the newer program opens the older database
    result = migrate(db_path, tmp_path / "bk")
    # THEN a copy of the old file was taken first, at the old revision with the data
    assert result.backup is not None and result.backup.exists()
    assert read_revision(result.backup) == old_rev
    assert (
        sqlite3.connect(result.backup).execute("SELECT last_name FROM persons").fetchone()[0]
        == "Петрова"
    )
    # AND the database itself is upgraded with the data kept
    assert read_revision(db_path) == "9002"
    cols = [r[1] for r in sqlite3.connect(db_path).execute("PRAGMA table_info(persons)")]
    assert "nickname" in cols
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM persons").fetchone()[0] == 1


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    db_path = tmp_path / "other.sqlite"
    con = sqlite3.connect(db_path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(Exception, match="не является базой данных «Куратора»"):
        migrate(db_path, tmp_path / "bk")


def test_head_revision_constant_matches_the_scripts() -> None:
    # The constant lets a current database open without importing Alembic.
    assert head_revision() == migrate_mod.HEAD_REVISION


DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize("name", ["kurator-0001-demo.sqlite"])
def test_committed_old_databases_upgrade_with_their_data(tmp_path: Path, name: str) -> None:
    # GIVEN a database file written by an earlier release (the demo school)
    old = tmp_path / name
    shutil.copyfile(DATA / name, old)
    before_rev = read_revision(old)
    persons_before = sqlite3.connect(old).execute("SELECT count(*) FROM persons").fetchone()[0]
    # WHEN this version opens it
    result = migrate(old, tmp_path / "bk")
    # THEN it is at the head, the data is all there, and the old file was copied first
    assert read_revision(old) == head_revision() != before_rev
    assert (
        sqlite3.connect(old).execute("SELECT count(*) FROM persons").fetchone()[0] == persons_before
    )
    assert result.backup is not None and read_revision(result.backup) == before_rev


def _migrate_to(db_path: Path, revision: str, down: bool = False) -> None:
    """Upgrade (or, with ``down``, downgrade) the database to ``revision``, keys off as the
    migration runner runs."""
    from alembic import command

    db = Database(db_path)
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
            with conn.begin():
                cfg = migrate_mod.alembic_config()
                cfg.attributes["connection"] = conn
                (command.downgrade if down else command.upgrade)(cfg, revision)
    finally:
        db.dispose()


def _counts(db_path: Path) -> dict[str, int]:
    con = sqlite3.connect(db_path)
    try:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in (
                "pairs",
                "programs",
                "program_items",
                "program_events",
                "program_directions",
                "program_diary",
            )
        }
    finally:
        con.close()


def test_0007_keeps_programs_and_then_a_pair_with_a_program_cannot_be_deleted(
    tmp_path: Path,
) -> None:
    import datetime as dt

    from app.models import Direction
    from app.services.programs import programs, programs_items, programs_journal
    from app.services.programs.programs import ItemData
    from tests.services.program_fixtures import make_pair

    # GIVEN a database at 0006 (pair → program ON DELETE CASCADE) with a program, its
    # roadmap row, history and a diary line (written at the head by this version's services,
    # then taken down to 0006)
    db_path = tmp_path / "k.sqlite"
    migrate(db_path, tmp_path / "bk")
    db = Database(db_path)
    with db.session() as s:
        s.add(Direction(name="Построение урока"))
    pair_id, _ = make_pair(db, with_directions=False)
    pid = programs.create_program(db, pair_id)
    with db.session() as s:
        did = s.query(Direction.id).scalar()
    programs_journal.add_direction(db, pid, did)
    programs_items.add_item(db, pid, ItemData(did, activity_kind="Семинар"))
    programs_journal.save_diary_entry(
        db, pid, programs_journal.DiaryEntry(dt.date(2026, 9, 9), "Первая встреча")
    )
    db.dispose()
    _migrate_to(db_path, "0006", down=True)
    before = _counts(db_path)
    # WHEN this version migrates it (the programs table is rebuilt by 0007)
    migrate(db_path, tmp_path / "bk")
    # THEN nothing of the program was lost in the rebuild
    assert read_revision(db_path) == head_revision()
    assert (
        _counts(db_path)
        == before
        == {
            "pairs": 1,
            "programs": 1,
            "program_items": 1,
            "program_events": 1,
            "program_directions": 1,
            "program_diary": 1,
        }
    )
    # AND deleting the pair straight in SQL (foreign keys on, as the app runs) is refused
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA foreign_keys=ON")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        con.execute("DELETE FROM pairs WHERE id = ?", (pair_id,))
    con.rollback()
    con.close()
    # AND the data stay
    assert _counts(db_path) == before


def _fixing(db_path: Path) -> dict[int, int | None]:
    con = sqlite3.connect(db_path)
    try:
        return dict(con.execute("SELECT id, fixing_order_id FROM pairs ORDER BY id").fetchall())
    finally:
        con.close()


def test_0008_backfills_the_fixing_order_of_each_pair_from_the_signed_orders(
    tmp_path: Path,
) -> None:
    import datetime as dt

    from app.services.demo.demo import create_demo
    from app.services.school.reference import ensure_defaults

    # GIVEN the demo school (signed pairs order № 127 fixes the autumn pairs) taken down to
    # 0007, where pairs did not record their fixing order
    db_path = tmp_path / "k.sqlite"
    migrate(db_path, tmp_path / "bk")
    db = Database(db_path)
    ensure_defaults(db)
    create_demo(db, today=dt.date(2026, 11, 1))
    db.dispose()
    expected = _fixing(db_path)
    _migrate_to(db_path, "0007", down=True)
    con = sqlite3.connect(db_path)
    assert "fixing_order_id" not in [r[1] for r in con.execute("PRAGMA table_info(pairs)")]
    order_127 = con.execute("SELECT id FROM orders WHERE number = '127'").fetchone()[0]
    con.close()
    # WHEN this version migrates it
    migrate(db_path, tmp_path / "bk")
    # THEN each pair named by the signed order is fixed by it again, the January pair by none
    assert read_revision(db_path) == head_revision()
    assert _fixing(db_path) == expected
    assert set(expected.values()) == {order_127, None}


def test_0009_keeps_saved_report_texts_without_figures(tmp_path: Path) -> None:
    # GIVEN a database at 0008 with a report's texts saved
    db_path = tmp_path / "k.sqlite"
    migrate(db_path, tmp_path / "bk")
    _migrate_to(db_path, "0008", down=True)
    con = sqlite3.connect(db_path)
    assert "figures" not in [r[1] for r in con.execute("PRAGMA table_info(monitoring_reports)")]
    con.execute(
        "INSERT INTO monitoring_reports (period_start, period_end, made_on, conclusions, "
        "recommendations) VALUES ('2026-09-01', '2026-12-31', NULL, 'Вывод.', 'Совет.')"
    )
    con.commit()
    con.close()
    # WHEN this version migrates it
    migrate(db_path, tmp_path / "bk")
    # THEN the texts are kept, with no figures and no time (nothing to warn about yet)
    assert read_revision(db_path) == head_revision() == "0012"
    con = sqlite3.connect(db_path)
    row = con.execute(
        "SELECT conclusions, recommendations, texts_saved_at, figures_digest, figures "
        "FROM monitoring_reports"
    ).fetchone()
    con.close()
    assert row == ("Вывод.", "Совет.", None, "", "{}")
