"""Exchanges that replace something: the buyer names one order line and the choices wanted
instead; on approval a replacement order (no charge) is made like any other order.

The new choices are checked against the product's *current* published catalog version, not the
version the line was sold under: the replacement is made now, so it must be something the shop
can make now. It must be a complete, valid product of that version. An exchange for the same or a
lower price is free; a dearer one is refused (return the item and order the new one instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

import i18n
from i18n.words import N_
from modules.catalog import Catalog
from modules.selection import SelectionError, parse_selection
from pricing.errors import QuoteError
from pricing.formatting import date
from pricing.money import Money
from pricing.quote import checked_selection
from store.audit import audit
from store.catalogs import catalog_of, current_version
from store.errors import ErrorCode, StoreError
from store.notify import notify_buyer
from store.order_steps import Buyer, mark_paid, new_order, reserve_lines
from store.products import describe, json_selection, to_micro
from store.quotes import Delivery, PricedLine, price_lines
from store.snapshots import ChosenModule, LineSnapshot
from store.tables import (
    CartLine,
    CatalogVersion,
    Material,
    Order,
    OrderEvent,
    OrderLine,
    ReturnRequest,
    ReturnRequestPublic,
    StockMovement,
)


@dataclass(frozen=True, slots=True)
class Replacement:
    """A checked exchange: the line it replaces and what the shop will make instead."""

    line: OrderLine
    priced: PricedLine
    selection: dict[str, Any]  # as stored (JSON)


def check_exchange(
    *, session: Session, order: Order, order_line_id: int | None, selection: dict[str, Any] | None
) -> Replacement:
    """The line to replace and its new choices, validated against the product's current published
    version (what the shop can make now) and priced on the server; refused with a StoreError saying
    why, before anything is written."""
    if order_line_id is None or selection is None:
        raise StoreError(ErrorCode.BAD_INPUT, "an exchange names the item and the new choices", field="order_line_id")
    line = session.get(OrderLine, order_line_id)
    if line is None or line.order_id != order.id:
        raise StoreError(ErrorCode.NOT_FOUND, N_("no such item on this order"), field="order_line_id")
    version = current_version(session=session, product_code=line.product_code)
    if version is None:
        raise StoreError(ErrorCode.PRODUCT_UNAVAILABLE, f"'{line.product_name}' is no longer made", field="selection")
    catalog = catalog_of(version)
    try:
        chosen = checked_selection(catalog, selection)
    except QuoteError as exc:
        problems = [v.message for v in exc.violations] or [exc.message]
        raise StoreError(
            ErrorCode.INVALID_LINE,
            "the new choices cannot be made: " + "; ".join(problems),
            field="replacement_selection",
            problems=problems,
        ) from None
    stored = json_selection(chosen)
    if stored == line.configuration:
        raise StoreError(ErrorCode.BAD_INPUT, N_("choose at least one thing to change"), field="replacement_selection")
    priced = _priced(line, version, catalog, stored)
    new_minor = _price_minor(session, order, priced)
    old_minor = max(line.line_total_minor, _current_price_minor(session, order, line, version, catalog))
    if new_minor > old_minor:
        more = Money.from_minor(new_minor - old_minor, order.currency)
        raise StoreError.worded(
            ErrorCode.BAD_INPUT,
            N_("the new choice costs {amount} more; return this one and order the new one instead"),
            {"amount": more},
            field="replacement_selection",
            difference_minor=new_minor - old_minor,
        )
    return Replacement(line, priced, stored)


def _priced(line: OrderLine, version: CatalogVersion, catalog: Catalog, selection: dict[str, Any]) -> PricedLine:
    # An unsaved cart line only carries the choices and quantity into the pricing (never written).
    return PricedLine(
        CartLine(
            cart_id=0,
            product_code=line.product_code,
            catalog_version_id=version.id,  # type: ignore[arg-type]
            selection=selection,
            quantity=line.quantity,
            quoted_unit_minor=0,
        ),
        version,
        catalog,
    )


def _delivery(order: Order) -> Delivery:
    return Delivery(
        name=order.ship_name,
        line1=order.ship_line1,
        line2=order.ship_line2 or "",
        postal_code=order.ship_postal_code,
        city=order.ship_city,
        country=order.ship_country,
    )


def _price_minor(session: Session, order: Order, priced: PricedLine) -> int:
    quote = price_lines(
        session=session,
        lines=[priced],
        delivery=_delivery(order),
        coupon_code=None,
        customer_id=order.customer_id,
        currency=order.currency,
    )
    if quote.currency != order.currency:
        raise StoreError(ErrorCode.BAD_INPUT, N_("the product is now sold in another currency; please ask us"))
    return quote.items[0].subtotal.rounded().to_minor()


def _current_price_minor(
    session: Session, order: Order, line: OrderLine, version: CatalogVersion, catalog: Catalog
) -> int:
    """Today's price of what was bought (0 if it can no longer be made): a general price rise
    since the order is not the buyer's doing, so it never blocks a same-price swap."""
    try:
        return _price_minor(session, order, _priced(line, version, catalog, dict(line.configuration)))
    except StoreError:
        return 0


