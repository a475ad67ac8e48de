"""What a buyer's (partial) design means right now, for the configure page and the JSON API alike:
the compiled rules engine of a catalog version, its price bounds, and the view of one selection
(valid choices, forced values, price range, each option's price effect, the quote once complete).

Everything is keyed by a catalog version's content hash (its fingerprint): published versions never
change, so these in-process memos are safe on every replica and never need invalidating. The engine
itself is compiled once, when the version is published (`store.compile_jobs`): a process that has
said where its database is (`use_artifacts`) loads the stored artifact in milliseconds, and only
compiles (and says so in its log) when none is stored yet or the stored one is refused. The page
wraps them in Streamlit's caches and adds its figures (`ui.resources`); the API serialises them.

>>> import datetime as dt
>>> from modules.loader import load_catalog
>>> tee = load_catalog("catalogs/tshirt.yaml")
>>> view = configuration_view(catalog=tee, fingerprint=tee.fingerprint(), selection={"fabric": "linen"},
...                           day=dt.date(2026, 11, 6), quantity=1)
>>> view.state.complete, view.info.cheapest <= view.info.dearest, view.quote is None
(False, True, True)
>>> [o.code for o in view.state.module("colour").options if not o.available]
['black', 'navy', 'burgundy']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from configurator.catalog_engine import CatalogEngine, ConfigurationState
from modules.catalog import Catalog
from modules.expr import Value
from pricing.bounds import PriceBounds, PriceInfo
from pricing.context import QuoteContext
from pricing.errors import QuoteError
from pricing.model import Quote
from pricing.money import Money
from pricing.quote import quote
from pricing.shop import ShopSettings, shop_settings
from store.artifacts import engine_for
from store.db import Engine
from store.memo import Memo

MAX_QUANTITY = 10_000  # the most items of one design a buyer may price at once (the page's limit too)

SelectionKey = tuple[tuple[str, object], ...]

_ENGINES: Memo[tuple[str, str], CatalogEngine] = Memo(size=32)
_BOUNDS: Memo[tuple[str, str, dt.date, int, str], PriceBounds] = Memo(size=64)
_VIEWS: Memo[tuple[str, str, SelectionKey, dt.date, int, str, tuple[str, ...]], ConfigurationView] = Memo(size=512)


_ARTIFACTS: list[Engine] = []  # the database this process loads compiled engines from, if any


def use_artifacts(database: Engine | None) -> None:
    """Load compiled engines from `database` (the app's database) from now on; None: compile here."""
    _ARTIFACTS[:] = [database] if database is not None else []


def compiled_engine(*, catalog: Catalog, fingerprint: str) -> CatalogEngine:
    """The compiled rules engine of a catalog version: loaded (or, failing that, compiled) once per
    process, shared by every request and session (the engine is safe to call from several threads)."""
    database = _ARTIFACTS[0] if _ARTIFACTS else None
    return _ENGINES.get((catalog.code, fingerprint), lambda: engine_for(catalog=catalog, database=database))


def price_bounds(
    *, catalog: Catalog, fingerprint: str, day: dt.date, quantity: int, currency: str | None = None
) -> PriceBounds:
    """Per-value costs of a catalog version for a date, quantity and sale currency (None: the
    catalog's): built once, used per click. ValueError if the shop does not sell in `currency`."""
    wanted = currency or catalog.currency

    def build() -> PriceBounds:
        compiled = compiled_engine(catalog=catalog, fingerprint=fingerprint)
        sale = shop_settings().sale_currency(wanted)
        return PriceBounds(compiled.model, compiled.engine, date=day, quantity=quantity, sale=sale)

    return _BOUNDS.get((catalog.code, fingerprint, day, quantity, wanted), build)


def selection_key(selection: Mapping[str, Value]) -> SelectionKey:
    """A hashable, order-free key of a parsed selection (multi-choice picks sorted).

    >>> selection_key({"b": frozenset({"y", "x"}), "a": "z"})
    (('a', 'z'), ('b', ('x', 'y')))
    """
    return tuple(sorted((k, tuple(sorted(v)) if isinstance(v, frozenset) else v) for k, v in selection.items()))


def selection_of(key: SelectionKey) -> dict[str, Value]:
    """The parsed selection a key stands for (`selection_of(selection_key(s)) == s`)."""
    return {k: frozenset(v) if isinstance(v, tuple) else v for k, v in key}  # type: ignore[misc]


def complete_quote(
    *,
    catalog: Catalog,
    full: Mapping[str, Value],
    quantity: int,
    day: dt.date,
    shop: ShopSettings | None = None,
    country: str | None = None,
    delivery: str | None = None,
    currency: str | None = None,
    zones: Sequence[str] = (),
) -> Quote | None:
    """The quote of a complete design (`full`: the selection with forced and empty modules filled
    in, as `CatalogEngine.closed_selection` gives it), or None if it cannot be sold as it is.
    `currency` None: the one the destination pays in; `zones`: print zones holding a picture."""
    context = QuoteContext(
        shop=shop or shop_settings(), date=day, country=country, delivery=delivery, currency=currency
    )
    try:
        return quote(catalog=catalog, selection=full, quantity=quantity, context=context, zones=zones)
    except QuoteError:
        return None


@dataclass(frozen=True, slots=True)
class ConfigurationView:
    """Everything derived from one selection of one catalog version on one day for one quantity."""

    state: ConfigurationState
    full: dict[str, Value]  # the product a complete design is; else completed with defaults (preview)
    info: PriceInfo  # item subtotal range of the valid completions, and per-value bounds
    effects: dict[tuple[str, str], Money]  # (module, value) -> what choosing it changes (negative: cheaper)
    quote: Quote | None  # the full quote once the design is complete


def configuration_view(
    *,
    catalog: Catalog,
    fingerprint: str,
    selection: Mapping[str, Value],
    day: dt.date,
    quantity: int,
    currency: str | None = None,
    zones: Sequence[str] = (),
) -> ConfigurationView:
    """The view of a parsed selection: computed once, then reused by every click or request that
    comes back to it. InconsistentSelectionError (no valid product has all these choices) and
    SelectionError (a value that does not fit the catalog) are raised and not remembered.
    Prices are in `currency` (None: the catalog's), which the shop must sell in (`sale_currency`);
    the quote of a complete design has a line per print zone in `zones` (pictures placed)."""
    key = selection_key(selection)
    wanted = currency or catalog.currency
    used = tuple(sorted(set(zones)))

    def build() -> ConfigurationView:
        compiled = compiled_engine(catalog=catalog, fingerprint=fingerprint)
        chosen = selection_of(key)
        state = compiled.state(chosen)
        # A complete design is exactly one product; a partial one is previewed with the defaults.
        full = (compiled.closed_selection(chosen) if state.complete else None) or compiled.complete(chosen)
        bounds = price_bounds(catalog=catalog, fingerprint=fingerprint, day=day, quantity=quantity, currency=wanted)
        assignment = compiled.assignment(chosen)
        info = bounds.info_at(assignment)
        result = None
        if state.complete:
            result = complete_quote(catalog=catalog, full=full, quantity=quantity, day=day, currency=wanted, zones=used)
        return ConfigurationView(state, full, info, bounds.effects(assignment, info), result)

    return _VIEWS.get((catalog.code, fingerprint, key, day, quantity, wanted, used), build)
