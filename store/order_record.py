"""Step 4 of placing an order, `record`: the order written from a charged payment intent.

The intent keeps the buyer's request (contact, address, points, the cart lines agreed to), so the
checkout that charged it and the reconciler that finishes it after a crash write the same order.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session

import i18n
from i18n.words import N_
from pricing.formatting import date, money
from pricing.labels import order_delivery, order_discounts
from pricing.money import Money
from store.audit import audit
from store.errors import ErrorCode, StoreError
from store.notify import notify_buyer
from store.order_steps import (
    Buyer,
    Priced,
    count_coupon,
    lines_snapshot,
    mark_paid,
    new_order,
    price,
    redeem,
    validate,
    write_lines,
)
from store.payments import PaymentResult
from store.quotes import Delivery
from store.stock import reserve
from store.tables import Cart, Order, Payment, PaymentIntent

DISCOUNTS_HEADING = N_("Discounts on this order:")


def request_of(
    *, buyer: Buyer, delivery: Delivery, priced: Priced, card_hint: str = "", on: dt.date | None
) -> dict[str, Any]:
    """What the buyer asked for, as JSON, enough to write the order without them (no card data)."""
    return {
        "buyer": {
            "email": buyer.email,
            "name": buyer.name,
            "phone": buyer.phone,
            "customer_id": buyer.customer_id,
            "language": buyer.language,
        },
        "delivery": {
            "name": delivery.name,
            "line1": delivery.line1,
            "line2": delivery.line2,
            "postal_code": delivery.postal_code,
            "city": delivery.city,
            "country": delivery.country,
            "mode": delivery.mode,
        },
        "redeem_points": priced.points,
        "lines": lines_snapshot(priced.lines),
        "on": on.isoformat() if on else None,
    }


def _buyer(request: dict[str, Any]) -> Buyer:
    return Buyer(**request["buyer"])


def _delivery(request: dict[str, Any]) -> Delivery:
    return Delivery(**request["delivery"])


def _on(request: dict[str, Any]) -> dt.date | None:
    return dt.date.fromisoformat(request["on"]) if request.get("on") else None


def discount_lines(order: Order, lang: str) -> list[str]:
    """The order's discounts for its e-mail under a heading, one a line ("- <name>: <amount>"),
    named as the cart named them (from the quote recorded on the order); none without a discount."""
    rows = order_discounts(order.pricing or {}, order.discount_minor, lang)
    if not rows:
        return []
    minor = order.currency
    heading = i18n.gettext(DISCOUNTS_HEADING, lang)
    return [heading] + [f"- {name}: {money(Money.from_minor(-amount, minor), lang)}" for name, amount in rows]


def record(session: Session, *, cart: Cart, intent: PaymentIntent, charge: PaymentResult, provider_name: str) -> Order:
    """Step 4: validate and price the intent's request again, then write the order, its lines,
    snapshots, reservations, points, coupon use, payment, events, audit row and confirmation, all in the caller's
    transaction (which marks the intent captured)."""
    request = intent.request
    buyer, delivery = _buyer(request), _delivery(request)
    _, lines = validate(session, cart_token=cart.token, customer_id=buyer.customer_id)
    if lines_snapshot(lines) != request.get("lines"):
        raise StoreError(
            ErrorCode.BAD_INPUT, "the cart or its products changed while it was being paid for; the payment is refunded"
        )
    priced = price(
        session,
        cart=cart,
        lines=lines,
        buyer=buyer,
        delivery=delivery,
        redeem_points=int(request.get("redeem_points") or 0),
        amount_minor=intent.amount_minor,
        currency=intent.currency,
        on=_on(request),
    )
    quote, total = priced.quote, priced.total_minor
    coupon_id = count_coupon(session, quote)
    order = new_order(
        key=intent.key, customer_id=buyer.customer_id, cart_id=cart.id, buyer=buyer, delivery=delivery, quote=quote
    )
    session.add(order)
    session.flush()
    assert order.id is not None
    needs = write_lines(session, order, lines, quote)
    redeem(session, order, quote, buyer.customer_id, coupon_id)
    session.add(
        Payment(
            order_id=order.id,
            provider=provider_name,
            kind="charge",
            reference=charge.reference,
            amount_minor=total,
            currency=quote.currency,
            test_mode=charge.test_mode,
        )
    )
    lang = i18n.language(buyer.language)

    def tr(message: str) -> str:
        return i18n.gettext(message, lang)

    test_note = " (test mode: no money was taken)" if charge.test_mode else ""
    paid = N_("Payment received (test mode: no money was taken)") if charge.test_mode else N_("Payment received")
    mark_paid(session, order, placed=N_("Order placed"), paid=paid, actor="buyer")
    cart.status = "ordered"
    session.add(cart)
    notify_buyer(
        session=session,
        order=order,
        subject=tr("Your order #{number} is confirmed").format(number=order.id),
        body=(
            tr("Thank you, {name}.").format(name=buyer.name)
            + "\n\n"
            + "".join(f"{line}\n" for line in discount_lines(order, lang))
            + "{} — {}\n".format(*order_delivery(order.pricing or {}, order.shipping_minor, order.currency, lang))
            + tr("Total: {total}").format(total=money(quote.total, lang))
            + (tr(" (test mode: no money was taken)") if test_note else "")
            + "\n"
            + tr("Expected delivery: {earliest} to {latest}").format(
                earliest=date(quote.delivery.earliest, lang), latest=date(quote.delivery.latest, lang)
            )
            + "\n"
        ),
    )
    # Stock last: its row locks are held until the commit, which follows at once.
    short = reserve(session=session, order_id=order.id, needs=needs)
    audit(
        session=session,
        actor=f"customer:{buyer.customer_id}" if buyer.customer_id else "guest",
        action="order.place",
        entity=order,
        data={"total_minor": total, "lines": len(lines), "short_micro": short, "payment_intent": intent.id},
    )
    session.flush()
    return order
