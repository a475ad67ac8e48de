"""Which pages each role sees. `streamlit_app.py` builds `st.navigation` from this; every page
still checks the role itself on the server (a hidden page is not a protected page)."""

from __future__ import annotations

import streamlit as st

from ui.auth import User


def pages_for(user: User | None) -> dict[str, list[st.Page]]:
    shop = [
        st.Page("pages/buyer/shop.py", title="Shop", icon=":material/storefront:", default=True),
        st.Page("pages/buyer/configure.py", title="Configure", icon=":material/tune:"),
    ]
    sections: dict[str, list[st.Page]] = {"Shop": shop}
    return sections
