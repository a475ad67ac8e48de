"""Materials and stock: Stock levels, suppliers, reorder points and purchase needs."""

import streamlit as st

from store.errors import StoreError
from ui import ops_materials
from ui.safe import md_escape
from ui.staff import STAFF_ROLES, guard

user = guard(STAFF_ROLES)
st.title("Materials and stock")
ops_materials.show_flash()
try:
    materials = ops_materials.levels(user)
    groups = ops_materials.needs(user)
except StoreError as exc:
    st.error(md_escape(exc.message))
    st.stop()
ops_materials.stock_table(user, materials)
ops_materials.purchase_section(user, groups)
ops_materials.receive_form(user, materials)
