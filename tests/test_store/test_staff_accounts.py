"""Roles, the create-admin command and the sign-in throttle, on a real database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from store import customers
from store.__main__ import main
from store.customers import authenticate, create_admin, register, set_role
from store.errors import ErrorCode, StoreError
from store.tables import AuditEntry, CustomerCreate, SignInThrottle


def make(session, email="ana@example.org", role="buyer"):
    return register(session=session, data=CustomerCreate(email=email, name="Ana", password="s3cret-pass"), role=role)


def test_new_accounts_are_buyers_and_roles_are_audited(session):
    ana = make(session)
    assert ana.role == "buyer"
    assert set_role(session=session, customer_id=ana.id, role="merchandiser", actor="customer:1").role == "merchandiser"
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "customer.role")).one()
    assert entry.data == {"before": "buyer", "after": "merchandiser"}


def test_an_unknown_role_is_refused(session):
    ana = make(session)
    with pytest.raises(StoreError) as err:
        set_role(session=session, customer_id=ana.id, role="owner", actor="x")
    assert err.value.code is ErrorCode.BAD_INPUT


def test_the_database_refuses_an_unknown_role(engine):
    with pytest.raises(Exception), engine.begin() as c:  # noqa: B017 - any integrity error of the driver
        c.execute(
            text(
                "INSERT INTO customer (name, email, password_hash, role, created_at) "
                "VALUES ('x', 'x@y.z', 'h', 'owner', CURRENT_TIMESTAMP)"
            )
        )


def test_create_admin_makes_or_promotes_an_admin(session):
    make(session)
    admin = create_admin(session=session, email="ANA@example.org", name="Ana", password="another-pass")
    assert admin.role == "admin"
    assert authenticate(session=session, email="ana@example.org", password="another-pass").role == "admin"


def test_create_admin_command_reads_the_password_from_the_environment(database_url, monkeypatch, capsys):
    from settings import get_settings

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("ADMIN_PASSWORD", "long-enough-1")
    get_settings.cache_clear()
    try:
        assert main(["create-admin", "--email", "boss@example.org"]) == 0
        assert "boss@example.org" in capsys.readouterr().out
        monkeypatch.setenv("ADMIN_PASSWORD", "short")
        assert main(["create-admin", "--email", "boss2@example.org"]) == 1
        monkeypatch.delenv("ADMIN_PASSWORD")
        assert main(["create-admin", "--email", "boss3@example.org"]) == 2  # no terminal: no default password
    finally:
        get_settings.cache_clear()


def test_sign_in_is_locked_after_repeated_failures(session):
    make(session)
    for _ in range(customers.MAX_FAILURES):
        with pytest.raises(StoreError) as err:
            authenticate(session=session, email="ana@example.org", password="wrong-guess")
        assert err.value.code is ErrorCode.BAD_CREDENTIALS
    with pytest.raises(StoreError) as err:  # even the right password waits now
        authenticate(session=session, email="ana@example.org", password="s3cret-pass")
    assert err.value.code is ErrorCode.TOO_MANY_ATTEMPTS
    assert err.value.data["retry_after"] > 0


def test_the_lock_expires_and_a_success_clears_the_count(session):
    make(session)
    for _ in range(customers.MAX_FAILURES):
        with pytest.raises(StoreError):
            authenticate(session=session, email="ana@example.org", password="wrong-guess")
    row = session.exec(select(SignInThrottle)).one()
    row.locked_until = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    session.add(row)
    session.commit()
    assert authenticate(session=session, email="ana@example.org", password="s3cret-pass").email == "ana@example.org"
    assert session.exec(select(SignInThrottle)).all() == []


def test_unknown_addresses_are_throttled_too(session):
    for _ in range(customers.MAX_FAILURES):
        with pytest.raises(StoreError):
            authenticate(session=session, email="nobody@example.org", password="guess")
    with pytest.raises(StoreError) as err:
        authenticate(session=session, email="nobody@example.org", password="guess")
    assert err.value.code is ErrorCode.TOO_MANY_ATTEMPTS


def test_failures_are_counted_across_sessions(engine):
    """Two replicas are two sessions on one database: the count is shared."""
    with Session(engine) as s:
        make(s)
    for attempt in range(customers.MAX_FAILURES):
        with Session(engine) as s, pytest.raises(StoreError):
            authenticate(session=s, email="ana@example.org", password=f"wrong-{attempt}")
    with Session(engine) as s, pytest.raises(StoreError) as err:
        authenticate(session=s, email="ana@example.org", password="s3cret-pass")
    assert err.value.code is ErrorCode.TOO_MANY_ATTEMPTS
