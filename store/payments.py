"""Payment providers. A real one (Stripe, Adyen...) implements `PaymentProvider`; the built-in
`TestPaymentProvider` is for development and demos and never moves money.

Test cards (any expiry in the future, any CVC):

    4242 4242 4242 4242   succeeds
    4000 0000 0000 0002   declined

>>> provider = TestPaymentProvider()
>>> provider.charge(card=TEST_CARD_OK, amount_minor=1990, currency="EUR", idempotency_key="k").approved
True
>>> provider.charge(card=TEST_CARD_DECLINED, amount_minor=1990, currency="EUR", idempotency_key="k2").approved
False
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from typing import Protocol

TEST_CARD_OK = "4242 4242 4242 4242"
TEST_CARD_DECLINED = "4000 0000 0000 0002"


@dataclass(frozen=True, slots=True)
class PaymentResult:
    approved: bool
    reference: str
    message: str
    test_mode: bool


class PaymentProvider(Protocol):
    """Charges and refunds. `idempotency_key` makes a retried charge return the first result."""

    name: str
    test_mode: bool

    def charge(self, *, card: str, amount_minor: int, currency: str, idempotency_key: str) -> PaymentResult: ...

    def refund(self, *, reference: str, amount_minor: int, currency: str) -> PaymentResult: ...


def _digits(card: str) -> str:
    return "".join(ch for ch in card if ch.isdigit())


class TestPaymentProvider:
    """TEST MODE: accepts 4242 4242 4242 4242, declines 4000 0000 0000 0002 and anything else."""

    __test__ = False  # not a pytest test class
    name = "test"
    test_mode = True

    def __init__(self) -> None:
        self._charges: dict[str, PaymentResult] = {}
        self._lock = threading.Lock()

    def charge(self, *, card: str, amount_minor: int, currency: str, idempotency_key: str) -> PaymentResult:
        with self._lock:
            if idempotency_key in self._charges:
                return self._charges[idempotency_key]
            digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:16]
            if _digits(card) == _digits(TEST_CARD_OK) and amount_minor >= 0:
                result = PaymentResult(True, f"test_ch_{digest}", "approved (test mode)", True)
            elif _digits(card) == _digits(TEST_CARD_DECLINED):
                result = PaymentResult(False, f"test_dc_{digest}", "card declined (test mode)", True)
            else:
                result = PaymentResult(False, f"test_dc_{digest}", "unknown test card: use 4242 4242 4242 4242", True)
            self._charges[idempotency_key] = result
            return result

    def refund(self, *, reference: str, amount_minor: int, currency: str) -> PaymentResult:
        return PaymentResult(True, f"test_re_{reference[-16:]}", "refunded (test mode)", True)
