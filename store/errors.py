"""Structured errors of the store's services: a code the page can branch on, and data.

>>> err = StoreError(ErrorCode.PRICE_CHANGED, "the price changed", expected_minor=100, total_minor=120)
>>> err.code.value, err.data["total_minor"]
('price-changed', 120)

The services speak English and stay language-neutral: a message a buyer may read is marked with
`N_` (so the message catalogs hold it) and, when it carries figures, made with `StoreError.worded`
from a template and its parameters. The page translates the template and fills the parameters
in the buyer's language (`ui.actions.refusal`).

>>> late = StoreError.worded(ErrorCode.BAD_INPUT, "returns close {days} days after delivery", {"days": 30})
>>> late.message, late.template, late.params
('returns close 30 days after delivery', 'returns close {days} days after delivery', {'days': 30})

A refusal of typed input says why for each field (`reasons`: field -> `Reason`, and the English
`labels` of those fields): a reason reads as English text (the API sends it as is) and keeps
its template and figures, so a page shows it under the field in the buyer's language.

>>> why = Reason("at most {limit} characters ({given} given)", limit=120, given=3000)
>>> why, why.template, why.params
('at most 120 characters (3,000 given)', 'at most {limit} characters ({given} given)', {'limit': 120, 'given': 3000})
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any


def english(template: str, params: Mapping[str, Any]) -> str:
    """`template` filled with `params`, whole numbers grouped the English way (3,000)."""
    if not params:
        return template
    return template.format(**{key: f"{value:,}" if type(value) is int else value for key, value in params.items()})


class Reason(str):
    """Why a typed value is refused: the English sentence, with its `template` and `params` kept."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Reason:
        reason = str.__new__(cls, english(template, params))
        reason.template, reason.params = template, params
        return reason

    def __reduce__(self) -> tuple[Any, ...]:
        return (_reason, (self.template, self.params))


def _reason(template: str, params: dict[str, Any]) -> Reason:
    return Reason(template, **params)  # without figures the template is the text as is, braces and all


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
        self.message = message  # in English
        self.data = data
        self.template = message  # the message before its parameters went in (see `worded`)
        self.params: dict[str, Any] = {}
        self.reasons: dict[str, Reason] = {}  # field -> why, for a refusal of typed input
        self.labels: dict[str, str] = {}  # field -> its English label, as the buyer sees it

    @classmethod
    def worded(cls, code: ErrorCode, template: str, params: Mapping[str, Any], **data: Any) -> StoreError:
        """An error whose message is `template` filled with `params`, kept apart for translation."""
        error = cls(code, english(template, params) if params else template.format(), **data)
        error.template, error.params = template, dict(params)
        return error

    def __repr__(self) -> str:
        return f"StoreError({self.code.value!r}, {self.message!r}, {self.data!r})"
