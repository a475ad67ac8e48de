"""Staff accounts: Staff accounts and their roles."""

import streamlit as st

from ui.staff import ADMIN, guard

user = guard(ADMIN)
st.title("Staff accounts")
