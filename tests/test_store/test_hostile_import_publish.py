"""Fuzz sample: hostile catalogs through store import and publish, on SQLite and PostgreSQL.

A refused catalog raises CatalogError with located problems and writes nothing; an accepted one
is published, and the stored version compiles, counts and quotes its cheapest design.
"""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from sqlmodel import Session, func, select

from configurator.catalog_engine import CatalogEngine
from modules.errors import CatalogError
from modules.loader import load_catalog_text
from pricing.bounds import PriceBounds
from pricing.context import QuoteContext
from pricing.proof import prove_text
from pricing.quote import quote
from pricing.shop import load_shop
from store.catalogs import catalog_of
from store.drafts import import_catalog, publish_draft
from store.tables import AuditEntry, CatalogDraft, CatalogVersion
from tests.hostile_catalogs import hostile_catalogs
from tests.store_helpers import staff_accounts

SEED = 4242


@functools.cache
def sample() -> tuple[list, list]:
    """Six catalogs the proof accepts (distinct contents) and six it refuses, from the generator."""
    accepted, refused, seen = [], [], set()
    for hostile in hostile_catalogs(SEED, 400):
        report = prove_text(hostile.text, file=hostile.name, csv_files=hostile.csv_files)
        if report.ok and len(accepted) < 6:
            read = hostile.csv_files.get
            fingerprint = load_catalog_text(
                hostile.text, file=hostile.name, read_csv=lambda n, read=read: (read(n) or "").encode() or None
            ).fingerprint()
            if fingerprint not in seen:
                seen.add(fingerprint)
                accepted.append(hostile)
        elif not report.ok and len(refused) < 6 and len(hostile.text) < 100_000:
            refused.append(hostile)
        if len(accepted) == 6 and len(refused) == 6:
            break
    return accepted, refused


def counts(engine) -> tuple[int, ...]:
    with Session(engine) as s:
        return tuple(
            s.exec(select(func.count()).select_from(t)).one() for t in (CatalogVersion, CatalogDraft, AuditEntry)
        )


@pytest.mark.slow
def test_hostile_catalogs_through_import_and_publish(shop):
    merchandiser = staff_accounts(shop, roles=("merchandiser",))["merchandiser"]
    accepted, refused = sample()
    assert len(accepted) == 6 and len(refused) == 6
    for hostile in refused:
        before = counts(shop)
        with Session(shop) as s, pytest.raises(CatalogError) as caught:
            import_catalog(session=s, source_yaml=hostile.text, csv_files=hostile.csv_files, actor_id=merchandiser,
                           file_name=hostile.name)  # fmt: skip
        assert caught.value.problems and all(p.line >= 1 and p.column >= 1 for p in caught.value.problems)
        assert counts(shop) == before, hostile.mutations
    day = dt.date.today()
    for hostile in accepted:
        with Session(shop) as s:
            draft = import_catalog(session=s, source_yaml=hostile.text, csv_files=hostile.csv_files,
                                   actor_id=merchandiser, file_name=hostile.name)  # fmt: skip
            version = publish_draft(session=s, product_code=draft.product_code, expected_version=draft.version,
                                    actor_id=merchandiser)  # fmt: skip
        with Session(shop) as s:
            catalog = catalog_of(s.get(CatalogVersion, version.id))
        engine = CatalogEngine(catalog)
        assert engine.count() > 0
        found = PriceBounds(engine.model, engine.engine, date=day).cheapest()
        assert found is not None
        price, design = found
        quoted = quote(catalog=catalog, selection=design, context=QuoteContext(shop=load_shop(), date=day))
        assert quoted.subtotal == price
