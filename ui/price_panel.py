"""The live price panel of the configure page: price range while designing, the full quote with
its breakdown and delivery dates once the design is complete. Prices come from `pricing` on the
server at every rerun; nothing the browser sends is trusted."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from pricing.bounds import PriceInfo
from pricing.model import Quote
from ui.format import day, money
from ui.safe import md_escape


def render(info: PriceInfo, result: Quote | None, breakdown: go.Figure | None) -> None:
    """The price range while designing; the total, delivery window and breakdown once complete
    (`result`: the quote of the complete design, `breakdown`: its chart, both built once per
    selection by `ui.resources.configure_view`)."""
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
    if breakdown is not None:
        st.plotly_chart(breakdown, width="stretch", config={"displayModeBar": False}, key="price-breakdown")
    tax = result.tax
    st.caption(f"VAT {tax.rate}% ({tax.country}): {money(tax.amount)} {'included' if tax.included else 'added'}.")
