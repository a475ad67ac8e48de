"""payment intents written before the charge; a cart keeps its checkout key

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 21:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payment_intent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("cart_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("charge_reference", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("refund_reference", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.JSON(), nullable=False),
        sa.Column("test_mode", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'declined', 'captured', 'refunding', 'refunded', 'abandoned')",
            name=op.f("ck_payment_intent_status_known"),
        ),
        sa.CheckConstraint("amount_minor >= 0", name=op.f("ck_payment_intent_amount_not_negative")),
        sa.ForeignKeyConstraint(["cart_id"], ["cart.id"], name=op.f("fk_payment_intent_cart_id_cart")),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], name=op.f("fk_payment_intent_customer_id_customer")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_payment_intent_order_id_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_intent")),
        sa.UniqueConstraint("key", name=op.f("uq_payment_intent_key")),
        sa.UniqueConstraint("order_id", name=op.f("uq_payment_intent_order_id")),
    )
    with op.batch_alter_table("payment_intent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_intent_cart_id"), ["cart_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_intent_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_intent_status"), ["status"], unique=False)

    with op.batch_alter_table("cart", schema=None) as batch_op:
        batch_op.add_column(sa.Column("checkout_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cart", schema=None) as batch_op:
        batch_op.drop_column("checkout_key")

    with op.batch_alter_table("payment_intent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_intent_status"))
        batch_op.drop_index(batch_op.f("ix_payment_intent_created_at"))
        batch_op.drop_index(batch_op.f("ix_payment_intent_cart_id"))

    op.drop_table("payment_intent")
