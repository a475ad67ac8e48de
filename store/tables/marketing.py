"""Coupons, their redemptions, and loyalty points."""

import datetime as dt

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.tables._base import JSON, UTCDateTime, now


class CouponBase(SQLModel):
    """The fields of `pricing.shop.Coupon` (pricing computes the discount; the store counts uses)."""

    code: str = Field(max_length=32, description="upper-case, as buyers type it")
    label: str = Field(max_length=120, description="its name in English")
    labels: dict[str, str] = Field(
        default_factory=dict,
        sa_type=JSON,
        sa_column_kwargs={"server_default": "{}"},
        description="its name in other buyer languages: language code (es, pt, ru, zh_Hans) -> name",
    )
    kind: str = Field(max_length=16, description="percent | fixed | free-shipping")
    percent: int | None = Field(default=None, ge=1, le=100)
    amount_minor: int | None = Field(default=None, ge=1)
    currency: str = Field(default="EUR", max_length=3)
    minimum_spend_minor: int = 0
    products: list[str] = Field(default_factory=list, sa_type=JSON)
    modules: list[str] = Field(default_factory=list, sa_type=JSON)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    max_uses: int | None = Field(default=None, ge=0)
    max_uses_per_customer: int | None = Field(default=None, ge=0)
    members_only: bool = False


class Coupon(CouponBase, table=True):
    __table_args__ = (CheckConstraint("max_uses IS NULL OR uses <= max_uses", name="not_over_used"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    uses: int = 0
    active: bool = True


class CouponCreate(CouponBase):
    pass


class CouponRedemption(SQLModel, table=True):
    __tablename__ = "coupon_redemption"
    __table_args__ = (UniqueConstraint("coupon_id", "order_id"),)

    id: int | None = Field(default=None, primary_key=True)
    coupon_id: int = Field(foreign_key="coupon.id", index=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
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
