"""Orders: Order list with filters, states, production steps, returns, reviews and messages."""

import streamlit as st

from ui.staff import OPERATIONS, guard

user = guard(OPERATIONS)
st.title("Orders")
