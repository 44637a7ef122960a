"""programs.pair_id: ON DELETE RESTRICT instead of CASCADE

Deleting a pair must never take its program (roadmap, diary, history) with it silently.
SQLite cannot alter a foreign key, so the table is rebuilt in batch mode. The rebuild drops
the old ``programs`` table: with foreign keys on, that drop would cascade into the program
rows of every child table, so the migration refuses to run unless they are off (the
migration runner turns them off and checks the keys afterwards).

Revision ID: 0007
Revises: 0006
"""

from typing import Literal

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FK = "fk_programs_pair_id_pairs"


def _on_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _rebuild() -> Literal["always", "auto"]:
    # Only SQLite rebuilds a table to change its foreign keys; PostgreSQL alters it in place.
    return "always" if _on_sqlite() else "auto"


def _require_foreign_keys_off() -> None:
    if _on_sqlite() and op.get_bind().exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError(
            "0007 rebuilds the programs table: run it with foreign keys off, "
            "or the drop would delete every program's rows"
        )


def _set_pair_fk(ondelete: str) -> None:
    _require_foreign_keys_off()
    with op.batch_alter_table("programs", schema=None, recreate=_rebuild()) as batch_op:
        batch_op.drop_constraint(FK, type_="foreignkey")
        batch_op.create_foreign_key(FK, "pairs", ["pair_id"], ["id"], ondelete=ondelete)


def upgrade() -> None:
    _set_pair_fk("RESTRICT")


def downgrade() -> None:
    _set_pair_fk("CASCADE")
