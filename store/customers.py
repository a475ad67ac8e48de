"""Customer accounts: optional (guests order with contact data only), argon2 password hashes."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from store.audit import audit
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.tables import Customer, CustomerCreate, CustomerPublic

_hasher = PasswordHasher()
# Verifying against this keeps the time of an unknown e-mail like that of a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


def _normal_email(email: str) -> str:
    return email.strip().lower()


def register(*, session: Session, data: CustomerCreate) -> CustomerPublic:
    """Create an account; EMAIL_TAKEN if the address already has one."""
    data = CustomerCreate.model_validate(data.model_dump())  # validated before any table sees it
    email = _normal_email(data.email)
    if "@" not in email:
        raise StoreError(ErrorCode.BAD_INPUT, "this is not an e-mail address", field="email")
    try:
        with atomic(session):
            customer = Customer(
                email=email, name=data.name.strip(), phone=data.phone, password_hash=_hasher.hash(data.password)
            )
            session.add(customer)
            session.flush()
            audit(session=session, actor=f"customer:{customer.id}", action="customer.register", entity=customer)
            public = CustomerPublic.model_validate(customer)
    except IntegrityError:
        raise StoreError(ErrorCode.EMAIL_TAKEN, "an account with this e-mail exists", email=email) from None
    return public


def authenticate(*, session: Session, email: str, password: str) -> CustomerPublic:
    """The account for these credentials; BAD_CREDENTIALS otherwise (same answer for both causes)."""
    with atomic(session):
        customer = session.exec(select(Customer).where(Customer.email == _normal_email(email))).first()
        try:
            _hasher.verify(customer.password_hash if customer else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            customer = None
        if customer is None:
            raise StoreError(ErrorCode.BAD_CREDENTIALS, "wrong e-mail or password")
        if _hasher.check_needs_rehash(customer.password_hash):
            customer.password_hash = _hasher.hash(password)
        return CustomerPublic.model_validate(customer)


def get_customer(*, session: Session, customer_id: int) -> CustomerPublic:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise StoreError(ErrorCode.NOT_FOUND, "no such customer")
    return CustomerPublic.model_validate(customer)
