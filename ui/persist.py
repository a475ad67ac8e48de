"""A reload keeps the buyer's sign-in, cart, language and the designs in progress that hold pictures.

Streamlit's session state lives as long as the browser tab's connection: a reload starts a new,
empty session. The browser therefore keeps a server-made token in an `HttpOnly` cookie
(`ui.cookie`) and `store.browser_sessions` keeps, under its hash, who is signed in and which
cart is open. `sync()` runs at the start of every full script run: a session's first run
restores what the cookie names (only a token the server knows and still honours: anything else
is ignored, never adopted), and while the browser has not fetched a newly issued cookie the
page shows the 1x1 image that fetches it. `save()` is called right where a cart is opened or
dropped (a click inside a fragment does not rerun the whole script); a browser without a live
token gets a new one then. `keep_work` does the same for a design in progress while it holds the
buyer's pictures (the configure page restores it, checked again, through `ui.buyer_artwork_panel`).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from settings import get_settings
from store.browser_sessions import handoff_pending, issue, keep_cart, keep_language, recall
from store.browser_sessions import keep_work as keep_work_row
from store.db import transaction
from ui.auth import adopt
from ui.cookie import NAME, handoff_image, is_token
from ui.resources import database
from ui.session_keys import (
    CART_KEY,
    HANDOFF_KEY,
    LANGUAGE_KEY,
    PICKED_LANGUAGE_KEY,
    RESTORED_KEY,
    SAVED_CART_KEY,
    SAVED_LANGUAGE_KEY,
    SAVED_WORK_KEY,
    SESSION_KEY,
    TOKEN_KEY,
    WORK_KEY,
)


def _cart() -> str | None:
    cart = st.session_state.get(CART_KEY)
    return cart if isinstance(cart, str) else None


def _restore(cookie: str) -> None:
    import datetime as dt

    settings = get_settings()
    with transaction(database()) as session:
        found = recall(
            session=session,
            token=cookie,
            idle=dt.timedelta(minutes=settings.session_idle_minutes),
            lifetime=dt.timedelta(hours=settings.session_max_hours),
        )
    if found is None:
        return  # unknown to the server, revoked or expired: ignored, never adopted
    st.session_state[TOKEN_KEY] = cookie
    if found.customer_id is not None:
        st.session_state[SESSION_KEY] = {"id": found.customer_id}
    if found.cart_token is not None:
        st.session_state[CART_KEY] = found.cart_token
    st.session_state[SAVED_CART_KEY] = found.cart_token
    if found.language is not None:
        st.session_state[LANGUAGE_KEY] = st.session_state[SAVED_LANGUAGE_KEY] = found.language
    if found.work:
        st.session_state[WORK_KEY] = dict(found.work)
        st.session_state[SAVED_WORK_KEY] = dict(found.work)


def save() -> None:
    """Remember the cart this session holds now, if it changed since the last write."""
    cart = _cart()
    if cart == st.session_state.get(SAVED_CART_KEY):
        return
    token = st.session_state.get(TOKEN_KEY)
    with transaction(database()) as session:
        kept = isinstance(token, str) and keep_cart(session=session, token=token, cart_token=cart)
        issued = issue(session=session, customer_id=None, cart_token=cart) if not kept and cart else None
    if issued is not None:
        adopt(issued, None)
    st.session_state[SAVED_CART_KEY] = cart


def restored_work(product: str) -> dict[str, Any] | None:
    """The design in progress of `product` the browser's row kept, once (raw: check it before use)."""
    pending = st.session_state.get(WORK_KEY)
    if not isinstance(pending, dict) or product not in pending:
        return None
    rest = dict(pending)
    found = rest.pop(product)
    st.session_state[WORK_KEY] = rest
    return found if isinstance(found, dict) else None


def keep_work(product: str, selection: dict[str, Any], artwork: dict[str, Any]) -> None:
    """Remember the design in progress of `product` for this browser while it holds pictures (a
    write only when it changed); the first one gets the browser a token if it has none."""
    saved = st.session_state.get(SAVED_WORK_KEY)
    saved = dict(saved) if isinstance(saved, dict) else {}
    entry = {"selection": selection, "artwork": artwork} if artwork else None
    if saved.get(product) == entry:
        return
    token = st.session_state.get(TOKEN_KEY)
    if entry is None and product not in saved:
        return
    try:
        with transaction(database()) as session:
            kept = isinstance(token, str) and keep_work_row(
                session=session, token=token, product_code=product, selection=selection, artwork=artwork
            )
            issued = None if kept or entry is None else issue(session=session, customer_id=None, cart_token=_cart())
            if issued is not None:
                keep_work_row(
                    session=session, token=issued.token, product_code=product, selection=selection, artwork=artwork
                )
    except ValueError:
        return  # too large to keep: the page still holds it until the tab closes
    if issued is not None:
        adopt(issued, None)
        st.session_state[SAVED_CART_KEY] = _cart()
    if entry is None:
        saved.pop(product, None)
    else:
        saved[product] = entry
    st.session_state[SAVED_WORK_KEY] = saved


def _save_language(code: str) -> None:
    """Remember the language the buyer picked, on this browser's row (a new one if it has none)."""
    token = st.session_state.get(TOKEN_KEY)
    with transaction(database()) as session:
        kept = isinstance(token, str) and keep_language(session=session, token=token, language=code)
        issued = None if kept else issue(session=session, customer_id=None, cart_token=_cart(), language=code)
    if issued is not None:
        adopt(issued, None)
        st.session_state[SAVED_CART_KEY] = _cart()
    st.session_state[SAVED_LANGUAGE_KEY] = code


def sync() -> None:
    """At the start of a full run: restore (first run of a session); remember a newly picked
    language; show a pending cookie hand-off."""
    if RESTORED_KEY not in st.session_state:
        st.session_state[RESTORED_KEY] = True
        cookie = st.context.cookies.get(NAME)
        if TOKEN_KEY not in st.session_state and is_token(cookie):
            _restore(str(cookie))
    picked = st.session_state.get(PICKED_LANGUAGE_KEY)
    if isinstance(picked, str) and picked != st.session_state.get(SAVED_LANGUAGE_KEY):
        _save_language(picked)
    code, token = st.session_state.get(HANDOFF_KEY), st.session_state.get(TOKEN_KEY)
    if not isinstance(code, str):
        return
    with transaction(database()) as session:
        pending = isinstance(token, str) and handoff_pending(session=session, token=token)
    if pending:
        handoff_image(code)
    else:
        st.session_state.pop(HANDOFF_KEY, None)
