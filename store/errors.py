"""Structured errors of the store's services: a code the page can branch on, and data.

>>> err = StoreError(ErrorCode.PRICE_CHANGED, "the price changed", expected_minor=100, total_minor=120)
>>> err.code.value, err.data["total_minor"]
('price-changed', 120)
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    NOT_FOUND = "not-found"  # also for someone else's order: we never confirm it exists
    CART_EMPTY = "cart-empty"
    CART_CLOSED = "cart-closed"
    INVALID_LINE = "invalid-line"  # a cart line no longer makes a valid product
    PRODUCT_UNAVAILABLE = "product-unavailable"
    PRICE_CHANGED = "price-changed"  # the buyer must confirm the new total
    PAYMENT_DECLINED = "payment-declined"
    ILLEGAL_TRANSITION = "illegal-transition"
    RETURN_WINDOW_CLOSED = "return-window-closed"
    NOT_DELIVERED = "not-delivered"
    ALREADY_REVIEWED = "already-reviewed"
    ALREADY_REPLIED = "already-replied"
    EMAIL_TAKEN = "email-taken"
    BAD_CREDENTIALS = "bad-credentials"
    TOO_MANY_ATTEMPTS = "too-many-attempts"  # sign-in throttled after repeated failures
    FORBIDDEN = "forbidden"  # the signed-in account's role may not do this
    STALE_DRAFT = "stale-draft"  # someone saved the draft since it was opened
    COUPON_INVALID = "coupon-invalid"
    BAD_INPUT = "bad-input"


class StoreError(Exception):
    """A business rule said no. Nothing was written (the action's transaction rolled back)."""

    def __init__(self, code: ErrorCode, message: str, **data: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data

    def __repr__(self) -> str:
        return f"StoreError({self.code.value!r}, {self.message!r}, {self.data!r})"
