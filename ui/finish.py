""" "Finish for me": complete the buyer's design with the defaults, at the lowest price, or with
the choices buyers took most often. The buyer's own choices are kept; text is never invented."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import streamlit as st

from configurator.catalog_engine import InconsistentSelectionError
from configurator.completion import popularity_costs
from modules.catalog import Catalog
from modules.expr import Value
from modules.kinds import TextModule
from store.db import transaction
from store.popularity import Popularity, option_popularity
from ui.resources import catalog_engine, engine, price_bounds

MODES = {"default": "Defaults", "cheapest": "Lowest price", "popular": "Most popular"}
HELP = {
    "default": "Fill every open choice with the shop's default",
    "cheapest": "Fill every open choice so the total is as low as the rules allow",
    "popular": "Fill every open choice with what other buyers chose most often",
}


@st.cache_data(ttl=600, show_spinner=False)
def popularity(product_code: str) -> Popularity:
    """What buyers chose for this product in the last year (aggregates, refreshed every 10 minutes)."""
    with transaction(engine()) as session:
        return option_popularity(session=session, product_code=product_code)


def _keep_text(catalog: Catalog, full: Mapping[str, Value], selection: Mapping[str, Value]) -> dict[str, Value]:
    """`full` with the buyer's own text (or none), never filler letters."""
    text_modules = {m.code for m in catalog.modules if isinstance(m, TextModule)}
    result = {k: v for k, v in full.items() if k not in text_modules}
    result.update({k: v for k, v in selection.items() if k in text_modules and v})
    return result


def finished(
    code: str, fingerprint: str, selection: Mapping[str, Value], mode: str, quantity: int, day: dt.date
) -> dict[str, Value]:
    """The completed design for `mode`; InconsistentSelectionError if no valid product extends it."""
    compiled = catalog_engine(code, fingerprint)
    if mode == "cheapest":
        found = price_bounds(code, fingerprint, day, quantity).cheapest(selection)
        if found is None:
            raise InconsistentSelectionError("no valid product has all these choices together")
        full = found[1]
    elif mode == "popular":
        seen = popularity(code)
        full = compiled.complete(selection, costs=popularity_costs(compiled, seen.sold, seen.chosen))
    else:
        full = compiled.complete(selection)
    return _keep_text(compiled.catalog, full, selection)
