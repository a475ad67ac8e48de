"""Process-wide cached resources (shared by all sessions; never mutated)."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from sqlalchemy.engine import Engine

from configurator.catalog_engine import CatalogEngine
from modules.catalog import Catalog
from pricing.bounds import PriceBounds
from pricing.shop import ShopSettings, load_shop
from settings import get_settings
from store.catalogs import catalog_of, current_versions
from store.db import create_tables, make_engine, transaction


@st.cache_resource
def engine() -> Engine:
    db = make_engine(get_settings().database_url)
    create_tables(db)
    return db


@st.cache_resource
def catalog(product_code: str, fingerprint: str) -> Catalog:
    """A published catalog, parsed once per content hash."""
    with transaction(engine()) as session:
        for version in current_versions(session=session):
            if version.product_code == product_code and version.fingerprint == fingerprint:
                return catalog_of(version)
    raise KeyError(product_code)


@st.cache_data(ttl=30)
def product_list() -> list[dict[str, str | int]]:
    """Plain rows for the shop (cache_data pickles: no ORM objects)."""
    with transaction(engine()) as session:
        return [
            {
                "code": v.product_code,
                "name": v.name,
                "category": v.category,
                "version": v.version,
                "fingerprint": v.fingerprint,
            }
            for v in current_versions(session=session)
        ]


@st.cache_resource(max_entries=32)
def catalog_engine(product_code: str, fingerprint: str) -> CatalogEngine:
    """The compiled rules engine of a catalog version: built once, shared by every session."""
    return CatalogEngine(catalog(product_code, fingerprint))


def product_row(product_code: str) -> dict[str, str | int] | None:
    return next((p for p in product_list() if p["code"] == product_code), None)


@st.cache_resource
def shop() -> ShopSettings:
    return load_shop()


@st.cache_resource(max_entries=64)
def price_bounds(product_code: str, fingerprint: str, day: dt.date, quantity: int) -> PriceBounds:
    """Per-value costs of a catalog version for a date and quantity: built once, used per click."""
    compiled = catalog_engine(product_code, fingerprint)
    return PriceBounds(compiled.model, compiled.engine, date=day, quantity=quantity)
