"""Staff API tokens: issued for a staff account's e-mail and password (checked and slowed down
like the shop's sign-in), stored only as a hash, ended by expiry, revocation, and anything that
ends the account's sessions (a new role or password, deactivation)."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlmodel import Session, select

from store.accounts import change_password
from store.api_tokens import issue_token
from store.sign_in import MAX_FAILURES
from store.staff_accounts import change_role, set_active
from store.tables import ApiToken
from tests.test_api.fixtures_commerce import (  # noqa: F401  (fixtures)
    PASSWORD,
    bearer,
    commerce,
    shop_engine,
    staff_account,
)


def ask(api, email: str, password: str = PASSWORD):
    return api.post("/v1/staff/tokens", json={"email": email, "password": password})


def test_a_token_is_issued_for_the_hours_the_settings_say_and_only_its_hash_is_kept(commerce):  # noqa: F811
    staff_account(commerce.engine, "operations")
    before = dt.datetime.now(dt.UTC)
    issued = ask(commerce.client, "operations@shop.example.org")
    after = dt.datetime.now(dt.UTC)
    assert issued.status_code == 201
    body = issued.json()
    assert body["token_type"] == "Bearer" and body["account"]["role"] == "operations"
    hours = dt.timedelta(hours=commerce.settings.api_staff_token_hours)
    assert before + hours <= dt.datetime.fromisoformat(body["expires_at"]) <= after + hours
    token = body["access_token"]
    with Session(commerce.engine) as session:
        row = session.exec(select(ApiToken)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(value) for value in row.model_dump().values()}
    me = commerce.client.get("/v1/staff/tokens/current", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["account"]["email"] == "operations@shop.example.org"


def test_wrong_credentials_unknown_accounts_and_buyers_get_no_token(commerce):  # noqa: F811
    staff_account(commerce.engine, "admin")
    staff_account(commerce.engine, "buyer", email="buyer@example.org")
    wrong = ask(commerce.client, "admin@shop.example.org", "not the password at all")
    unknown = ask(commerce.client, "nobody@shop.example.org")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["code"] == unknown.json()["code"] == "bad-credentials"
    assert wrong.json()["detail"] == unknown.json()["detail"]  # never says which
    buyer = ask(commerce.client, "buyer@example.org")
    assert buyer.status_code == 403 and buyer.json()["code"] == "forbidden"
    with Session(commerce.engine) as session:
        assert session.exec(select(ApiToken)).all() == []


def test_an_account_with_a_one_time_password_must_choose_its_own_first(commerce):  # noqa: F811
    staff_account(commerce.engine, "operations", must_change_password=True)
    refused = ask(commerce.client, "operations@shop.example.org")
    assert refused.status_code == 403 and refused.json()["must_change_password"] is True


def test_repeated_failures_slow_the_account_down_with_retry_after(commerce):  # noqa: F811
    staff_account(commerce.engine, "operations")
    for n in range(MAX_FAILURES):
        assert ask(commerce.client, "operations@shop.example.org", f"wrong guess {n}").status_code == 401
    slowed = ask(commerce.client, "operations@shop.example.org")  # even the right password waits
    assert slowed.status_code == 429 and slowed.json()["code"] == "too-many-attempts"
    assert int(slowed.headers["retry-after"]) >= 1 and slowed.json()["retry_after"] >= 1


def test_an_expired_token_is_refused_and_forgotten(commerce):  # noqa: F811
    staff_account(commerce.engine, "operations")
    hours = dt.timedelta(hours=commerce.settings.api_staff_token_hours)
    with Session(commerce.engine) as session:
        old = issue_token(
            session=session,
            email="operations@shop.example.org",
            password=PASSWORD,
            lifetime=hours,
            moment=dt.datetime.now(dt.UTC) - hours - dt.timedelta(minutes=1),
        )
        forgotten = issue_token(
            session=session,
            email="operations@shop.example.org",
            password=PASSWORD,
            lifetime=hours,
            moment=dt.datetime.now(dt.UTC) - hours - dt.timedelta(minutes=2),
        )
    refused = commerce.client.get("/v1/staff/orders", headers={"Authorization": f"Bearer {old.token}"})
    assert refused.status_code == 401 and "invalid_token" in refused.headers["www-authenticate"]
    with Session(commerce.engine) as session:
        rows = session.exec(select(ApiToken)).all()
        assert [row.token_hash for row in rows] == [hashlib.sha256(forgotten.token.encode()).hexdigest()]
    fresh = bearer(commerce.client, "operations@shop.example.org")  # a new token forgets every ended one
    with Session(commerce.engine) as session:
        assert len(session.exec(select(ApiToken)).all()) == 1
    assert commerce.client.get("/v1/staff/orders", headers=fresh).status_code == 200


def test_revoking_the_current_token_ends_it_and_only_it(commerce):  # noqa: F811
    staff_account(commerce.engine, "operations")
    first = bearer(commerce.client, "operations@shop.example.org")
    second = bearer(commerce.client, "operations@shop.example.org")
    revoked = commerce.client.delete("/v1/staff/tokens/current", headers=first)
    assert revoked.status_code == 204 and revoked.content == b""
    assert commerce.client.get("/v1/staff/tokens/current", headers=first).status_code == 401
    assert commerce.client.delete("/v1/staff/tokens/current", headers=first).status_code == 401
    assert commerce.client.get("/v1/staff/orders", headers=second).status_code == 200


def test_a_new_role_a_deactivation_or_a_new_password_ends_the_accounts_tokens(commerce):  # noqa: F811
    admin = staff_account(commerce.engine, "admin")
    ops = staff_account(commerce.engine, "operations")
    other = staff_account(commerce.engine, "operations", email="ops2@shop.example.org")
    third = staff_account(commerce.engine, "merchandiser")
    headers = {
        ops: bearer(commerce.client, "operations@shop.example.org"),
        other: bearer(commerce.client, "ops2@shop.example.org"),
        third: bearer(commerce.client, "merchandiser@shop.example.org"),
    }
    with Session(commerce.engine) as session:
        change_role(session=session, actor_id=admin, customer_id=ops, role="merchandiser")
        set_active(session=session, actor_id=admin, customer_id=other, active=False)
        change_password(session=session, customer_id=third, current=PASSWORD, password="another long password 2")
    for account, header in headers.items():
        assert commerce.client.get("/v1/staff/materials", headers=header).status_code == 401, account
