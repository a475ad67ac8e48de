"""loyalty points a buyer chose to spend, kept with the cart

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 10:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cart", schema=None) as batch_op:
        batch_op.add_column(sa.Column("redeem_points", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("cart", schema=None) as batch_op:
        batch_op.drop_column("redeem_points")
