"""Admins manage accounts: search, change roles (never leaving the shop without an admin), create
staff accounts with a one-time password. On a real database, every action role-checked."""

from __future__ import annotations

import contextlib
import threading

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from store.customers import authenticate, register
from store.errors import ErrorCode, StoreError
from store.staff_accounts import change_role, create_staff_account, list_accounts
from store.tables import AuditEntry, Customer, CustomerCreate


def make(session, name, role="buyer"):
    data = CustomerCreate(email=f"{name}@example.org", name=name.title(), password="long-enough-1")
    return register(session=session, data=data, role=role).id


@pytest.fixture
def people(session):
    return {n: make(session, n, r) for n, r in [("ada", "admin"), ("mia", "merchandiser"), ("bob", "buyer")]}


def test_accounts_are_listed_staff_first_and_searched(session, people):
    make(session, "zoe_100%", "buyer")
    listed = list_accounts(session=session, actor_id=people["ada"])
    assert [a.email for a in listed] == [
        "ada@example.org",
        "mia@example.org",
        "bob@example.org",
        "zoe_100%@example.org",
    ]
    assert [a.email for a in list_accounts(session=session, actor_id=people["ada"], search=" MIA ")] == [
        "mia@example.org"
    ]
    # LIKE wildcards in the search are plain characters
    assert [a.name for a in list_accounts(session=session, actor_id=people["ada"], search="_100%")] == ["Zoe_100%"]
    assert list_accounts(session=session, actor_id=people["ada"], search="o_1") == []
    staff = list_accounts(session=session, actor_id=people["ada"], roles=("merchandiser", "operations", "admin"))
    assert {a.role for a in staff} == {"admin", "merchandiser"}


@pytest.mark.parametrize("who", ["mia", "bob"])
def test_only_admins_list_change_or_create(session, people, who):
    actor = people[who]
    for call in (
        lambda: list_accounts(session=session, actor_id=actor),
        lambda: change_role(session=session, actor_id=actor, customer_id=people["bob"], role="admin"),
        lambda: create_staff_account(session=session, actor_id=actor, email="x@example.org", name="X", role="admin"),
    ):
        with pytest.raises(StoreError) as err:
            call()
        assert err.value.code is ErrorCode.FORBIDDEN
    assert session.get(Customer, people["bob"]).role == "buyer"
    assert session.exec(select(Customer).where(Customer.email == "x@example.org")).first() is None


def test_a_role_change_ends_every_session_of_that_account_only(session, people):
    import datetime as dt

    from store.browser_sessions import issue, recall

    hour = dt.timedelta(hours=1)
    bobs = [issue(session=session, customer_id=people["bob"], cart_token=None) for _ in range(2)]
    mias = issue(session=session, customer_id=people["mia"], cart_token=None)
    change_role(session=session, actor_id=people["ada"], customer_id=people["bob"], role="operations")
    assert [recall(session=session, token=b.token, idle=hour, lifetime=hour) for b in bobs] == [None, None]
    assert recall(session=session, token=mias.token, idle=hour, lifetime=hour) is not None


def test_a_role_change_is_audited(session, people):
    changed = change_role(session=session, actor_id=people["ada"], customer_id=people["bob"], role="operations")
    assert changed.role == "operations"
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "customer.role")).one()
    assert (entry.actor, entry.entity_id, entry.data) == (
        f"customer:{people['ada']}",
        people["bob"],
        {"before": "buyer", "after": "operations"},
    )


def test_the_last_admin_cannot_demote_themselves(session, people):
    with pytest.raises(StoreError) as err:
        change_role(session=session, actor_id=people["ada"], customer_id=people["ada"], role="merchandiser")
    assert err.value.code is ErrorCode.BAD_INPUT
    assert "yourself is the last admin" in err.value.message
    session.expire_all()
    assert session.get(Customer, people["ada"]).role == "admin"
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "customer.role")).all() == []

    change_role(session=session, actor_id=people["ada"], customer_id=people["mia"], role="admin")
    demoted = change_role(session=session, actor_id=people["ada"], customer_id=people["ada"], role="merchandiser")
    assert demoted.role == "merchandiser"  # with a second admin, stepping down is fine
    with pytest.raises(StoreError) as err:  # and the other one is now the last
        change_role(session=session, actor_id=people["mia"], customer_id=people["mia"], role="buyer")
    assert err.value.code is ErrorCode.BAD_INPUT


