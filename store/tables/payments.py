"""Payment intents: a payment attempt written down *before* the provider is asked to charge.

The intent's key is the idempotency key sent to the provider, so whatever happens afterwards
(a crash, a timeout, a refused order) the reconciler can ask the provider what became of it and
finish the order or refund the charge. See docs/payments.md.
"""

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from store.tables._base import JSON, UTCDateTime, now

# pending   -> the charge may be in flight (committed before the provider is called)
# declined  -> the provider refused the charge: nothing to give back
# captured  -> the order was written in the same transaction (`order_id`)
# refunding -> decided: the charge goes back (the refund call may still be in flight)
# refunded  -> the provider confirmed the refund
# abandoned -> the provider never charged this key: nothing to give back
INTENT_STATUSES = ("pending", "declined", "captured", "refunding", "refunded", "abandoned")


class PaymentIntent(SQLModel, table=True):
    """One payment attempt of one cart, keyed by the idempotency key the provider sees."""

    __tablename__ = "payment_intent"
    __table_args__ = (
        CheckConstraint("amount_minor >= 0", name="amount_not_negative"),
        CheckConstraint(
            "status IN ('pending', 'declined', 'captured', 'refunding', 'refunded', 'abandoned')", name="status_known"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True, description="the idempotency key sent to the provider")
    cart_id: int = Field(foreign_key="cart.id", index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    provider: str = Field(max_length=32)
    status: str = Field(default="pending", max_length=16, index=True)
    amount_minor: int
    currency: str = Field(max_length=3)
    request: dict[str, Any] = Field(
        default_factory=dict, sa_type=JSON, description="buyer, delivery, points and the cart lines as agreed"
    )
    charge_reference: str | None = Field(default=None, max_length=120)
    refund_reference: str | None = Field(default=None, max_length=120)
    order_id: int | None = Field(default=None, foreign_key="orders.id", unique=True)
    outcome: dict[str, Any] = Field(
        default_factory=dict, sa_type=JSON, description="why it was declined or refunded (error code and message)"
    )
    test_mode: bool = False
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime, index=True)
    updated_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
