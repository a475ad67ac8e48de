"""sign-in slowed down instead of locked (throttles per account and address), known browsers,
one-time e-mailed codes (unlock, reset, verify), e-mail verification, staff password change

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 21:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", S(length=32), nullable=False),
        sa.Column("subject", S(length=254), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_allowed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_throttle")),
        sa.UniqueConstraint("scope", "subject", name=op.f("uq_throttle_scope_subject")),
    )
    op.create_table(
        "known_device",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", S(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], name=op.f("fk_known_device_customer_id_customer")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_known_device")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_known_device_token_hash")),
    )
    with op.batch_alter_table("known_device", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_known_device_customer_id"), ["customer_id"], unique=False)
    op.create_table(
        "account_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("purpose", S(length=16), nullable=False),
        sa.Column("code_hash", S(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], name=op.f("fk_account_code_customer_id_customer")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_account_code_code_hash")),
    )
    with op.batch_alter_table("account_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_code_customer_id"), ["customer_id"], unique=False)
    op.drop_table("sign_in_throttle")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("browser_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_seal", S(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("browser_session", schema=None) as batch_op:
        batch_op.drop_column("device_seal")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
        batch_op.drop_column("email_verified_at")
    op.create_table(
        "sign_in_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", S(length=254), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_throttle")),
        sa.UniqueConstraint("email", name=op.f("uq_sign_in_throttle_email")),
    )
    with op.batch_alter_table("account_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_code_customer_id"))
    op.drop_table("account_code")
    with op.batch_alter_table("known_device", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_known_device_customer_id"))
    op.drop_table("known_device")
    op.drop_table("throttle")
