"""Sign-in protection: throttles (failures per account and per client address), the browsers an
account has signed in from, and the one-time codes sent by e-mail (unlock, reset, verification)."""

import datetime as dt

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from store.tables._base import UTCDateTime, now


class Throttle(SQLModel, table=True):
    """Recent failures (or requests) of one kind for one subject, shared by every app replica.

    `scope` is sign-in-account (subject: the e-mail address), sign-in-address, sign-up-address or
    reset-address (subject: the client's network address) or reset-account.
    """

    __tablename__ = "throttle"
    __table_args__ = (UniqueConstraint("scope", "subject"),)

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=32)
    subject: str = Field(max_length=254)
    count: int = 0
    window_start: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    next_allowed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    notified_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime, description="unlock e-mail sent")


class KnownDevice(SQLModel, table=True):
    """A browser that has signed in to an account (its device cookie's token, hashed): its owner's
    right password lets it in even while someone else's guesses slow the account down."""

    __tablename__ = "known_device"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    last_used_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class AccountCode(SQLModel, table=True):
    """A one-time code sent by e-mail (only its hash is kept): unlock, reset or verify."""

    __tablename__ = "account_code"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    purpose: str = Field(max_length=16, description="unlock | reset | verify")
    code_hash: str = Field(max_length=64, unique=True)
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    expires_at: dt.datetime = Field(sa_type=UTCDateTime)
    used_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
