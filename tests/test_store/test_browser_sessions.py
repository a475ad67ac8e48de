"""Browser sessions: server-made tokens under a hash, never adopted from a browser, changed at
every sign-in, all ended at sign-out; the cookie hand-off works once."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from store.browser_sessions import (
    handoff_pending,
    issue,
    keep_cart,
    recall,
    redeem_handoff,
    revoke_all,
    sign_out,
    sign_out_here,
    signed_in,
)
from store.carts import create_cart
from store.customers import register
from store.tables import BrowserSession, Cart, Customer, CustomerCreate

IDLE, LIFETIME = dt.timedelta(minutes=60), dt.timedelta(hours=12)
PLANTED = "A" * 43  # has the shape of a token, was never made by the server


def member(session, email: str = "m@example.org") -> int:
    data = CustomerCreate(email=email, name="M", password="long-enough-1")
    return register(session=session, data=data).id


def live(session, token: str):  # type: ignore[no-untyped-def]
    return recall(session=session, token=token, idle=IDLE, lifetime=LIFETIME)


def test_what_a_browser_has_is_given_back_and_only_hashes_are_stored(session):
    cid = member(session)
    cart = create_cart(session=session, customer_id=cid).token
    issued = issue(session=session, customer_id=cid, cart_token=cart)
    found = live(session, issued.token)
    assert found is not None and (found.customer_id, found.cart_token) == (cid, cart)
    stored = session.exec(select(BrowserSession)).one()
    columns = " ".join(str(v) for v in stored.model_dump().values())
    assert issued.token not in columns and issued.handoff not in columns and len(stored.token_hash) == 64
    assert len(issued.token) == 43  # 256 bits, URL-safe base64


def test_a_planted_unknown_token_is_never_adopted(session):
    cid = member(session)
    assert live(session, PLANTED) is None
    cart = create_cart(session=session).token
    assert keep_cart(session=session, token=PLANTED, cart_token=cart) is False
    assert not signed_in(session=session, token=PLANTED, customer_id=cid, idle=IDLE, lifetime=LIFETIME)
    assert sign_out(session=session, token=PLANTED) == 0
    assert session.exec(select(BrowserSession)).all() == []  # nothing was made for it


def test_signing_in_rotates_the_token_so_an_old_copy_signs_nobody_in(session):
    cid = member(session)
    cart = create_cart(session=session).token
    before = issue(session=session, customer_id=None, cart_token=cart)  # an anonymous cart: a first cookie
    after = issue(session=session, customer_id=cid, cart_token=cart, replaces=before.token)  # sign-in
    assert after.token != before.token
    assert live(session, before.token) is None  # a second browser with the old cookie: nobody
    found = live(session, after.token)
    assert found is not None and found.customer_id == cid and found.cart_token == cart


def test_sign_out_ends_every_session_of_the_account_and_no_other(session):
    cid, other = member(session), member(session, "o@example.org")
    laptop = issue(session=session, customer_id=cid, cart_token=None)
    phone = issue(session=session, customer_id=cid, cart_token=None)
    theirs = issue(session=session, customer_id=other, cart_token=None)
    assert sign_out(session=session, token=phone.token) == 2
    assert live(session, laptop.token) is None and live(session, phone.token) is None
    assert not signed_in(session=session, token=laptop.token, customer_id=cid, idle=IDLE, lifetime=LIFETIME)
    assert signed_in(session=session, token=theirs.token, customer_id=other, idle=IDLE, lifetime=LIFETIME)
    with session.begin():
        assert revoke_all(session=session, customer_id=other) == 1
    assert live(session, theirs.token) is None


def test_sign_out_here_ends_this_browser_s_session_only(session):
    cid = member(session)
    laptop = issue(session=session, customer_id=cid, cart_token=None)
    phone = issue(session=session, customer_id=cid, cart_token=None)
    assert sign_out_here(session=session, token=laptop.token) == 1
    assert live(session, laptop.token) is None
    assert not signed_in(session=session, token=laptop.token, customer_id=cid, idle=IDLE, lifetime=LIFETIME)
    assert signed_in(session=session, token=phone.token, customer_id=cid, idle=IDLE, lifetime=LIFETIME)
    assert sign_out_here(session=session, token=laptop.token) == 0  # already ended
    assert sign_out_here(session=session, token=PLANTED) == 0


def test_the_cookie_hand_off_gives_the_token_once_and_only_in_time(session):
    cid = member(session)
    issued = issue(session=session, customer_id=cid, cart_token=None)
    assert handoff_pending(session=session, token=issued.token)
    assert redeem_handoff(session=session, code=PLANTED) is None
    cookies = redeem_handoff(session=session, code=issued.handoff)
    assert cookies is not None and (cookies.session, cookies.device) == (issued.token, None)
    assert redeem_handoff(session=session, code=issued.handoff) is None  # spent
    assert not handoff_pending(session=session, token=issued.token)
    late = issue(session=session, customer_id=cid, cart_token=None)
    moment = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=3)
    assert redeem_handoff(session=session, code=late.handoff, moment=moment) is None


def test_limits_deactivation_and_closed_carts_end_what_they_should(session):
    cid = member(session)
    cart = create_cart(session=session).token
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=13)
    old = issue(session=session, customer_id=cid, cart_token=cart, moment=long_ago)
    found = live(session, old.token)
    assert found is not None and found.customer_id is None and found.cart_token == cart  # the cart stays
    row = session.exec(select(Cart).where(Cart.token == cart)).one()
    row.status = "ordered"
    session.add(row)
    session.commit()
    assert live(session, old.token) is None  # nothing left: forgotten
    fresh = issue(session=session, customer_id=cid, cart_token=None)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)  # idle too long
    assert recall(session=session, token=fresh.token, idle=IDLE, lifetime=LIFETIME, moment=later) is None
    again = issue(session=session, customer_id=cid, cart_token=None)
    account = session.get(Customer, cid)
    account.active = False
    session.add(account)
    session.commit()
    assert not signed_in(session=session, token=again.token, customer_id=cid, idle=IDLE, lifetime=LIFETIME)


def test_a_picked_language_is_kept_across_reloads_and_sign_ins_and_nothing_else_is_adopted(session):
    from store.browser_sessions import keep_language

    issued = issue(session=session, customer_id=None, cart_token=None, language="ru")
    found = live(session, issued.token)  # no sign-in, no cart: the language alone keeps the row
    assert found is not None and (found.customer_id, found.cart_token, found.language) == (None, None, "ru")
    assert keep_language(session=session, token=issued.token, language="pt")
    assert live(session, issued.token).language == "pt"
    assert not keep_language(session=session, token=PLANTED, language="es")  # an unknown token: nothing written
    assert keep_language(session=session, token=issued.token, language="<script>" + "x" * 50)
    assert live(session, issued.token).language == "en"  # what the shop does not speak: the default
    keep_language(session=session, token=issued.token, language="zh_Hans")
    cid = member(session)
    signed = issue(session=session, customer_id=cid, cart_token=None, replaces=issued.token)
    assert live(session, signed.token).language == "zh_Hans"  # a sign-in keeps the browser's language
    assert live(session, issued.token) is None


def test_a_language_only_session_ends_when_idle(session):
    issued = issue(session=session, customer_id=None, cart_token=None, language="es")
    later = dt.datetime.now(dt.UTC) + IDLE + dt.timedelta(minutes=1)
    assert recall(session=session, token=issued.token, idle=IDLE, lifetime=LIFETIME, moment=later) is None
    assert session.exec(select(BrowserSession)).first() is None
