"""The live price panel of the configure page: price range while designing, the full quote with
its breakdown and delivery dates once the design is complete. Prices come from `pricing` on the
server at every rerun; nothing the browser sends is trusted."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from configurator.catalog_engine import CatalogEngine, ConfigurationState
from modules.expr import Value
from pricing.bounds import PriceInfo
from pricing.context import QuoteContext
from pricing.errors import QuoteError
from pricing.model import Quote
from pricing.quote import quote
from pricing.shop import ShopSettings
from ui.figures import price_breakdown
from ui.format import day, money
from ui.safe import md_escape


def complete_quote(
    engine: CatalogEngine, full: dict[str, Value], quantity: int, shop: ShopSettings, today: dt.date
) -> Quote | None:
    """The quote of a complete design (`full`: the selection with forced and empty modules filled
    in, as `CatalogEngine.complete` gives it), or None."""
    try:
        return quote(
            catalog=engine.catalog, selection=full, quantity=quantity, context=QuoteContext(shop=shop, date=today)
        )
    except QuoteError:
        return None


def render(
    engine: CatalogEngine,
    state: ConfigurationState,
    full: dict[str, Value],
    info: PriceInfo,
    quantity: int,
    shop: ShopSettings,
    today: dt.date,
) -> None:
    result = complete_quote(engine, full, quantity, shop, today) if state.complete else None
    if result is None:
        st.metric("Price", f"from {money(info.cheapest)}")
        if info.dearest != info.cheapest:
            st.caption(f"Up to {money(info.dearest)} with the choices still open.")
        return
    st.metric("Total", money(result.total), help="Shipping and VAT included" if result.tax.included else None)
    estimate = result.delivery
    st.markdown(
        md_escape(f"Delivered between {day(estimate.earliest)} and {day(estimate.latest)}")
        + f" ({md_escape(estimate.mode)}, made in {estimate.production_days} working days)"
    )
    st.plotly_chart(price_breakdown(result), width="stretch", config={"displayModeBar": False})
    tax = result.tax
    st.caption(f"VAT {tax.rate}% ({tax.country}): {money(tax.amount)} {'included' if tax.included else 'added'}.")
