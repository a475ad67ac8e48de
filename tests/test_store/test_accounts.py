"""Passwords and e-mail as NIST 800-63B asks, verification, reset by a single-use link, password
change, staff forced to choose their own password, deactivation; on real databases."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import select

from store.accounts import change_password, request_reset, reset_password, sign_up, verify_email
from store.browser_sessions import issue, recall
from store.customers import MAX_FAILURES, authenticate, register
from store.errors import ErrorCode, StoreError
from store.staff_accounts import create_staff_account, set_active
from store.tables import AccountCode, Customer, CustomerCreate, Notification, Throttle
from store.throttle import SIGN_IN_ACCOUNT

RIGHT = "correct horse battery staple"
HOUR = dt.timedelta(hours=1)


def data(email="ana@example.org", password=RIGHT, name="Ana"):
    return CustomerCreate(email=email, name=name, password=password)


def code_in(session, email, name):
    mail = session.exec(select(Notification).where(Notification.recipient == email)).all()[-1]
    return re.search(name + r"=([A-Za-z0-9_-]+)", mail.body).group(1)


def refused(call, **kwargs) -> StoreError:
    with pytest.raises(StoreError) as err:
        call(**kwargs)
    return err.value


@pytest.mark.parametrize("email", ["@", "a@b", "ana", "ana@", "ana@@example.org", "ana@example..org"])
def test_addresses_that_are_not_e_mail_addresses_are_refused(session, email):
    err = refused(sign_up, session=session, data=data(email=email), address="192.0.2.1")
    assert (err.code, err.data["field"]) == (ErrorCode.BAD_INPUT, "email")
    assert session.exec(select(Customer)).all() == []


@pytest.mark.parametrize(
    "password",
    ["password", "12345678", " " * 8, " " * 12, "password1234", "Summer2024!!!!", "123456789012", "ana@example.org"],
)
def test_short_common_and_patterned_passwords_are_refused(session, password):
    err = refused(sign_up, session=session, data=data(password=password), address="192.0.2.1")
    assert (err.code, err.data["field"]) == (ErrorCode.BAD_INPUT, "password")
    assert "Password" in err.message


def test_a_long_password_without_composition_rules_is_fine_and_the_address_gets_verified(session):
    account = sign_up(session=session, data=data(password="all lower case words"), address="192.0.2.1")
    assert account.email_verified_at is None
    code = code_in(session, "ana@example.org", "verify")
    assert verify_email(session=session, code=code).email_verified_at is not None
    assert refused(verify_email, session=session, code=code).code is ErrorCode.BAD_INPUT  # once


def test_sign_ups_are_limited_per_client_address(session):
    n = 0
    with pytest.raises(StoreError) as err:
        for n in range(20):
            sign_up(session=session, data=data(email=f"u{n}@example.org"), address="192.0.2.9")
    assert err.value.code is ErrorCode.TOO_MANY_ATTEMPTS and "try again in" in err.value.message
    assert 0 < n < 20
    sign_up(session=session, data=data(email="other@example.org"), address="192.0.2.10")  # another address can


def test_a_reset_link_works_once_within_30_minutes_and_ends_every_session(session):
    cid = register(session=session, data=data()).id
    browser = issue(session=session, customer_id=cid, cart_token=None)
    request_reset(session=session, email="nobody@example.org", address="192.0.2.1")  # same answer, no mail
    assert session.exec(select(Notification).where(Notification.recipient == "nobody@example.org")).all() == []
    request_reset(session=session, email=" ANA@example.org", address="192.0.2.1")
    code = code_in(session, "ana@example.org", "reset")
    assert refused(reset_password, session=session, code=code, password="short").data["field"] == "password"
    reset_password(session=session, code=code, password="a brand new passphrase")
    assert authenticate(session=session, email="ana@example.org", password="a brand new passphrase").id == cid
    assert (
        refused(authenticate, session=session, email="ana@example.org", password=RIGHT).code
        is ErrorCode.BAD_CREDENTIALS
    )
    assert recall(session=session, token=browser.token, idle=HOUR, lifetime=HOUR) is None
    err = refused(reset_password, session=session, code=code, password="yet another passphrase")
    assert err.code is ErrorCode.BAD_INPUT  # single use
    request_reset(session=session, email="ana@example.org", address="192.0.2.1")
    late = code_in(session, "ana@example.org", "reset")
    row = session.exec(select(AccountCode).where(AccountCode.used_at == None)).one()  # noqa: E711
    row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)  # 30 minutes have passed
    session.add(row)
    session.commit()
    assert (
        refused(reset_password, session=session, code=late, password="yet another passphrase").code
        is ErrorCode.BAD_INPUT
    )


def test_reset_requests_are_limited_per_address(session):
    with pytest.raises(StoreError) as err:
        for n in range(20):
            request_reset(session=session, email=f"u{n}@example.org", address="192.0.2.7")
    assert err.value.code is ErrorCode.TOO_MANY_ATTEMPTS


def test_a_password_change_needs_the_current_one_and_ends_every_session(session):
    cid = register(session=session, data=data()).id
    browser = issue(session=session, customer_id=cid, cart_token=None)
    err = refused(change_password, session=session, customer_id=cid, current="wrong one", password="a new passphrase")
    assert err.code is ErrorCode.BAD_CREDENTIALS
    assert recall(session=session, token=browser.token, idle=HOUR, lifetime=HOUR) is not None
    change_password(session=session, customer_id=cid, current=RIGHT, password="a new passphrase")
    assert recall(session=session, token=browser.token, idle=HOUR, lifetime=HOUR) is None
    assert authenticate(session=session, email="ana@example.org", password="a new passphrase").id == cid


def test_wrong_current_passwords_are_failed_sign_ins_and_the_change_waits_like_sign_in(session):
    cid = register(session=session, data=data()).id
    for n in range(MAX_FAILURES):  # a borrowed session guessing the password on the change form
        err = refused(
            change_password,
            session=session,
            customer_id=cid,
            current=f"guess {n}",
            password="a new passphrase",
            address="192.0.2.9",
        )
        assert err.code is ErrorCode.BAD_CREDENTIALS
    counted = session.exec(select(Throttle).where(Throttle.subject == "ana@example.org")).one()
    assert (counted.scope, counted.count) == (SIGN_IN_ACCOUNT, MAX_FAILURES) and counted.next_allowed_at is not None
    assert session.exec(select(Throttle).where(Throttle.subject == "192.0.2.9")).one().count == MAX_FAILURES
    assert "unlock=" in session.exec(select(Notification)).all()[-1].body  # the holder is told, as for sign-in
    counted.next_allowed_at = dt.datetime.now(dt.UTC) + HOUR  # while the account must wait...
    session.add(counted)
    session.commit()
    err = refused(change_password, session=session, customer_id=cid, current=RIGHT, password="a new passphrase")
    assert err.code is ErrorCode.TOO_MANY_ATTEMPTS and err.data["retry_after"] > 0  # ...even the right one waits
    assert refused(authenticate, session=session, email="ana@example.org", password=RIGHT).code is (
        ErrorCode.TOO_MANY_ATTEMPTS
    )  # and sign-in shares the count
    counted.next_allowed_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    session.add(counted)
    session.commit()
    change_password(session=session, customer_id=cid, current=RIGHT, password="a new passphrase")
    assert session.exec(select(Throttle).where(Throttle.subject == "ana@example.org")).all() == []


def test_staff_choose_their_own_password_and_admins_deactivate_staff(session):
    admin = register(session=session, data=data(email="ada@example.org", name="Ada"), role="admin").id
    buyer = register(session=session, data=data(email="bob@example.org", name="Bob")).id
    staff, one_time = create_staff_account(
        session=session, actor_id=admin, email="sam@example.org", name="Sam", role="operations"
    )
    assert staff.must_change_password
    changed = change_password(session=session, customer_id=staff.id, current=one_time, password="sams own passphrase")
    assert not changed.must_change_password

    browser = issue(session=session, customer_id=staff.id, cart_token=None)
    assert (
        refused(set_active, session=session, actor_id=buyer, customer_id=staff.id, active=False).code
        is ErrorCode.FORBIDDEN
    )
    assert (
        refused(set_active, session=session, actor_id=admin, customer_id=admin, active=False).code
        is ErrorCode.BAD_INPUT
    )
    assert (
        refused(set_active, session=session, actor_id=admin, customer_id=buyer, active=False).code
        is ErrorCode.BAD_INPUT
    )
    set_active(session=session, actor_id=admin, customer_id=staff.id, active=False)
    assert recall(session=session, token=browser.token, idle=HOUR, lifetime=HOUR) is None  # signed out at once
    err = refused(authenticate, session=session, email="sam@example.org", password="sams own passphrase")
    assert err.code is ErrorCode.BAD_CREDENTIALS and "deactivated" in err.message
    set_active(session=session, actor_id=admin, customer_id=staff.id, active=True)
    assert authenticate(session=session, email="sam@example.org", password="sams own passphrase").id == staff.id
