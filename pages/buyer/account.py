"""Account: sign up, sign in, sign out, order history, saved designs."""

import streamlit as st

from modules.translations import translated
from store.db import transaction
from store.designs import list_designs
from store.lifecycle import account_orders
from store.quotes import loyalty_balance
from ui.account_forms import benefit, sign_in_form, sign_up_form, take_unlock_link
from ui.account_security import change_form, forgot_form, reset_form, take_links, verification_notice
from ui.auth import current_user, sign_out
from ui.format import date, number, status_label
from ui.language import _, current, picker
from ui.order_view import cents
from ui.resources import catalog, database, product_list
from ui.safe import md_escape

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
here, everywhere = st.columns(2, gap="small", width=480)
if here.button(_("Sign out"), key="account:signout-here", width="stretch"):
    sign_out(everywhere=False)
    st.rerun()
if everywhere.button(
    _("Sign out everywhere"),
    key="account:signout",
    width="stretch",
    help=_("Ends your sessions on every device, this one included."),
):
    sign_out()
    st.rerun()
with st.expander(_("Change password"), expanded=user.must_change_password):
    change_form(user)

with transaction(database()) as session:
    orders = account_orders(session=session, customer_id=user.id)
    designs = list_designs(session=session, customer_id=user.id)
    points = loyalty_balance(session=session, customer_id=user.id)

# Products named as the buyer's language names them on sale now (the name sold under otherwise).
names = {
    str(p["code"]): translated(catalog(str(p["code"]), str(p["fingerprint"])), current()).name for p in product_list()
}
if points:
    st.info(_("You have {points} loyalty points to spend at checkout.").format(points=number(points)))

st.subheader(_("Orders"))
if not orders:
    st.caption(_("No orders yet."))
for entry in orders:
    order = entry.order
    with st.container(border=True, key=f"account-order-{entry.number}"):
        left, mid, right = st.columns([3, 1, 1], vertical_alignment="center")
        left.markdown(
            "**"
            + _("Order #{number}").format(number=entry.number)
            + "** · "
            + md_escape(f"{date(order.placed_at.date())} — {_(status_label(order.status))}")
        )
        left.caption(md_escape(" · ".join(f"{qty} × {names.get(code, name)}" for code, name, qty in entry.items)))
        mid.text(cents(order.total_minor, order.currency))
        if right.button(_("Open"), key=f"account:order:{order.token}"):
            st.switch_page("pages/buyer/order.py", query_params={"order": order.token})

st.subheader(_("Saved designs"))
if not designs:
    st.caption(_("No saved designs yet: use “Save to account” on the configure page."))
for design in designs:
    left, right = st.columns([4, 1])
    left.text(
        f"{design.name} ({names.get(design.product_code, design.product_code)}, {date(design.created_at.date())})"
    )
    if right.button(_("Open"), key=f"account:design:{design.token}"):
        st.switch_page(
            "pages/buyer/configure.py", query_params={"product": design.product_code, "design": design.token}
        )
