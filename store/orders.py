"""Placing an order: a payment that cannot be lost, then one all-or-nothing order transaction.

`place_order` validates and prices the cart on the server (PRICE_CHANGED when the total is not
what the buyer agreed to pay), commits a payment intent, charges it with the intent's key outside
any transaction, then writes the order in one transaction (lines with full snapshots, stock
reservations and purchase needs, production steps, points, coupon use, events, an audit row and
the confirmation e-mail) and marks the intent captured. If the order cannot be written after
all, the charge is refunded. A crash anywhere is finished by the reconciler (`store.reconcile`).
The steps are in `store.order_steps`, `store.intents` and `store.order_record`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

import i18n
from i18n.words import N_
from pricing.shop import shop_settings
from settings import get_settings
from store import intents
from store.audit import audit
from store.checkout_details import BuyerDetails, DeliveryDetails, checked
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.input_checks import problem_in, text
from store.order_steps import Buyer, write_lines
from store.payments import PaymentError, PaymentProvider, TestPaymentProvider
from store.quotes import Delivery, sale_currency
from store.tables import Cart, Customer, Order, OrderEvent, OrderPublic, PaymentIntent

__all__ = ["Buyer", "PaymentDetails", "claim_guest_orders", "default_provider", "place_order", "write_lines"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentDetails:
    """How the buyer pays and the total they saw and agreed to (minor units, e.g. cents)."""

    card: str
    amount_minor: int
    currency: str = field(default_factory=lambda: shop_settings().currency)  # of that total; the shop's unless given
    redeem_points: int | None = None  # loyalty points to spend; None: the cart's stored choice


_default_provider: PaymentProvider | None = None


def default_provider() -> PaymentProvider:
    """The process-wide payment provider: the built-in test provider (its ledger from settings)
    until a real one is set with `set_default_provider`."""
    global _default_provider
    if _default_provider is None:
        _default_provider = TestPaymentProvider(get_settings().payment_ledger)
    return _default_provider


def set_default_provider(provider: PaymentProvider | None) -> None:
    global _default_provider
    _default_provider = provider


def place_order(
    *,
    session: Session,
    cart: str,
    buyer: Buyer | BuyerDetails,
    delivery: Delivery | DeliveryDetails,
    payment: PaymentDetails,
    idempotency_key: str,
    provider: PaymentProvider | None = None,
    on: dt.date | None = None,
) -> OrderPublic:
    """Place the cart as an order, or give back what this idempotency key already did (its order,
    or the same refusal).

    The buyer and delivery details are validated first (BAD_INPUT lists every field at fault);
    nothing is read, charged or written before they pass."""
    buyer, delivery = _checked_input(buyer, delivery, payment, idempotency_key)
    payment = replace(payment, currency=sale_currency(payment.currency))  # BAD_INPUT unless on sale
    provider = provider or default_provider()
    try:
        begun = intents.begin(
            session,
            cart_token=cart,
            buyer=buyer,
            delivery=delivery,
            amount_minor=payment.amount_minor,
            currency=payment.currency,
            redeem_points=payment.redeem_points,
            key=idempotency_key,
            provider=provider,
            on=on,
        )
    except IntegrityError:
        # The same key was begun concurrently (PostgreSQL): continue with that attempt.
        begun = _again(session, idempotency_key, cart)
    except StoreError as exc:
        if not isinstance(exc.data.get("superseded"), int):
            raise
        # An attempt of this key (left by a crash) was for another total: finish it now, so the
        # buyer is not kept waiting for the reconciler.
        intent_id = int(exc.data["superseded"])
        if intents.settle(session, intent_id, provider) == "captured":
            with atomic(session):
                row = session.get(PaymentIntent, intent_id)
                assert row is not None
                return intents.order_of(session, row)
        raise StoreError(
            ErrorCode.BAD_INPUT,
            N_(
                "an earlier payment attempt for this cart was cancelled (anything it charged is refunded): "
                "please place the order again"
            ),
            field="idempotency_key",
        ) from None
    if isinstance(begun, OrderPublic):
        return begun
    assert begun.id is not None
    try:
        charge = intents.pay(provider, begun, payment.card)
    except PaymentError:
        # The outcome is unknown: the intent stays pending; a retry with the same key (or the
        # reconciler) finds out from the provider, so nobody is charged twice or kept charged.
        raise StoreError(
            ErrorCode.BAD_INPUT,
            N_(
                "the payment service did not answer: try again (you will not be charged twice); if it did "
                "charge you, your order is completed or the money refunded within minutes"
            ),
            field="payment",
            pending=True,
        ) from None
    if not charge.approved:
        raise intents.decline(session, begun.id, charge)
    return intents.capture(session, begun.id, charge, provider)


def _again(session: Session, key: str, cart_token: str) -> PaymentIntent | OrderPublic:
    with atomic(session):
        intent = intents.find(session, key)
        if intent is None:
            raise StoreError(ErrorCode.BAD_INPUT, N_("this payment could not be started; please try again"))
        cart = session.get(Cart, intent.cart_id)
        if cart is None or cart.token != cart_token:
            raise StoreError(ErrorCode.BAD_INPUT, "this idempotency key belongs to another order")
        if intent.status == "captured":
            return intents.order_of(session, intent)
        if intent.status != "pending":
            raise intents.ended_error(intent)
        session.expunge(intent)
        return intent


def _checked_input(
    buyer: object, delivery: object, payment: PaymentDetails, idempotency_key: object
) -> tuple[Buyer, Delivery]:
    """The details as `_place` takes them (trimmed, country upper-case), or BAD_INPUT."""
    buyer_details, delivery_details = checked(buyer, delivery)
    if not isinstance(idempotency_key, str) or not 8 <= len(idempotency_key) <= 200 or problem_in(idempotency_key):
        raise StoreError(ErrorCode.BAD_INPUT, "the idempotency key needs 8 to 200 characters", field="idempotency_key")
    text(payment.card, field="card", label="Card number", limit=64)
    if not isinstance(payment.amount_minor, int) or payment.amount_minor < 0:
        raise StoreError(ErrorCode.BAD_INPUT, "the amount is a whole number of cents", field="amount_minor")
    language = i18n.language(getattr(buyer, "language", None))  # anything unknown: English
    return Buyer(**buyer_details.model_dump(), language=language), Delivery(**delivery_details.model_dump())


MAX_CLAIMS = 100  # guest orders one sign-up may attach (a session holds a handful)


def claim_guest_orders(*, session: Session, customer_id: int, order_tokens: Sequence[str]) -> list[str]:
    """Attach to a new account the guest orders this buyer placed, proven by their private tokens
    (which only the session that placed them holds). Never by e-mail address: nobody verified
    that the address belongs to whoever signs up. Orders that already belong to an account stay
    where they are. Returns the tokens attached."""
    tokens = list(dict.fromkeys(t for t in order_tokens if isinstance(t, str) and t))[:MAX_CLAIMS]
    if not tokens:
        return []
    with atomic(session):
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise StoreError(ErrorCode.NOT_FOUND, "no such customer")
        rows = session.exec(
            select(Order).where(col(Order.token).in_(tokens), col(Order.customer_id).is_(None)).with_for_update()
        ).all()
        claimed = []
        for order in rows:
            order.customer_id = customer_id
            session.add(order)
            session.add(
                OrderEvent(
                    order_id=order.id,  # type: ignore[arg-type]
                    previous_status=order.status,
                    status=order.status,
                    message="Order added to your new account",
                    actor="buyer",
                )
            )
            claimed.append(order.token)
        if claimed:
            audit(
                session=session,
                actor=f"customer:{customer_id}",
                action="order.claim",
                entity=customer,
                data={"orders": len(claimed)},
            )
        return claimed