def test_unknown_roles_and_accounts_are_refused(session, people):
    with pytest.raises(StoreError) as err:
        change_role(session=session, actor_id=people["ada"], customer_id=people["bob"], role="owner")
    assert err.value.code is ErrorCode.BAD_INPUT
    with pytest.raises(StoreError) as err:
        change_role(session=session, actor_id=people["ada"], customer_id=999_999, role="buyer")
    assert err.value.code is ErrorCode.NOT_FOUND


def test_two_admins_demoting_themselves_at_once_leave_one_admin(engine):
    """Both read the admins before either writes (when the database lets them): one must lose."""
    with Session(engine) as s:
        ids = [make(s, "ada", "admin"), make(s, "eve", "admin")]
    both_read = threading.Barrier(2, timeout=3)
    outcomes: list[str] = []

    def wait_after_the_admin_count(state):
        result = state.invoke_statement()
        if state.is_select and "customer.role = " in str(state.statement):
            with contextlib.suppress(threading.BrokenBarrierError):
                both_read.wait()  # a row lock makes the other one wait instead: then this times out
        return result

    def step_down(me: int) -> None:
        with Session(engine) as s:
            event.listen(s, "do_orm_execute", wait_after_the_admin_count)
            try:
                change_role(session=s, actor_id=me, customer_id=me, role="merchandiser")
                outcomes.append("done")
            except StoreError as exc:
                outcomes.append(exc.code.value)

    threads = [threading.Thread(target=step_down, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["bad-input", "done"]
    with Session(engine) as s:
        assert len(s.exec(select(Customer).where(Customer.role == "admin")).all()) == 1


def test_a_staff_account_gets_a_one_time_password_that_works_once_shown(session, people):
    account, password = create_staff_account(
        session=session, actor_id=people["ada"], email=" Ops@Example.org ", name="Olga Ops", role="operations"
    )
    assert (account.email, account.role) == ("ops@example.org", "operations")
    assert len(password) >= 20
    stored = session.exec(select(Customer).where(Customer.email == "ops@example.org")).one()
    assert password not in stored.password_hash
    assert authenticate(session=session, email="ops@example.org", password=password).id == account.id
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "customer.register")).all()[-1]
    assert entry.actor == f"customer:{people['ada']}" and entry.data == {"role": "operations"}
    _, other = create_staff_account(
        session=session, actor_id=people["ada"], email="ops2@example.org", name="Otto", role="operations"
    )
    assert other != password  # never a fixed or default password


def test_creating_a_staff_account_refuses_bad_input_and_taken_addresses(session, people):
    cases = [
        ({"email": "new@example.org", "name": "N", "role": "buyer"}, ErrorCode.BAD_INPUT),
        ({"email": "new@example.org", "name": "  ", "role": "admin"}, ErrorCode.BAD_INPUT),
        ({"email": "not-an-address", "name": "N", "role": "admin"}, ErrorCode.BAD_INPUT),
        ({"email": "new@example.org", "name": "N" * 200, "role": "admin"}, ErrorCode.BAD_INPUT),
        ({"email": "MIA@example.org", "name": "Mia", "role": "admin"}, ErrorCode.EMAIL_TAKEN),
    ]
    for kwargs, code in cases:
        with pytest.raises(StoreError) as err:
            create_staff_account(session=session, actor_id=people["ada"], **kwargs)
        assert err.value.code is code, kwargs
    assert session.get(Customer, people["mia"]).role == "merchandiser"
    assert len(session.exec(select(Customer)).all()) == 3
