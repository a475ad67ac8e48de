"""Placing the order from the checkout page, at most once.

The idempotency key is the cart's (`store.carts.checkout_key`): kept in the database, it survives a
reload, so a double click, a retried request or a reload after a crash pays at most once and
gives back the same order. The server gives the cart a new key when its content changes or an
attempt ends without an order (declined, refunded). The amount sent is the total the buyer *saw* on
the previous run (captured by the button's callback), so a price that moved in between is caught
by the server (PRICE_CHANGED) and shown for confirmation instead of being charged silently.
"""

from __future__ import annotations

import streamlit as st

from store.carts import checkout_key
from store.checkout_details import BuyerDetails, DeliveryDetails, checked
from store.db import transaction
from store.errors import ErrorCode, StoreError
from store.orders import Buyer, PaymentDetails, place_order
from store.quotes import Delivery
from ui import cart_state
from ui.actions import refusal
from ui.language import _, current
from ui.resources import database
from ui.safe import md_escape

KEY = "checkout:key"
SHOWN = "checkout:shown"  # total (minor units) shown on the last run
SHOWN_CURRENCY = "checkout:shown-currency"  # the currency of that total
SUBMIT = "checkout:submit"  # amount the buyer agreed to; present while placing
NEW_TOTAL = "checkout:new-total"  # set after PRICE_CHANGED, until confirmed
PLACED = "checkout:placed"  # token of the order placed
PLACED_ALL = "checkout:placed-all"  # tokens of every order this session placed (claimed on sign-up)


def idempotency_key() -> str:
    """The cart's payment key (made on first use, before the button is shown)."""
    with transaction(database()) as session:
        key = checkout_key(session=session, cart=str(cart_state.token()), customer_id=cart_state.customer_id())
    st.session_state[KEY] = key
    return key


def submit_shown() -> None:
    """Button callback: runs before the rerun, so SHOWN still holds what the buyer saw."""
    st.session_state[SUBMIT] = st.session_state.get(SHOWN)
    st.session_state.pop(NEW_TOTAL, None)


def confirm_new_total() -> None:
    st.session_state[SUBMIT] = st.session_state.pop(NEW_TOTAL, None)


def placed_tokens() -> list[str]:
    stored = st.session_state.get(PLACED_ALL)
    return [t for t in stored if isinstance(t, str)] if isinstance(stored, list) else []


def running() -> bool:
    return st.session_state.get(SUBMIT) is not None


def details(*, buyer: Buyer, delivery: Delivery) -> tuple[BuyerDetails, DeliveryDetails] | None:
    """The typed details checked by the store's model (no database call), or None with every
    field at fault shown and the click dropped. `place_order` checks them again."""
    try:
        return checked(buyer, delivery)
    except StoreError as exc:
        st.session_state.pop(SUBMIT, None)
        st.error(md_escape(_("Please check your details.") + " " + refusal(exc)))
        return None


def place(*, buyer: BuyerDetails, delivery: DeliveryDetails, card: str) -> str | None:
    """Place the order for the agreed amount; the order token, or None with an error shown."""
    amount = int(st.session_state.pop(SUBMIT))
    try:
        key = idempotency_key()
        with transaction(database()) as session:
            order = place_order(
                session=session,
                cart=str(cart_state.token()),
                buyer=Buyer(**buyer.model_dump(), language=current()),  # e-mails in the page's language
                delivery=delivery,
                payment=PaymentDetails(
                    card=card, amount_minor=amount, currency=str(st.session_state.get(SHOWN_CURRENCY, "EUR"))
                ),
                idempotency_key=key,
            )
    except StoreError as exc:
        if exc.code == ErrorCode.PRICE_CHANGED:
            st.session_state[NEW_TOTAL] = int(exc.data["total_minor"])
        elif exc.code == ErrorCode.PAYMENT_DECLINED:
            st.session_state["checkout:error"] = _("Payment declined: {reason}. Nothing was charged.").format(
                reason=refusal(exc)
            )
        elif exc.code == ErrorCode.BAD_INPUT and isinstance(exc.data.get("problems"), dict):
            st.session_state["checkout:error"] = _("Please check your details.") + " " + refusal(exc)
        else:
            problems = "; ".join(map(str, exc.data.get("problems", [])))
            st.session_state["checkout:error"] = refusal(exc) + (f" ({problems})" if problems else "")
        return None
    st.session_state[PLACED] = order.token
    st.session_state[PLACED_ALL] = [*placed_tokens(), order.token]
    cart_state.forget()
    return order.token
