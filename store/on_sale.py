"""The catalog versions on sale, as the read paths of the API ask for them on every request (state,
quote, product pages): read from the database at most once per `CATALOG_CACHE_SECONDS` per
process, with the parsed catalog, instead of on every call.

The bound: a version published (or withdrawn, or a scheduled one coming into effect) in another
process is served here at the latest `CATALOG_CACHE_SECONDS` later; the process that publishes or
withdraws forgets what it had at once (`store.catalogs.forget_after_commit`). 0 turns the cache
off. Checkout and carts keep reading the version in their own transaction, so an order is priced
and recorded under the version it is sold under (`store.orders`), and keeps it.

Entries are keyed by the database, the product and a generation (bumped by
`store.catalogs.forget_on_sale`) in a bounded memo that expires them `CATALOG_CACHE_SECONDS` after
they were read: concurrent misses read once, and an entry read before a publication is never
served after the publishing process forgot it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from modules.catalog import Catalog
from settings import get_settings
from store.catalogs import catalog_of, current_version, current_versions, on_sale_generation
from store.memo import Memo
from store.tables import CatalogVersion


@dataclass(frozen=True, slots=True)
class OnSale:
    """A published catalog version on sale, detached from any session (shared, never mutated)."""

    id: int
    product_code: str
    version: int
    fingerprint: str
    name: str
    category: str
    effective_from: dt.datetime
    withdrawn_at: dt.datetime | None
    catalog: Catalog

    @classmethod
    def of(cls, row: CatalogVersion) -> OnSale:
        assert row.id is not None  # a stored row
        return cls(
            row.id,
            row.product_code,
            row.version,
            row.fingerprint,
            row.name,
            row.category,
            row.effective_from,
            row.withdrawn_at,
            catalog_of(row),
        )


_ALL = ""  # the key of the list of every product on sale (no product code is empty)
_MEMOS: dict[float, Memo[tuple[str, str, int], tuple[OnSale, ...]]] = {}  # by CATALOG_CACHE_SECONDS


def _cached(session: Session, product: str, read: Callable[[], tuple[OnSale, ...]]) -> tuple[OnSale, ...]:
    """What `read` gives, read at most CATALOG_CACHE_SECONDS ago in this process (by database,
    product and generation); read now when the cache is off."""
    seconds = get_settings().catalog_cache_seconds
    if seconds <= 0:
        return read()
    memo = _MEMOS.get(seconds) or _MEMOS.setdefault(seconds, Memo(size=256, ttl_seconds=seconds))
    return memo.get((str(session.get_bind().engine.url), product, on_sale_generation()), read)


def on_sale_version(*, session: Session, product_code: str) -> OnSale | None:
    """The version of one product on sale now (see `store.catalogs.current_version`), at most
    `CATALOG_CACHE_SECONDS` old."""

    def read() -> tuple[OnSale, ...]:
        row = current_version(session=session, product_code=product_code)
        return (OnSale.of(row),) if row is not None else ()

    found = _cached(session, product_code, read)
    return found[0] if found else None


def on_sale_versions(*, session: Session) -> list[OnSale]:
    """Every product's version on sale now, by category and name, at most `CATALOG_CACHE_SECONDS` old."""

    def read() -> tuple[OnSale, ...]:
        return tuple(OnSale.of(row) for row in current_versions(session=session))

    return list(_cached(session, _ALL, read))
