"""coupons as pricing defines them, stock restored once per order

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:35:59.649513
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Coupons were not used before this revision: rebuild both tables in the pricing model's shape.
    op.drop_table("coupon_redemption")
    op.drop_table("coupon")
    op.create_table(
        "coupon",
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=True),
        sa.Column("amount_minor", sa.Integer(), nullable=True),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("minimum_spend_minor", sa.Integer(), nullable=False),
        sa.Column("products", sa.JSON(), nullable=False),
        sa.Column("modules", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("max_uses", sa.Integer(), nullable=True),
        sa.Column("max_uses_per_customer", sa.Integer(), nullable=True),
        sa.Column("members_only", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("max_uses IS NULL OR uses <= max_uses", name=op.f("ck_coupon_not_over_used")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coupon")),
        sa.UniqueConstraint("code", name=op.f("uq_coupon_code")),
    )
    op.create_table(
        "coupon_redemption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coupon_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["coupon_id"], ["coupon.id"], name=op.f("fk_coupon_redemption_coupon_id_coupon")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_coupon_redemption_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_coupon_redemption_order_id_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coupon_redemption")),
        sa.UniqueConstraint("coupon_id", "order_id", name=op.f("uq_coupon_redemption_coupon_id_order_id")),
    )
    with op.batch_alter_table("coupon_redemption", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coupon_redemption_coupon_id"), ["coupon_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_coupon_redemption_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_coupon_redemption_order_id"), ["order_id"], unique=False)

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stock_restored", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.alter_column("stock_restored", server_default=None)

    with op.batch_alter_table("return_request", schema=None) as batch_op:
        batch_op.drop_column("stock_restored")


def downgrade() -> None:
    raise NotImplementedError("0002 rebuilt the coupon tables; restore a backup to go back")
