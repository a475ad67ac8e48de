"""Roles and the create-admin command, on a real database (sign-in: tests/test_store/test_sign_in.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import select

from store.__main__ import main
from store.customers import authenticate, create_admin, register, set_role
from store.errors import ErrorCode, StoreError
from store.tables import AuditEntry, CustomerCreate


def make(session, email="ana@example.org", role="buyer"):
    data = CustomerCreate(email=email, name="Ana", password="s3cret-passphrase")
    return register(session=session, data=data, role=role)


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
