"""Customers: Customer records, segments, coupon targeting, export and erasure."""

import streamlit as st

from ui.crm_customers import customers_tab
from ui.crm_segments import segments_tab
from ui.staff import MERCHANDISING, guard

user = guard(MERCHANDISING)
st.title("Customers")
flash = st.session_state.pop("crm:flash", None)
if flash:
    st.success(flash)
customers, segments = st.tabs(["Customers", "Segments and coupons"])
with customers:
    customers_tab(user)
with segments:
    segments_tab(user)
