"""Account: sign up, sign in, sign out, order history, saved designs."""

import streamlit as st

from store.db import transaction
from store.designs import list_designs
from store.lifecycle import list_orders
from ui.account_forms import benefit, sign_in_form, sign_up_form, take_unlock_link
from ui.account_security import change_form, forgot_form, reset_form, take_links, verification_notice
from ui.auth import current_user, sign_out
from ui.format import date, status_label
from ui.language import _, picker
from ui.order_view import cents
from ui.resources import database

picker()
take_unlock_link()
take_links()
user = current_user()
if user is None:
    st.title(_("Your account"))
    if reset_form():
        st.stop()
    st.text(benefit())
    sign_in_tab, sign_up_tab = st.tabs([_("Sign in"), _("Create an account")])
    with sign_in_tab:
        if sign_in_form():
            st.rerun()
    with sign_up_tab:
        if sign_up_form("signup"):
            st.rerun()
    forgot_form()
    st.stop()

st.title(_("Your account"))
st.text(_("Signed in as {name} <{email}>").format(name=user.name, email=user.email))
verification_notice(user.id, user.email_verified)
if st.button(_("Sign out everywhere"), key="account:signout"):
    sign_out()
    st.rerun()
with st.expander(_("Change password"), expanded=user.must_change_password):
    change_form(user)

with transaction(database()) as session:
    orders = list_orders(session=session, customer_id=user.id)
    designs = list_designs(session=session, customer_id=user.id)

st.subheader(_("Orders"))
if not orders:
    st.caption(_("No orders yet."))
for order in orders:
    left, mid, right = st.columns([2, 2, 1])
    left.text(f"{date(order.placed_at.date())} — {_(status_label(order.status))}")
    mid.text(cents(order.total_minor, order.currency))
    if right.button(_("Open"), key=f"account:order:{order.token}"):
        st.switch_page("pages/buyer/order.py", query_params={"order": order.token})

st.subheader(_("Saved designs"))
if not designs:
    st.caption(_("No saved designs yet: use “Save to account” on the configure page."))
for design in designs:
    left, right = st.columns([4, 1])
    left.text(f"{design.name} ({design.product_code}, {date(design.created_at.date())})")
    if right.button(_("Open"), key=f"account:design:{design.token}"):
        st.switch_page(
            "pages/buyer/configure.py", query_params={"product": design.product_code, "design": design.token}
        )
