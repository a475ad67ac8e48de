"""Customer accounts: optional (guests order with contact data only), argon2 password hashes.

Passwords follow `store.passwords` (NIST 800-63B: 12 characters or more, not a common one, no
composition rules); e-mail addresses are checked with `email-validator` (syntax only, no DNS).
Sign-in and its throttling live in `store.sign_in` (re-exported here).
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from i18n.words import N_
from store.audit import audit
from store.browser_sessions import revoke_all
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.input_checks import phone, text, validated
from store.passwords import check_password, hash_password
from store.sign_in import MAX_FAILURES, authenticate, normal_email
from store.states import ROLES, Role
from store.tables import Customer, CustomerCreate, CustomerPublic

__all__ = ["MAX_FAILURES", "authenticate", "check_email", "register"]


def check_email(email: str) -> str:
    """The address, normalised (trimmed, lower-case); BAD_INPUT (field email) saying what is wrong."""
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise StoreError(ErrorCode.BAD_INPUT, f"E-mail address is not valid: {exc}", field="email") from None
    return normal_email(checked.normalized)


def register(
    *,
    session: Session,
    data: CustomerCreate,
    role: str = "buyer",
    actor: str | None = None,
    must_change_password: bool = False,
) -> CustomerPublic:
    """Create an account; EMAIL_TAKEN if the address already has one, BAD_INPUT (with the field)
    for an invalid address, a refused password or a blank name."""
    # validated before any table sees it
    data = validated(CustomerCreate, data.model_dump() if isinstance(data, CustomerCreate) else data)
    email = check_email(data.email)
    data = data.model_copy(
        update={
            "name": text(data.name, field="name", label=N_("Name"), limit=120, required=True),
            "phone": phone(data.phone),
        }
    )
    if "\x00" in data.password:
        raise StoreError(
            ErrorCode.BAD_INPUT, N_("Password: a control character (U+0000) is not allowed"), field="password"
        )
    if role not in ROLES:
        raise StoreError(ErrorCode.BAD_INPUT, f"unknown role {role!r}", field="role")
    if not data.name.strip():
        raise StoreError(ErrorCode.BAD_INPUT, N_("Name should not be empty"), field="name")
    check_password(data.password, email=email, name=data.name)
    try:
        with atomic(session):
            customer = Customer(
                email=email,
                name=data.name.strip(),
                phone=data.phone,
                password_hash=hash_password(data.password),
                role=Role(role),
                must_change_password=must_change_password,
            )
            session.add(customer)
            session.flush()
            audit(
                session=session,
                actor=actor or f"customer:{customer.id}",
                action="customer.register",
                entity=customer,
                data={"role": role},
            )
            public = CustomerPublic.model_validate(customer)
    except IntegrityError:
        raise StoreError(ErrorCode.EMAIL_TAKEN, N_("an account with this e-mail exists"), email=email) from None
    return public


def get_customer(*, session: Session, customer_id: int) -> CustomerPublic:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise StoreError(ErrorCode.NOT_FOUND, "no such customer")
    return CustomerPublic.model_validate(customer)


def set_role(*, session: Session, customer_id: int, role: str, actor: str) -> CustomerPublic:
    """Give an account another role (admins do this); audited with the role before and after.

    Every session of the account ends: it signs in again (with a new token) under its new role.
    """
    if role not in ROLES:
        raise StoreError(ErrorCode.BAD_INPUT, f"unknown role {role!r}", field="role")
    with atomic(session):
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise StoreError(ErrorCode.NOT_FOUND, "no such customer")
        before = customer.role
        customer.role = Role(role)
        session.add(customer)
        if before != role:  # the account signs in again and gets a new session token
            revoke_all(session=session, customer_id=customer_id)
        audit(
            session=session,
            actor=actor,
            action="customer.role",
            entity=customer,
            data={"before": before, "after": role},
        )
        return CustomerPublic.model_validate(customer)


def create_admin(*, session: Session, email: str, name: str, password: str) -> CustomerPublic:
    """A new admin account, or an existing account promoted to admin (its password is then reset)."""
    address = check_email(email)
    existing = session.exec(select(Customer).where(Customer.email == address)).first()
    if existing is None:
        return register(
            session=session, data=CustomerCreate(email=address, name=name, password=password), role="admin", actor="cli"
        )
    check_password(password, email=address, name=name)  # same password rules
    with atomic(session):
        customer = session.exec(select(Customer).where(Customer.email == address)).one()
        assert customer.id is not None  # a stored row
        before = customer.role
        customer.role = Role.ADMIN
        customer.password_hash = hash_password(password)
        revoke_all(session=session, customer_id=customer.id)  # a new password: every session ends
        session.add(customer)
        audit(
            session=session,
            actor="cli",
            action="customer.role",
            entity=customer,
            data={"before": before, "after": "admin"},
        )
        return CustomerPublic.model_validate(customer)
