"""What an account holder does with their own account: sign up (limited per client address, with
an e-mailed verification link), verify the address, change the password, reset a forgotten one
by a single-use 30-minute e-mailed link (requests limited per address and per account).

A new password ends every session of the account (`store.browser_sessions.revoke_all`); the
browser that changed it gets a new token from the caller (`ui.auth`).
"""

from __future__ import annotations

from sqlmodel import Session, select

from i18n.words import N_
from store.account_codes import RESET, VERIFY, link, live_code, make_code, queue_mail, spend
from store.audit import audit
from store.browser_sessions import revoke_all
from store.customers import check_email, register
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.passwords import check_password, hash_password, verify_password
from store.sign_in import count_failure, normal_email
from store.tables import Customer, CustomerCreate, CustomerPublic, now
from store.throttle import (
    RESET_ACCOUNT,
    RESET_ADDRESS,
    SIGN_IN_ACCOUNT,
    SIGN_IN_ADDRESS,
    SIGN_UP_ADDRESS,
    clear,
    record,
    refuse_if_waiting,
)


def _verification_mail(session: Session, customer: Customer) -> None:
    assert customer.id is not None
    code = make_code(session, customer_id=customer.id, purpose=VERIFY)
    queue_mail(
        session,
        recipient=customer.email,
        subject="Confirm your e-mail address",
        body=(
            f"Hello {customer.name},\n\nPlease confirm that this address is yours by opening this link "
            f"(it works for a week):\n\n{link('account', 'verify', code)}\n\n"
            "If you did not create an account, ignore this message.\n"
        ),
    )


def sign_up(*, session: Session, data: CustomerCreate, address: str | None) -> CustomerPublic:
    """A new buyer account and its verification e-mail; TOO_MANY_ATTEMPTS past the sign-ups one
    client address may make per hour (the refused one is not counted)."""
    where = address or "unknown"
    with atomic(session):
        refuse_if_waiting(session, SIGN_UP_ADDRESS, where, "new accounts from your network address")
    account = register(session=session, data=data)
    with atomic(session):
        record(session, SIGN_UP_ADDRESS, where)
        customer = session.get(Customer, account.id)
        assert customer is not None
        _verification_mail(session, customer)
    return account


def resend_verification(*, session: Session, customer_id: int) -> None:
    with atomic(session):
        customer = session.get(Customer, customer_id)
        if customer is None or not customer.active:
            raise StoreError(ErrorCode.NOT_FOUND, "no such account")
        if customer.email_verified_at is None:
            refuse_if_waiting(session, RESET_ACCOUNT, customer.email, "e-mails to this account")
            record(session, RESET_ACCOUNT, customer.email)
            _verification_mail(session, customer)


def verify_email(*, session: Session, code: str) -> CustomerPublic:
    """Mark the address of the code's account verified; BAD_INPUT for an unknown, used or old link."""
    with atomic(session):
        row = live_code(session, code=code, purpose=VERIFY)
        customer = session.get(Customer, row.customer_id) if row else None
        if row is None or customer is None or not customer.active:
            raise StoreError(ErrorCode.BAD_INPUT, N_("this confirmation link is not valid any more"), field="verify")
        spend(session, row)
        customer.email_verified_at = now()
        session.add(customer)
        return CustomerPublic.model_validate(customer)


def request_reset(*, session: Session, email: str, address: str | None) -> None:
    """E-mail a single-use reset link (30 minutes) if the address has an active account.

    The answer is the same whether or not it has one; TOO_MANY_ATTEMPTS past the requests one
    client address, or one account, may make per hour.
    """
    account, where = normal_email(email), address or "unknown"
    with atomic(session):
        refuse_if_waiting(session, RESET_ADDRESS, where, "reset requests from your network address")
        refuse_if_waiting(session, RESET_ACCOUNT, account, "reset requests for this address")
        record(session, RESET_ADDRESS, where)
        record(session, RESET_ACCOUNT, account)
        customer = session.exec(select(Customer).where(Customer.email == account)).first()
        if customer is None or customer.id is None or not customer.active:
            return
        code = make_code(session, customer_id=customer.id, purpose=RESET)
        queue_mail(
            session,
            recipient=customer.email,
            subject="Reset your password",
            body=(
                f"Hello {customer.name},\n\nSomeone (we hope you) asked to reset the password of your account. "
                f"This link lets you choose a new one; it works once, for 30 minutes:\n\n"
                f"{link('account', 'reset', code)}\n\nIf it was not you, ignore this message: your password "
                "stays as it is.\n"
            ),
        )


def _set_password(session: Session, customer: Customer, password: str, actor: str) -> None:
    check_password(password, email=customer.email, name=customer.name)
    if verify_password(customer.password_hash, password):
        raise StoreError(ErrorCode.BAD_INPUT, N_("Choose a password other than the current one"), field="password")
    assert customer.id is not None
    customer.password_hash = hash_password(password)
    customer.must_change_password = False
    session.add(customer)
    revoke_all(session=session, customer_id=customer.id)
    audit(session=session, actor=actor, action="customer.password", entity=customer, data={})


def reset_password(*, session: Session, code: str, password: str) -> CustomerPublic:
    """Set a new password with an e-mailed reset code (once, within 30 minutes); every session of
    the account ends. BAD_INPUT for an unknown, used or expired link, or a refused password."""
    with atomic(session):
        row = live_code(session, code=code, purpose=RESET)
        customer = session.get(Customer, row.customer_id) if row else None
        if row is None or customer is None or not customer.active:
            raise StoreError(
                ErrorCode.BAD_INPUT, N_("this reset link is not valid any more: ask for a new one"), field="reset"
            )
        _set_password(session, customer, password, f"customer:{customer.id}")
        spend(session, row)
        customer.email_verified_at = customer.email_verified_at or now()  # the link proved the mailbox
        return CustomerPublic.model_validate(customer)


def change_password(
    *, session: Session, customer_id: int, current: str, password: str, address: str | None = None
) -> CustomerPublic:
    """A signed-in account holder's new password (the current one must be typed again); every
    session of the account ends.

    Throttled like sign-in, so a borrowed session cannot guess the password here instead: a wrong
    current password counts as a failed sign-in of the account and of the client `address`, and
    while either must wait the change is refused (TOO_MANY_ATTEMPTS, `retry_after` seconds), even
    with the right password. (The forgotten-password link still works then.)"""
    where = address or "unknown"
    refused: StoreError | None = None
    public: CustomerPublic | None = None
    with atomic(session):
        customer = session.get(Customer, customer_id)
        if customer is None or not customer.active:
            raise StoreError(ErrorCode.NOT_FOUND, "no such account")
        refuse_if_waiting(session, SIGN_IN_ACCOUNT, customer.email, "wrong passwords for this account")
        refuse_if_waiting(session, SIGN_IN_ADDRESS, where, "wrong passwords from your network address")
        if not verify_password(customer.password_hash, current):
            count_failure(session, customer.email, where, customer)  # kept: the refusal comes after the commit
            refused = StoreError(ErrorCode.BAD_CREDENTIALS, N_("the current password is not right"), field="current")
        else:
            _set_password(session, customer, password, f"customer:{customer_id}")
            clear(session, SIGN_IN_ACCOUNT, customer.email)
            public = CustomerPublic.model_validate(customer)
    if refused is not None:
        raise refused
    assert public is not None
    return public


__all__ = [
    "change_password",
    "check_email",
    "request_reset",
    "resend_verification",
    "reset_password",
    "sign_up",
    "verify_email",
]
