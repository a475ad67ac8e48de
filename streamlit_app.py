"""Entry point: builds the navigation from pages/ by role; nothing else.

Page scripts live in role folders (pages/buyer/, pages/merchant/): Streamlit's legacy discovery
of `pages/*.py` would otherwise take over the very first run of a fresh server.
"""

import streamlit as st

from ui import persist, style
from ui.auth import current_user
from ui.navigation import pages_for

st.set_page_config(page_title="Configurator", layout="wide")
style.apply()  # labels wrap instead of being cut
persist.sync()  # a reload keeps the sign-in and the cart
st.navigation(pages_for(current_user())).run()
