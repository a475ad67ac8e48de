"""Coupons, their redemptions, and loyalty points."""

import datetime as dt

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.tables._base import CODE, UTCDateTime, now


class CouponBase(SQLModel):
    code: str = Field(max_length=CODE)
    percent_off: int | None = Field(default=None, ge=1, le=100)
    amount_off_minor: int | None = Field(default=None, ge=1)
    currency: str = Field(default="EUR", max_length=3)
    min_subtotal_minor: int = 0
    valid_from: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    valid_until: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    max_redemptions: int | None = Field(default=None, ge=1)


class Coupon(CouponBase, table=True):
    __table_args__ = (
        CheckConstraint("(percent_off IS NULL) <> (amount_off_minor IS NULL)", name="one_discount"),
        CheckConstraint("max_redemptions IS NULL OR redeemed_count <= max_redemptions", name="not_over_redeemed"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=CODE, unique=True)
    redeemed_count: int = 0
    active: bool = True


class CouponCreate(CouponBase):
    pass


class CouponRedemption(SQLModel, table=True):
    __tablename__ = "coupon_redemption"
    __table_args__ = (UniqueConstraint("coupon_id", "order_id"),)

    id: int | None = Field(default=None, primary_key=True)
    coupon_id: int = Field(foreign_key="coupon.id", index=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    amount_minor: int
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class LoyaltyEntry(SQLModel, table=True):
    """Points earned (+) or spent/withdrawn (-); a customer's balance is the sum."""

    __tablename__ = "loyalty_entry"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    order_id: int | None = Field(default=None, foreign_key="orders.id")
    points: int
    reason: str = Field(max_length=120)
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
