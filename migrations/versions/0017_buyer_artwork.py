"""buyer artwork: pictures buyers place in print zones, stored under their sha256; cart lines name them

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "buyer_artwork",
        sa.Column("sha256", S(length=64), nullable=False),
        sa.Column("media_type", S(length=32), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("file_name", S(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_buyer_artwork")),
    )
    with op.batch_alter_table("cart_line", schema=None) as batch_op:
        batch_op.add_column(sa.Column("artwork", sa.JSON(), server_default="{}", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("cart_line", schema=None) as batch_op:
        batch_op.drop_column("artwork")
    op.drop_table("buyer_artwork")
