"""Checkout: guest by default, test-mode payment, one order per click, confirmation link."""

import streamlit as st

from pricing.money import Money
from store.errors import StoreError
from store.orders import Buyer
from store.quotes import Delivery
from ui import cart_state, checkout_flow, order_view
from ui.account_forms import member_offer
from ui.actions import refusal
from ui.auth import current_user
from ui.cart_view import delivery_choice, order_summary, totals
from ui.format import money
from ui.language import _, current, picker
from ui.safe import md_escape
from ui.session_keys import COUNTRY_KEY, MODE_KEY

picker()
st.title(_("Checkout"))
placed = st.session_state.get(checkout_flow.PLACED)
if placed:
    st.success(_("Thank you: your order is placed."))
    order_view.confirmation(placed)
    st.page_link("pages/buyer/order.py", label=_("Follow your order"), query_params={"order": placed})
    st.caption(_("Your order's private link (keep it; anyone with it can see the order):"))
    base = str(getattr(st.context, "url", "") or "").split("?")[0].rsplit("/", 1)[0]
    st.code(f"{base}/order?order={placed}", language=None)
    member_offer()
    if st.button(_("Continue shopping"), key="checkout:again"):
        st.session_state.pop(checkout_flow.PLACED, None)
        st.switch_page("pages/buyer/shop.py")
    st.stop()

st.subheader(_("Delivery"))
delivery_choice()
try:
    view = cart_state.view()
except StoreError as exc:
    st.error(md_escape(refusal(exc) + ": " + "; ".join(map(str, exc.data.get("problems", [])))))
    st.page_link("pages/buyer/cart.py", label=_("Back to the cart to fix it"))
    st.stop()
if view is None or not view.lines:
    st.info(_("Your cart is empty."))
    st.page_link("pages/buyer/shop.py", label=_("Find a product to design"))
    st.stop()
if not view.can_check_out or view.quote is None:
    st.error(_("Some items in your cart can no longer be made as configured: edit or remove them first."))
    st.page_link("pages/buyer/cart.py", label=_("Back to the cart to fix it"))
    st.stop()

user = current_user()
st.subheader(_("Contact"))
email = st.text_input(_("E-mail"), value=user.email if user else "", max_chars=254, key="co:email")
checkout_flow.problem_under("email")
name = st.text_input(_("Full name"), value=user.name if user else "", max_chars=120, key="co:name")
checkout_flow.problem_under("name")
phone = st.text_input(_("Phone (optional)"), max_chars=40, key="co:phone")
checkout_flow.problem_under("phone")
st.subheader(_("Delivery address"))
line1 = st.text_input(_("Street and number"), max_chars=200, key="co:line1")
checkout_flow.problem_under("line1")
line2 = st.text_input(_("Address line 2 (optional)"), max_chars=200, key="co:line2")
checkout_flow.problem_under("line2")
postal, city = st.columns([1, 2])
postal_code = postal.text_input(_("Postal code"), max_chars=20, key="co:postal")
with postal:
    checkout_flow.problem_under("postal_code")
city_name = city.text_input(_("City"), max_chars=120, key="co:city")
with city:
    checkout_flow.problem_under("city")
order_summary(view)
totals(view.quote, coupon=view.cart.coupon_code)

st.subheader(_("Payment"))
st.info(_("TEST MODE — no money is taken. Card 4242 4242 4242 4242 is approved; 4000 0000 0000 0002 is declined."))
card = st.text_input(_("Card number"), max_chars=23, key="co:card", placeholder="4242 4242 4242 4242")
checkout_flow.problem_under("card")

error = st.session_state.pop("checkout:error", None)
if error:
    st.error(md_escape(error))
checkout_flow.summary()
new_total = st.session_state.get(checkout_flow.NEW_TOTAL)
if new_total is not None:
    st.warning(
        _("The total changed to {total}. Please confirm it.").format(
            total=money(Money.from_minor(new_total, view.quote.currency))
        )
    )
    st.button(_("Confirm the new total and pay"), key="co:confirm", on_click=checkout_flow.confirm_new_total)

checkout_flow.idempotency_key()  # made before the button: every rerun of this checkout reuses it
st.session_state[checkout_flow.SHOWN] = view.quote.total.to_minor()
st.session_state[checkout_flow.SHOWN_CURRENCY] = view.quote.currency
st.button(
    _("Place order — {total}").format(total=money(view.quote.total)),
    type="primary",
    key="co:place",
    disabled=checkout_flow.running(),
    on_click=checkout_flow.submit_shown,
)
if checkout_flow.running():
    checked = checkout_flow.details(  # the store's checks; the page only shows a refusal
        buyer=Buyer(
            email=email, name=name, phone=phone or None, customer_id=user.id if user else None, language=current()
        ),
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
    with st.spinner(_("Placing your order…")):
        token = checkout_flow.place(buyer=checked[0], delivery=checked[1], card=card)
    if token:
        st.session_state["checkout:contact"] = {"email": email, "name": name}
    st.rerun()
