"""server-made session cookies: a one-time hand-off per issued token; accounts can be deactivated

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every earlier cookie value was chosen by a browser: none of them is trusted any more.
    op.execute("DELETE FROM browser_session")
    with op.batch_alter_table("browser_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("handoff_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column("handoff_seal", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column("handoff_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_browser_session_handoff_hash"), ["handoff_hash"])
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_column("active")
    with op.batch_alter_table("browser_session", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_browser_session_handoff_hash"), type_="unique")
        batch_op.drop_column("handoff_until")
        batch_op.drop_column("handoff_seal")
        batch_op.drop_column("handoff_hash")
