"""compiled engine artifacts (written once per catalog content and engine version) and compile jobs

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 10:15:16
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "compile_artifact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("engine_version", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("backend", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("compile_ms", sa.Integer(), nullable=True),
        sa.Column("blob", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compile_artifact")),
        sa.UniqueConstraint(
            "content_hash", "engine_version", name=op.f("uq_compile_artifact_content_hash_engine_version")
        ),
    )
    with op.batch_alter_table("compile_artifact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_compile_artifact_content_hash"), ["content_hash"], unique=False)

    op.create_table(
        "compile_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("catalog_version_id", sa.Integer(), nullable=False),
        sa.Column("product_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("message", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["catalog_version_id"],
            ["catalog_version.id"],
            name=op.f("fk_compile_job_catalog_version_id_catalog_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compile_job")),
    )
    with op.batch_alter_table("compile_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_compile_job_catalog_version_id"), ["catalog_version_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_compile_job_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("compile_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_compile_job_state"))
        batch_op.drop_index(batch_op.f("ix_compile_job_catalog_version_id"))

    op.drop_table("compile_job")
    with op.batch_alter_table("compile_artifact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_compile_artifact_content_hash"))

    op.drop_table("compile_artifact")
