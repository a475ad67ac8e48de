"""Who is signed in: a server-made browser session, re-checked against the database on every run.

The Streamlit session holds the browser's token (`TOKEN_KEY`, made by
`store.browser_sessions.issue`) and the account it believes is signed in (`SESSION_KEY`).
`current_user` checks on every run that the token's row still signs that account in, within
`Settings.session_idle_minutes` and `Settings.session_max_hours`, and reads the role from the
database: a sign-out in another browser, a deactivation, a role change or an expiry ends this
session at its next click. Signing in gets a new token (the old one is revoked); signing out
ends every session of the account. Repeated failed sign-ins are throttled by `store.customers`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitAPIException

from settings import get_settings
from store.browser_sessions import Issued, issue, signed_in
from store.browser_sessions import sign_out as end_sessions
from store.browser_sessions import sign_out_here as end_this_session
from store.customers import authenticate, get_customer
from store.db import transaction
from store.errors import StoreError
from store.sign_in import known_device, new_device
from store.states import STAFF_ROLES
from store.tables import CustomerPublic
from ui.cookie import DEVICE_NAME, handoff_image, is_token
from ui.language import _
from ui.resources import database
from ui.session_keys import CART_KEY, DEVICE_KEY, HANDOFF_KEY, SESSION_KEY, TOKEN_KEY, UNLOCK_KEY


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    role: str  # "buyer" or one of STAFF_ROLES
    must_change_password: bool = False  # a staff account's one-time password: choose one first
    email_verified: bool = True

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


def _limits() -> tuple[dt.timedelta, dt.timedelta]:
    settings = get_settings()
    return dt.timedelta(minutes=settings.session_idle_minutes), dt.timedelta(hours=settings.session_max_hours)


def _drop() -> None:
    for key in (SESSION_KEY, TOKEN_KEY, HANDOFF_KEY, CART_KEY):
        st.session_state.pop(key, None)


def current_user() -> User | None:
    stored, token = st.session_state.get(SESSION_KEY), st.session_state.get(TOKEN_KEY)
    if stored is None:
        return None
    customer_id = stored.get("id") if isinstance(stored, dict) else None
    if not isinstance(customer_id, int) or not isinstance(token, str):
        _drop()
        return None
    idle, lifetime = _limits()
    try:
        with transaction(database()) as session:
            alive = signed_in(session=session, token=token, customer_id=customer_id, idle=idle, lifetime=lifetime)
            customer = get_customer(session=session, customer_id=customer_id) if alive else None
    except StoreError:
        customer = None
    if customer is None:
        _drop()
        return None
    return _user(customer)


def _user(customer: CustomerPublic) -> User:
    return User(
        customer.id,
        customer.email,
        customer.name,
        customer.role,
        must_change_password=customer.must_change_password,
        email_verified=customer.email_verified_at is not None,
    )


def adopt(issued: Issued, customer_id: int | None) -> None:
    """This Streamlit session now holds the freshly issued token; the browser fetches its cookie."""
    st.session_state[TOKEN_KEY] = issued.token
    st.session_state[HANDOFF_KEY] = issued.handoff
    if customer_id is None:
        st.session_state.pop(SESSION_KEY, None)
    else:
        st.session_state[SESSION_KEY] = {"id": customer_id}
    handoff_image(issued.handoff)


def _device() -> str | None:
    """This browser's known-browser token: set in this session, or its cookie."""
    value = st.session_state.get(DEVICE_KEY) or st.context.cookies.get(DEVICE_NAME)
    return str(value) if is_token(value) else None


def client_address() -> str | None:
    """The client's network address as the server saw it (the proxy's, behind one)."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else None


def sign_in(email: str, password: str) -> User:
    """Raise StoreError (BAD_CREDENTIALS, TOO_MANY_ATTEMPTS, ...) on failure; nothing is kept then.

    On success the browser gets a new token (its previous one, if any, is revoked) that carries
    the open cart along, and becomes a known browser of the account. An unlock code from the
    e-mailed link (`UNLOCK_KEY`) is used once.
    """
    old, cart, device = st.session_state.get(TOKEN_KEY), st.session_state.get(CART_KEY), _device()
    unlock = st.session_state.get(UNLOCK_KEY)
    with transaction(database()) as session:
        customer = authenticate(
            session=session,
            email=email,
            password=password,
            address=client_address(),
            device=device,
            unlock=unlock if isinstance(unlock, str) else None,
        )
        known = known_device(session, customer_id=customer.id, token=device) is not None
        issued = issue(
            session=session,
            customer_id=customer.id,
            cart_token=cart if isinstance(cart, str) else None,
            replaces=old if isinstance(old, str) else None,
            device=None if known else new_device(session, customer_id=customer.id),
        )
    if issued.device is not None:
        st.session_state[DEVICE_KEY] = issued.device
    st.session_state.pop(UNLOCK_KEY, None)
    adopt(issued, customer.id)
    return _user(customer)


def sign_out(*, everywhere: bool = True) -> None:
    """Sign out everywhere: every session of the account ends (each at its next click); or, not
    `everywhere`, only this browser's (the account stays signed in on its other devices)."""
    token = st.session_state.get(TOKEN_KEY)
    if isinstance(token, str):
        with transaction(database()) as session:
            (end_sessions if everywhere else end_this_session)(session=session, token=token)
    _drop()


def require_role(*roles: str) -> User:
    """Stop the page unless the signed-in user has one of `roles` (checked on the server)."""
    user = current_user()
    if user is None or user.role not in roles:
        if roles == ("buyer",):
            st.error(_("Please sign in."))
        else:
            st.error(_("This page is for signed-in staff only."))
            try:
                st.page_link("pages/merchant/sign_in.py", label=_("Staff sign-in"), icon=":material/badge:")
            except StreamlitAPIException:  # the page was run on its own, outside the app's navigation
                st.caption(_("Sign in from “Staff sign-in” in the menu."))
        st.stop()
    return user
