"""Who is signed in, kept in the Streamlit session, re-checked against the database.

The session holds only the account id and when it last acted; the role is read from the database
on every run (`current_user`), so a revoked role takes effect at the next click, and a session
idle for longer than `Settings.session_idle_minutes`, or older than `Settings.session_max_hours`
however active, is signed out. Repeated failed sign-ins are throttled by `store.customers`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitAPIException

from settings import get_settings
from store.customers import authenticate, get_customer
from store.db import transaction
from store.errors import StoreError
from ui.resources import engine

SESSION_KEY = "auth:user"
STAFF_ROLES = ("merchandiser", "operations", "admin")


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    role: str  # "buyer" or one of STAFF_ROLES

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


def _role_of(customer: object) -> str:
    role = getattr(customer, "role", None)
    if isinstance(role, str) and role:
        return role
    return "merchandiser" if getattr(customer, "is_merchant", False) else "buyer"


def current_user() -> User | None:
    stored = st.session_state.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return None
    now = dt.datetime.now(dt.UTC)
    last, started = stored.get("seen"), stored.get("since")
    settings = get_settings()
    idle = dt.timedelta(minutes=settings.session_idle_minutes)
    lifetime = dt.timedelta(hours=settings.session_max_hours)
    if not isinstance(last, dt.datetime) or now - last > idle:
        sign_out()
        return None
    if not isinstance(started, dt.datetime) or now - started > lifetime:
        sign_out()
        return None
    try:
        with transaction(engine()) as session:
            customer = get_customer(session=session, customer_id=int(stored["id"]))
    except (StoreError, KeyError, TypeError, ValueError):
        sign_out()
        return None
    stored["seen"] = now
    return User(customer.id, customer.email, customer.name, _role_of(customer))


def sign_in(email: str, password: str) -> User:
    """Raise StoreError (BAD_CREDENTIALS, TOO_MANY_ATTEMPTS, ...) on failure; nothing is kept then."""
    with transaction(engine()) as session:
        customer = authenticate(session=session, email=email, password=password)
    moment = dt.datetime.now(dt.UTC)
    st.session_state[SESSION_KEY] = {"id": customer.id, "seen": moment, "since": moment}
    _remember()
    return User(customer.id, customer.email, customer.name, _role_of(customer))


def sign_out() -> None:
    st.session_state.pop(SESSION_KEY, None)
    _remember()


def _remember() -> None:
    """A reload keeps what just changed (see ui.persist)."""
    from ui import persist  # persist reads this module's session key

    persist.save()


def require_role(*roles: str) -> User:
    """Stop the page unless the signed-in user has one of `roles` (checked on the server)."""
    user = current_user()
    if user is None or user.role not in roles:
        if roles == ("buyer",):
            st.error("Please sign in.")
        else:
            st.error("This page is for signed-in staff only.")
            try:
                st.page_link("pages/merchant/sign_in.py", label="Staff sign-in", icon=":material/badge:")
            except StreamlitAPIException:  # the page was run on its own, outside the app's navigation
                st.caption("Sign in from “Staff sign-in” in the menu.")
        st.stop()
    return user
