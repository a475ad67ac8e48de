"""Cart: several configured items, quantities with tier prices, edit / duplicate / remove, coupon,
loyalty points, delivery mode; every figure is the server's quote (`view_cart`). An item that no
longer makes a valid product is shown with the reason, left out of the total, and blocks checkout
until it is edited or removed."""

from collections.abc import Callable
from typing import Any

import streamlit as st

from store.carts import set_coupon, set_quantity, set_redeem_points
from store.errors import StoreError
from ui import cart_state
from ui.actions import attempt, refusal
from ui.cart_view import delivery_choice, line_look, points_choice, priced_items, tier_text, totals, unit_price
from ui.format import money
from ui.language import _, picker
from ui.line_picture import picture_alt, shown_width
from ui.safe import md_escape

picker()
st.title(_("Your cart"))
delivery_choice()
try:
    view = cart_state.view()
except StoreError as exc:
    st.error(md_escape(refusal(exc)))
    st.stop()
if view is None or not view.lines:
    st.info(_("Your cart is empty."))
    st.page_link("pages/buyer/shop.py", label=_("Find a product to design"))
    st.stop()


def act(action: Callable[..., Any], **kwargs: Any) -> None:
    if not attempt(action, cart=str(cart_state.token()), customer_id=cart_state.customer_id(), **kwargs).ok:
        st.stop()
    st.rerun()


items = priced_items(view)
for position, line in enumerate(view.lines, start=1):
    look = line_look(line)
    catalog, name, picture = look.catalog, look.name, look.picture
    problems = view.problems.get(line.id)
    with st.container(border=True, key=f"line-{line.id}"):
        wide = shown_width(picture, 140) if picture else 140
        words, drawn = st.columns([3, 1] if wide <= 140 else [2, 1]) if picture else (st.container(), None)
        words.subheader(name)
        words.text(look.choices)
        if drawn is not None and picture:
            drawn.image(picture, width=wide, alt=picture_alt(picture, name))
        item = items.get(line.id)
        if problems or item is None:
            st.error(
                _(
                    "Item {position} can no longer be made as configured: {reasons}. Edit it or remove it to check out."
                ).format(position=position, reasons=md_escape("; ".join(problems or [_("it cannot be priced")])))
            )
        else:
            left, mid, right = st.columns([2, 2, 3])
            quantity = left.number_input(_("Quantity"), 1, 10_000, int(line.quantity), key=f"qty:{line.id}")
            if quantity != line.quantity:
                act(set_quantity, line_id=line.id, quantity=int(quantity))
            mid.metric(_("Each"), unit_price(item.subtotal, item.quantity))
            right.metric(_("Item total"), money(item.subtotal))
            if catalog and tier_text(catalog):
                st.caption(tier_text(catalog))
        b1, b2, b3 = st.columns(3)
        if b1.button(_("Edit"), key=f"edit:{line.id}", width="stretch") and catalog:
            cart_state.edit_line(line)
            st.switch_page("pages/buyer/configure.py", query_params={"product": line.product_code})
        if not problems and b2.button(_("Duplicate"), key=f"dup:{line.id}", width="stretch"):
            try:
                cart_state.add_item(line.product_code, line.selection, line.quantity, artwork=line.artwork)
            except StoreError as exc:
                st.error(md_escape(refusal(exc)))
                st.stop()
            st.rerun()
        if b3.button(_("Remove"), key=f"remove:{line.id}", width="stretch"):
            cart_state.remove_line(line.id)
            st.rerun()

if view.quote is not None:
    with st.container(border=True):
        code = st.text_input(_("Coupon code"), value=view.cart.coupon_code or "", max_chars=32, key="coupon")
        left, right = st.columns(2)
        if left.button(_("Apply coupon"), key="coupon:apply"):
            act(set_coupon, code=code or None)
        if view.cart.coupon_code and right.button(_("Remove coupon"), key="coupon:remove"):
            act(set_coupon, code=None)
        points = points_choice(view, signed_in=cart_state.customer_id() is not None)
        if points is not None:
            act(set_redeem_points, points=points)
        totals(view.quote, coupon=view.cart.coupon_code)

if view.problems:
    st.warning(_("Some items can no longer be made as configured: edit or remove them to check out."))
if st.button(_("Checkout"), type="primary", key="to-checkout", disabled=not view.can_check_out):
    st.switch_page("pages/buyer/checkout.py")
