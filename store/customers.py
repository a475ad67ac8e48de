"""Customer accounts: optional (guests order with contact data only), argon2 password hashes.

Sign-in is throttled per e-mail address in the database (so every app replica sees it): after
`MAX_FAILURES` wrong passwords within `WINDOW`, the address is locked for `LOCKOUT`, and no
password is even checked until then.
"""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from store.audit import audit
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.input_checks import email as checked_email
from store.input_checks import phone, problem_in, text, validated
from store.tables import Customer, CustomerCreate, CustomerPublic, SignInThrottle, now

ROLES = ("buyer", "merchandiser", "operations", "admin")
STAFF_ROLES = ROLES[1:]
MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
LOCKOUT = dt.timedelta(minutes=15)

_hasher = PasswordHasher()
# Verifying against this keeps the time of an unknown e-mail like that of a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


def _normal_email(email: str) -> str:
    return email.strip().lower()


def register(
    *, session: Session, data: CustomerCreate, role: str = "buyer", actor: str | None = None
) -> CustomerPublic:
    """Create an account; EMAIL_TAKEN if the address already has one."""
    # validated before any table sees it
    data = validated(CustomerCreate, data.model_dump() if isinstance(data, CustomerCreate) else data)
    email = checked_email(data.email)
    data = data.model_copy(
        update={
            "name": text(data.name, field="name", label="Name", limit=120, required=True),
            "phone": phone(data.phone),
        }
    )
    if "\x00" in data.password:
        raise StoreError(ErrorCode.BAD_INPUT, "Password: a control character (U+0000) is not allowed", field="password")
    if role not in ROLES:
        raise StoreError(ErrorCode.BAD_INPUT, f"unknown role {role!r}", field="role")
    try:
        with atomic(session):
            customer = Customer(
                email=email,
                name=data.name.strip(),
                phone=data.phone,
                password_hash=_hasher.hash(data.password),
                role=role,
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
        raise StoreError(ErrorCode.EMAIL_TAKEN, "an account with this e-mail exists", email=email) from None
    return public


def _throttle_row(session: Session, email: str) -> SignInThrottle:
    row = session.exec(select(SignInThrottle).where(SignInThrottle.email == email).with_for_update()).first()
    if row is None:
        row = SignInThrottle(email=email, failures=0, window_start=now())
        session.add(row)
        session.flush()
    return row


def authenticate(*, session: Session, email: str, password: str) -> CustomerPublic:
    """The account for these credentials; BAD_CREDENTIALS otherwise (same answer for both causes).

    TOO_MANY_ATTEMPTS while the address is locked after repeated failures (`retry_after` seconds).
    """
    address = _normal_email(email) if isinstance(email, str) else ""
    if not isinstance(password, str) or len(address) > 254 or problem_in(address):
        # Never stored nor looked up (PostgreSQL refuses NUL characters): the usual answer.
        raise StoreError(ErrorCode.BAD_CREDENTIALS, "wrong e-mail or password")
    refused: StoreError | None = None
    public: CustomerPublic | None = None
    try:
        with atomic(session):
            moment = now()
            throttle = session.exec(
                select(SignInThrottle).where(SignInThrottle.email == address).with_for_update()
            ).first()
            if throttle is not None and throttle.locked_until is not None and throttle.locked_until > moment:
                wait = int((throttle.locked_until - moment).total_seconds()) + 1
                refused = StoreError(
                    ErrorCode.TOO_MANY_ATTEMPTS,
                    f"too many failed sign-ins: try again in {max(wait // 60, 1)} minute(s)",
                    retry_after=wait,
                )
            else:
                customer = session.exec(select(Customer).where(Customer.email == address)).first()
                try:
                    _hasher.verify(customer.password_hash if customer else _DUMMY_HASH, password)
                except (VerificationError, InvalidHashError):
                    customer = None
                if customer is None:
                    _record_failure(session, address, moment)
                    refused = StoreError(ErrorCode.BAD_CREDENTIALS, "wrong e-mail or password")
                else:
                    if throttle is not None:
                        session.delete(throttle)
                    if _hasher.check_needs_rehash(customer.password_hash):
                        customer.password_hash = _hasher.hash(password)
                    public = CustomerPublic.model_validate(customer)
    except IntegrityError:
        # Another replica recorded the first failure of this address at the same moment.
        refused = StoreError(ErrorCode.BAD_CREDENTIALS, "wrong e-mail or password")
    if refused is not None:
        raise refused
    assert public is not None
    return public


def _record_failure(session: Session, email: str, moment: dt.datetime) -> None:
    row = _throttle_row(session, email)
    if moment - row.window_start > WINDOW:
        row.failures, row.window_start, row.locked_until = 0, moment, None
    row.failures += 1
    if row.failures >= MAX_FAILURES:
        row.locked_until = moment + LOCKOUT
        row.failures, row.window_start = 0, moment
        audit(session=session, actor="system", action="customer.sign-in-locked", entity=row, data={"email": email})
    session.add(row)


def get_customer(*, session: Session, customer_id: int) -> CustomerPublic:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise StoreError(ErrorCode.NOT_FOUND, "no such customer")
    return CustomerPublic.model_validate(customer)


def set_role(*, session: Session, customer_id: int, role: str, actor: str) -> CustomerPublic:
    """Give an account another role (admins do this); audited with the role before and after."""
    if role not in ROLES:
        raise StoreError(ErrorCode.BAD_INPUT, f"unknown role {role!r}", field="role")
    with atomic(session):
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise StoreError(ErrorCode.NOT_FOUND, "no such customer")
        before = customer.role
        customer.role = role
        session.add(customer)
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
    address = _normal_email(email)
    existing = session.exec(select(Customer).where(Customer.email == address)).first()
    if existing is None:
        return register(
            session=session, data=CustomerCreate(email=address, name=name, password=password), role="admin", actor="cli"
        )
    CustomerCreate(email=address, name=name, password=password)  # same password rules
    with atomic(session):
        customer = session.exec(select(Customer).where(Customer.email == address)).one()
        before = customer.role
        customer.role = "admin"
        customer.password_hash = _hasher.hash(password)
        session.add(customer)
        audit(
            session=session,
            actor="cli",
            action="customer.role",
            entity=customer,
            data={"before": before, "after": "admin"},
        )
        return CustomerPublic.model_validate(customer)
