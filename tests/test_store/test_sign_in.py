"""Sign-in slows guessers down without locking the owner out: growing delays per account and per
client address, an e-mailed unlock link, and the owner's known browser."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import Session, select

from store.customers import MAX_FAILURES, authenticate, register
from store.errors import ErrorCode, StoreError
from store.sign_in import new_device
from store.tables import Customer, CustomerCreate, Notification, Throttle
from store.throttle import POLICIES, SIGN_IN_ADDRESS

RIGHT = "s3cret-passphrase"
EMAIL = "ana@example.org"


def make(session, email=EMAIL) -> int:
    return register(session=session, data=CustomerCreate(email=email, name="Ana", password=RIGHT)).id


def attempt(session, password, email=EMAIL, **how) -> ErrorCode | None:
    try:
        authenticate(session=session, email=email, password=password, **how)
    except StoreError as exc:
        return exc.code
    return None


def guess(session, times, email=EMAIL, address="198.51.100.7") -> None:
    for n in range(times):
        assert attempt(session, f"wrong-guess-{n}", email=email, address=address) is not None


def pass_the_wait(session) -> None:
    for row in session.exec(select(Throttle)).all():
        if row.next_allowed_at is not None:
            row.next_allowed_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
            session.add(row)
    session.commit()


def delay_of(session, email=EMAIL) -> dt.timedelta:
    row = session.exec(select(Throttle).where(Throttle.subject == email)).one()
    return row.next_allowed_at - dt.datetime.now(dt.UTC)


def test_guesses_make_the_account_wait_longer_and_longer_but_never_lock_it(session):
    make(session)
    guess(session, MAX_FAILURES)
    with pytest.raises(StoreError) as err:  # an unknown browser waits, even with the right password
        authenticate(session=session, email=EMAIL, password=RIGHT)
    assert err.value.code is ErrorCode.TOO_MANY_ATTEMPTS and "try again in" in err.value.message
    assert err.value.data["retry_after"] > 0
    first = delay_of(session)
    pass_the_wait(session)
    guess(session, 1)
    assert delay_of(session) > first  # growing
    pass_the_wait(session)
    assert attempt(session, RIGHT) is None  # no lockout: after the wait the owner gets in
    assert session.exec(select(Throttle).where(Throttle.subject == EMAIL)).all() == []  # and the count is cleared


def test_the_owners_known_browser_gets_in_while_someone_guesses(session):
    cid = make(session)
    device = new_device(session, customer_id=cid)
    session.commit()
    guess(session, MAX_FAILURES + 3)
    assert attempt(session, RIGHT) is ErrorCode.TOO_MANY_ATTEMPTS  # the attacker's browser, even if right
    assert attempt(session, RIGHT, device="not-a-device-token") is ErrorCode.TOO_MANY_ATTEMPTS
    assert attempt(session, "wrong-again", device=device) is ErrorCode.BAD_CREDENTIALS  # still needs the password
    assert attempt(session, RIGHT, device=device, address="198.51.100.7") is None


def test_the_emailed_unlock_link_lets_the_owner_in_once(session):
    make(session)
    guess(session, MAX_FAILURES + 2)
    (mail,) = session.exec(select(Notification).where(Notification.recipient == EMAIL)).all()
    code = re.search(r"unlock=([A-Za-z0-9_-]+)", mail.body).group(1)
    assert RIGHT not in mail.body
    assert attempt(session, "wrong-guess", unlock=code) is ErrorCode.BAD_CREDENTIALS  # the password still counts
    assert attempt(session, RIGHT, unlock=code) is None
    guess(session, MAX_FAILURES)
    assert attempt(session, RIGHT, unlock=code) is ErrorCode.TOO_MANY_ATTEMPTS  # spent


def test_an_unlock_code_of_one_account_opens_no_other(session):
    make(session)
    make(session, "bob@example.org")
    guess(session, MAX_FAILURES)
    (mail,) = session.exec(select(Notification)).all()
    code = re.search(r"unlock=([A-Za-z0-9_-]+)", mail.body).group(1)
    guess(session, MAX_FAILURES, email="bob@example.org", address="203.0.113.9")
    assert attempt(session, RIGHT, email="bob@example.org", unlock=code) is ErrorCode.TOO_MANY_ATTEMPTS


def test_guesses_spread_over_many_accounts_slow_down_their_address(session):
    make(session)
    free = POLICIES[SIGN_IN_ADDRESS].free
    for n in range(free):  # one guess per address book entry: no account is slowed down
        assert attempt(session, "guess-1", email=f"user{n}@example.org", address="192.0.2.1") is not None
    assert attempt(session, RIGHT, address="192.0.2.1") is ErrorCode.TOO_MANY_ATTEMPTS
    assert attempt(session, RIGHT, address="192.0.2.2") is None  # another address is not


def test_unknown_addresses_are_slowed_down_too(session):
    guess(session, MAX_FAILURES, email="nobody@example.org")
    assert attempt(session, "guess", email="nobody@example.org") is ErrorCode.TOO_MANY_ATTEMPTS
    assert session.exec(select(Notification)).all() == []  # nobody to write to


def test_a_deactivated_account_cannot_sign_in(session):
    cid = make(session)
    account = session.get(Customer, cid)
    account.active = False
    session.add(account)
    session.commit()
    assert attempt(session, RIGHT) is ErrorCode.BAD_CREDENTIALS


def test_failures_are_counted_across_sessions(engine):
    """Two replicas are two sessions on one database: the count is shared."""
    with Session(engine) as s:
        make(s)
    for n in range(MAX_FAILURES):
        with Session(engine) as s:
            assert attempt(s, f"wrong-{n}") is ErrorCode.BAD_CREDENTIALS
    with Session(engine) as s:
        assert attempt(s, RIGHT) is ErrorCode.TOO_MANY_ATTEMPTS
