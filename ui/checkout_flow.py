"""Placing the order from the checkout page, at most once.

The idempotency key is the cart's (`store.carts.checkout_key`): kept in the database, it survives a
reload, so a double click, a retried request or a reload after a crash pays at most once and
gives back the same order. The server gives the cart a new key when its content changes or an
attempt ends without an order (declined, refunded). The amount sent is the total the buyer *saw* on
the previous run (captured by the button's callback), so a price that moved in between is caught
by the server (PRICE_CHANGED) and shown for confirmation instead of being charged silently.

Details the store refuses are kept (`PROBLEMS`) and the page is drawn again at once: each field at
fault says why right under it in the buyer's language (`problem_under`) until the buyer changes
it, a summary near the button names them (`summary`), and the button is usable again.
"""

from __future__ import annotations

import streamlit as st

from pricing.shop import shop_settings
from store.carts import checkout_key
from store.checkout_details import BuyerDetails, DeliveryDetails, checked
from store.db import transaction
from store.errors import ErrorCode, StoreError
from store.orders import Buyer, PaymentDetails, place_order
from store.quotes import Delivery
from ui import cart_state
from ui.actions import field_label, field_problems, refusal
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
PROBLEMS = "checkout:problems"  # the last refusal of the typed details, and what was typed then
# The typed fields the store checks, by the key of the page's input.
INPUTS = {
    "email": "co:email",
    "name": "co:name",
    "phone": "co:phone",
    "line1": "co:line1",
    "line2": "co:line2",
    "postal_code": "co:postal",
    "city": "co:city",
    "card": "co:card",
}


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


def _typed(field: str) -> str:
    return str(st.session_state.get(INPUTS[field], "") or "") if field in INPUTS else ""


def _keep_problems(exc: StoreError) -> None:
    """Remember the refusal and what the refused fields held, for the next run to show."""
    st.session_state[PROBLEMS] = {"error": exc, "typed": {field: _typed(field) for field in exc.reasons}}


def _current_problems() -> tuple[StoreError, list[str]] | None:
    """The kept refusal and its fields still at fault (those the buyer has not changed since)."""
    kept = st.session_state.get(PROBLEMS)
    if not isinstance(kept, dict) or not isinstance(kept.get("error"), StoreError):
        return None
    exc, typed = kept["error"], kept.get("typed", {})
    fields = [f for f in exc.reasons if f not in INPUTS or _typed(f) == typed.get(f)]
    return (exc, fields) if fields else None


def problem_under(field: str) -> None:
    """Under a field's input: why the store refused it, in the page's language (until changed)."""
    current_problems = _current_problems()
    if current_problems is None or field not in current_problems[1]:
        return
    why = field_problems(current_problems[0])[field]
    st.caption(":red[" + md_escape(why[:1].upper() + why[1:]) + "]")  # a sentence of its own


def summary() -> None:
    """Near the button: which fields to check, and why for those that have no input here."""
    current_problems = _current_problems()
    if current_problems is None:
        return
    exc, fields = current_problems
    why = field_problems(exc)
    names = ", ".join(field_label(exc, f) for f in fields)
    lines = [_("Please check your details: {fields}.").format(fields=names)]
    lines += [f"{field_label(exc, f)}: {why[f]}" for f in fields if f not in INPUTS]
    st.error("  \n".join(md_escape(line) for line in lines))


def details(*, buyer: Buyer, delivery: Delivery) -> tuple[BuyerDetails, DeliveryDetails] | None:
    """The typed details checked by the store's model (no database call). When it refuses them, the
    click is dropped and the page drawn again at once, every field at fault showing why under it
    and the button usable. `place_order` checks them again."""
    st.session_state.pop(PROBLEMS, None)
    try:
        return checked(buyer, delivery)
    except StoreError as exc:
        st.session_state.pop(SUBMIT, None)
        _keep_problems(exc)
        st.rerun()


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
                    card=card,
                    amount_minor=amount,
                    currency=str(st.session_state.get(SHOWN_CURRENCY, shop_settings().currency)),
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
        elif exc.code == ErrorCode.BAD_INPUT and exc.reasons:
            _keep_problems(exc)
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
