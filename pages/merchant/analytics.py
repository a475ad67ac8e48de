"""Analytics: Option popularity, funnel, revenue, lead times, reviews and returns."""

import streamlit as st

from ui.staff import STAFF_ROLES, guard

user = guard(STAFF_ROLES)
st.title("Analytics")
