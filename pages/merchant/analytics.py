"""Analytics: Option popularity, funnel, revenue, lead times, reviews and returns."""

import streamlit as st

from ui.crm_analytics import charts, filters_form, kpi_row
from ui.staff import STAFF_ROLES, guard

user = guard(STAFF_ROLES)
st.title("Analytics")
filters, bucket = filters_form()
if kpi_row(user, filters):
    charts(user, filters, bucket)
