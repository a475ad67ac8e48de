"""saved designs keep the buyer's placed pictures; browser sessions keep the design in progress
that holds pictures, so a reload keeps them

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("design", schema=None) as batch_op:
        batch_op.add_column(sa.Column("artwork", sa.JSON(), server_default="{}", nullable=False))
    with op.batch_alter_table("browser_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("work", sa.JSON(), server_default="{}", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("browser_session", schema=None) as batch_op:
        batch_op.drop_column("work")
    with op.batch_alter_table("design", schema=None) as batch_op:
        batch_op.drop_column("artwork")
