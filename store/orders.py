"""Placing an order: one transaction that is all or nothing, idempotent, priced on the server.

`place_order` re-reads the cart, re-validates and re-prices every line against the current
catalog versions, refuses (PRICE_CHANGED) when the total is not what the buyer agreed to pay,
charges the payment, reserves materials (shortfalls become purchase needs), and writes the order
with a full snapshot of every line, stock movements, production steps, its first events, an
audit row and the buyer's confirmation e-mail in the outbox.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from pricing.model import Quote
from pricing.money import Money
from store.audit import audit
from store.carts import open_cart
from store.checkout_details import BuyerDetails, DeliveryDetails, checked
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.input_checks import problem_in, text
from store.notify import notify_buyer
from store.payments import PaymentProvider, PaymentResult, TestPaymentProvider
from store.products import bill_of_materials, describe, json_selection, production_steps, to_micro
from store.quotes import Delivery, PricedLine, current_lines, loyalty_balance, price_lines
from store.stock import reserve
from store.tables import (
    Cart,
    Coupon,
    CouponRedemption,
    Customer,
    LoyaltyEntry,
    Order,
    OrderEvent,
    OrderLine,
    OrderPublic,
    Payment,
    ProductionStep,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Buyer:
    """Who orders: an account (`customer_id`) or a guest; the contact data goes on the order.

    As typed: `place_order` validates it (store.checkout_details.BuyerDetails) before anything else."""

    email: str
    name: str
    phone: str | None = None
    customer_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentDetails:
    """How the buyer pays and the total they saw and agreed to (minor units, e.g. cents)."""

    card: str
    amount_minor: int
    currency: str = "EUR"
    redeem_points: int | None = None  # loyalty points to spend; None: the cart's stored choice


_default_provider = TestPaymentProvider()


def default_provider() -> PaymentProvider:
    """The process-wide payment provider: the built-in test provider until a real one is set."""
    return _default_provider


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
    """Place the cart as an order, or give back the order this idempotency key already placed.

    The buyer and delivery details are validated first (BAD_INPUT lists every field at fault);
    nothing is read, charged or written before they pass."""
    buyer, delivery = _checked_input(buyer, delivery, payment, idempotency_key)
    provider = provider or default_provider()
    charges: list[tuple[PaymentResult, int, str]] = []
    try:
        with atomic(session):
            return _place(session, cart, buyer, delivery, payment, idempotency_key, provider, on, charges)
    except IntegrityError:
        # A concurrent call with the same key won the race (PostgreSQL): give back its order.
        # Its payment is this one (same key), so nothing is refunded here.
        with atomic(session):
            existing = _by_key(session, idempotency_key)
        if existing is None:
            _refund(provider, charges)
            raise
        return OrderPublic.model_validate(existing)
    except BaseException:
        # Charged, but the order could not be written: give the money back, then report.
        _refund(provider, charges)
        raise


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
    return Buyer(**buyer_details.model_dump()), Delivery(**delivery_details.model_dump())


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


def _refund(provider: PaymentProvider, charges: list[tuple[PaymentResult, int, str]]) -> None:
    for charge, amount_minor, currency in charges:
        provider.refund(reference=charge.reference, amount_minor=amount_minor, currency=currency)


def _by_key(session: Session, key: str) -> Order | None:
    return session.exec(select(Order).where(Order.idempotency_key == key)).first()


def _place(
    session: Session,
    cart_token: str,
    buyer: Buyer,
    delivery: Delivery,
    payment: PaymentDetails,
    key: str,
    provider: PaymentProvider,
    on: dt.date | None,
    charges: list[tuple[PaymentResult, int, str]],
) -> OrderPublic:
    # Lock the cart first: a second call with the same key waits here, then finds the order.
    cart = open_cart(session=session, cart=cart_token, customer_id=buyer.customer_id, lock=True)
    existing = _by_key(session, key)
    if existing is not None:
        if existing.cart_id != cart.id:
            raise StoreError(ErrorCode.BAD_INPUT, "this idempotency key belongs to another order")
        return OrderPublic.model_validate(existing)
    if cart.status != "open":
        raise StoreError(ErrorCode.CART_CLOSED, "this cart has already been ordered")
    lines = current_lines(session=session, cart_id=cart.id)  # type: ignore[arg-type]
    points = _points_to_spend(session, cart, buyer, payment)
    quote = price_lines(
        session=session,
        lines=lines,
        delivery=delivery,
        coupon_code=cart.coupon_code,
        customer_id=buyer.customer_id,
        redeem_points=points,
        on=on,
    )
    total = quote.total.to_minor()
    if total != payment.amount_minor or quote.currency != payment.currency:
        raise StoreError(
            ErrorCode.PRICE_CHANGED,
            f"the total is now {quote.total}; please confirm the new price",
            expected_minor=payment.amount_minor,
            total_minor=total,
            currency=quote.currency,
            quote=quote.as_json(),
        )
    coupon_id = _count_coupon(session, quote)  # before charging: a used-up coupon costs nothing
    charge = provider.charge(card=payment.card, amount_minor=total, currency=quote.currency, idempotency_key=key)
    if not charge.approved:
        raise StoreError(ErrorCode.PAYMENT_DECLINED, charge.message, test_mode=charge.test_mode)
    charges.append((charge, total, quote.currency))

    order = Order(
        idempotency_key=key,
        customer_id=buyer.customer_id,
        cart_id=cart.id,
        status="placed",
        contact_email=buyer.email.strip().lower(),
        contact_name=buyer.name,
        contact_phone=buyer.phone,
        ship_name=delivery.name,
        ship_line1=delivery.line1,
        ship_line2=delivery.line2,
        ship_postal_code=delivery.postal_code,
        ship_city=delivery.city,
        ship_country=delivery.country.upper(),
        currency=quote.currency,
        subtotal_minor=quote.subtotal.to_minor(),
        discount_minor=quote.discount_total.to_minor(),
        shipping_minor=quote.shipping.amount.to_minor(),
        tax_minor=quote.tax.amount.to_minor(),
        total_minor=total,
        coupon_code=quote.coupon,
        pricing=quote.as_json(),
        promised_delivery=quote.delivery.latest,
    )
    session.add(order)
    session.flush()  # the unique idempotency key is checked here
    assert order.id is not None
    needs = write_lines(session, order, lines, quote)
    short = reserve(session=session, order_id=order.id, needs=needs)
    _redeem(session, order, quote, buyer, coupon_id)
    session.add(
        Payment(
            order_id=order.id,
            provider=provider.name,
            kind="charge",
            reference=charge.reference,
            amount_minor=total,
            currency=quote.currency,
            test_mode=charge.test_mode,
        )
    )
    session.add(OrderEvent(order_id=order.id, status="placed", message="Order placed", actor="buyer"))
    order.status = "paid"
    test_note = " (test mode: no money was taken)" if charge.test_mode else ""
    session.add(
        OrderEvent(
            order_id=order.id,
            previous_status="placed",
            status="paid",
            message=f"Payment received{test_note}",
            actor="system",
        )
    )
    cart.status = "ordered"
    audit(
        session=session,
        actor=f"customer:{buyer.customer_id}" if buyer.customer_id else "guest",
        action="order.place",
        entity=order,
        data={"total_minor": total, "lines": len(lines), "short_micro": short},
    )
    notify_buyer(
        session=session,
        order=order,
        subject="Your order is confirmed",
        body=(
            f"Thank you, {buyer.name}.\n\nOrder reference: {order.token}\nTotal: {quote.total}{test_note}\n"
            f"Expected delivery: {quote.delivery.earliest} to {quote.delivery.latest}\n"
        ),
    )
    session.flush()
    return OrderPublic.model_validate(order)


def _points_to_spend(session: Session, cart: Cart, buyer: Buyer, payment: PaymentDetails) -> int:
    """The loyalty points this order spends, checked against the balance inside the transaction.

    The customer's row is locked first, so two orders of one account cannot both spend the same
    points (each sees the other's negative entry, or waits for it)."""
    wanted = cart.redeem_points if payment.redeem_points is None else payment.redeem_points
    if wanted <= 0:
        return 0
    if buyer.customer_id is None:
        raise StoreError(ErrorCode.BAD_INPUT, "sign in to spend loyalty points", field="redeem_points")
    session.exec(select(Customer).where(col(Customer.id) == buyer.customer_id).with_for_update()).one()
    balance = loyalty_balance(session=session, customer_id=buyer.customer_id)
    if wanted > balance:
        raise StoreError(
            ErrorCode.BAD_INPUT,
            f"you have {balance:,} loyalty points, not {wanted:,}: choose again in the cart",
            field="redeem_points",
            balance=balance,
        )
    return wanted


def write_lines(session: Session, order: Order, lines: Sequence[PricedLine], quote: Quote) -> dict[str, int]:
    """Order lines with their snapshots and production steps; returns material needs (millionths).
    Used by `place_order` and by the replacement order of an approved exchange (store.exchanges)."""
    needs: dict[str, int] = defaultdict(int)
    for index, (priced, item) in enumerate(zip(lines, quote.items, strict=True)):
        catalog, version = priced.catalog, priced.version
        selection = item.selection
        bom = bill_of_materials(catalog, selection, item.quantity)
        line_total = item.subtotal.rounded()
        unit = line_total.amount / item.quantity
        row = OrderLine(
            order_id=order.id,  # type: ignore[arg-type]
            position=index + 1,
            product_code=catalog.code,
            product_name=catalog.name,
            quantity=item.quantity,
            unit_price_minor=Money(unit, quote.currency).rounded().to_minor(),
            line_total_minor=line_total.to_minor(),
            currency=quote.currency,
            catalog_version_id=version.id,  # type: ignore[arg-type]
            catalog_version=version.version,
            catalog_fingerprint=version.fingerprint,
            configuration=json_selection(selection),
            snapshot={
                "product": {"code": catalog.code, "name": catalog.name, "category": catalog.category},
                "base": {"name": catalog.base.name, "price": format(catalog.base.price, "f")},
                "catalog": {"version": version.version, "fingerprint": version.fingerprint},
                "modules": describe(catalog, selection),
                "price_lines": [
                    {
                        "kind": line.kind.value,
                        "code": line.code,
                        "label": line.label,
                        "unit": format(line.unit.amount, "f"),
                        "quantity": line.quantity,
                        "amount_minor": line.amount.to_minor(),
                        "tier_discount_minor": line.tier_discount.to_minor(),
                    }
                    for line in quote.lines
                    if line.item == index
                ],
                "line_total_minor": line_total.to_minor(),
                "production_days": item.production_days,
                "weight_kg": format(item.weight_kg, "f"),
                "bill_of_materials": {code: format(amount, "f") for code, amount in bom.items()},
            },
        )
        session.add(row)
        session.flush()
        for position, (module_code, name) in enumerate(production_steps(catalog, selection), start=1):
            session.add(
                ProductionStep(
                    order_id=order.id,  # type: ignore[arg-type]
                    order_line_id=row.id,  # type: ignore[arg-type]
                    position=position,
                    module_code=module_code,
                    name=name,
                )
            )
        for code, amount in bom.items():
            needs[code] += to_micro(amount)
    return dict(needs)


def _count_coupon(session: Session, quote: Quote) -> int | None:
    """Count one use of the stored coupon that applied, never past its limit (conditional UPDATE)."""
    if not quote.coupon:
        return None
    coupon = session.exec(select(Coupon).where(Coupon.code == quote.coupon)).first()
    if coupon is None:  # a demo coupon of shop.yaml: nothing to count
        return None
    counted = session.execute(
        update(Coupon)
        .where(col(Coupon.id) == coupon.id)
        .where((col(Coupon.max_uses).is_(None)) | (col(Coupon.uses) < col(Coupon.max_uses)))
        .values(uses=Coupon.uses + 1)
    )
    if counted.rowcount != 1:  # type: ignore[attr-defined]
        raise StoreError(ErrorCode.COUPON_INVALID, f"coupon {quote.coupon} has been used up", coupon=quote.coupon)
    return coupon.id


def _redeem(session: Session, order: Order, quote: Quote, buyer: Buyer, coupon_id: int | None) -> None:
    """Record the coupon redemption and move loyalty points."""
    if coupon_id is not None:
        session.add(
            CouponRedemption(
                coupon_id=coupon_id,
                order_id=order.id,  # type: ignore[arg-type]
                customer_id=buyer.customer_id,
                amount_minor=quote.discount_total.to_minor(),
            )
        )
    if buyer.customer_id is not None:
        if quote.points_redeemed:
            session.add(
                LoyaltyEntry(
                    customer_id=buyer.customer_id, order_id=order.id, points=-quote.points_redeemed, reason="redeemed"
                )
            )
        if quote.points_earned:
            session.add(
                LoyaltyEntry(
                    customer_id=buyer.customer_id, order_id=order.id, points=quote.points_earned, reason="earned"
                )
            )
