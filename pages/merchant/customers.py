"""Customers: Customer records, segments, coupon targeting, export and erasure."""

import streamlit as st

from ui.staff import MERCHANDISING, guard

user = guard(MERCHANDISING)
st.title("Customers")
