"""Payment intents: money is never taken without a row that says so first.

    begin   (transaction 1)  validate and price the cart, write the intent 'pending', commit
    pay     (no transaction) the provider charges with the intent's key (idempotent)
    capture (transaction 2)  validate and price again, record the order, intent 'captured'
    refund                   if capture refuses: intent 'refunding' (commit), provider refund
                             with a key, intent 'refunded' (commit)

A process may die anywhere in between: `settle` (run by the reconciler, `store.reconcile`) asks
the provider what became of the key and finishes the order from the intent's recorded request,
or refunds the charge, or marks the intent abandoned when no charge was made. Every transition
is a conditional update of the intent under the cart's row lock, so any number of placers and
reconcilers may work on one intent at once: one wins, the others see its result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from sqlmodel import Session, col, select

from i18n.words import N_
from store import crashpoints
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.order_record import record, request_of
from store.order_steps import Buyer, price, validate
from store.payments import PaymentProvider, PaymentResult
from store.quotes import Delivery
from store.tables import Cart, Order, OrderPublic, PaymentIntent, now

ENDED = ("declined", "refunded", "abandoned")


def find(session: Session, key: str, *, lock: bool = False) -> PaymentIntent | None:
    query = select(PaymentIntent).where(PaymentIntent.key == key).execution_options(populate_existing=True)
    return session.exec(query.with_for_update() if lock else query).first()


def order_of(session: Session, intent: PaymentIntent) -> OrderPublic:
    order = session.get(Order, intent.order_id)
    assert order is not None
    return OrderPublic.model_validate(order)


def ended_error(intent: PaymentIntent) -> StoreError:
    """The answer an ended payment attempt keeps giving (the same key, the same answer)."""
    outcome = intent.outcome or {}
    if intent.status == "declined":
        return StoreError(ErrorCode.PAYMENT_DECLINED, str(outcome.get("message", "card declined")), test_mode=True)
    code = ErrorCode(outcome.get("code", ErrorCode.BAD_INPUT.value))
    message = str(outcome.get("message", "this payment attempt has ended"))
    data = {k: v for k, v in outcome.items() if k not in ("code", "message")}
    return StoreError(code, message, **{"field": "idempotency_key", **data, "intent": intent.status})


def begin(
    session: Session,
    *,
    cart_token: str,
    buyer: Buyer,
    delivery: Delivery,
    amount_minor: int,
    currency: str,
    redeem_points: int | None,
    key: str,
    provider: PaymentProvider,
    on: dt.date | None,
) -> PaymentIntent | OrderPublic:
    """Transaction 1: the order this key already placed, or a committed 'pending' intent to charge.

    A pending intent of the same key (a retry, a second click, a reload) is reused when it is for
    the same cart lines and total; an ended one gives back its answer (declined, refunded...)."""
    with atomic(session):
        cart = _lock_cart_by_token(session, cart_token, buyer.customer_id)
        existing = find(session, key, lock=True)
        if existing is None:
            placed = session.exec(select(Order).where(Order.idempotency_key == key)).first()
            if placed is not None:  # an order of this key made before intents existed
                if placed.cart_id != cart.id:
                    raise StoreError(ErrorCode.BAD_INPUT, "this idempotency key belongs to another order")
                return OrderPublic.model_validate(placed)
        elif existing.cart_id != cart.id:
            raise StoreError(ErrorCode.BAD_INPUT, "this idempotency key belongs to another order")
        elif existing.status == "captured":
            return order_of(session, existing)
        elif existing.status != "pending":
            raise ended_error(existing)
        cart, lines = validate(session, cart_token=cart_token, customer_id=buyer.customer_id)
        priced = price(
            session,
            cart=cart,
            lines=lines,
            buyer=buyer,
            delivery=delivery,
            redeem_points=redeem_points,
            amount_minor=amount_minor,
            currency=currency,
            on=on,
        )
        request = request_of(buyer=buyer, delivery=delivery, priced=priced, on=on)
        if existing is not None:
            if existing.request.get("lines") != request["lines"] or existing.amount_minor != amount_minor:
                raise StoreError(
                    ErrorCode.BAD_INPUT,
                    "this idempotency key was used to pay for other items or another total",
                    field="idempotency_key",
                    superseded=existing.id,  # place_order settles that attempt now
                )
            existing.request, existing.updated_at = request, now()  # the latest contact and address
            session.add(existing)
            intent = existing
        else:
            intent = PaymentIntent(
                key=key,
                cart_id=cart.id,  # type: ignore[arg-type]
                customer_id=buyer.customer_id,
                provider=provider.name,
                amount_minor=priced.total_minor,
                currency=priced.quote.currency,
                request=request,
                test_mode=provider.test_mode,
            )
            session.add(intent)
        session.flush()
        session.expunge(intent)
    crashpoints.reached("intent-committed")
    return intent


def _lock_cart_by_token(session: Session, token: str, customer_id: int | None) -> Cart:
    from store.carts import open_cart

    return open_cart(session=session, cart=token, customer_id=customer_id, lock=True)


def pay(provider: PaymentProvider, intent: PaymentIntent, card: str) -> PaymentResult:
    """Step 3, outside any transaction: charge with the intent's key (a retry charges once)."""
    result = provider.charge(
        card=card, amount_minor=intent.amount_minor, currency=intent.currency, idempotency_key=intent.key
    )
    crashpoints.reached("charged")
    return result


