"""Browser sessions: what a browser is remembered by across reloads (a cookie holds the token)."""

import datetime as dt
from typing import Any

from sqlmodel import Field, SQLModel

from store.tables._base import JSON, TOKEN, UTCDateTime, now


class BrowserSession(SQLModel, table=True):
    """The sign-in and the open cart of one browser. Only a hash of the cookie's token is stored;
    every token is made by the server (`store.browser_sessions.issue`)."""

    __tablename__ = "browser_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, description="sha256 of the cookie's token, hex")
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    signed_in_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    cart_token: str | None = Field(default=None, max_length=TOKEN)
    language: str | None = Field(default=None, max_length=8, description="the buyer language chosen in this browser")
    work: dict[str, Any] = Field(
        default_factory=dict,
        sa_type=JSON,
        sa_column_kwargs={"server_default": "{}"},
        description="product code -> the design in progress that holds the buyer's pictures: {selection, artwork}",
    )
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    last_seen_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime, index=True)
    handoff_hash: str | None = Field(
        default=None, max_length=64, unique=True, description="sha256 of the one-time code that sets the cookie"
    )
    handoff_seal: str | None = Field(default=None, max_length=64, description="the token XOR a hash of the code, hex")
    handoff_until: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    device_seal: str | None = Field(
        default=None, max_length=64, description="a new device token sealed like the session token, hex"
    )
