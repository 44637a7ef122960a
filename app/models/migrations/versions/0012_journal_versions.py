"""journal versions: a ``version`` column on a program's directions (its reflection), diary
lines and self-assessment marks

The diary, the reflection and the self-assessment sheet are edited in the program editor
like the roadmap, so two people on one shared database must not overwrite each other's newer
line or mark there either (SQLAlchemy's ``version_id_col``, as in 0011). Existing rows start
at 1; a plain ALTER on both engines.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TABLES = ("program_directions", "program_diary", "program_assessments")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table,
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
