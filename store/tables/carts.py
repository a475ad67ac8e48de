"""Carts ("virtual assembly room"): several configured items before checkout."""

import datetime as dt
from typing import Any

from sqlmodel import Field, SQLModel

from store.tables._base import CODE, JSON, TOKEN, UTCDateTime, new_token, now


class CartBase(SQLModel):
    currency: str = Field(default="EUR", max_length=3)
    coupon_code: str | None = Field(default=None, max_length=CODE)


class Cart(CartBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(default_factory=new_token, max_length=TOKEN, unique=True, description="private to the buyer")
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    status: str = Field(default="open", max_length=16, description="open | ordered")
    redeem_points: int = Field(
        default=0, ge=0, sa_column_kwargs={"server_default": "0"}, description="loyalty points the buyer chose to spend"
    )
    checkout_key: str | None = Field(
        default=None, max_length=TOKEN, description="idempotency key of the next payment attempt (kept across reloads)"
    )
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class CartPublic(CartBase):
    token: str
    status: str
    redeem_points: int = 0


class CartLineBase(SQLModel):
    product_code: str = Field(max_length=CODE)
    selection: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, description="module code -> raw value")
    quantity: int = Field(default=1, ge=1, le=10_000)
    artwork: dict[str, Any] = Field(
        default_factory=dict,
        sa_type=JSON,
        sa_column_kwargs={"server_default": "{}"},
        description="print zone code -> the buyer's picture placed there: {sha256, x, y, scale}",
    )


class CartLine(CartLineBase, table=True):
    __tablename__ = "cart_line"

    id: int | None = Field(default=None, primary_key=True)
    cart_id: int = Field(foreign_key="cart.id", index=True)
    catalog_version_id: int = Field(foreign_key="catalog_version.id")
    quoted_unit_minor: int = Field(description="unit price shown when the line was added (minor units)")
    added_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class CartLineCreate(CartLineBase):
    pass


class CartLinePublic(CartLineBase):
    id: int
    catalog_version_id: int
    quoted_unit_minor: int
