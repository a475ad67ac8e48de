"""Staff bearer tokens for the headless API: issued for an e-mail and password, kept hashed.

`issue_token` signs in exactly as the shop's sign-in page does (`store.sign_in.authenticate`:
argon2, slowed down per account and per client address, never locked), then refuses accounts
without a staff role and accounts that must still choose their own password. The token (256
random bits) is returned once; the database keeps only its SHA-256. A token ends at its expiry,
when revoked (`revoke_token`), and with every session of its account (`revoke_all` of
`store.browser_sessions`: sign-out everywhere, a new password or role, deactivation).
`token_holder` answers who holds a live token; what the holder may do is decided by each
service's own role check (`store.staff.authorize`).

>>> looks_like_token("cst_" + "A" * 43), looks_like_token("cst_\\x00"), looks_like_token(None)
(True, False, False)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlmodel import Session, col, delete, select

from store.audit import audit
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.sign_in import authenticate
from store.states import STAFF_ROLES, Role
from store.tables import ApiToken, Customer, now

PREFIX = "cst_"  # recognisable in logs and by secret scanners
TOKEN_BYTES = 32
TOUCH_EVERY = dt.timedelta(minutes=1)  # how often a used token's last_used_at is written
_SHAPE = re.compile(r"^cst_[A-Za-z0-9_-]{43}$")


@dataclass(frozen=True, slots=True)
class TokenHolder:
    """The staff account a live token belongs to, as of this request."""

    customer_id: int
    email: str
    name: str
    role: Role
    expires_at: dt.datetime


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str  # shown once; never stored
    holder: TokenHolder


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(value: object) -> bool:
    """Whether `value` has a token's shape (anything else is refused without a query)."""
    return isinstance(value, str) and _SHAPE.match(value) is not None


def issue_token(
    *,
    session: Session,
    email: str,
    password: str,
    lifetime: dt.timedelta,
    address: str | None = None,
    moment: dt.datetime | None = None,
) -> IssuedToken:
    """A new token for a staff account's credentials.

    BAD_CREDENTIALS or TOO_MANY_ATTEMPTS as on the sign-in page; FORBIDDEN for an account without
    a staff role, or one that must first replace the one-time password it was given."""
    customer = authenticate(session=session, email=email, password=password, address=address)
    if customer.role not in STAFF_ROLES:
        raise StoreError(ErrorCode.FORBIDDEN, "this account has no staff role", roles=[str(r) for r in STAFF_ROLES])
    if customer.must_change_password:
        raise StoreError(
            ErrorCode.FORBIDDEN,
            "choose your own password on the shop's staff pages first: the one you were given works only once",
            must_change_password=True,
        )
    moment = moment or now()
    token = PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    with atomic(session):
        session.exec(delete(ApiToken).where(col(ApiToken.expires_at) <= moment))  # forget ended ones
        row = ApiToken(
            token_hash=token_hash(token),
            customer_id=customer.id,
            created_at=moment,
            expires_at=moment + lifetime,
            last_used_at=moment,
        )
        session.add(row)
        session.flush()
        audit(
            session=session,
            actor=f"customer:{customer.id}",
            action="api-token.issue",
            entity=row,
            data={"expires_at": row.expires_at.isoformat()},
        )
        holder = TokenHolder(customer.id, customer.email, customer.name, customer.role, row.expires_at)
    return IssuedToken(token=token, holder=holder)


def token_holder(*, session: Session, token: object, moment: dt.datetime | None = None) -> TokenHolder | None:
    """Who holds this live token; None for an unknown, expired or revoked one, or when its account
    is deactivated (an expired token's row is deleted)."""
    if not looks_like_token(token):
        return None
    assert isinstance(token, str)
    moment = moment or now()
    with atomic(session):
        row = session.exec(select(ApiToken).where(ApiToken.token_hash == token_hash(token))).first()
        if row is None:
            return None
        customer = session.get(Customer, row.customer_id)
        if row.expires_at <= moment or customer is None or not customer.active:
            session.delete(row)
            return None
        if moment - row.last_used_at >= TOUCH_EVERY:
            row.last_used_at = moment
            session.add(row)
        return TokenHolder(row.customer_id, customer.email, customer.name, customer.role, row.expires_at)


def revoke_token(*, session: Session, token: object) -> bool:
    """End this token now; False when it was not live."""
    if not looks_like_token(token):
        return False
    assert isinstance(token, str)
    with atomic(session):
        row = session.exec(select(ApiToken).where(ApiToken.token_hash == token_hash(token))).first()
        if row is None:
            return False
        audit(session=session, actor=f"customer:{row.customer_id}", action="api-token.revoke", entity=row)
        session.delete(row)
        return True
