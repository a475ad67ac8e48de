""" "Finish for me", shared by the configure page and the API: complete a buyer's design with the
defaults, at the lowest price, or with the choices buyers who made the same choices took most
often. The buyer's own choices are kept; text is never invented (`configurator.completion`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlmodel import Session

from configurator.completion import FinishMode, finish, learn_from_orders
from configurator.recommend import Recommender
from modules.catalog import Catalog
from modules.expr import Value
from store.configuration import compiled_engine, price_bounds
from store.db import Engine
from store.memo import Memo
from store.popularity import Popularity, option_popularity

REFRESH_SECONDS = 600  # what buyers chose is an aggregate of the past year: ten minutes old is fresh enough

_SEEN: Memo[tuple[str, str, str], tuple[Popularity, Recommender | None]] = Memo(size=64, ttl_seconds=REFRESH_SECONDS)


def finished_selection(
    *,
    catalog: Catalog,
    fingerprint: str,
    selection: Mapping[str, Value],
    mode: FinishMode,
    day: dt.date,
    quantity: int,
    popularity: Popularity | None = None,
    history: Recommender | None = None,
    currency: str | None = None,
) -> dict[str, Value]:
    """The completed design for `mode` (`popularity` and `history` feed "popular"; "cheapest" is
    the lowest price in `currency`, None: the catalog's); InconsistentSelectionError if no valid
    product extends the selection."""
    compiled = compiled_engine(catalog=catalog, fingerprint=fingerprint)
    if mode == "cheapest":
        bounds = price_bounds(catalog=catalog, fingerprint=fingerprint, day=day, quantity=quantity, currency=currency)
        return finish(compiled, selection, "cheapest", price_costs=bounds.costs)
    if mode == "popular":
        seen = popularity or Popularity()
        return finish(compiled, selection, "popular", sold=seen.sold, chosen=seen.chosen, history=history)
    return finish(compiled, selection, "default")


def buyers_choices(*, db: Engine, catalog: Catalog, fingerprint: str) -> tuple[Popularity, Recommender | None]:
    """What buyers of this product chose in the past year, and which choices they took together
    (learned once per catalog version), refreshed every ten minutes."""

    def build() -> tuple[Popularity, Recommender | None]:
        with Session(db) as session:
            seen = option_popularity(session=session, product_code=catalog.code)
        if not seen.designs:
            return seen, None
        designs = [design for design, _ in seen.designs]
        quantities = [items for _, items in seen.designs]
        compiled = compiled_engine(catalog=catalog, fingerprint=fingerprint)
        return seen, learn_from_orders(compiled, designs, quantities=quantities)

    where = db.url.render_as_string(hide_password=True)
    return _SEEN.get((where, catalog.code, fingerprint), build)
