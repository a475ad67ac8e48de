"""Published catalog versions: immutable, content-hashed, dated."""

import datetime as dt

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.tables._base import CODE, UTCDateTime, now


class CatalogVersionBase(SQLModel):
    product_code: str = Field(index=True, max_length=CODE)
    name: str = Field(max_length=120)
    category: str = Field(max_length=CODE)
    fingerprint: str = Field(max_length=64, description="sha256 of the catalog's canonical content")
    effective_from: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class CatalogVersion(CatalogVersionBase, table=True):
    """A published catalog version: immutable once written (edits make a new version)."""

    __tablename__ = "catalog_version"
    __table_args__ = (
        UniqueConstraint("product_code", "fingerprint"),
        UniqueConstraint("product_code", "version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(ge=1)
    content: str = Field(sa_column=Column(Text, nullable=False), description="canonical catalog JSON")
    source_yaml: str = Field(sa_column=Column(Text, nullable=False), description="the file as published")
    published_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class CatalogVersionPublic(CatalogVersionBase):
    id: int
    version: int
    published_at: dt.datetime
