"""The configure page's "Download quote (PDF)" button.

The PDF is built only when the buyer clicks (a deferred `data` callable), from the server's own
quote of the design, so the page's reruns stay as fast as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import streamlit as st

from modules.catalog import Catalog
from modules.expr import Value
from pricing.model import Quote
from pricing.shop import ShopSettings
from render.pdf.quote import quote_file, quote_reference, validity_days
from ui.language import _, current


def quote_download_button(
    catalog: Catalog,
    selection: Mapping[str, Value],
    quote: Quote | None,
    *,
    shop: ShopSettings | None = None,
    today: dt.date | None = None,
    svg: str | None = None,
    key: str = "quote:pdf",
) -> None:
    """A download button for the PDF quote of a complete design (disabled until it is complete).

    `selection` is the complete design the quote priced; `svg` its preview if the page has it.
    """
    if quote is None:
        st.download_button(
            _("Download quote (PDF)"),
            data=b"",
            key=key,
            disabled=True,
            help=_("Complete your design to download a quote"),
            width="stretch",
        )
        return
    day = today or dt.date.today()
    days = validity_days(shop)
    frozen = dict(selection)
    lang = current()
    quantity = quote.items[0].quantity if quote.items else 1

    def build() -> bytes:
        return quote_file(catalog, frozen, quote, today=day, days=days, svg=svg, lang=lang)[1]

    st.download_button(
        _("Download quote (PDF)"),
        data=build,
        file_name=f"{quote_reference(catalog, frozen, quantity, day)}.pdf",
        mime="application/pdf",
        key=key,
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help=_("Your choices, the price breakdown and the delivery estimate; valid for {days} days").format(days=days),
        width="stretch",
    )
