"""Request and response bodies of guest checkout."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.responses import MoneyIn, MoneyOut
from api.schemas_carts import ADDRESS_EXAMPLE, AddressIn
from api.schemas_common import LANGUAGE_HELP
from store.payments import TEST_CARD_OK


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254, description="where the confirmation and updates go")
    name: str = Field(max_length=120)
    phone: str | None = Field(default=None, max_length=40)


class PaymentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    card: str = Field(
        max_length=64,
        description=(
            "card number; with the test payment provider 4242 4242 4242 4242 succeeds and "
            "4000 0000 0000 0002 is declined"
        ),
    )


CHECKOUT_EXAMPLE: dict[str, Any] = {
    "contact": {"email": "ana@example.org", "name": "Ana Lima"},
    "address": ADDRESS_EXAMPLE,
    "shipping": "standard",
    "payment": {"card": TEST_CARD_OK},
    "expected_total": {"amount": "59.70", "currency": "EUR"},
}


class CheckoutIn(BaseModel):
    """Who orders, where it goes, how it ships and is paid, and the total the buyer saw."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [CHECKOUT_EXAMPLE]})

    contact: ContactIn
    address: AddressIn
    shipping: str | None = Field(default=None, max_length=64, description="a shipping option's code; none: default")
    payment: PaymentIn
    expected_total: MoneyIn = Field(
        description="the total the buyer saw (`totals.total` of the cart quoted for this address and shipping); "
        "a different server total is refused with `price-changed` and nothing is charged"
    )
    language: Annotated[str, StringConstraints(max_length=35)] | None = Field(
        default=None, description=f"{LANGUAGE_HELP} (also of the e-mails about the order)"
    )

    def fingerprint_data(self, cart: str) -> dict[str, Any]:
        """What identifies this request for its idempotency key: everything but the card number
        (only its last four digits), which is never stored, not even hashed."""
        digits = "".join(ch for ch in self.payment.card if ch.isdigit())
        body = self.model_dump(mode="json", exclude={"payment"})
        return {"cart": cart, "body": body, "card_last4": digits[-4:]}


class CheckoutOut(BaseModel):
    """The order placed: keep `token`, it is the only way to track it without an account."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "number": 12,
                    "token": "k1F9...",
                    "status": "paid",
                    "status_label": "Paid",
                    "total": {"amount": "59.70", "currency": "EUR", "display": "€59.70"},
                    "placed_at": "2026-12-01T10:00:00Z",
                    "promised_delivery": "2026-12-09",
                }
            ]
        }
    )

    number: int = Field(description="the order number buyer and shop quote to each other")
    token: str = Field(description="the order's private token (tracking, messages, returns, reviews)")
    status: str
    status_label: str
    total: MoneyOut
    placed_at: dt.datetime
    promised_delivery: dt.date | None
