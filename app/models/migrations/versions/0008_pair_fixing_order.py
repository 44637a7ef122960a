"""pairs.fixing_order_id: the signed pairs order that fixes a pair, kept on the pair

Until now the pairs package asked the orders package which signed order names a pair; the
pair now records it (the orders package writes it when an order is signed or taken back).
Backfilled from the signed orders «О закреплении наставнических пар (групп)»: the latest one
(by date, then id) naming a pair in its pairs appendix fixes it; nothing else changes. SQLite adds a foreign key only by rebuilding the table (foreign keys off, as
the migration runner runs).

Revision ID: 0008
Revises: 0007
"""

import json
from typing import Literal

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

FK = "fk_pairs_fixing_order_id_orders"


def _on_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _rebuild() -> Literal["always", "auto"]:
    # Only SQLite rebuilds a table to change its foreign keys; PostgreSQL alters it in place.
    return "always" if _on_sqlite() else "auto"


def _require_foreign_keys_off() -> None:
    if _on_sqlite() and op.get_bind().exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError(
            "0008 rebuilds the pairs table: run it with foreign keys off, "
            "or the drop would delete every pair's rows"
        )


def _named_pair_ids(content: object) -> list[int]:
    """The pairs a stored pairs appendix names (its ``pair_ids`` and each row's ``pair_id``),
    as the 0007 program read them."""
    if isinstance(content, str):
        content = json.loads(content)
    if not isinstance(content, dict):
        return []
    ids = [int(i) for i in content.get("pair_ids", []) or [] if i is not None]
    ids += [
        int(r["pair_id"])
        for r in content.get("rows", []) or []
        if isinstance(r, dict) and r.get("pair_id") is not None
    ]
    return list(dict.fromkeys(ids))


def upgrade() -> None:
    _require_foreign_keys_off()
    with op.batch_alter_table("pairs", schema=None, recreate=_rebuild()) as batch_op:
        batch_op.add_column(sa.Column("fixing_order_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(FK, "orders", ["fixing_order_id"], ["id"], ondelete="SET NULL")
    bind = op.get_bind()
    signed = bind.execute(
        sa.text(
            "SELECT o.id, a.content FROM orders o "
            "JOIN order_appendices a ON a.order_id = o.id "
            "WHERE o.kind = 'pairs' AND o.status = 'signed' AND a.kind = 'pairs' "
            "ORDER BY o.date IS NOT NULL, o.date, o.id"
        )
    ).fetchall()
    fixing: dict[int, int] = {}
    for order_id, content in signed:
        for pair_id in _named_pair_ids(content):
            fixing[pair_id] = order_id  # the latest order wins
    for pair_id, order_id in fixing.items():
        bind.execute(
            sa.text("UPDATE pairs SET fixing_order_id = :o WHERE id = :p"),
            {"o": order_id, "p": pair_id},
        )


def downgrade() -> None:
    _require_foreign_keys_off()
    with op.batch_alter_table("pairs", schema=None, recreate=_rebuild()) as batch_op:
        batch_op.drop_constraint(FK, type_="foreignkey")
        batch_op.drop_column("fixing_order_id")
