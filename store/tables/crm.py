"""Customer relations: stated needs, saved segments, coupon campaigns, erasures, funnel events."""

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.tables._base import CODE, JSON, TOKEN, UTCDateTime, now


class CustomerProfile(SQLModel, table=True):
    """What a customer told us they need and like: free text and tags, kept by staff.

    A member's profile hangs on the account; a guest's on the e-mail address of their orders.
    """

    __tablename__ = "customer_profile"
    __table_args__ = (CheckConstraint("(customer_id IS NULL) <> (guest_email IS NULL)", name="one_owner"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", unique=True)
    guest_email: str | None = Field(default=None, max_length=254, unique=True)
    needs: str = Field(default="", max_length=4_000)
    tags: list[str] = Field(default_factory=list, sa_type=JSON)
    updated_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    updated_by: str = Field(max_length=64)


class Segment(SQLModel, table=True):
    """A named set of rules over customers, evaluated on the server whenever it is used."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)
    rules: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, description="store.crm_rules.SegmentRules")
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    created_by: str = Field(max_length=64)
    updated_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class Campaign(SQLModel, table=True):
    """A coupon sent to the members of a segment: only its recipients may redeem the coupon."""

    id: int | None = Field(default=None, primary_key=True)
    coupon_id: int = Field(foreign_key="coupon.id", unique=True)
    segment_id: int | None = Field(default=None, foreign_key="segment.id", index=True)
    segment_name: str = Field(max_length=80, description="as it was named when the coupon was sent")
    rules: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, description="the rules as evaluated")
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    created_by: str = Field(max_length=64)


class CampaignRecipient(SQLModel, table=True):
    """One member a campaign's coupon was sent to (an e-mail in the outbox)."""

    __tablename__ = "campaign_recipient"
    __table_args__ = (UniqueConstraint("campaign_id", "customer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    notification_id: int | None = Field(default=None, foreign_key="notification_outbox.id")
    sent_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class CustomerErasure(SQLModel, table=True):
    """That a customer's personal data was erased on request (what remains is for accounting)."""

    __tablename__ = "customer_erasure"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", unique=True)
    orders: int = Field(default=0, description="orders anonymised")
    erased_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    erased_by: str = Field(max_length=64)


class FunnelEvent(SQLModel, table=True):
    """A buyer started configuring a product (once per browser visit and product)."""

    __tablename__ = "funnel_event"
    __table_args__ = (UniqueConstraint("visit", "product_code", "stage"),)

    id: int | None = Field(default=None, primary_key=True)
    stage: str = Field(default="configure", max_length=16)
    product_code: str = Field(max_length=CODE, index=True)
    visit: str = Field(max_length=TOKEN, description="a random id per browser session, nothing personal")
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime, index=True)
