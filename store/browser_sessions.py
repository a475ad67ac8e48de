"""Browser sessions: the server-made token a browser's cookie carries, its sign-in and open cart.

Every token is made here (`issue`, 256 random bits); the database keeps only its SHA-256, so a
copy of the table signs nobody in. A cookie value is accepted only while a row with its hash
exists and is live (`recall`): a value planted in a browser by someone else is never adopted,
it is simply ignored. Signing in, signing up, changing the password or the role get a *new*
token (`issue(..., replaces=old)` deletes the old row), so a copy of an earlier cookie is
worth nothing. Signing out ends every session of the account (`revoke_all`), as does erasure.

The cookie itself is set by the server's own route (`ui.cookie`), not by page script: `issue`
also returns a one-time *hand-off code* (valid `HANDOFF_TTL`) that the browser exchanges once
for a `Set-Cookie` (`redeem_handoff`). The row keeps the token sealed under that code (XOR with
a hash of the code), so the database alone never holds a usable token either.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, delete, select

import i18n
from store.db import atomic
from store.tables import ApiToken, BrowserSession, Cart, Customer
from store.tables._base import now

TOKEN_BYTES = 32
HANDOFF_TTL = dt.timedelta(minutes=2)
TOUCH_EVERY = dt.timedelta(minutes=1)  # how often a live session's last_seen_at is written
MAX_WORK_PRODUCTS = 10  # designs in progress kept per browser
MAX_WORK_CHARS = 16_000  # one design in progress, as JSON
MAX_CODE = 64


@dataclass(frozen=True, slots=True)
class Remembered:
    customer_id: int | None
    signed_in_at: dt.datetime | None
    cart_token: str | None
    language: str | None = None  # the buyer language picked in this browser (None: never picked)
    work: dict[str, Any] = field(default_factory=dict)  # product -> {selection, artwork} (`keep_work`)


@dataclass(frozen=True, slots=True)
class Issued:
    token: str  # what the browser's cookie will hold (kept in the live session only)
    handoff: str  # one-time code the browser exchanges for the cookie
    device: str | None = None  # a new known-browser token (`store.sign_in`), set as a second cookie


@dataclass(frozen=True, slots=True)
class Cookies:
    session: str
    device: str | None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode(token: str) -> bytes:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))


def _seal_key(code: str) -> bytes:
    return hashlib.sha256(b"configurator-cookie-seal:" + code.encode("utf-8")).digest()


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def _row(session: Session, token: str) -> BrowserSession | None:
    return session.exec(select(BrowserSession).where(BrowserSession.token_hash == token_hash(token))).first()


def issue(
    *,
    session: Session,
    customer_id: int | None,
    cart_token: str | None,
    replaces: str | None = None,
    device: str | None = None,
    moment: dt.datetime | None = None,
    language: str | None = None,
) -> Issued:
    """A new token for this browser, remembering `customer_id` (signed in now), `cart_token` and
    the buyer `language` (default: the one the replaced row kept).

    The row of `replaces` (the browser's previous token, if any) is deleted in the same
    transaction: the previous cookie value is dead from now on, wherever a copy of it is. A new
    `device` token (43 characters) is handed to the browser along with the session token.
    """
    moment = moment or now()
    raw, code = secrets.token_bytes(TOKEN_BYTES), secrets.token_urlsafe(TOKEN_BYTES)
    token = _encode(raw)
    with atomic(session):
        work: dict[str, Any] = {}
        if replaces is not None:
            previous = _row(session, replaces)
            if language is None and previous is not None:
                language = previous.language
            if previous is not None and isinstance(previous.work, dict):
                work = dict(previous.work)  # the designs in progress stay with the browser
            session.exec(delete(BrowserSession).where(col(BrowserSession.token_hash) == token_hash(replaces)))
        session.add(
            BrowserSession(
                token_hash=token_hash(token),
                customer_id=customer_id,
                signed_in_at=moment if customer_id is not None else None,
                cart_token=cart_token,
                language=i18n.language(language) if language else None,
                work=work,
                created_at=moment,
                last_seen_at=moment,
                handoff_hash=token_hash(code),
                handoff_seal=_xor(raw, _seal_key(code)).hex(),
                handoff_until=moment + HANDOFF_TTL,
                device_seal=_xor(_decode(device), _seal_key("device:" + code)).hex() if device else None,
            )
        )
    return Issued(token=token, handoff=code, device=device)


def redeem_handoff(*, session: Session, code: str, moment: dt.datetime | None = None) -> Cookies | None:
    """The tokens to set as the browser's cookies, once, for a live hand-off `code`; None otherwise
    (unknown, already used, expired)."""
    moment = moment or now()
    with atomic(session):
        row = session.exec(
            select(BrowserSession).where(BrowserSession.handoff_hash == token_hash(code)).with_for_update()
        ).first()
        if row is None:
            return None
        seal, until, device_seal = row.handoff_seal, row.handoff_until, row.device_seal
        row.handoff_hash = row.handoff_seal = row.handoff_until = row.device_seal = None
        session.add(row)
        if seal is None or until is None or until < moment:
            return None
        token = _encode(_xor(bytes.fromhex(seal), _seal_key(code)))
        if token_hash(token) != row.token_hash:
            return None
        device = _encode(_xor(bytes.fromhex(device_seal), _seal_key("device:" + code))) if device_seal else None
        return Cookies(session=token, device=device)


def handoff_pending(*, session: Session, token: str) -> bool:
    """Whether the browser holding `token` has not fetched its cookie yet (and still may)."""
    row = _row(session, token)
    if row is None or row.handoff_hash is None or row.handoff_until is None:
        return False
    return row.handoff_until > now()


def recall(
    *, session: Session, token: str, idle: dt.timedelta, lifetime: dt.timedelta, moment: dt.datetime | None = None
) -> Remembered | None:
    """What the browser with `token` has, within the limits; None for a token this server does not
    know (or no longer knows), and when nothing is left.

    A sign-in past its limits, a deleted or deactivated account and a cart no longer open are left
    out (and forgotten). Never creates a row: an unknown token stays unknown.
    """
    moment = moment or now()
    with atomic(session):
        row = _row(session, token)
        if row is None:
            return None
        fresh = moment - row.last_seen_at <= idle
        if row.customer_id is not None:
            started = row.signed_in_at
            alive = fresh and started is not None and moment - started <= lifetime
            customer = session.get(Customer, row.customer_id)
            if not alive or customer is None or not customer.active:
                row.customer_id = row.signed_in_at = None
        if row.cart_token is not None:
            cart = session.exec(select(Cart).where(Cart.token == row.cart_token)).first()
            if cart is None or cart.status != "open":
                row.cart_token = None
        kept_nothing = row.language is None and not row.work
        if row.customer_id is None and row.cart_token is None and (kept_nothing or not fresh):
            session.delete(row)
            return None
        if moment - row.last_seen_at >= TOUCH_EVERY:
            row.last_seen_at = moment
        session.add(row)
        language = i18n.language(row.language) if row.language else None
        work = dict(row.work) if isinstance(row.work, dict) and fresh else {}
        return Remembered(row.customer_id, row.signed_in_at, row.cart_token, language, work)


def signed_in(*, session: Session, token: str, customer_id: int, idle: dt.timedelta, lifetime: dt.timedelta) -> bool:
    """Whether the browser with `token` is still signed in as `customer_id` (checked on every run
    of a live session: a sign-out elsewhere, a deactivation or an expiry ends it at the next click)."""
    found = recall(session=session, token=token, idle=idle, lifetime=lifetime)
    return found is not None and found.customer_id == customer_id


def keep_cart(*, session: Session, token: str, cart_token: str | None) -> bool:
    """Remember the browser's open cart on its live row; False when the token is unknown (the caller
    then issues a new one)."""
    with atomic(session):
        row = _row(session, token)
        if row is None:
            return False
        if row.customer_id is None and cart_token is None and row.language is None and not row.work:
            session.delete(row)
            return True
        row.cart_token, row.last_seen_at = cart_token, now()
        session.add(row)
        return True


def keep_language(*, session: Session, token: str, language: str) -> bool:
    """Remember the buyer language picked in the browser with `token` (anything the shop does not
    speak is kept as the default language); False when the token is unknown (the caller then
    issues a new one)."""
    with atomic(session):
        row = _row(session, token)
        if row is None:
            return False
        row.language, row.last_seen_at = i18n.language(language), now()
        session.add(row)
        return True


def keep_work(
    *, session: Session, token: str, product_code: str, selection: dict[str, Any], artwork: dict[str, Any]
) -> bool:
    """Remember the design in progress of `product_code` in the browser with `token` while it holds
    pictures (no pictures: forgotten), so a reload brings it back; it is checked again when
    restored (`store.buyer_artwork.restored_placements`), never trusted. ValueError for something
    that is not a small design; False when the token is unknown (the caller then issues one)."""
    if not isinstance(product_code, str) or not product_code or len(product_code) > MAX_CODE:
        raise ValueError("the product code must be a short text")
    if not isinstance(selection, dict) or not isinstance(artwork, dict):
        raise ValueError("a design in progress is a selection and its pictures")
    entry = {"selection": selection, "artwork": artwork}
    if len(json.dumps(entry, default=str)) > MAX_WORK_CHARS:
        raise ValueError(f"a design in progress may take at most {MAX_WORK_CHARS:,} characters")
    with atomic(session):
        row = _row(session, token)
        if row is None:
            return False
        work = {k: v for k, v in (row.work if isinstance(row.work, dict) else {}).items() if k != product_code}
        if artwork:
            if len(work) >= MAX_WORK_PRODUCTS:
                work.pop(next(iter(work)))  # the oldest design in progress makes room
            work[product_code] = entry
        row.work, row.last_seen_at = work, now()  # a new value: JSON columns miss in-place changes
        session.add(row)
        return True


def sign_out(*, session: Session, token: str) -> int:
    """Sign out everywhere: every session of the account signed in on `token` ends now (their
    carts stay with the account). Returns how many sessions ended (0 for an unknown token)."""
    with atomic(session):
        row = _row(session, token)
        if row is None:
            return 0
        if row.customer_id is None:
            session.delete(row)
            return 1
        return _revoke(session, row.customer_id)


def sign_out_here(*, session: Session, token: str) -> int:
    """Sign out on this browser only: the session signed in on `token` ends now; the account's
    sessions on other devices and its API tokens stay (a shared computer, a borrowed phone).
    Returns how many sessions ended (0 for an unknown token)."""
    with atomic(session):
        row = _row(session, token)
        if row is None:
            return 0
        session.delete(row)
        return 1


def revoke_all(*, session: Session, customer_id: int) -> int:
    """End every session of an account (sign-out everywhere, deactivation, erasure, a new role or
    password set by someone else). Joins the caller's transaction; returns how many ended."""
    return _revoke(session, customer_id)


def _revoke(session: Session, customer_id: int) -> int:
    """Every browser session of the account ends, and so does every API token of it
    (`store.api_tokens`): a new password, role or deactivation ends all access at once."""
    session.exec(delete(ApiToken).where(col(ApiToken.customer_id) == customer_id))
    result = session.exec(delete(BrowserSession).where(col(BrowserSession.customer_id) == customer_id))
    return int(result.rowcount or 0)
