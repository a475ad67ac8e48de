"""The catalog version a request is about: the one on sale (or a published one by number), or a
`not-found` problem. No logic of its own: `store.catalogs` decides what is on sale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from modules.catalog import Catalog
from store.catalogs import catalog_of, published_version
from store.errors import ErrorCode, StoreError
from store.on_sale import OnSale, on_sale_version
from store.tables import CatalogVersion


@dataclass(frozen=True, slots=True)
class Product:
    """A published catalog version, read out of the database session."""

    code: str
    version: int
    fingerprint: str
    effective_from: dt.datetime
    withdrawn_at: dt.datetime | None
    catalog: Catalog
    on_sale: bool

    @classmethod
    def of(cls, row: CatalogVersion, *, on_sale: bool) -> Product:
        return cls(
            row.product_code,
            row.version,
            row.fingerprint,
            row.effective_from,
            row.withdrawn_at,
            catalog_of(row),
            on_sale,
        )

    @classmethod
    def selling(cls, found: OnSale) -> Product:
        """The version on sale, as `store.on_sale` keeps it (at most CATALOG_CACHE_SECONDS old)."""
        return cls(
            found.product_code,
            found.version,
            found.fingerprint,
            found.effective_from,
            found.withdrawn_at,
            found.catalog,
            True,
        )


def release(session: Session) -> None:
    """End the request's read transaction before computing: no lock is held while the rules
    engine compiles or prices (SQLite takes its write lock at the start of every transaction)."""
    session.rollback()


def on_sale(session: Session, code: str) -> Product:
    """The version of product `code` on sale now (at most CATALOG_CACHE_SECONDS old, see
    `store.on_sale`); StoreError NOT_FOUND when none is."""
    found = on_sale_version(session=session, product_code=code)
    product = Product.selling(found) if found is not None else None
    release(session)
    if product is None:
        raise StoreError(ErrorCode.NOT_FOUND, f"no product '{code}' is on sale", product=code)
    return product


def published(session: Session, code: str, version: int) -> Product:
    """Version `version` of product `code` if it has gone on sale; StoreError NOT_FOUND otherwise."""
    row = published_version(session=session, product_code=code, version=version)
    if row is None:
        raise StoreError(ErrorCode.NOT_FOUND, f"product '{code}' has no published version {version}", product=code)
    current = on_sale_version(session=session, product_code=code)
    product = Product.of(row, on_sale=current is not None and current.id == row.id)
    release(session)
    return product


def today() -> dt.date:
    """The day prices and delivery dates are for: the server's, as on the pages."""
    return dt.date.today()
