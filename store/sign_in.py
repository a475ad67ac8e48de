"""Sign-in: argon2 passwords, slowed down per account and per client address, never locked.

Every failed sign-in counts against the account's e-mail address and against the client's
network address (`store.throttle`): past the free attempts each one makes the next wait twice as
long (1 s up to 15 min), so guessing one account or many from one address gets slow, while the
server never sleeps (the refusal says "try again in N s"). When an account starts to be slowed
down, its owner gets a one-time unlock link by e-mail. The owner's right password gets in even
while someone else's guesses slow the account down when it comes from a *known browser* (one
that has signed in to the account before: its device cookie's token, stored hashed) or with
that unlock link.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from i18n.words import N_
from store.account_codes import UNLOCK, link, live_code, make_code, queue_mail, spend
from store.audit import audit
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.input_checks import problem_in
from store.passwords import hash_password, hasher, verify_password
from store.tables import Customer, CustomerPublic, KnownDevice, now
from store.throttle import POLICIES, SIGN_IN_ACCOUNT, SIGN_IN_ADDRESS, clear, record, wait_seconds

MAX_FAILURES = POLICIES[SIGN_IN_ACCOUNT].free  # failed sign-ins of one account before it is slowed down
_DUMMY_HASH = hasher.hash("not a password of anyone")  # an unknown e-mail costs as long as a wrong password


def normal_email(email: str) -> str:
    return email.strip().lower()


def _device_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_device(session: Session, *, customer_id: int) -> str:
    """A device token for a browser that just signed in (inside the caller's transaction)."""
    token = secrets.token_urlsafe(32)
    session.add(KnownDevice(customer_id=customer_id, token_hash=_device_hash(token)))
    return token


def known_device(session: Session, *, customer_id: int, token: str | None) -> KnownDevice | None:
    if not token:
        return None
    query = select(KnownDevice).where(
        KnownDevice.customer_id == customer_id, KnownDevice.token_hash == _device_hash(token)
    )
    return session.exec(query).first()


def _refused_for(wait: int) -> StoreError:
    if wait < 120:
        template = N_(
            "too many failed sign-ins: try again in {seconds} s, or use the unlock link we e-mailed to the account"
        )
        return StoreError.worded(ErrorCode.TOO_MANY_ATTEMPTS, template, {"seconds": wait}, retry_after=wait)
    template = N_(
        "too many failed sign-ins: try again in {minutes} min, or use the unlock link we e-mailed to the account"
    )
    return StoreError.worded(ErrorCode.TOO_MANY_ATTEMPTS, template, {"minutes": (wait + 59) // 60}, retry_after=wait)


def authenticate(
    *,
    session: Session,
    email: str,
    password: str,
    address: str | None = None,
    device: str | None = None,
    unlock: str | None = None,
) -> CustomerPublic:
    """The account for these credentials; BAD_CREDENTIALS otherwise (same answer for both causes).

    TOO_MANY_ATTEMPTS (`retry_after` seconds) while the account or the client `address` must wait
    and the attempt comes neither from a known `device` of the account nor with its `unlock` code.
    """
    account = normal_email(email) if isinstance(email, str) else ""
    if not isinstance(password, str) or not account or len(account) > 254 or problem_in(account):
        # Never stored nor looked up (PostgreSQL refuses NUL characters): the usual answer.
        raise StoreError(ErrorCode.BAD_CREDENTIALS, N_("wrong e-mail or password"))
    where = address or "unknown"
    refused: StoreError | None = None
    public: CustomerPublic | None = None
    try:
        with atomic(session):
            moment = now()
            customer = session.exec(select(Customer).where(Customer.email == account)).first()
            trusted = (
                known_device(session, customer_id=customer.id, token=device)
                if customer is not None and customer.id is not None
                else None
            )
            code = live_code(session, code=unlock, purpose=UNLOCK) if unlock else None
            if code is not None and (customer is None or code.customer_id != customer.id):
                code = None
            wait = max(wait_seconds(session, SIGN_IN_ACCOUNT, account), wait_seconds(session, SIGN_IN_ADDRESS, where))
            if wait and not trusted and code is None:
                refused = _refused_for(wait)
            elif not verify_password(customer.password_hash if customer else _DUMMY_HASH, password) or not customer:
                count_failure(session, account, where, customer)
                refused = StoreError(ErrorCode.BAD_CREDENTIALS, N_("wrong e-mail or password"))
            elif not customer.active:
                refused = StoreError(ErrorCode.BAD_CREDENTIALS, N_("this account is deactivated: ask the shop"))
            else:
                clear(session, SIGN_IN_ACCOUNT, account)
                if code is not None:
                    spend(session, code)
                if trusted is not None:
                    trusted.last_used_at = moment
                    session.add(trusted)
                if hasher.check_needs_rehash(customer.password_hash):
                    customer.password_hash = hash_password(password)
                    session.add(customer)
                public = CustomerPublic.model_validate(customer)
    except IntegrityError:  # another replica recorded the first failure at the same moment
        refused = StoreError(ErrorCode.BAD_CREDENTIALS, N_("wrong e-mail or password"))
    if refused is not None:
        raise refused
    assert public is not None
    return public


def count_failure(session: Session, account: str, where: str, customer: Customer | None) -> None:
    """One wrong password for `account` from client address `where` (inside the caller's
    transaction): both wait longer past their free attempts, and the account's holder gets an
    unlock link when it starts to be slowed down."""
    record(session, SIGN_IN_ADDRESS, where)
    row = record(session, SIGN_IN_ACCOUNT, account)
    if row.count != MAX_FAILURES:
        return
    audit(session=session, actor="system", action="customer.sign-in-slowed", entity=row, data={"email": account})
    if customer is None or customer.id is None:
        return
    if row.notified_at is None or now() - row.notified_at > POLICIES[SIGN_IN_ACCOUNT].window:
        code = make_code(session, customer_id=customer.id, purpose=UNLOCK)
        queue_mail(
            session,
            recipient=customer.email,
            subject="Someone is trying to sign in to your account",
            body=(
                f"Hello {customer.name},\n\nThere were {row.count} failed sign-ins to your account, so sign-ins "
                "to it are slowed down for now. If that was you, this link lets you sign in once with your "
                f"password (it works for an hour):\n\n{link('account', 'unlock', code)}\n\n"
                "If it was not you, nothing needs doing: your password was not accepted. You may change it "
                "after signing in.\n"
            ),
        )
        row.notified_at = now()
        session.add(row)
