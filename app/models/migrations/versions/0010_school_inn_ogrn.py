"""school_profile.inn and .ogrn: the school's INN and OGRN

The municipal methodical office recognises a school by its requisites: the full name, and
the INN/OGRN where the school filled them (a school renamed between half-years keeps them).
Both empty for an existing school until the curator fills them in «Реквизиты школы».

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("school_profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inn", sa.String(12), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("ogrn", sa.String(15), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("school_profile", schema=None) as batch_op:
        batch_op.drop_column("ogrn")
        batch_op.drop_column("inn")
