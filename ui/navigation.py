"""Which pages each role sees. `streamlit_app.py` builds `st.navigation` from this; every page
still checks the role itself on the server (a hidden page is not a protected page).

Buyer pages are listed in `ui/nav_buyer.py`, staff pages in `ui/nav_staff.py`.
"""

from __future__ import annotations

import streamlit as st

from ui.auth import User
from ui.nav_buyer import buyer_pages
from ui.nav_staff import staff_pages


def pages_for(user: User | None) -> dict[str, list[st.Page]]:
    return {**buyer_pages(user), **staff_pages(user)}
