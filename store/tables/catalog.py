"""Published catalog versions: immutable, content-hashed, dated."""

import datetime as dt

from sqlalchemy import Column, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.tables._base import CODE, JSON, UTCDateTime, now


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
    published_by: str | None = Field(default=None, max_length=64)
    withdrawn_at: dt.datetime | None = Field(
        default=None, sa_type=UTCDateTime, description="no longer sold from then on; orders keep it"
    )
    withdrawn_by: str | None = Field(default=None, max_length=64)


class CatalogDraft(SQLModel, table=True):
    """The catalog a merchandiser is editing, one per product family, until it is published.

    `version` counts saves: a save names the version it started from and is refused when someone
    saved in between (optimistic locking), so no edit is silently overwritten.
    """

    __tablename__ = "catalog_draft"

    id: int | None = Field(default=None, primary_key=True)
    product_code: str = Field(max_length=CODE, unique=True)
    source_yaml: str = Field(sa_column=Column(Text, nullable=False), description="the catalog file being edited")
    csv_files: dict[str, str] = Field(default_factory=dict, sa_type=JSON, description="CSV table name -> text")
    version: int = Field(default=1, ge=1)
    based_on_id: int | None = Field(default=None, foreign_key="catalog_version.id")
    updated_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    updated_by: str = Field(max_length=64)


class CatalogDraftPublic(SQLModel):
    id: int
    product_code: str
    source_yaml: str
    csv_files: dict[str, str]
    version: int
    based_on_id: int | None
    updated_at: dt.datetime
    updated_by: str


class CatalogVersionPublic(CatalogVersionBase):
    id: int
    version: int
    published_at: dt.datetime
    published_by: str | None = None
    withdrawn_at: dt.datetime | None = None


class CatalogArtwork(SQLModel, table=True):
    """An uploaded picture an option draws in the preview, stored once under the sha256 of its
    checked content (`store.artwork_files`). Catalogs name it by that hash, so a published version
    keeps exactly the pictures it was published with, and a file is never changed or removed."""

    __tablename__ = "catalog_artwork"

    sha256: str = Field(primary_key=True, min_length=64, max_length=64)
    product_code: str = Field(index=True, max_length=CODE, description="the family it was first uploaded for")
    media_type: str = Field(max_length=32)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    width: int = Field(ge=1)
    height: int = Field(ge=1)
    file_name: str = Field(max_length=200, description="the uploaded file's name, for the editor")
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    created_by: str = Field(max_length=64)


class BuyerArtwork(SQLModel, table=True):
    """A picture a buyer uploaded for a print zone, stored once under the sha256 of its checked
    content (`store.artwork_files`). Cart lines and order snapshots name it by that hash; it is
    never changed, and never removed while an order names it (`store.artwork_purge` deletes only
    pictures nothing names; `created_at` is the last upload of this content)."""

    __tablename__ = "buyer_artwork"

    sha256: str = Field(primary_key=True, min_length=64, max_length=64)
    media_type: str = Field(max_length=32)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    size_bytes: int = Field(ge=1)
    width: int = Field(ge=1)
    height: int = Field(ge=1)
    file_name: str = Field(max_length=200, description="the uploaded file's name, as the buyer gave it")
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
