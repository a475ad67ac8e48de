"""Cart: several configured items, quantities with tier prices, edit / duplicate / remove, coupon,
delivery mode; every figure is the server's quote (`view_cart`)."""

import streamlit as st

from modules.selection import SelectionError, parse_selection
from store.carts import set_coupon, set_quantity
from store.db import transaction
from store.errors import ErrorCode, StoreError
from ui import cart_state, selection_state
from ui.cart_view import catalog_for, choices_text, delivery_choice, tier_text, totals, unit_price
from ui.format import money
from ui.resources import engine
from ui.safe import md_escape

st.title("Your cart")
delivery_choice()
try:
    view = cart_state.view()
    problem = None
except StoreError as exc:
    view, problem = None, exc
if problem is not None:
    st.error(md_escape(problem.message + ": " + "; ".join(map(str, problem.data.get("problems", [])))))
    line_id = problem.data.get("line_id")
    if problem.code == ErrorCode.INVALID_LINE and line_id is not None and st.button("Remove that item", key="fix"):
        cart_state.remove_line(int(line_id))
        st.rerun()
    st.stop()
if view is None or not view.lines or view.quote is None:
    st.info("Your cart is empty.")
    st.page_link("pages/buyer/shop.py", label="Find a product to design")
    st.stop()


def act(action, **kwargs):
    try:
        with transaction(engine()) as session:
            action(session=session, cart=str(cart_state.token()), customer_id=cart_state.customer_id(), **kwargs)
    except StoreError as exc:
        st.error(md_escape(exc.message))
        st.stop()
    st.rerun()


for line, item in zip(view.lines, view.quote.items, strict=True):
    catalog = catalog_for(line.product_code)
    with st.container(border=True, key=f"line-{line.id}"):
        name = catalog.name if catalog else line.product_code
        st.subheader(name)
        st.text(choices_text(catalog, line.selection) if catalog else "")
        left, mid, right = st.columns([2, 2, 3])
        quantity = left.number_input("Quantity", 1, 10_000, int(line.quantity), key=f"qty:{line.id}")
        if quantity != line.quantity:
            act(set_quantity, line_id=line.id, quantity=int(quantity))
        mid.metric("Each", unit_price(item.subtotal, item.quantity))
        right.metric("Item total", money(item.subtotal))
        if catalog and tier_text(catalog):
            st.caption(tier_text(catalog))
        b1, b2, b3 = st.columns(3)
        if b1.button("Edit", key=f"edit:{line.id}", width="stretch") and catalog:
            try:
                selection_state.store(line.product_code, parse_selection(catalog, line.selection))
            except SelectionError:
                selection_state.store(line.product_code, {})
            st.session_state[cart_state.EDIT_KEY] = (line.product_code, line.id)
            st.session_state[f"quantity:{line.product_code}"] = line.quantity
            st.switch_page("pages/buyer/configure.py", query_params={"product": line.product_code})
        if b2.button("Duplicate", key=f"dup:{line.id}", width="stretch"):
            try:
                cart_state.add_item(line.product_code, line.selection, line.quantity)
            except StoreError as exc:
                st.error(md_escape(exc.message))
                st.stop()
            st.rerun()
        if b3.button("Remove", key=f"remove:{line.id}", width="stretch"):
            cart_state.remove_line(line.id)
            st.rerun()

with st.container(border=True):
    code = st.text_input("Coupon code", value=view.cart.coupon_code or "", max_chars=32, key="coupon")
    left, right = st.columns(2)
    if left.button("Apply coupon", key="coupon:apply"):
        act(set_coupon, code=code or None)
    if view.cart.coupon_code and right.button("Remove coupon", key="coupon:remove"):
        act(set_coupon, code=None)
    totals(view.quote, coupon=view.cart.coupon_code)

if st.button("Checkout", type="primary", key="to-checkout"):
    st.switch_page("pages/buyer/checkout.py")
