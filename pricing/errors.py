"""Why a quote cannot be made: an error code plus the data behind it (e.g. rule violations).

Promotions never raise: a refused coupon is a `Refusal` inside a successful quote.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from modules.selection import Violation


class QuoteErrorCode(StrEnum):
    INVALID_SELECTION = "invalid-selection"  # breaks rules or is incomplete: `violations` says how
    BAD_QUANTITY = "bad-quantity"
    EMPTY_CART = "empty-cart"
    CURRENCY_MISMATCH = "currency-mismatch"
    MIXED_TAX_BASIS = "mixed-tax-basis"  # gross and net catalogs in one cart
    UNKNOWN_DELIVERY_MODE = "unknown-delivery-mode"
    UNKNOWN_COUNTRY = "unknown-country"


class QuoteError(ValueError):
    """No price: the selection or the order context is not something we can sell."""

    def __init__(self, code: QuoteErrorCode, message: str, violations: Iterable[Violation] = ()) -> None:
        self.code = code
        self.message = message
        self.violations: tuple[Violation, ...] = tuple(violations)
        details = "; ".join(v.message for v in self.violations)
        super().__init__(f"{message}: {details}" if details else message)

    def as_json(self) -> dict[str, object]:
        return {
            "error": self.code.value,
            "message": self.message,
            "violations": [{"rule": v.rule, "kind": v.kind, "message": v.message} for v in self.violations],
        }
