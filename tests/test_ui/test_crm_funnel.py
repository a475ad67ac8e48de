"""The configure page's funnel call writes one event per browser session and product."""

from __future__ import annotations

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from store.db import transaction
from store.tables import FunnelEvent

SCRIPT = """
import streamlit as st
from ui.crm_funnel import note_configure_started

note_configure_started("tshirt")
note_configure_started("tshirt")
note_configure_started(st.session_state.get("other", "tshirt"))
st.write("ok")
"""


def test_one_event_per_session_and_product(db):
    at = AppTest.from_string(SCRIPT, default_timeout=60).run()
    at.run()
    at.session_state["other"] = "pc"
    at.run()
    assert not at.exception
    second = AppTest.from_string(SCRIPT, default_timeout=60).run()
    assert not second.exception
    with transaction(db) as s:
        events = s.exec(select(FunnelEvent)).all()
        assert sorted(e.product_code for e in events) == ["pc", "tshirt", "tshirt"]
        assert len({e.visit for e in events}) == 2
