"""Entry point: builds the navigation from pages/ by role; nothing else.

Page scripts live in role folders (pages/buyer/, pages/merchant/): Streamlit's legacy discovery
of `pages/*.py` would otherwise take over the very first run of a fresh server. Every page runs
inside the error boundary (ui/error_boundary.py): no traceback ever reaches a buyer.
"""

import streamlit as st

from store import logs
from ui import error_boundary, persist, schema_gate, style
from ui.auth import current_user
from ui.navigation import pages_for

st.set_page_config(page_title="Configurator", layout="wide")
logs.configure()
style.apply()  # labels wrap instead of being cut; staff data editors offer no CSV download


def prepare() -> None:
    schema_gate.require_ready()  # on a database that is not migrated, a page says what to run
    persist.sync()  # a reload keeps the sign-in and the cart


error_boundary.run_app(
    prepare=prepare,
    navigation=lambda: st.navigation(pages_for(current_user()), expanded=True),  # staff see every page listed
)
