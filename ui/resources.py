"""Process-wide cached resources (shared by all sessions; never mutated)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from configurator.catalog_engine import CatalogEngine, ConfigurationState
from modules.catalog import Catalog
from modules.expr import Value
from pricing.bounds import PriceBounds, PriceInfo
from pricing.model import Quote
from pricing.shop import ShopSettings, load_shop
from settings import get_settings
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


SelectionKey = tuple[tuple[str, object], ...]


def selection_key(selection: Mapping[str, Value]) -> SelectionKey:
    """A hashable, order-free key of a parsed selection (multi-choice picks sorted)."""
    return tuple(sorted((k, tuple(sorted(v)) if isinstance(v, frozenset) else v) for k, v in selection.items()))


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
    product_code: str, fingerprint: str, key: SelectionKey, day: dt.date, quantity: int
) -> ConfigureView:
    """The view of a (catalog version, selection, day, quantity): computed once, then reused by
    every click that comes back to it. InconsistentSelectionError is raised (and not cached)."""
    from ui.figures import price_breakdown
    from ui.format import effect
    from ui.preview.svg import preview_svg
    from ui.preview.table3d import table_of
    from ui.price_panel import complete_quote

    compiled = catalog_engine(product_code, fingerprint)
    selection: dict[str, Value] = {k: frozenset(v) if isinstance(v, tuple) else v for k, v in key}  # type: ignore[misc]
    state = compiled.state(selection)
    # A complete design is exactly one product; a partial one is previewed with the defaults.
    full = (compiled.closed_selection(selection) if state.complete else None) or compiled.complete(selection)
    bounds = price_bounds(product_code, fingerprint, day, quantity)
    assignment = compiled.assignment(selection)
    info = bounds.info_at(assignment)
    result = complete_quote(compiled, full, quantity, shop(), day) if state.complete else None
    return ConfigureView(
        state=state,
        full=full,
        info=info,
        effects={k: effect(change) for k, change in bounds.effects(assignment, info).items()},
        quote=result,
        breakdown=price_breakdown(result) if result is not None else None,
        svg=preview_svg(compiled.catalog, full),
        table=table_of(compiled.catalog, full),
    )