def changes(session: Session, line: OrderLine | None, selection: dict[str, Any] | None) -> list[str]:
    """'Size: Small -> Large' per module that changes (plain text, for st.text)."""
    if line is None or selection is None:
        return []
    before = {row.module: row for row in LineSnapshot.of(line.snapshot).modules}
    after: dict[str, ChosenModule] = {}
    version = current_version(session=session, product_code=line.product_code)
    if version is not None:
        catalog = catalog_of(version)
        try:
            rows = describe(catalog, parse_selection(catalog, selection))
            after = {row.module: row for row in LineSnapshot.of({"modules": rows}).modules}
        except SelectionError:
            after = {}
    if not after:  # the product changed since: show the stored codes
        after = {code: ChosenModule(module=code, value=value) for code, value in selection.items() if value}
    out = []
    for code in [*before, *(c for c in after if c not in before)]:
        old_row, new_row = before.get(code), after.get(code)
        old = old_row.value_text() if old_row else ""
        new = new_row.value_text() if new_row else ""
        if old != new:
            row = old_row or new_row
            name = row.name if row is not None else code
            out.append(f"{name}: {old or 'none'} -> {new or 'none'}")
    return out


def public(session: Session, request: ReturnRequest) -> ReturnRequestPublic:
    """The request as buyer and staff see it: with the change asked for and the replacement's link."""
    line = session.get(OrderLine, request.order_line_id) if request.order_line_id is not None else None
    replacement = session.get(Order, request.replacement_order_id) if request.replacement_order_id else None
    return ReturnRequestPublic.model_validate(
        request,
        update={
            "item": f"Item {line.position}: {line.product_name}" if line else None,
            "changes": changes(session, line, request.replacement_selection),
            "replacement_token": replacement.token if replacement else None,
        },
    )


def make_replacement(*, session: Session, order: Order, request: ReturnRequest, actor: str) -> Order:
    """Inside the approval's transaction: re-check the exchange (the catalog may have changed since
    the request), then write the replacement order exactly as `place_order` writes lines, steps,
    reservations and purchase needs, at no charge; the returned item's materials come back once."""
    checked = check_exchange(
        session=session,
        order=order,
        order_line_id=request.order_line_id,
        selection=request.replacement_selection,
    )
    quote = price_lines(
        session=session,
        lines=[checked.priced],
        delivery=_delivery(order),
        coupon_code=None,
        customer_id=order.customer_id,
        currency=order.currency,
    )
    value = quote.items[0].subtotal.rounded().to_minor()
    replacement = new_order(
        key=f"exchange-{request.id}",  # unique: one replacement per request, ever
        customer_id=order.customer_id,
        cart_id=None,
        buyer=Buyer(email=order.contact_email, name=order.contact_name, phone=order.contact_phone),
        delivery=_delivery(order),
        quote=quote,
    )
    # The exchange pays for the item: no shipping, no tax, nothing to pay.
    replacement.subtotal_minor = replacement.discount_minor = value
    replacement.shipping_minor = replacement.tax_minor = replacement.total_minor = 0
    replacement.coupon_code = None
    replacement.pricing = {
        **quote.as_json(),
        "replaces": order.token,
        "replaces_number": order.id,
        "return_request": request.id,
    }
    session.add(replacement)
    session.flush()
    assert replacement.id is not None
    short = reserve_lines(session, replacement, [checked.priced], quote)
    item = f"item {checked.line.position} ({checked.line.product_name})"
    mark_paid(
        session,
        replacement,
        placed=f"Replacement for order #{order.id}, {item}",
        paid=f"No charge: exchange of order #{order.id}",
        actor=actor,
    )
    session.add(
        OrderEvent(
            order_id=order.id,  # type: ignore[arg-type]
            previous_status=order.status,
            status=order.status,
            message=f"Replacement order #{replacement.id} is being made for {item}",
            actor=actor,
        )
    )
    request.replacement_order_id = replacement.id
    _restock_line_once(session, order, checked.line)
    audit(
        session=session,
        actor=actor,
        action="order.replacement",
        entity=replacement,
        data={"replaces": order.id, "return_request": request.id, "short_micro": short},
    )
    lang = i18n.language(replacement.language)
    notify_buyer(
        session=session,
        order=replacement,
        subject=i18n.gettext("Your exchange is approved", lang),
        body=(
            i18n.gettext("We are making {product} with your new choices, at no charge.", lang).format(
                product=checked.line.product_name
            )
            + "\n"
            + "".join(f"{c}\n" for c in changes(session, checked.line, checked.selection))
            + "\n"
            + i18n.gettext("Expected delivery: {earliest} to {latest}", lang).format(
                earliest=date(quote.delivery.earliest, lang), latest=date(quote.delivery.latest, lang)
            )
            + "\n"
        ),
    )
    return replacement


def _restock_line_once(session: Session, order: Order, line: OrderLine) -> None:
    """The returned item's materials (its share of the order's reservations) go back to stock,
    once per order (the same flag a refund or cancel sets)."""
    flipped = session.execute(
        update(Order).where(col(Order.id) == order.id, col(Order.stock_restored).is_(False)).values(stock_restored=True)
    )
    if flipped.rowcount != 1:  # type: ignore[attr-defined]
        return
    for code, amount in sorted(LineSnapshot.of(line.snapshot).materials().items()):
        material = session.exec(select(Material).where(Material.code == code)).first()
        if material is None:
            continue
        reserved = -sum(
            session.exec(
                select(StockMovement.quantity_micro).where(
                    StockMovement.order_id == order.id,
                    StockMovement.material_id == material.id,
                    StockMovement.kind == "reservation",
                )
            ).all()
        )
        micro = min(to_micro(Decimal(str(amount))), reserved)  # never more than the order took from stock
        if micro <= 0:
            continue
        session.execute(
            update(Material)
            .where(col(Material.id) == material.id)
            .values(available_micro=Material.available_micro + micro)
        )
        session.add(
            StockMovement(material_id=material.id, order_id=order.id, kind="restock", quantity_micro=micro)  # type: ignore[arg-type]
        )
