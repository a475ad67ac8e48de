"""Orders: Order list with filters, states, production steps, returns, reviews and messages."""

import streamlit as st

from store.db import transaction
from store.drafts import families
from store.errors import StoreError
from store.operations import list_orders
from store.order_detail import order_detail
from ui import ops_actions, ops_aftersales, ops_orders
from ui.resources import database
from ui.safe import md_escape
from ui.staff import OPERATIONS, guard

user = guard(OPERATIONS)
st.title("Orders")
ops_actions.show_flash()

with transaction(database()) as session:
    products = families(session=session, actor_id=user.id)
wanted, page = ops_orders.filters(products)
try:
    with transaction(database()) as session:
        listing = list_orders(session=session, actor_id=user.id, filters=wanted, page=page)
except StoreError as exc:
    st.error(md_escape(exc.message))
    st.stop()
reference = ops_orders.order_list(listing)
if reference is None:
    st.stop()

try:
    with transaction(database()) as session:
        detail = order_detail(session=session, actor_id=user.id, order=reference)
except StoreError as exc:
    st.error(md_escape(exc.message))
    st.stop()

st.divider()
ops_orders.summary(detail)
ops_orders.lines(detail)  # what to make, before what to do with it
ops_orders.state_buttons(user, detail)
ops_aftersales.documents(detail)
ops_orders.production(user, detail)
ops_aftersales.returns(user, detail)
ops_aftersales.messages(user, detail)
ops_aftersales.reviews(user, detail)
ops_orders.timeline(detail)
