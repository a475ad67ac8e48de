"""The buyer's cart: its private token lives in the session, its content in the database.

Prices always come from `store.carts.view_cart` (the server's quote); the page never adds up.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from store.carts import CartView, add_to_cart, create_cart, remove_from_cart, set_currency, view_cart
from store.db import transaction
from store.errors import ErrorCode, StoreError
from store.quotes import Delivery
from store.tables import CartLineCreate, CartLinePublic
from ui import persist
from ui.auth import current_user
from ui.resources import database, shop
from ui.session_keys import CART_KEY, COUNTRY_KEY, CURRENCY_KEY, EDIT_KEY, MODE_KEY


def customer_id() -> int | None:
    user = current_user()
    return user.id if user else None


def token() -> str | None:
    value = st.session_state.get(CART_KEY)
    return value if isinstance(value, str) else None


def forget() -> None:
    st.session_state.pop(CART_KEY, None)
    st.session_state.pop(EDIT_KEY, None)
    _remember()


def _remember() -> None:
    """A reload keeps the cart (see ui.persist)."""
    persist.save()


def estimate_delivery() -> Delivery:
    """Where the cart's prices are estimated for, before the buyer types an address."""
    settings = shop()
    return Delivery(
        name="-",
        line1="-",
        postal_code="-",
        city="-",
        country=str(st.session_state.get(COUNTRY_KEY, settings.home_country)),
        mode=st.session_state.get(MODE_KEY),
    )


def wanted_currency() -> str:
    """The currency the buyer chose, else the one the delivery country pays in."""
    settings = shop()
    chosen = st.session_state.get(CURRENCY_KEY)
    if isinstance(chosen, str) and chosen in settings.sale_currencies:
        return chosen
    return settings.currency_for(estimate_delivery().country)


def add_item(
    product: str, raw: dict[str, Any], quantity: int, *, artwork: dict[str, Any] | None = None
) -> CartLinePublic:
    """Add a configured item (with the buyer's pictures placed in print zones), opening a cart
    first if needed (a closed or lost cart is replaced)."""
    line = CartLineCreate(product_code=product, selection=raw, quantity=quantity, artwork=artwork or {})
    for attempt in (1, 2):
        with transaction(database()) as session:
            if token() is None:
                st.session_state[CART_KEY] = create_cart(
                    session=session, customer_id=customer_id(), currency=wanted_currency()
                ).token
                _remember()  # create_cart has committed
            try:
                return add_to_cart(
                    session=session,
                    cart=str(token()),
                    line=line,
                    delivery=estimate_delivery(),
                    customer_id=customer_id(),
                )
            except StoreError as exc:
                if exc.code not in (ErrorCode.NOT_FOUND, ErrorCode.CART_CLOSED) or attempt == 2:
                    raise
                forget()
    raise AssertionError("unreachable")


def view() -> CartView | None:
    """The cart with the server's quote; None when there is no (usable) cart."""
    if token() is None:
        return None
    try:
        with transaction(database()) as session:
            found = view_cart(
                session=session, cart=str(token()), delivery=estimate_delivery(), customer_id=customer_id()
            )
            if found.cart.status != "open" or found.cart.currency == wanted_currency():
                return found
            set_currency(  # the buyer chose another currency, or moved to a country that pays in one
                session=session,
                cart=str(token()),
                currency=wanted_currency(),
                delivery=estimate_delivery(),
                customer_id=customer_id(),
            )
            return view_cart(
                session=session, cart=str(token()), delivery=estimate_delivery(), customer_id=customer_id()
            )
    except StoreError as exc:
        if exc.code == ErrorCode.NOT_FOUND:
            forget()
            return None
        raise


def edit_line(line: CartLinePublic) -> None:
    """Open a cart item in the configurator: its choices re-validated against the current catalog
    (what no longer fits is dropped with a notice), its quantity, and "Update cart item"."""
    from ui import selection_state, share
    from ui.language import _
    from ui.resources import catalog_engine, product_row

    row = product_row(line.product_code)
    if row is None:
        return
    selection, notices = catalog_engine(line.product_code, str(row["fingerprint"])).revalidate(line.selection)
    selection_state.store(line.product_code, selection)
    st.session_state[share.NOTICES_KEY] = [
        _("This item's choices changed — {reason}.").format(reason=n) for n in notices
    ]
    st.session_state[EDIT_KEY] = (line.product_code, line.id)
    st.session_state[f"quantity:{line.product_code}"] = line.quantity


def remove_line(line_id: int) -> None:
    with transaction(database()) as session:
        remove_from_cart(session=session, cart=str(token()), line_id=line_id, customer_id=customer_id())
