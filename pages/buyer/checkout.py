"""Checkout: guest by default, test-mode payment, one order per click, confirmation link."""

import streamlit as st

from pricing.money import Money
from store.errors import StoreError
from store.orders import Buyer
from store.quotes import Delivery
from ui import cart_state, checkout_flow, order_view
from ui.account_forms import member_offer
from ui.auth import current_user
from ui.cart_view import delivery_choice, totals
from ui.format import money
from ui.safe import md_escape
from ui.session_keys import COUNTRY_KEY, MODE_KEY

st.title("Checkout")
placed = st.session_state.get(checkout_flow.PLACED)
if placed:
    st.success("Thank you: your order is placed.")
    order_view.confirmation(placed)
    st.page_link("pages/buyer/order.py", label="Follow your order", query_params={"order": placed})
    st.caption("Your order's private link (keep it; anyone with it can see the order):")
    base = str(getattr(st.context, "url", "") or "").split("?")[0].rsplit("/", 1)[0]
    st.code(f"{base}/order?order={placed}", language=None)
    member_offer()
    if st.button("Continue shopping", key="checkout:again"):
        st.session_state.pop(checkout_flow.PLACED, None)
        st.switch_page("pages/buyer/shop.py")
    st.stop()

st.subheader("Delivery")
delivery_choice()
try:
    view = cart_state.view()
except StoreError as exc:
    st.error(md_escape(exc.message + ": " + "; ".join(map(str, exc.data.get("problems", [])))))
    st.page_link("pages/buyer/cart.py", label="Back to the cart to fix it")
    st.stop()
if view is None or not view.lines:
    st.info("Your cart is empty.")
    st.page_link("pages/buyer/shop.py", label="Find a product to design")
    st.stop()
if not view.can_check_out or view.quote is None:
    st.error("Some items in your cart can no longer be made as configured: edit or remove them first.")
    st.page_link("pages/buyer/cart.py", label="Back to the cart to fix it")
    st.stop()

user = current_user()
st.subheader("Contact")
email = st.text_input("E-mail", value=user.email if user else "", max_chars=254, key="co:email")
name = st.text_input("Full name", value=user.name if user else "", max_chars=120, key="co:name")
phone = st.text_input("Phone (optional)", max_chars=40, key="co:phone")
st.subheader("Delivery address")
line1 = st.text_input("Street and number", max_chars=200, key="co:line1")
line2 = st.text_input("Address line 2 (optional)", max_chars=200, key="co:line2")
postal, city = st.columns([1, 2])
postal_code = postal.text_input("Postal code", max_chars=20, key="co:postal")
city_name = city.text_input("City", max_chars=120, key="co:city")
totals(view.quote, coupon=view.cart.coupon_code)

st.subheader("Payment")
st.info("TEST MODE — no money is taken. Card 4242 4242 4242 4242 is approved; 4000 0000 0000 0002 is declined.")
card = st.text_input("Card number", max_chars=23, key="co:card", placeholder="4242 4242 4242 4242")

error = st.session_state.pop("checkout:error", None)
if error:
    st.error(md_escape(error))
new_total = st.session_state.get(checkout_flow.NEW_TOTAL)
if new_total is not None:
    st.warning(f"The total changed to {money(Money.from_minor(new_total, view.quote.currency))}. Please confirm it.")
    st.button("Confirm the new total and pay", key="co:confirm", on_click=checkout_flow.confirm_new_total)

checkout_flow.idempotency_key()  # made before the button: every rerun of this checkout reuses it
st.session_state[checkout_flow.SHOWN] = view.quote.total.to_minor()
st.session_state[checkout_flow.SHOWN_CURRENCY] = view.quote.currency
st.button(
    f"Place order — {money(view.quote.total)}",
    type="primary",
    key="co:place",
    disabled=checkout_flow.running(),
    on_click=checkout_flow.submit_shown,
)
if checkout_flow.running():
    checked = checkout_flow.details(  # the store's checks; the page only shows a refusal
        buyer=Buyer(email=email, name=name, phone=phone or None, customer_id=user.id if user else None),
        delivery=Delivery(
            name=name,
            line1=line1,
            line2=line2,
            postal_code=postal_code,
            city=city_name,
            country=str(st.session_state[COUNTRY_KEY]),
            mode=st.session_state.get(MODE_KEY),
        ),
    )
    if checked is None:
        st.stop()
    with st.spinner("Placing your order…"):
        token = checkout_flow.place(buyer=checked[0], delivery=checked[1], card=card)
    if token:
        st.session_state["checkout:contact"] = {"email": email, "name": name}
    st.rerun()
