"""catalog artwork: checked pictures options draw in the preview, stored under their sha256

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 10:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "catalog_artwork",
        sa.Column("sha256", S(length=64), nullable=False),
        sa.Column("product_code", S(length=64), nullable=False),
        sa.Column("media_type", S(length=32), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("file_name", S(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", S(length=64), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_catalog_artwork")),
    )
    with op.batch_alter_table("catalog_artwork", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalog_artwork_product_code"), ["product_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("catalog_artwork", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_artwork_product_code"))
    op.drop_table("catalog_artwork")
