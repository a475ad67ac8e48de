"""material suppliers and reorder points; when a purchase need was ordered

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 10:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("supplier", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("supplier_lead_days", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("reorder_point_micro", sa.BigInteger(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("reorder_quantity_micro", sa.BigInteger(), nullable=False, server_default="0"))
    with op.batch_alter_table("purchase_need", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ordered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("received_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("purchase_need", schema=None) as batch_op:
        batch_op.drop_column("received_at")
        batch_op.drop_column("ordered_at")
    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.drop_column("reorder_quantity_micro")
        batch_op.drop_column("reorder_point_micro")
        batch_op.drop_column("supplier_lead_days")
        batch_op.drop_column("supplier")
