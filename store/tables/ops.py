"""Operations: the audit log and the notification outbox."""

import datetime as dt
from typing import Any

from sqlmodel import Field, SQLModel

from store.tables._base import JSON, UTCDateTime, now


class AuditEntry(SQLModel, table=True):
    """Who changed what: one row per business action, written in the action's transaction."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    actor: str = Field(max_length=64)
    action: str = Field(max_length=64, index=True)
    entity: str = Field(max_length=32)
    entity_id: int | None = None
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class Notification(SQLModel, table=True):
    """An email to send, written in the same transaction as the change it reports (outbox)."""

    __tablename__ = "notification_outbox"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int | None = Field(default=None, foreign_key="orders.id", index=True)
    recipient: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    body: str = Field(max_length=20_000)
    status: str = Field(default="pending", max_length=16, index=True, description="pending | sent | failed")
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    sent_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