def _lock(session: Session, intent_id: int) -> tuple[Cart, PaymentIntent]:
    """The intent's cart, then the intent, both locked (always in this order: no deadlock)."""
    cart_id = session.exec(select(PaymentIntent.cart_id).where(PaymentIntent.id == intent_id)).one()
    cart = session.exec(
        select(Cart).where(Cart.id == cart_id).with_for_update().execution_options(populate_existing=True)
    ).one()
    intent = session.exec(
        select(PaymentIntent)
        .where(PaymentIntent.id == intent_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    return cart, intent


def _end(session: Session, intent: PaymentIntent, cart: Cart, status: str, **values: Any) -> None:
    """Move an intent on; an attempt that ended without an order frees the cart's checkout key."""
    intent.status, intent.updated_at = status, now()
    for name, value in values.items():
        setattr(intent, name, value)
    session.add(intent)
    if status in ENDED and cart.checkout_key == intent.key:
        cart.checkout_key = None
        session.add(cart)


def decline(session: Session, intent_id: int, charge: PaymentResult) -> StoreError:
    """The provider said no: nothing to give back; the next attempt gets a new key."""
    with atomic(session):
        cart, intent = _lock(session, intent_id)
        if intent.status == "pending":
            _end(
                session,
                intent,
                cart,
                "declined",
                charge_reference=charge.reference,
                outcome={"code": ErrorCode.PAYMENT_DECLINED.value, "message": charge.message},
            )
        return StoreError(ErrorCode.PAYMENT_DECLINED, charge.message, test_mode=charge.test_mode)


def capture(session: Session, intent_id: int, charge: PaymentResult, provider: PaymentProvider) -> OrderPublic:
    """Transaction 2: record the order of a charged intent; if that is refused (the cart, a price,
    a coupon or the points changed meanwhile) or fails, the charge is refunded and the refusal
    raised."""
    try:
        with atomic(session):
            cart, intent = _lock(session, intent_id)
            if intent.status == "captured":
                return order_of(session, intent)
            if intent.status == "abandoned":  # given up by the reconciler before this charge was made
                raise StoreError(ErrorCode.BAD_INPUT, N_("this payment attempt had expired; it is refunded"))
            if intent.status != "pending":  # another call with this key ended it first: its answer
                raise ended_error(intent)
            order = record(session, cart=cart, intent=intent, charge=charge, provider_name=provider.name)
            _end(session, intent, cart, "captured", order_id=order.id, charge_reference=charge.reference)
            crashpoints.reached("order-flushed")
            public = OrderPublic.model_validate(order)
        crashpoints.reached("order-committed")
        return public
    except Exception as exc:
        refund(session, intent_id, provider, charge.reference, reason=exc)
        raise


def refund(
    session: Session, intent_id: int, provider: PaymentProvider, reference: str, *, reason: BaseException
) -> bool:
    """Give back the charge of an intent that has no order: decided first ('refunding', committed),
    then the provider's refund (keyed: a retry refunds once), then 'refunded'. False when the
    intent has its order after all (nothing to give back)."""
    outcome: dict[str, int | str] = {"code": ErrorCode.BAD_INPUT.value, "message": "the payment could not be completed"}
    if isinstance(reason, StoreError):
        kept = {k: v for k, v in reason.data.items() if isinstance(v, int | str) and k not in ("code", "message")}
        outcome = {**kept, "code": reason.code.value, "message": reason.message}
    with atomic(session):
        cart, intent = _lock(session, intent_id)
        if intent.status == "captured":
            return False
        if intent.status in ("pending", "abandoned", "declined"):  # an approved charge with no order
            _end(session, intent, cart, "refunding", charge_reference=reference, outcome=outcome)
        elif intent.status != "refunding":
            return intent.status == "refunded"
        amount, currency, key = intent.amount_minor, intent.currency, intent.key
    crashpoints.reached("refund-decided")
    result = provider.refund(
        reference=reference, amount_minor=amount, currency=currency, idempotency_key=f"refund-{key}"
    )
    crashpoints.reached("refunded")
    with atomic(session):
        cart, intent = _lock(session, intent_id)
        if intent.status == "refunding":
            _end(session, intent, cart, "refunded", refund_reference=result.reference)
    return True


def settle(session: Session, intent_id: int, provider: PaymentProvider) -> str:
    """Finish one intent whatever happened to the process that began it: the provider says
    whether the key was charged; a charge becomes the order (from the intent's request) or is
    refunded; no charge, and the intent is abandoned. Returns the intent's status afterwards."""
    with atomic(session):
        intent = session.get(PaymentIntent, intent_id, populate_existing=True)
        if intent is None:
            raise StoreError(ErrorCode.NOT_FOUND, "no such payment intent")
        status, key, reference = intent.status, intent.key, intent.charge_reference
    if status == "refunding":
        refund(session, intent_id, provider, str(reference), reason=StoreError(ErrorCode.BAD_INPUT, "refund"))
    elif status == "pending":
        charge = provider.find_charge(idempotency_key=key)
        if charge is None:
            with atomic(session):
                cart, intent = _lock(session, intent_id)
                if intent.status == "pending":
                    _end(
                        session,
                        intent,
                        cart,
                        "abandoned",
                        outcome={"code": ErrorCode.BAD_INPUT.value, "message": "the payment was never made"},
                    )
        elif not charge.approved:
            decline(session, intent_id, charge)
        else:
            with contextlib.suppress(StoreError):  # refunded by capture: the refusal is the outcome
                capture(session, intent_id, charge, provider)
    with atomic(session):
        return str(session.exec(select(PaymentIntent.status).where(PaymentIntent.id == intent_id)).one())


def stale_intents(session: Session, *, older_than: dt.timedelta, limit: int = 500) -> list[int]:
    """Intents still open (pending, or refund under way) begun longer ago than `older_than`."""
    with atomic(session):
        ids = session.exec(
            select(col(PaymentIntent.id))
            .where(
                col(PaymentIntent.status).in_(("pending", "refunding")),
                col(PaymentIntent.created_at) <= now() - older_than,
            )
            .order_by(col(PaymentIntent.id))
            .limit(limit)
        ).all()
        return [i for i in ids if i is not None]
