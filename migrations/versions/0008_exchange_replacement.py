"""exchange requests name the line to replace, the new choices and the replacement order

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 11:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("return_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("order_line_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("replacement_selection", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("replacement_order_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_return_request_order_line_id_order_line"), "order_line", ["order_line_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_return_request_replacement_order_id_orders"), "orders", ["replacement_order_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("return_request", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_return_request_replacement_order_id_orders"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_return_request_order_line_id_order_line"), type_="foreignkey")
        batch_op.drop_column("replacement_order_id")
        batch_op.drop_column("replacement_selection")
        batch_op.drop_column("order_line_id")
