"""row versions: a ``version`` column on every record the window edits

Two people on one shared database (a PostgreSQL server) must never overwrite each other's
newer change silently: each UPDATE and DELETE of these rows checks the version it read
(SQLAlchemy's ``version_id_col``) and bumps it. Existing rows start at 1. Adding a column
with a constant default is a plain ALTER on both engines (no table rebuild on SQLite).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TABLES = (
    "persons",
    "mentor_profiles",
    "mentee_profiles",
    "school_profile",
    "pairs",
    "programs",
    "program_items",
    "program_templates",
    "orders",
    "order_appendices",
    "diagnostic_rounds",
    "monitoring_records",
    "monitoring_reports",
    "questionnaires",
)


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
