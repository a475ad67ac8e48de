"""A browser remembered across reloads: its sign-in and its open cart.

The browser holds a random token in a cookie; the database holds only its SHA-256, so a copy of
the table signs nobody in. A remembered sign-in is given back only within the same limits as a
live one (idle time since the browser was last seen, and a cap since the sign-in); a cart only
while it is still open. Remembering nothing (no sign-in, no cart) deletes the row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlmodel import Session, select

from store.db import atomic
from store.tables import BrowserSession, Cart, Customer
from store.tables._base import now

COOKIE_BYTES = 32


@dataclass(frozen=True, slots=True)
class Remembered:
    customer_id: int | None
    signed_in_at: dt.datetime | None
    cart_token: str | None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_browser_token() -> str:
    """A fresh cookie value (256 random bits)."""
    return secrets.token_urlsafe(COOKIE_BYTES)


def remember(
    *,
    session: Session,
    token: str,
    customer_id: int | None,
    signed_in_at: dt.datetime | None,
    cart_token: str | None,
) -> None:
    """Keep what this browser has now (one row per token; none when there is nothing to keep)."""
    with atomic(session):
        row = session.exec(select(BrowserSession).where(BrowserSession.token_hash == _hash(token))).first()
        if customer_id is None and cart_token is None:
            if row is not None:
                session.delete(row)
            return
        row = row or BrowserSession(token_hash=_hash(token))
        row.customer_id, row.signed_in_at = customer_id, signed_in_at if customer_id is not None else None
        row.cart_token, row.last_seen_at = cart_token, now()
        session.add(row)


def recall(
    *, session: Session, token: str, idle: dt.timedelta, lifetime: dt.timedelta, moment: dt.datetime | None = None
) -> Remembered | None:
    """What the browser with `token` left behind, within the limits; None for an unknown token or
    when nothing is left.

    A sign-in past its limits, a deleted account and a cart no longer open are left out (and
    forgotten); the browser is marked as seen now.
    """
    moment = moment or now()
    with atomic(session):
        row = session.exec(select(BrowserSession).where(BrowserSession.token_hash == _hash(token))).first()
        if row is None:
            return None
        fresh = moment - row.last_seen_at <= idle
        if row.customer_id is not None:
            started = row.signed_in_at
            alive = fresh and started is not None and moment - started <= lifetime
            if not alive or session.get(Customer, row.customer_id) is None:
                row.customer_id = row.signed_in_at = None
        if row.cart_token is not None:
            cart = session.exec(select(Cart).where(Cart.token == row.cart_token)).first()
            if cart is None or cart.status != "open":
                row.cart_token = None
        if row.customer_id is None and row.cart_token is None:
            session.delete(row)
            return None
        row.last_seen_at = moment
        session.add(row)
        return Remembered(row.customer_id, row.signed_in_at, row.cart_token)


def touch(*, session: Session, token: str) -> None:
    """The browser is still here (keeps a remembered sign-in from idling out)."""
    with atomic(session):
        row = session.exec(select(BrowserSession).where(BrowserSession.token_hash == _hash(token))).first()
        if row is not None:
            row.last_seen_at = now()
            session.add(row)
