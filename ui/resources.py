"""Process-wide cached resources (shared by all sessions; never mutated)."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from configurator.catalog_engine import CatalogEngine, ConfigurationState
from modules.catalog import Catalog
from modules.expr import Value
from modules.translations import translated
from pricing.bounds import PriceBounds, PriceInfo
from pricing.model import Quote
from pricing.shop import ShopSettings, load_shop
from settings import get_settings
from store import configuration
from store.catalogs import catalog_of, current_versions
from store.db import Engine, make_engine, transaction


@st.cache_resource
def database() -> Engine:
    """The database engine (SQLAlchemy's word) the pages use, made once per process.

    It never migrates: `python -m store migrate` does, once per deployment (several replicas
    migrating at once would race); `ui.schema_gate` shows a clear page until it has run."""
    return make_engine(get_settings().database_url)


@st.cache_resource
def catalog(product_code: str, fingerprint: str) -> Catalog:
    """A published catalog, parsed once per content hash."""
    with transaction(database()) as session:
        for version in current_versions(session=session):
            if version.product_code == product_code and version.fingerprint == fingerprint:
                return catalog_of(version)
    raise KeyError(product_code)


@st.cache_data(ttl=30)
def product_list() -> list[dict[str, str | int]]:
    """Plain rows for the shop (cache_data pickles: no ORM objects)."""
    with transaction(database()) as session:
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
    return configuration.compiled_engine(catalog=catalog(product_code, fingerprint), fingerprint=fingerprint)


@st.cache_resource(max_entries=160)
def catalog_engine_in(product_code: str, fingerprint: str, lang: str) -> CatalogEngine:
    """The compiled engine of `catalog_engine` showing the catalog's names in `lang` (its
    `translations:`); the compiled model is shared, only the catalog it names things from differs."""
    engine = catalog_engine(product_code, fingerprint)
    shown = translated(engine.catalog, lang)
    if shown is engine.catalog:
        return engine
    view = copy.copy(engine)
    view.catalog = shown
    return view


def product_row(product_code: str) -> dict[str, str | int] | None:
    return next((p for p in product_list() if p["code"] == product_code), None)


@st.cache_resource
def shop() -> ShopSettings:
    return load_shop()


@st.cache_resource(max_entries=64)
def price_bounds(product_code: str, fingerprint: str, day: dt.date, quantity: int) -> PriceBounds:
    """Per-value costs of a catalog version for a date and quantity: built once, used per click."""
    return configuration.price_bounds(
        catalog=catalog(product_code, fingerprint), fingerprint=fingerprint, day=day, quantity=quantity
    )


SelectionKey = configuration.SelectionKey
selection_key = configuration.selection_key


@dataclass(frozen=True, slots=True)
class ConfigureView:
    """Everything the configure page derives from one selection; shared by all sessions."""

    state: ConfigurationState
    full: dict[str, Value]  # the product a complete design is; else completed with defaults (preview)
    info: PriceInfo
    effects: dict[tuple[str, str], str]  # (module, value) -> "+€3.00" or ""
    quote: Quote | None  # the full quote once the design is complete
    breakdown: go.Figure | None  # the quote's price breakdown chart
    svg: str | None  # the live preview drawing
    table: go.Figure | None  # the parametric 3D view of dimensioned products


@st.cache_resource(max_entries=512)  # bounded: each holds figures and a drawing
def configure_view(
    product_code: str, fingerprint: str, key: SelectionKey, day: dt.date, quantity: int, lang: str = "en"
) -> ConfigureView:
    """The view of a (catalog version, selection, day, quantity), as `store.configuration` computes it
    for the API too, with the page's figures and drawings: computed once, then reused by every click
    that comes back to it. InconsistentSelectionError is raised (and not cached)."""
    from pricing.formatting import effect
    from render.preview.svg import preview_svg
    from render.preview.table3d import table_of
    from ui.figures import price_breakdown

    item = catalog(product_code, fingerprint)
    view = configuration.configuration_view(
        catalog=item, fingerprint=fingerprint, selection=configuration.selection_of(key), day=day, quantity=quantity
    )
    return ConfigureView(
        state=view.state,
        full=view.full,
        info=view.info,
        effects={k: effect(change, lang) for k, change in view.effects.items()},
        quote=view.quote,
        breakdown=price_breakdown(view.quote, lang) if view.quote is not None else None,
        svg=preview_svg(item, view.full),
        table=table_of(item, view.full),
    )
