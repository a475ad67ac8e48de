"""After-sales: returns and exchanges, reviews with merchant replies, support messages."""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint
from sqlmodel import Field, SQLModel

from store.states import ReturnStatus
from store.tables._base import EnumText, UTCDateTime, now


class ReturnRequestBase(SQLModel):
    kind: str = Field(max_length=16, description="return | exchange")
    reason: str = Field(max_length=2_000)
    order_line_id: int | None = Field(default=None, description="exchange: the line to replace")
    replacement_selection: dict[str, Any] | None = Field(
        default=None, sa_type=JSON, description="exchange: module code -> value wanted instead"
    )


class ReturnRequest(ReturnRequestBase, table=True):
    __tablename__ = "return_request"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    order_line_id: int | None = Field(default=None, foreign_key="order_line.id")
    replacement_order_id: int | None = Field(default=None, foreign_key="orders.id", description="set on approval")
    status: ReturnStatus = Field(default=ReturnStatus.REQUESTED, sa_type=EnumText(ReturnStatus, 16))
    refund_minor: int = 0
    currency: str = Field(max_length=3)
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    resolved_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class ReturnRequestCreate(ReturnRequestBase):
    pass


class ReturnRequestPublic(ReturnRequestBase):
    id: int
    status: ReturnStatus
    refund_minor: int
    currency: str
    created_at: dt.datetime
    resolved_at: dt.datetime | None
    item: str | None = None  # exchange: "Item 1: Custom mug", the line to replace
    changes: list[str] = []  # exchange: "Size: Small -> Large", filled in by the store's readers
    replacement_token: str | None = None  # the replacement order's private link, once approved


def _stars(name: str) -> CheckConstraint:
    return CheckConstraint(f"{name} BETWEEN 1 AND 5", name=f"{name}_stars")


class ReviewBase(SQLModel):
    overall: int = Field(ge=1, le=5)
    product_quality: int = Field(ge=1, le=5)
    delivery_speed: int = Field(ge=1, le=5)
    service: int = Field(ge=1, le=5)
    text: str = Field(default="", max_length=4_000)


class Review(ReviewBase, table=True):
    """One review per delivered order line."""

    __table_args__ = tuple(_stars(n) for n in ("overall", "product_quality", "delivery_speed", "service"))

    id: int | None = Field(default=None, primary_key=True)
    order_line_id: int = Field(foreign_key="order_line.id", unique=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    product_code: str = Field(max_length=64, index=True)
    author_name: str = Field(max_length=120)
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class ReviewCreate(ReviewBase):
    pass


class ReviewPublic(ReviewBase):
    id: int
    product_code: str
    author_name: str
    created_at: dt.datetime
    reply: str | None = None


class MerchantReply(SQLModel, table=True):
    __tablename__ = "merchant_reply"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", unique=True)
    text: str = Field(max_length=4_000)
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class SupportMessageBase(SQLModel):
    body: str = Field(min_length=1, max_length=4_000)


class SupportMessage(SupportMessageBase, table=True):
    """A message between the buyer and the merchant about one order."""

    __tablename__ = "support_message"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    author: str = Field(max_length=16, description="buyer | merchant")
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class SupportMessageCreate(SupportMessageBase):
    pass


class SupportMessagePublic(SupportMessageBase):
    author: str
    created_at: dt.datetime
