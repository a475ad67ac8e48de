"""A browser's sign-in and cart survive a reload, within the sign-in limits, under a hashed token."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from store.browser_sessions import new_browser_token, recall, remember
from store.carts import create_cart
from store.customers import register
from store.tables import BrowserSession, Cart, CustomerCreate

IDLE, LIFETIME = dt.timedelta(minutes=60), dt.timedelta(hours=12)


def member(session) -> int:
    return register(session=session, data=CustomerCreate(email="m@example.org", name="M", password="long-enough-1")).id


def test_what_a_browser_left_is_given_back_and_only_a_hash_is_stored(session):
    token, cid = new_browser_token(), member(session)
    cart = create_cart(session=session, customer_id=cid).token
    signed_in = dt.datetime.now(dt.UTC)
    remember(session=session, token=token, customer_id=cid, signed_in_at=signed_in, cart_token=cart)
    found = recall(session=session, token=token, idle=IDLE, lifetime=LIFETIME)
    assert found is not None and (found.customer_id, found.cart_token) == (cid, cart)
    assert abs(found.signed_in_at - signed_in) < dt.timedelta(seconds=1)
    stored = session.exec(select(BrowserSession)).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert recall(session=session, token=new_browser_token(), idle=IDLE, lifetime=LIFETIME) is None


def test_a_sign_in_past_its_limits_is_not_given_back_but_the_cart_is(session):
    token, cid = new_browser_token(), member(session)
    cart = create_cart(session=session).token
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=13)
    remember(session=session, token=token, customer_id=cid, signed_in_at=long_ago, cart_token=cart)
    found = recall(session=session, token=token, idle=IDLE, lifetime=LIFETIME)
    assert found is not None and found.customer_id is None and found.cart_token == cart
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)  # idle too long
    remember(session=session, token=token, customer_id=cid, signed_in_at=dt.datetime.now(dt.UTC), cart_token=None)
    assert recall(session=session, token=token, idle=IDLE, lifetime=LIFETIME, moment=later) is None
    assert session.exec(select(BrowserSession)).all() == []  # nothing left to remember


def test_an_ordered_cart_and_a_sign_out_are_forgotten(session):
    token, cid = new_browser_token(), member(session)
    cart = create_cart(session=session).token
    remember(session=session, token=token, customer_id=cid, signed_in_at=dt.datetime.now(dt.UTC), cart_token=cart)
    row = session.exec(select(Cart).where(Cart.token == cart)).one()
    row.status = "ordered"
    session.add(row)
    session.commit()
    found = recall(session=session, token=token, idle=IDLE, lifetime=LIFETIME)
    assert found is not None and found.cart_token is None and found.customer_id == cid
    remember(session=session, token=token, customer_id=None, signed_in_at=None, cart_token=None)  # signed out
    assert recall(session=session, token=token, idle=IDLE, lifetime=LIFETIME) is None
