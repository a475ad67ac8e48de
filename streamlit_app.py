"""Entry point: builds the navigation from pages/; nothing else."""

import streamlit as st

st.set_page_config(page_title="Configurator", layout="wide")
navigation = st.navigation([st.Page("pages/shop.py", title="Shop", icon=":material/storefront:", default=True)])
navigation.run()
