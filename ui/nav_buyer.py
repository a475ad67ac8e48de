"""The buyer's pages, by section."""

from __future__ import annotations

import streamlit as st

from ui.auth import User
from ui.language import _


def buyer_pages(user: User | None) -> dict[str, list[st.Page]]:
    del user  # every buyer page is open to guests; account pages check the user themselves
    return {
        _("Shop"): [
            st.Page("pages/buyer/shop.py", title=_("Shop"), icon=":material/storefront:", default=True),
            st.Page("pages/buyer/configure.py", title=_("Configure"), icon=":material/tune:"),
            st.Page("pages/buyer/cart.py", title=_("Cart"), icon=":material/shopping_cart:"),
            st.Page("pages/buyer/checkout.py", title=_("Checkout"), icon=":material/payments:"),
        ],
        _("You"): [
            st.Page("pages/buyer/order.py", title=_("My order"), icon=":material/local_shipping:", url_path="order"),
            st.Page("pages/buyer/account.py", title=_("Account"), icon=":material/person:"),
        ],
    }
