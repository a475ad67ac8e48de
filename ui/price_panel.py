"""The live price panel of the configure page: price range while designing, the full quote with
its breakdown and delivery dates once the design is complete. Prices come from `pricing` on the
server at every rerun; nothing the browser sends is trusted."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from pricing.bounds import PriceInfo
from pricing.model import Quote
from ui.format import day, money
from ui.language import _, ngettext
from ui.safe import md_escape


def render(info: PriceInfo, result: Quote | None, breakdown: go.Figure | None) -> None:
    """The price range while designing; the total, delivery window and breakdown once complete
    (`result`: the quote of the complete design, `breakdown`: its chart, both built once per
    selection by `ui.resources.configure_view`)."""
    if result is None:
        st.metric(_("Price"), _("from {price}").format(price=money(info.cheapest)))
        if info.dearest != info.cheapest:
            st.caption(_("Up to {price} with the choices still open.").format(price=money(info.dearest)))
        return
    st.metric(_("Total"), money(result.total), help=_("Shipping and VAT included") if result.tax.included else None)
    estimate = result.delivery
    st.markdown(
        md_escape(
            _("Delivered between {earliest} and {latest}").format(
                earliest=day(estimate.earliest), latest=day(estimate.latest)
            )
        )
        + " "
        + md_escape(
            _("({mode}, made in {days} working days)").format(
                mode=_(result.shipping.label), days=estimate.production_days
            )
        )
    )
    if breakdown is not None:
        st.plotly_chart(breakdown, width="stretch", config={"displayModeBar": False}, key="price-breakdown")
    tax = result.tax
    vat = (
        _("VAT {rate}% ({country}): {amount} included.")
        if tax.included
        else _("VAT {rate}% ({country}): {amount} added.")
    )
    st.caption(vat.format(rate=tax.rate, country=tax.country, amount=money(tax.amount)))


PANEL_ANCHOR = "your-design"  # the price panel's heading, the same in every language


def phone_bar(info: PriceInfo, result: Quote | None, still_open: int) -> None:
    """The price and how far the design is, in a bar kept at the foot of a phone's screen (the
    panel above stands below every choice there, thousands of pixels down): the buyer sees the
    price move at every click. On a wider screen the panel is beside the choices and the bar is
    hidden (`ui.style`)."""
    if result is not None:
        price, status = money(result.total), _("complete")
    else:
        price = _("from {price}").format(price=money(info.cheapest))
        status = (
            ngettext("{count} choice left", "{count} choices left", still_open).format(count=still_open)
            if still_open
            else ""
        )
    jump = f"[{md_escape(_('Your design'))} ↓](#{PANEL_ANCHOR})"  # to the panel: finish, add to cart
    with st.container(key="phone-bar", horizontal=True, horizontal_alignment="distribute"):
        st.markdown(f"**{md_escape(price)}**" + (f" · {md_escape(status)}" if status else ""), width="content")
        st.markdown(jump, width="content")
