"""The named steps of placing an order: validate -> price -> pay -> record (which reserves).

Checkout (`store.orders.place_order`), the reconciler (`store.intents`) and the replacement
order of an exchange (`store.exchanges.make_replacement`) share them, so an order is written the
same way whoever writes it. `pay` (the provider call) lives in `store.intents`: it is the only
step that runs outside a database transaction. Every other step runs inside its caller's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from i18n.words import N_
from modules.catalog import Catalog
from pricing.model import Quote
from pricing.money import Money
from store.buyer_artwork import artwork_info, lock_pictures
from store.carts import open_cart
from store.errors import ErrorCode, StoreError
from store.products import bill_of_materials, describe, json_selection, production_steps, to_micro
from store.quotes import Delivery, PricedLine, current_lines, loyalty_balance, price_lines
from store.states import OrderStatus
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
    ProductionStep,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Buyer:
    """Who orders: an account (`customer_id`) or a guest; the contact data goes on the order."""

    email: str
    name: str
    phone: str | None = None
    customer_id: int | None = None
    language: str = "en"  # of the e-mails about the order (`i18n.LANGUAGES`)


@dataclass(frozen=True, slots=True)
class Priced:
    """A cart checked and priced on the server at the total the buyer agreed to."""

    cart: Cart
    lines: list[PricedLine]
    quote: Quote
    points: int

    @property
    def total_minor(self) -> int:
        return self.quote.total.to_minor()


def validate(session: Session, *, cart_token: str, customer_id: int | None) -> tuple[Cart, list[PricedLine]]:
    """Step 1: the buyer's open cart (locked: one checkout of a cart at a time) and its lines,
    each with the current version of its catalog."""
    cart = open_cart(session=session, cart=cart_token, customer_id=customer_id, lock=True)
    if cart.status != "open":
        raise StoreError(ErrorCode.CART_CLOSED, N_("this cart has already been ordered"))
    return cart, current_lines(session=session, cart_id=cart.id)  # type: ignore[arg-type]


def price(
    session: Session,
    *,
    cart: Cart,
    lines: list[PricedLine],
    buyer: Buyer,
    delivery: Delivery,
    redeem_points: int | None,
    amount_minor: int,
    currency: str,
    on: dt.date | None,
) -> Priced:
    """Step 2: re-validate and re-price every line; PRICE_CHANGED unless the total is the agreed one."""
    points = points_to_spend(session, cart, buyer, redeem_points)
    quote = price_lines(
        session=session,
        lines=lines,
        delivery=delivery,
        coupon_code=cart.coupon_code,
        customer_id=buyer.customer_id,
        redeem_points=points,
        on=on,
        currency=cart.currency,
    )
    total = quote.total.to_minor()
    if total != amount_minor or quote.currency != currency:
        raise StoreError.worded(
            ErrorCode.PRICE_CHANGED,
            N_("the total is now {total}; please confirm the new price"),
            {"total": quote.total},
            expected_minor=amount_minor,
            total_minor=total,
            currency=quote.currency,
            quote=quote.as_json(),
        )
    return Priced(cart, lines, quote, points)


def lines_snapshot(lines: Sequence[PricedLine]) -> list[dict[str, Any]]:
    """What is being paid for, as JSON: the record step refuses if the cart no longer holds it."""
    return [
        {
            "line": p.line.id,
            "product_code": p.line.product_code,
            "catalog_version_id": p.version.id,
            "selection": p.line.selection,
            "artwork": p.line.artwork,
            "quantity": p.line.quantity,
        }
        for p in lines
    ]


def points_to_spend(session: Session, cart: Cart, buyer: Buyer, wanted_points: int | None) -> int:
    """The loyalty points this order spends, checked against the balance inside the transaction.

    The customer's row is locked first, so two orders of one account cannot both spend the same
    points (each sees the other's negative entry, or waits for it)."""
    wanted = cart.redeem_points if wanted_points is None else wanted_points
    if wanted <= 0:
        return 0
    if buyer.customer_id is None:
        raise StoreError(ErrorCode.BAD_INPUT, N_("sign in to spend loyalty points"), field="redeem_points")
    session.exec(select(Customer).where(col(Customer.id) == buyer.customer_id).with_for_update()).one()
    balance = loyalty_balance(session=session, customer_id=buyer.customer_id)
    if wanted > balance:
        raise StoreError.worded(
            ErrorCode.BAD_INPUT,
            N_("you have {balance} loyalty points, not {wanted}: choose again in the cart"),
            {"balance": balance, "wanted": wanted},
            field="redeem_points",
            balance=balance,
        )
    return wanted


def new_order(
    *, key: str, customer_id: int | None, cart_id: int | None, buyer: Buyer, delivery: Delivery, quote: Quote
) -> Order:
    """The order row of a priced quote (totals as quoted), not yet added to the session."""
    return Order(
        idempotency_key=key,
        customer_id=customer_id,
        cart_id=cart_id,
        status=OrderStatus.PLACED,
        contact_email=buyer.email.strip().lower(),
        contact_name=buyer.name,
        contact_phone=buyer.phone,
        language=buyer.language,
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
        total_minor=quote.total.to_minor(),
        coupon_code=quote.coupon,
        pricing=quote.as_json(),
        promised_delivery=quote.delivery.latest,
    )


def reserve_lines(session: Session, order: Order, lines: Sequence[PricedLine], quote: Quote) -> dict[str, int]:
    """Step 4a: the order's lines (with snapshots and production steps) and the materials they
    take from stock; returns what stock could not cover (millionths), now purchase needs."""
    assert order.id is not None
    return reserve(session=session, order_id=order.id, needs=write_lines(session, order, lines, quote))


def mark_paid(session: Session, order: Order, *, placed: str, paid: str, actor: str) -> None:
    """Step 4b: the order's first two events (placed, then paid) and its status."""
    assert order.id is not None
    session.add(OrderEvent(order_id=order.id, status=OrderStatus.PLACED, message=placed, actor=actor))
    session.add(
        OrderEvent(
            order_id=order.id,
            previous_status=OrderStatus.PLACED,
            status=OrderStatus.PAID,
            message=paid,
            actor="system",
        )
    )
    order.status = OrderStatus.PAID


def artwork_snapshot(session: Session, catalog: Catalog, placements: dict[str, Any]) -> dict[str, Any]:
    """The buyer's pictures as sold, per print zone: the file's sha256 and kind, where it sits in the
    zone (and the zone's rectangle then), so production prints it whatever the catalog becomes."""
    out: dict[str, Any] = {}
    lock_pictures(session=session, codes=(str(p.get("sha256", "")) for p in (placements or {}).values()))
    for code, placement in sorted((placements or {}).items()):
        zone = catalog.print_zone(code)
        info = artwork_info(session=session, sha256=str(placement.get("sha256", "")))
        if zone is None or info is None:
            raise StoreError(ErrorCode.INVALID_LINE, f"the picture for print zone '{code[:64]}' is no longer there")
        area = zone.area
        out[code] = {
            "zone_name": zone.name,
            "layer": zone.layer,
            "area": {k: format(getattr(area, k), "f") for k in ("x", "y", "width", "height")},
            "sha256": info.sha256,
            "media_type": info.media_type,
            "width": info.width,
            "height": info.height,
            "file_name": info.file_name,
            "x": placement["x"],
            "y": placement["y"],
            "scale": placement["scale"],
        }
    return out


def write_lines(session: Session, order: Order, lines: Sequence[PricedLine], quote: Quote) -> dict[str, int]:
    """Order lines with their snapshots and production steps; returns material needs (millionths)."""
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
                "artwork": artwork_snapshot(session, catalog, priced.line.artwork),
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


def count_coupon(session: Session, quote: Quote) -> int | None:
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
        raise StoreError.worded(
            ErrorCode.COUPON_INVALID,
            N_("coupon {coupon} has been used up"),
            {"coupon": quote.coupon},
            coupon=quote.coupon,
        )
    return coupon.id


def redeem(session: Session, order: Order, quote: Quote, customer_id: int | None, coupon_id: int | None) -> None:
    """Record the coupon redemption and move loyalty points."""
    if coupon_id is not None:
        session.add(
            CouponRedemption(
                coupon_id=coupon_id,
                order_id=order.id,  # type: ignore[arg-type]
                customer_id=customer_id,
                amount_minor=quote.discount_total.to_minor(),
            )
        )
    if customer_id is not None:
        if quote.points_redeemed:
            session.add(
                LoyaltyEntry(
                    customer_id=customer_id, order_id=order.id, points=-quote.points_redeemed, reason="redeemed"
                )
            )
        if quote.points_earned:
            session.add(
                LoyaltyEntry(customer_id=customer_id, order_id=order.id, points=quote.points_earned, reason="earned")
            )
