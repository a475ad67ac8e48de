"""Entry point: builds the navigation from pages/ by role; nothing else.

Page scripts live in role folders (pages/buyer/, ...): Streamlit's legacy discovery of
`pages/*.py` would otherwise take over the very first run of a fresh server.
"""

import streamlit as st

st.set_page_config(page_title="Configurator", layout="wide")
navigation = st.navigation(
    [
        st.Page("pages/buyer/shop.py", title="Shop", icon=":material/storefront:", default=True),
        st.Page("pages/buyer/configure.py", title="Configure", icon=":material/tune:"),
    ]
)
navigation.run()
