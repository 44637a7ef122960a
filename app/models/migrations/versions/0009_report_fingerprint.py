"""monitoring_reports: the figures the saved conclusions were written against

``texts_saved_at`` (when texts resting on those figures were saved), ``figures`` (the
report's key numbers, label → value) and ``figures_digest`` (their hash): the report dialog
warns «Данные изменились после …» when the data moved on. Reports saved before this
version have no figures and are not warned about until saved again.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("monitoring_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("texts_saved_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("figures_digest", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("figures", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("monitoring_reports", schema=None) as batch_op:
        batch_op.drop_column("figures")
        batch_op.drop_column("figures_digest")
        batch_op.drop_column("texts_saved_at")
