"""Orders, their lines (a full snapshot of what was sold), events and payments."""

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.states import OrderStatus
from store.tables._base import CODE, JSON, TOKEN, EnumText, UTCDateTime, new_token, now


class OrderBase(SQLModel):
    contact_email: str = Field(max_length=254)
    contact_name: str = Field(max_length=120)
    contact_phone: str | None = Field(default=None, max_length=40)
    ship_name: str = Field(max_length=120)
    ship_line1: str = Field(max_length=200)
    ship_line2: str = Field(default="", max_length=200)
    ship_postal_code: str = Field(max_length=20)
    ship_city: str = Field(max_length=120)
    ship_country: str = Field(max_length=2, description="ISO 3166-1 alpha-2")


class Order(OrderBase, table=True):
    """An order. Buyers see it by `token` (unguessable); `id` is internal only."""

    __tablename__ = "orders"
    __table_args__ = (CheckConstraint("total_minor >= 0", name="total_not_negative"),)

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(default_factory=new_token, max_length=TOKEN, unique=True)
    idempotency_key: str = Field(max_length=200, unique=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    cart_id: int | None = Field(default=None, foreign_key="cart.id")
    status: OrderStatus = Field(default=OrderStatus.PLACED, sa_type=EnumText(OrderStatus, 24), index=True)
    currency: str = Field(max_length=3)
    language: str = Field(
        default="en", max_length=8, sa_column_kwargs={"server_default": "en"}, description="of the buyer's e-mails"
    )
    subtotal_minor: int
    discount_minor: int = 0
    shipping_minor: int = 0
    tax_minor: int = Field(default=0, description="tax included in the total")
    total_minor: int
    coupon_code: str | None = Field(default=None, max_length=CODE)
    pricing: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, description="the server's quote, as sold")
    promised_delivery: dt.date | None = None
    stock_restored: bool = Field(default=False, description="set once, by the cancel or refund that gives stock back")
    placed_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    delivered_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class OrderPublic(OrderBase):
    token: str
    status: OrderStatus
    currency: str
    language: str = "en"  # of the buyer's e-mails and documents
    subtotal_minor: int
    discount_minor: int
    shipping_minor: int
    tax_minor: int
    total_minor: int
    promised_delivery: dt.date | None
    placed_at: dt.datetime
    delivered_at: dt.datetime | None


class OrderLineBase(SQLModel):
    position: int = Field(ge=1)
    product_code: str = Field(max_length=CODE)
    product_name: str = Field(max_length=120)
    quantity: int = Field(ge=1)
    unit_price_minor: int
    line_total_minor: int
    currency: str = Field(max_length=3)
    catalog_version: int
    catalog_fingerprint: str = Field(max_length=64)
    configuration: dict[str, Any] = Field(sa_type=JSON, description="module code -> value, as ordered")
    snapshot: dict[str, Any] = Field(sa_type=JSON, description="names, codes, prices and BOM as sold")


class OrderLine(OrderLineBase, table=True):
    __tablename__ = "order_line"
    __table_args__ = (UniqueConstraint("order_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    catalog_version_id: int = Field(foreign_key="catalog_version.id")


class OrderLinePublic(OrderLineBase):
    id: int


class OrderEventBase(SQLModel):
    status: OrderStatus = Field(sa_type=EnumText(OrderStatus, 24), description="the order's status after this event")
    message: str = Field(max_length=500)
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class OrderEvent(OrderEventBase, table=True):
    """One step of an order's history; the buyer's tracking page lists these."""

    __tablename__ = "order_event"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    previous_status: OrderStatus | None = Field(default=None, sa_type=EnumText(OrderStatus, 24))
    actor: str = Field(max_length=64, description="buyer, merchant, system")


class OrderEventPublic(OrderEventBase):
    pass


class Payment(SQLModel, table=True):
    """A charge or refund through a payment provider (the test provider says so in `test_mode`)."""

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    provider: str = Field(max_length=32)
    kind: str = Field(max_length=16, description="charge | refund")
    reference: str = Field(max_length=120)
    amount_minor: int
    currency: str = Field(max_length=3)
    test_mode: bool
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
