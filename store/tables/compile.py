"""Compiled rules engines, stored once per catalog content, and the jobs that compile them."""

import datetime as dt

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.tables._base import CODE, UTCDateTime, now


class CompileArtifact(SQLModel, table=True):
    """A catalog version's compiled engine (`configurator.artifact` bytes), written once per content
    hash and engine version: every app process and replica loads it instead of compiling."""

    __tablename__ = "compile_artifact"
    __table_args__ = (UniqueConstraint("content_hash", "engine_version"),)

    id: int | None = Field(default=None, primary_key=True)
    content_hash: str = Field(max_length=64, index=True, description="the catalog version's fingerprint")
    engine_version: str = Field(max_length=16, description="configurator.artifact.ENGINE_VERSION that wrote it")
    backend: str = Field(max_length=8, description="mdd | sat")
    size_bytes: int = Field(ge=0)
    compile_ms: int | None = Field(default=None, ge=0)
    blob: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class CompileJob(SQLModel, table=True):
    """Compile one catalog version: queued with its publication, run by a worker (or the shop's own
    background thread), its progress shown on the staff catalog page."""

    __tablename__ = "compile_job"

    id: int | None = Field(default=None, primary_key=True)
    catalog_version_id: int = Field(foreign_key="catalog_version.id", index=True)
    product_code: str = Field(max_length=CODE)
    fingerprint: str = Field(max_length=64)
    state: str = Field(default="queued", max_length=16, index=True, description="queued | running | done | failed")
    percent: int = Field(default=0, ge=0, le=100)
    message: str = Field(default="waiting for a worker", max_length=200)
    error: str | None = Field(default=None, max_length=1000)
    attempts: int = Field(default=0, ge=0)
    claimed_by: str | None = Field(default=None, max_length=64, description="the claim of the run under way")
    lease_until: dt.datetime | None = Field(
        default=None, sa_type=UTCDateTime, description="a running job not heard from by then is taken again"
    )
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    started_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class CompileJobPublic(SQLModel):
    id: int
    catalog_version_id: int
    product_code: str
    state: str
    percent: int
    message: str
    error: str | None
    attempts: int
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
