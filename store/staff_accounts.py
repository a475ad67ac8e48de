"""Staff accounts, for admins: list and search accounts, change a role, create a staff account.

Every action re-checks that the actor is an admin inside its transaction. The last admin can never
lose the role (not even by demoting themselves), so the shop always keeps someone who can manage
accounts. A new staff account gets a one-time random password, returned once and stored only as
its argon2 hash (there is no default password), and must choose its own at its first sign-in.
A deactivated account cannot sign in and its sessions end at once.
"""

from __future__ import annotations

import secrets

from pydantic import ValidationError
from sqlalchemy import case, func, or_
from sqlmodel import Session, col, select

from store.audit import audit
from store.browser_sessions import revoke_all
from store.customers import register, set_role
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.staff import authorize
from store.states import ADMIN, ROLES, STAFF_ROLES
from store.tables import Customer, CustomerCreate, CustomerPublic

MAX_LISTED = 200
ONE_TIME_PASSWORD_BYTES = 15  # 20 URL-safe characters, about 120 bits


def list_accounts(
    *, session: Session, actor_id: int, search: str = "", roles: tuple[str, ...] = ROLES, limit: int = MAX_LISTED
) -> list[CustomerPublic]:
    """Accounts whose e-mail or name contains `search` (any case), with one of `roles`; staff first."""
    with atomic(session):
        authorize(session=session, actor_id=actor_id, roles=ADMIN)
        query = select(Customer).where(col(Customer.role).in_(roles))
        words = search.strip().lower()
        if words:
            pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(
                or_(
                    func.lower(Customer.email).like(pattern, escape="\\"),
                    func.lower(Customer.name).like(pattern, escape="\\"),
                )
            )
        staff_first = case({r: i for i, r in enumerate(reversed(ROLES))}, value=col(Customer.role))
        query = query.order_by(staff_first, col(Customer.email)).limit(max(1, min(limit, MAX_LISTED)))
        return [CustomerPublic.model_validate(c) for c in session.exec(query).all()]


def change_role(*, session: Session, actor_id: int, customer_id: int, role: str) -> CustomerPublic:
    """Give an account another role (audited by `store.customers.set_role`).

    BAD_INPUT when this would leave the shop without an admin.
    """
    if role not in ROLES:
        raise StoreError(ErrorCode.BAD_INPUT, f"unknown role {role!r}", field="role")
    with atomic(session):
        actor = authorize(session=session, actor_id=actor_id, roles=ADMIN)
        # Lock the admin rows: two admins demoting each other at once cannot both succeed.
        admins = session.exec(select(Customer).where(Customer.role == "admin").with_for_update()).all()
        target = session.get(Customer, customer_id)
        if target is None:
            raise StoreError(ErrorCode.NOT_FOUND, "no such account")
        if target.role == "admin" and role != "admin" and len(admins) <= 1:
            who = "yourself" if target.id == actor_id else f"{target.name} (account {target.id})"
            raise StoreError(
                ErrorCode.BAD_INPUT,
                f"{who} is the last admin: make another account admin first",
                field="role",
            )
        return set_role(session=session, customer_id=customer_id, role=role, actor=actor)


def one_time_password() -> str:
    return secrets.token_urlsafe(ONE_TIME_PASSWORD_BYTES)


def create_staff_account(
    *, session: Session, actor_id: int, email: str, name: str, role: str
) -> tuple[CustomerPublic, str]:
    """A new staff account and its one-time password (shown once to the admin, never stored).

    EMAIL_TAKEN if the address has an account (give that account a role instead).
    """
    if role not in STAFF_ROLES:
        raise StoreError(ErrorCode.BAD_INPUT, f"a staff account is one of {', '.join(STAFF_ROLES)}", field="role")
    if not name.strip():
        raise StoreError(ErrorCode.BAD_INPUT, "give the account a name", field="name")
    password = one_time_password()
    try:
        data = CustomerCreate(email=email.strip(), name=name.strip(), password=password)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "account"
        raise StoreError(ErrorCode.BAD_INPUT, f"{field}: {first['msg']}", field=field) from None
    with atomic(session):  # register's own commit ends this one transaction, role check included
        actor = authorize(session=session, actor_id=actor_id, roles=ADMIN)
        account = register(session=session, data=data, role=role, actor=actor, must_change_password=True)
    return account, password


def set_active(*, session: Session, actor_id: int, customer_id: int, active: bool) -> CustomerPublic:
    """Deactivate a staff account (it cannot sign in; every session of it ends at once) or make it
    active again. Admins only; never oneself, never the last active admin. Audited."""
    with atomic(session):
        actor = authorize(session=session, actor_id=actor_id, roles=ADMIN)
        admins = session.exec(
            select(Customer).where(Customer.role == "admin", Customer.active == True).with_for_update()  # noqa: E712
        ).all()
        target = session.get(Customer, customer_id)
        if target is None:
            raise StoreError(ErrorCode.NOT_FOUND, "no such account")
        if target.role not in STAFF_ROLES:
            raise StoreError(ErrorCode.BAD_INPUT, "only staff accounts are deactivated here", field="account")
        if not active and target.id == actor_id:
            raise StoreError(ErrorCode.BAD_INPUT, "you cannot deactivate your own account", field="account")
        if not active and target.role == "admin" and target.active and len(admins) <= 1:
            raise StoreError(ErrorCode.BAD_INPUT, "the last active admin cannot be deactivated", field="account")
        target.active = active
        session.add(target)
        if not active:
            revoke_all(session=session, customer_id=customer_id)
        audit(
            session=session,
            actor=actor,
            action="customer.activate" if active else "customer.deactivate",
            entity=target,
            data={},
        )
        return CustomerPublic.model_validate(target)
