""" "Finish for me": complete the buyer's design with the defaults, at the lowest price, or with
the choices buyers took most often. The buyer's own choices are kept; text is never invented."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import streamlit as st

from configurator.completion import FINISH_MODES, learn_from_orders
from configurator.recommend import Recommender
from i18n.words import N_
from modules.expr import Value
from store.db import transaction
from store.finishing import finished_selection
from store.popularity import Popularity, option_popularity
from ui.resources import catalog, catalog_engine, database

MODES = {"default": N_("Defaults"), "cheapest": N_("Lowest price"), "popular": N_("Most popular")}
HELP = {
    "default": N_("Fill every open choice with the shop's default"),
    "cheapest": N_("Fill every open choice so the total is as low as the rules allow"),
    "popular": N_("Fill every open choice with what buyers who made the same choices took most often"),
}


@st.cache_data(ttl=600, show_spinner=False)
def popularity(product_code: str) -> Popularity:
    """What buyers chose for this product in the last year (aggregates, refreshed every 10 minutes)."""
    with transaction(database()) as session:
        return option_popularity(session=session, product_code=product_code)


@st.cache_resource(ttl=600, show_spinner=False)
def learned_history(product_code: str, fingerprint: str) -> Recommender:
    """Which choices this product's buyers took together (past year), learned once per catalog
    version and refreshed every 10 minutes: "Most popular" finishes a design the way buyers who
    made the same choices did, not with each option's overall favourite."""
    seen = popularity(product_code)
    designs = [design for design, _ in seen.designs]
    quantities = [items for _, items in seen.designs]
    return learn_from_orders(catalog_engine(product_code, fingerprint), designs, quantities=quantities)


def finished(
    code: str,
    fingerprint: str,
    selection: Mapping[str, Value],
    mode: str,
    quantity: int,
    day: dt.date,
    currency: str | None = None,
) -> dict[str, Value]:
    """The completed design for `mode`; InconsistentSelectionError if no valid product extends it."""
    seen = popularity(code) if mode == "popular" else None
    learned = learned_history(code, fingerprint) if seen is not None and seen.designs else None
    return finished_selection(
        catalog=catalog(code, fingerprint),
        fingerprint=fingerprint,
        selection=selection,
        mode=mode if mode in FINISH_MODES else "default",
        day=day,
        quantity=quantity,
        popularity=seen,
        history=learned,
        currency=currency,
    )
