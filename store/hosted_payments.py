"""A hosted payment page: the buyer types the card on the provider's page, never on ours.

The shop commits a payment intent, then redirects the buyer to `checkout_url` (signed with the
API key, so the amount cannot be edited on the way). The provider charges with the intent's key
and tells the shop in a webhook signed with HMAC-SHA256 (`Signature: t=<unix time>,v1=<hex>` over
`"<t>.<body>"`); `handle_webhook` checks the signature and its age before it trusts a byte, then
records the order (or declines the intent). A webhook that never comes is covered by the
reconciler, which asks the provider's API (`find_charge`). Refunds go through the API with a key.

The wire format is this adapter's own small one (documented in docs/payments.md); adapting a real
provider means changing `checkout_url`, `find_charge`, `refund` and `parse_event`, not the shop.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from store import intents
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.payments import PaymentError, PaymentResult
from store.tables import OrderPublic

SIGNATURE_TOLERANCE_S = 300  # a webhook older (or newer) than this is refused: no replays


def sign(secret: str, payload: bytes, timestamp: int) -> str:
    """The signature header of a payload at a time (what the provider sends, what tests forge)."""
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret: str, payload: bytes, header: str | None, *, now: float | None = None) -> None:
    """Refuse (StoreError BAD_INPUT, saying why) a payload whose signature is missing, wrong or stale."""
    if not header:
        raise StoreError(ErrorCode.BAD_INPUT, "webhook refused: no signature", field="signature")
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        raise StoreError(
            ErrorCode.BAD_INPUT, "webhook refused: no timestamp in the signature", field="signature"
        ) from None
    expected = sign(secret, payload, timestamp).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, parts.get("v1", "")):
        raise StoreError(ErrorCode.BAD_INPUT, "webhook refused: the signature does not match", field="signature")
    if abs((time.time() if now is None else now) - timestamp) > SIGNATURE_TOLERANCE_S:
        raise StoreError(ErrorCode.BAD_INPUT, "webhook refused: the signature is too old", field="signature")


@dataclass(frozen=True, slots=True)
class PaymentEvent:
    kind: str  # "charge.succeeded" | "charge.failed"
    key: str
    reference: str
    amount_minor: int
    currency: str
    message: str


def parse_event(payload: bytes) -> PaymentEvent:
    try:
        data = json.loads(payload)
        event = PaymentEvent(
            kind=str(data["type"]),
            key=str(data["key"]),
            reference=str(data["reference"]),
            amount_minor=int(data["amount_minor"]),
            currency=str(data["currency"]),
            message=str(data.get("message", "")),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(ErrorCode.BAD_INPUT, f"webhook refused: not a payment event ({exc})", field="body") from None
    if event.kind not in ("charge.succeeded", "charge.failed"):
        raise StoreError(ErrorCode.BAD_INPUT, f"webhook refused: unknown event type {event.kind!r}", field="type")
    return event


class HostedPaymentPage:
    """`PaymentProvider` for a hosted payment page at `base_url` (its API under the same URL)."""

    name = "hosted"

    def __init__(
        self, *, base_url: str, api_key: str, webhook_secret: str, test_mode: bool = False, timeout: float = 10
    ) -> None:
        if urllib.parse.urlsplit(base_url).scheme not in ("https", "http"):
            raise ValueError(f"the payment page's URL must be https:// (or http:// on loopback): {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.test_mode = test_mode
        self._api_key = api_key
        self._secret = webhook_secret
        self._timeout = timeout

    def checkout_url(self, *, idempotency_key: str, amount_minor: int, currency: str, return_url: str) -> str:
        """Where to send the buyer: the page charges this amount under this key, then returns them."""
        query = {"key": idempotency_key, "amount": str(amount_minor), "currency": currency, "return": return_url}
        encoded = urllib.parse.urlencode(query)
        query["sig"] = hmac.new(self._api_key.encode(), encoded.encode(), hashlib.sha256).hexdigest()
        return f"{self.base_url}/pay?{urllib.parse.urlencode(query)}"

    def charge(self, *, card: str, amount_minor: int, currency: str, idempotency_key: str) -> PaymentResult:
        raise PaymentError("a hosted payment page takes the card itself: redirect the buyer to checkout_url")

    def find_charge(self, *, idempotency_key: str) -> PaymentResult | None:
        found = self._call("GET", "/charges?" + urllib.parse.urlencode({"key": idempotency_key}), None)
        if found is None:
            return None
        return PaymentResult(
            bool(found["approved"]), str(found["reference"]), str(found.get("message", "")), self.test_mode
        )

    def refund(
        self, *, reference: str, amount_minor: int, currency: str, idempotency_key: str | None = None
    ) -> PaymentResult:
        body = {"charge": reference, "amount_minor": amount_minor, "currency": currency}
        done = self._call("POST", "/refunds", body, idempotency_key=idempotency_key)
        if done is None:
            raise PaymentError(f"the provider knows no charge {reference}")
        return PaymentResult(True, str(done["reference"]), "refunded", self.test_mode)

    def _call(
        self, method: str, path: str, body: dict[str, Any] | None, idempotency_key: str | None = None
    ) -> dict[str, Any] | None:
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked in __init__)
            self.base_url + path,
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={"Authorization": f"Bearer {self._api_key}", "Content-Type": "application/json"}
            | ({"Idempotency-Key": idempotency_key} if idempotency_key else {}),
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:  # noqa: S310
                answer: dict[str, Any] = json.loads(response.read())
                return answer
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise PaymentError(f"the payment provider answered {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise PaymentError(f"the payment provider could not be reached: {exc}") from exc

    def verify(self, payload: bytes, header: str | None) -> PaymentEvent:
        verify(self._secret, payload, header)
        return parse_event(payload)


def start_checkout(
    *, session: Session, provider: HostedPaymentPage, return_url: str, **begin: Any
) -> str | OrderPublic:
    """Commit the payment intent (as `place_order` does), then give the URL of the hosted page to
    send the buyer to; the order this key already placed, if any. `begin`: the keyword arguments
    of `store.intents.begin` other than the session and provider."""
    begun = intents.begin(session, provider=provider, **begin)
    if isinstance(begun, OrderPublic):
        return begun
    return provider.checkout_url(
        idempotency_key=begun.key, amount_minor=begun.amount_minor, currency=begun.currency, return_url=return_url
    )


def handle_webhook(*, session: Session, provider: HostedPaymentPage, payload: bytes, signature: str | None) -> str:
    """The provider's word on a charge: verified, then the order is recorded (or the charge refunded
    when it can no longer be) or the intent declined. Safe to receive twice. Returns the intent's
    status; a bad signature, an unknown key or a mismatched amount is refused and changes nothing."""
    event = provider.verify(payload, signature)
    with atomic(session):
        intent = intents.find(session, event.key)
        if intent is None:
            raise StoreError(ErrorCode.NOT_FOUND, "webhook refused: no payment with this key", field="key")
        if (intent.amount_minor, intent.currency) != (event.amount_minor, event.currency):
            raise StoreError(ErrorCode.BAD_INPUT, "webhook refused: not the amount of this payment", field="amount")
        intent_id = intent.id
    assert intent_id is not None
    result = PaymentResult(event.kind == "charge.succeeded", event.reference, event.message, provider.test_mode)
    if not result.approved:
        intents.decline(session, intent_id, result)
    else:
        with contextlib.suppress(StoreError):  # refunded: the intent says why
            intents.capture(session, intent_id, result, provider)
    with atomic(session):
        found = intents.find(session, event.key)
        assert found is not None
        return found.status
