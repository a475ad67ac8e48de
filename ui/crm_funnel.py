"""Recording the first step of the configuration funnel from the configure page.

One call per run is cheap: the database is written once per browser session and product (the
session remembers which products it has recorded), under a random visit id.
"""

from __future__ import annotations

import streamlit as st

from store.db import transaction
from store.errors import StoreError
from store.funnel import record_configure_started
from store.tables import new_token
from ui.resources import database

VISIT_KEY = "funnel:visit"
SEEN_KEY = "funnel:seen"


def note_configure_started(product_code: str, customer_id: int | None = None) -> None:
    """Count this browser session as having started to configure `product_code` (once)."""
    seen = st.session_state.setdefault(SEEN_KEY, set())
    if product_code in seen:
        return
    visit = st.session_state.setdefault(VISIT_KEY, new_token()[:32])
    try:
        with transaction(database()) as session:
            record_configure_started(session=session, product_code=product_code, visit=visit, customer_id=customer_id)
    except StoreError:
        return  # analytics must never stand in the buyer's way
    seen.add(product_code)
