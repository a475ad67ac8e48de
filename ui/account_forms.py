"""Sign up / sign in forms, and the member offer after a guest checkout."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from store.accounts import sign_up
from store.db import transaction
from store.errors import StoreError
from store.orders import claim_guest_orders
from store.tables import CustomerCreate
from ui.actions import refusal
from ui.auth import client_address, current_user, sign_in
from ui.format import number
from ui.language import _
from ui.resources import database, shop
from ui.safe import md_escape
from ui.session_keys import UNLOCK_KEY

CLAIMED_KEY = "account:claimed"


def benefit() -> str:
    loyalty = shop().loyalty
    return _(
        "Members pay less on every item (−{percent}%), earn {points} point per euro spent, and find their "
        "orders and saved designs in one place."
    ).format(percent=number(loyalty.member_price_percent), points=number(loyalty.points_per_euro))


def field_problem(error: Mapping[str, Any]) -> str:
    """What is wrong with a sign-up field, in the page's language (pydantic's own words otherwise).

    >>> field_problem({"type": "string_too_short", "ctx": {"min_length": 12}, "msg": "..."})
    'should have at least 12 characters'
    """
    context = error.get("ctx") or {}
    kind = error.get("type")
    if kind == "string_too_short":
        return _("should have at least {count} characters").format(count=context.get("min_length", ""))
    if kind == "string_too_long":
        return _("should have at most {count} characters").format(count=context.get("max_length", ""))
    return str(error.get("msg", "")).removeprefix("Value error, ").replace("String should", "should")


def create_account(email: str, name: str, password: str) -> bool:
    """Register and sign in; shows the refusal and returns False when it fails."""
    try:
        with transaction(database()) as session:
            data = CustomerCreate(email=email, name=name, password=password)
            customer = sign_up(session=session, data=data, address=client_address())
        sign_in(email, password)
        claim_orders(customer.id)
    except StoreError as exc:
        st.error(md_escape(refusal(exc)))
        return False
    except ValueError as exc:  # pydantic: a too short password, a too long name...
        first = exc.errors()[0] if hasattr(exc, "errors") else {"msg": str(exc)}
        field = ".".join(map(str, first.get("loc", ())))
        label = {"password": _("Password"), "email": _("E-mail"), "name": _("Name")}.get(field, field)
        st.error(md_escape(f"{label}: {field_problem(first)}"))
        return False
    return True


def claim_orders(customer_id: int) -> None:
    """The orders this browser session placed as a guest join the new account (their private
    tokens are the proof; an e-mail address alone proves nothing)."""
    from ui.checkout_flow import PLACED_ALL, placed_tokens

    tokens = placed_tokens()
    if not tokens:
        return
    with transaction(database()) as session:
        claimed = claim_guest_orders(session=session, customer_id=customer_id, order_tokens=tokens)
    st.session_state.pop(PLACED_ALL, None)
    if claimed:
        st.session_state[CLAIMED_KEY] = len(claimed)


def sign_up_form(prefix: str, email: str = "", name: str = "") -> bool:
    # A form: its fields reach the server together when it is sent. A lone password box did not
    # send what was typed when the buyer left it with Tab (to its show-password eye) and then
    # pressed the button: "at least 12 characters" for a long password.
    with st.form(f"{prefix}:form", border=False):
        email = st.text_input(_("E-mail"), value=email, max_chars=254, key=f"{prefix}:email")
        name = st.text_input(_("Name"), value=name, max_chars=120, key=f"{prefix}:name")
        hint = _("Password (12 characters or more; a few words make a good one)")
        password = st.text_input(hint, type="password", key=f"{prefix}:password")
        sent = st.form_submit_button(_("Create account"), key=f"{prefix}:create", type="primary")
    if sent and create_account(email, name, password):
        claimed = st.session_state.pop(CLAIMED_KEY, 0)
        st.success(
            _("Welcome! Your account is ready and you are signed in.")
            + (
                " "
                + (
                    _("Your order from this visit is in your account now.")
                    if claimed == 1
                    else _("Your {count} orders from this visit are in your account now.").format(count=claimed)
                )
                if claimed
                else ""
            )
        )
        return True
    return False


def sign_in_form(prefix: str = "signin") -> bool:
    with st.form(f"{prefix}:form", border=False):  # as `sign_up_form`: the password arrives with the click
        email = st.text_input(_("E-mail"), max_chars=254, key=f"{prefix}:email")
        password = st.text_input(_("Password"), type="password", key=f"{prefix}:password")
        sent = st.form_submit_button(_("Sign in"), key=f"{prefix}:go", type="primary")
    if sent:
        try:
            sign_in(email, password)
        except StoreError as exc:
            st.error(md_escape(refusal(exc)))
            return False
        return True
    return False


def member_offer() -> None:
    """After a guest order: create an account with the order's contact data."""
    if current_user() is not None:
        return
    contact = st.session_state.get("checkout:contact", {})
    with st.container(border=True):
        st.subheader(_("Create an account (optional)"))
        st.text(benefit())
        sign_up_form("co-signup", contact.get("email", ""), contact.get("name", ""))


def take_unlock_link() -> None:
    """An e-mailed unlock link (`?unlock=...`): its code is used by the next sign-in of this session."""
    code = st.query_params.get("unlock")
    if code:
        st.session_state[UNLOCK_KEY] = code
        del st.query_params["unlock"]
    if st.session_state.get(UNLOCK_KEY) and current_user() is None:
        st.info(
            _("Sign in with your password: your unlock link lets you in once, even while sign-ins are slowed down.")
        )
