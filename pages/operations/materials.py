"""Materials and stock: Stock levels, suppliers, reorder points and purchase needs."""

import streamlit as st

from ui.staff import STAFF_ROLES, guard

user = guard(STAFF_ROLES)
st.title("Materials and stock")
