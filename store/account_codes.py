"""One-time codes sent by e-mail (unlock a slowed-down sign-in, reset a password, verify an
address): 256 random bits in the link, only their hash in the database, spent on first use."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlmodel import Session, select

from settings import get_settings
from store.tables import AccountCode, Notification, now

UNLOCK, RESET, VERIFY = "unlock", "reset", "verify"
LIFETIMES = {UNLOCK: dt.timedelta(hours=1), RESET: dt.timedelta(minutes=30), VERIFY: dt.timedelta(days=7)}


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def make_code(session: Session, *, customer_id: int, purpose: str) -> str:
    """A new code for `purpose` (inside the caller's transaction); earlier unused ones of the same
    purpose for this account stop working."""
    moment = now()
    for old in session.exec(
        select(AccountCode).where(
            AccountCode.customer_id == customer_id,
            AccountCode.purpose == purpose,
            AccountCode.used_at == None,  # noqa: E711
        )
    ).all():
        old.used_at = moment
        session.add(old)
    code = secrets.token_urlsafe(32)
    session.add(
        AccountCode(
            customer_id=customer_id,
            purpose=purpose,
            code_hash=_hash(code),
            created_at=moment,
            expires_at=moment + LIFETIMES[purpose],
        )
    )
    return code


def live_code(session: Session, *, code: str, purpose: str, moment: dt.datetime | None = None) -> AccountCode | None:
    """The unspent, unexpired code row for `code`, locked; None otherwise."""
    moment = moment or now()
    row = session.exec(select(AccountCode).where(AccountCode.code_hash == _hash(code)).with_for_update()).first()
    if row is None or row.purpose != purpose or row.used_at is not None or row.expires_at <= moment:
        return None
    return row


def spend(session: Session, row: AccountCode) -> None:
    row.used_at = now()
    session.add(row)


def link(page: str, name: str, code: str) -> str:
    """The address to e-mail: `Settings.public_url` + the page + the code."""
    return f"{get_settings().public_url.rstrip('/')}/{page}?{name}={code}"


def queue_mail(session: Session, *, recipient: str, subject: str, body: str) -> None:
    """An e-mail in the outbox, sent by `store.notify.deliver_outbox` (inside the caller's transaction)."""
    session.add(Notification(order_id=None, recipient=recipient, subject=subject, body=body))
