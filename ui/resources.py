"""Process-wide cached resources (shared by all sessions; never mutated)."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from configurator.catalog_engine import CatalogEngine, ConfigurationState, InconsistentSelectionError
from modules.catalog import Catalog
from modules.expr import Value
from modules.translations import translated
from pricing.bounds import PriceBounds, PriceInfo
from pricing.model import Quote
from pricing.shop import ShopSettings, load_shop
from settings import get_settings
from store import compile_jobs, configuration
from store.catalogs import catalog_of, current_versions, published_version
from store.db import Engine, make_engine, transaction
from store.product_reviews import Ratings, ratings
from store.tables import OrderLinePublic


@st.cache_resource
def database() -> Engine:
    """The database engine (SQLAlchemy's word) the pages use, made once per process.

    It never migrates: `python -m store migrate` does, once per deployment (several replicas
    migrating at once would race); `ui.schema_gate` shows a clear page until it has run.

    Compiled rules engines are loaded from it; with `COMPILE_IN_APP` on (the default: `make run`
    starts no worker) this process also runs the queued compile jobs in a background thread."""
    settings = get_settings()
    engine = make_engine(settings.database_url)
    configuration.use_artifacts(engine)
    if settings.compile_in_app:
        compile_jobs.start_background_compiles(engine)
    return engine


@st.cache_resource
def catalog(product_code: str, fingerprint: str) -> Catalog:
    """A published catalog, parsed once per content hash."""
    with transaction(database()) as session:
        for version in current_versions(session=session):
            if version.product_code == product_code and version.fingerprint == fingerprint:
                return catalog_of(version)
    raise KeyError(product_code)


@st.cache_resource(max_entries=32)
def sold_catalog(product_code: str, version: int, fingerprint: str) -> Catalog | None:
    """The catalog version an order line was sold under (None if it is not stored under that
    fingerprint): orders draw from it, whatever is on sale today. Published versions never change,
    so it is read once per version."""
    with transaction(database()) as session:
        row = published_version(session=session, product_code=product_code, version=version)
        return catalog_of(row) if row is not None and row.fingerprint == fingerprint else None


def sold_line_catalog(line: OrderLinePublic) -> Catalog | None:
    """`sold_catalog` of an order line."""
    return sold_catalog(line.product_code, line.catalog_version, line.catalog_fingerprint)


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


@st.cache_data(ttl=30)
def product_ratings(product_codes: tuple[str, ...]) -> dict[str, Ratings]:
    """What buyers rated each product (count, average stars), for the products with reviews: one
    query for the whole shop, read at most every 30 seconds."""
    with transaction(database()) as session:
        return ratings(session=session, product_codes=product_codes)


@st.cache_resource(max_entries=32)
def catalog_engine(product_code: str, fingerprint: str) -> CatalogEngine:
    """The compiled rules engine of a catalog version: built once, shared by every session."""
    return configuration.compiled_engine(catalog=catalog(product_code, fingerprint), fingerprint=fingerprint)


@st.cache_resource(max_entries=64)
def swatch_sheet(product_code: str, fingerprint: str) -> str | None:
    """The style element holding the catalog version's colour swatches (`ui.swatch_style`): built
    once per version, the same on every click."""
    from ui.swatch_style import catalog_swatches

    return catalog_swatches(catalog(product_code, fingerprint))


@st.cache_resource(max_entries=64)
def product_picture(product_code: str, fingerprint: str) -> str | None:
    """The product's default design (the catalog's defaults, completed) as an SVG drawing: drawn
    once per catalog version, since the fingerprint changes whenever the catalog does."""
    from render.preview.svg import preview_svg

    engine = catalog_engine(product_code, fingerprint)
    try:
        default = engine.complete({})
    except InconsistentSelectionError:  # a catalog without a valid product draws nothing
        return None
    return preview_svg(engine.catalog, default, catalog_artwork(product_code, fingerprint), fit=True)


@st.cache_resource(max_entries=32)
def catalog_artwork(product_code: str, fingerprint: str) -> dict[str, tuple[str, bytes]]:
    """The uploaded pictures a catalog version's options draw (sha256 -> media type, bytes): they
    never change under a hash, so they are loaded once per version."""
    from render.preview.paints import artwork_codes
    from store.artwork import artwork_for

    codes = artwork_codes(catalog(product_code, fingerprint))
    if not codes:
        return {}
    with transaction(database()) as session:
        return artwork_for(session=session, codes=codes)


@st.cache_resource(max_entries=64)
def buyer_picture(sha256: str) -> tuple[str, bytes, int, int] | None:
    """A buyer's stored picture (media type, bytes, width, height): never changed under its hash."""
    from store.buyer_artwork import buyer_artwork_for

    with transaction(database()) as session:
        return buyer_artwork_for(session=session, codes=[sha256]).get(sha256)


def buyer_pictures(placements: dict[str, Any] | None) -> dict[str, tuple[str, bytes, int, int]]:
    """sha256 -> stored picture, for every picture the placements name (unknown ones left out)."""
    out: dict[str, tuple[str, bytes, int, int]] = {}
    for placement in (placements or {}).values():
        sha = placement.get("sha256") if isinstance(placement, dict) else None
        found = buyer_picture(sha) if isinstance(sha, str) and len(sha) == 64 else None
        if found is not None and isinstance(sha, str):
            out[sha] = found
    return out


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
def price_bounds(
    product_code: str, fingerprint: str, day: dt.date, quantity: int, currency: str | None = None
) -> PriceBounds:
    """Per-value costs of a catalog version for a date, quantity and sale currency: built once, used per click."""
    item = catalog(product_code, fingerprint)
    return configuration.price_bounds(
        catalog=item, fingerprint=fingerprint, day=day, quantity=quantity, currency=currency
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
    svg: str | None  # the live preview drawing (a dimensioned product's carries its sizes and units)


@st.cache_resource(max_entries=512)  # bounded: each holds figures and a drawing
def configure_view(
    product_code: str,
    fingerprint: str,
    key: SelectionKey,
    day: dt.date,
    quantity: int,
    lang: str = "en",
    currency: str | None = None,
    zones: tuple[str, ...] = (),
) -> ConfigureView:
    """The view of a (catalog version, selection, day, quantity, sale currency, print zones holding
    a picture), as `store.configuration`
    computes it for the API too, with the page's figures and drawings: computed once, then reused by
    every click that comes back to it. InconsistentSelectionError is raised (and not cached)."""
    from pricing.formatting import effect
    from render.preview.svg import preview_svg
    from ui.figures import price_breakdown

    item = catalog(product_code, fingerprint)
    view = configuration.configuration_view(
        catalog=item,
        fingerprint=fingerprint,
        selection=configuration.selection_of(key),
        day=day,
        quantity=quantity,
        currency=currency,
        zones=zones,
    )
    return ConfigureView(
        state=view.state,
        full=view.full,
        info=view.info,
        effects={k: effect(change, lang) for k, change in view.effects.items()},
        quote=view.quote,
        breakdown=price_breakdown(view.quote, lang, item) if view.quote is not None else None,
        svg=preview_svg(item, view.full, catalog_artwork(product_code, fingerprint), lang=lang),
    )


@st.cache_resource(max_entries=64)
def table_view(width: float, depth: float, height: float, top: str, legs: str) -> go.Figure:
    """The parametric 3D view (`render.preview.table3d.table_inputs` gives its inputs): built
    only when a buyer opens it, once per size and colours, whatever else the design holds."""
    from render.preview.table3d import table_figure

    return table_figure(width, depth, height, top, legs)
