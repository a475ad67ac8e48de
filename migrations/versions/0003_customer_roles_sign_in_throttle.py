"""customer roles (buyer, merchandiser, operations, admin) replace is_merchant; sign-in throttle

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE_CHECK = "role IN ('buyer', 'merchandiser', 'operations', 'admin')"


def upgrade() -> None:
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default="buyer")
        )
    # Existing merchant accounts keep their access, as merchandisers.
    op.execute("UPDATE customer SET role = 'merchandiser' WHERE is_merchant")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.alter_column("role", server_default=None)
        batch_op.drop_column("is_merchant")
        batch_op.create_check_constraint("role_known", ROLE_CHECK)
    op.create_table(
        "sign_in_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_throttle")),
        sa.UniqueConstraint("email", name=op.f("uq_sign_in_throttle_email")),
    )


def downgrade() -> None:
    op.drop_table("sign_in_throttle")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("is_merchant", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE customer SET is_merchant = (role <> 'buyer')")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_constraint("ck_customer_role_known", type_="check")
        batch_op.drop_column("role")
