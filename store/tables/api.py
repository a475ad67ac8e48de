"""What the headless API keeps: staff bearer tokens (hashed) and the requests an idempotency key
was first used for (hashed)."""

import datetime as dt

from sqlmodel import Field, SQLModel

from store.tables._base import UTCDateTime, now


class ApiToken(SQLModel, table=True):
    """A staff account's API bearer token. Only its SHA-256 is kept: a copy of the table lets
    nobody in. It ends at `expires_at`, when revoked, and with every session of the account
    (sign-out everywhere, a new password or role, deactivation: `store.browser_sessions.revoke_all`)."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, description="sha256 of the bearer token, hex")
    customer_id: int = Field(foreign_key="customer.id", index=True)
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    expires_at: dt.datetime = Field(sa_type=UTCDateTime, index=True)
    last_used_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class IdempotentRequest(SQLModel, table=True):
    """The request an `Idempotency-Key` was first used with (a hash of it): the same key with
    another request is refused instead of answered with the first request's result."""

    __tablename__ = "idempotent_request"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    fingerprint: str = Field(max_length=64, description="sha256 of the request (no card number), hex")
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
