"""A reload keeps the buyer's sign-in and cart.

Streamlit's session state lives as long as the browser tab's connection: a reload starts a new,
empty session. The browser therefore keeps a random token in a cookie (`ui.cookie`) and
`store.browser_sessions` keeps, under its hash, who is signed in and which cart is open.
`sync()` runs at the start of every full script run: a session's first run restores what the
cookie names (or gives the browser a token), later runs save what changed. `save()` is also
called right where a sign-in, a sign-out or a new cart happens, since a click inside a fragment
does not rerun the whole script.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from settings import get_settings
from store.browser_sessions import new_browser_token, recall, remember, touch
from store.db import transaction
from ui.auth import SESSION_KEY as AUTH_KEY
from ui.cart_state import CART_KEY
from ui.cookie import NAME, is_token, set_cookie
from ui.resources import engine

BROWSER_KEY = "persist:browser"
SAVED_KEY = "persist:saved"  # (customer id, sign-in time, cart token) as last written
TOUCHED_KEY = "persist:touched"
TOUCH_EVERY = dt.timedelta(minutes=5)

State = tuple[int | None, dt.datetime | None, str | None]


def _state() -> State:
    user = st.session_state.get(AUTH_KEY)
    cart = st.session_state.get(CART_KEY)
    cart = cart if isinstance(cart, str) else None
    if isinstance(user, dict) and isinstance(user.get("id"), int):
        since = user.get("since")
        return user["id"], since if isinstance(since, dt.datetime) else None, cart
    return None, None, cart


def _restore(token: str) -> None:
    settings = get_settings()
    with transaction(engine()) as session:
        found = recall(
            session=session,
            token=token,
            idle=dt.timedelta(minutes=settings.session_idle_minutes),
            lifetime=dt.timedelta(hours=settings.session_max_hours),
        )
    if found is None:
        return
    moment = dt.datetime.now(dt.UTC)
    if found.customer_id is not None and AUTH_KEY not in st.session_state:
        st.session_state[AUTH_KEY] = {"id": found.customer_id, "seen": moment, "since": found.signed_in_at}
    if found.cart_token is not None and CART_KEY not in st.session_state:
        st.session_state[CART_KEY] = found.cart_token


def save() -> None:
    """Write what this session holds now, if it changed since the last write."""
    token = st.session_state.get(BROWSER_KEY)
    current = _state()
    if not is_token(token) or current == st.session_state.get(SAVED_KEY):
        return
    with transaction(engine()) as session:
        remember(session=session, token=token, customer_id=current[0], signed_in_at=current[1], cart_token=current[2])
    st.session_state[SAVED_KEY] = current
    st.session_state[TOUCHED_KEY] = dt.datetime.now(dt.UTC)


def sync() -> None:
    """At the start of a full run: restore (first run of a session) or save what changed."""
    if BROWSER_KEY not in st.session_state:
        cookie = st.context.cookies.get(NAME)
        if is_token(cookie):
            st.session_state[BROWSER_KEY] = cookie
            _restore(str(cookie))
        else:
            st.session_state[BROWSER_KEY] = new_browser_token()
            set_cookie(st.session_state[BROWSER_KEY])
        st.session_state[SAVED_KEY] = _state()
        st.session_state[TOUCHED_KEY] = dt.datetime.now(dt.UTC)
        return
    if _state() != st.session_state.get(SAVED_KEY):
        save()
        return
    last, moment = st.session_state.get(TOUCHED_KEY), dt.datetime.now(dt.UTC)
    if _state()[0] is not None and (not isinstance(last, dt.datetime) or moment - last > TOUCH_EVERY):
        with transaction(engine()) as session:
            touch(session=session, token=str(st.session_state[BROWSER_KEY]))
        st.session_state[TOUCHED_KEY] = moment
