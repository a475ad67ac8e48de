"""Payment providers. A real one implements `PaymentProvider`; the built-in `TestPaymentProvider`
is for development, demos and tests and never moves money. `store.hosted_payments` adapts a
hosted payment page (the buyer types the card on the provider's page, never on ours).

Every call is idempotent by key: a retried charge or refund returns the first answer, and
`find_charge` tells what became of a key, which is how the reconciler finishes payments whose
process died (see docs/payments.md).

Test cards (any expiry in the future, any CVC):

    4242 4242 4242 4242   succeeds
    4000 0000 0000 0002   declined

>>> provider = TestPaymentProvider()
>>> provider.charge(card=TEST_CARD_OK, amount_minor=1990, currency="EUR", idempotency_key="k").approved
True
>>> provider.find_charge(idempotency_key="k").approved, provider.find_charge(idempotency_key="other")
(True, None)
>>> provider.charge(card=TEST_CARD_DECLINED, amount_minor=1990, currency="EUR", idempotency_key="k2").approved
False
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from i18n.words import N_

TEST_CARD_OK = "4242 4242 4242 4242"
TEST_CARD_DECLINED = "4000 0000 0000 0002"


@dataclass(frozen=True, slots=True)
class PaymentResult:
    approved: bool
    reference: str
    message: str
    test_mode: bool


class PaymentError(Exception):
    """The provider could not be reached or gave no answer: the outcome is unknown (ask again)."""


class PaymentProvider(Protocol):
    """Charges and refunds, each idempotent by key."""

    name: str
    test_mode: bool

    def charge(self, *, card: str, amount_minor: int, currency: str, idempotency_key: str) -> PaymentResult:
        """Charge once per key: a retry with the same key returns the first result."""
        ...

    def find_charge(self, *, idempotency_key: str) -> PaymentResult | None:
        """What became of a key: the charge (approved or declined), or None if none was made."""
        ...

    def refund(
        self, *, reference: str, amount_minor: int, currency: str, idempotency_key: str | None = None
    ) -> PaymentResult:
        """Give back (part of) a charge; with a key, a retried refund is made once."""
        ...


def _digits(card: str) -> str:
    return "".join(ch for ch in card if ch.isdigit())


_LEDGER_SCHEMA = """
CREATE TABLE IF NOT EXISTS charges (
    key TEXT PRIMARY KEY, reference TEXT NOT NULL, approved INTEGER NOT NULL, message TEXT NOT NULL,
    amount_minor INTEGER NOT NULL, currency TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS refunds (
    key TEXT PRIMARY KEY, reference TEXT NOT NULL, charge_reference TEXT NOT NULL,
    amount_minor INTEGER NOT NULL, currency TEXT NOT NULL, created_at TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class LedgerCharge:
    key: str
    reference: str
    approved: bool
    amount_minor: int
    currency: str


@dataclass(frozen=True, slots=True)
class LedgerRefund:
    key: str
    reference: str
    charge_reference: str
    amount_minor: int
    currency: str


class TestPaymentProvider:
    """TEST MODE: accepts 4242 4242 4242 4242, declines 4000 0000 0000 0002 and anything else.

    Its charges and refunds are kept in a ledger outside the shop's database: an SQLite file
    (`ledger`, shared by processes, survives a crash of the shop) or, without one, memory."""

    __test__ = False  # not a pytest test class
    name = "test"
    test_mode = True

    def __init__(self, ledger: Path | str | None = None) -> None:
        self._path = str(ledger) if ledger else None
        self._lock = threading.Lock()
        self._memory: sqlite3.Connection | None = None
        if self._path is None:
            self._memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            self._memory.executescript(_LEDGER_SCHEMA)
        else:
            Path(self._path).parent.mkdir(parents=True, exist_ok=True)
            with self._db() as db:
                db.executescript(_LEDGER_SCHEMA)

    @property
    def shared_ledger(self) -> bool:
        """Whether other processes see this provider's charges (a ledger file), not just this one."""
        return self._path is not None

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._memory is not None:
                yield self._memory
                return
            assert self._path is not None
            db = sqlite3.connect(self._path, timeout=30, isolation_level=None)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                yield db
            finally:
                db.close()

    def charge(self, *, card: str, amount_minor: int, currency: str, idempotency_key: str) -> PaymentResult:
        digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:16]
        if _digits(card) == _digits(TEST_CARD_OK) and amount_minor >= 0:
            result = PaymentResult(True, f"test_ch_{digest}", "approved (test mode)", True)
        elif _digits(card) == _digits(TEST_CARD_DECLINED):
            result = PaymentResult(False, f"test_dc_{digest}", N_("card declined (test mode)"), True)
        else:
            result = PaymentResult(False, f"test_dc_{digest}", "unknown test card: use 4242 4242 4242 4242", True)
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(
                    "INSERT OR IGNORE INTO charges VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        idempotency_key,
                        result.reference,
                        int(result.approved),
                        result.message,
                        amount_minor,
                        currency,
                        _stamp(),
                    ),
                )
                first = self._charge_row(db, idempotency_key)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        assert first is not None
        return first

    def find_charge(self, *, idempotency_key: str) -> PaymentResult | None:
        with self._db() as db:
            return self._charge_row(db, idempotency_key)

    @staticmethod
    def _charge_row(db: sqlite3.Connection, key: str) -> PaymentResult | None:
        row = db.execute("SELECT reference, approved, message FROM charges WHERE key = ?", (key,)).fetchone()
        return None if row is None else PaymentResult(bool(row[1]), str(row[0]), str(row[2]), True)

    def refund(
        self, *, reference: str, amount_minor: int, currency: str, idempotency_key: str | None = None
    ) -> PaymentResult:
        key = idempotency_key or f"refund-{reference}-{_stamp()}-{threading.get_ident()}"
        own = f"test_re_{hashlib.sha256(key.encode()).hexdigest()[:16]}"
        with self._db() as db:
            db.execute(
                "INSERT OR IGNORE INTO refunds VALUES (?, ?, ?, ?, ?, ?)",
                (key, own, reference, amount_minor, currency, _stamp()),
            )
            row = db.execute("SELECT reference FROM refunds WHERE key = ?", (key,)).fetchone()
        return PaymentResult(True, str(row[0]), "refunded (test mode)", True)

    def ledger(self) -> tuple[list[LedgerCharge], list[LedgerRefund]]:
        """Every charge and refund this provider made (what a kill test checks against the shop)."""
        with self._db() as db:
            charges = [
                LedgerCharge(str(k), str(r), bool(a), int(m), str(c))
                for k, r, a, m, c in db.execute(
                    "SELECT key, reference, approved, amount_minor, currency FROM charges ORDER BY key"
                )
            ]
            refunds = [
                LedgerRefund(str(k), str(r), str(cr), int(m), str(c))
                for k, r, cr, m, c in db.execute(
                    "SELECT key, reference, charge_reference, amount_minor, currency FROM refunds ORDER BY key"
                )
            ]
        return charges, refunds


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).isoformat()
