"""The server's price of a cart: `pricing` applied to the current catalog versions, with the
coupons, coupon use counts and loyalty balance the database holds. Checkout and the cart page
call the same function, so the total a buyer sees is the total `place_order` checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, func, select

from modules.catalog import Catalog
from pricing.context import QuoteContext
from pricing.errors import QuoteError, QuoteErrorCode
from pricing.model import Quote
from pricing.money import Money
from pricing.quote import CartItem, checked_selection, quote_cart
from pricing.shop import NAMED_LANGUAGES, shop_settings
from pricing.shop import Coupon as ShopCoupon
from store.campaigns import coupon_hidden
from store.catalogs import catalog_of, current_version
from store.errors import ErrorCode, StoreError
from store.input_checks import clean_coupon
from store.tables import CartLine, CatalogVersion, Coupon, CouponRedemption, LoyaltyEntry


@dataclass(frozen=True, slots=True, kw_only=True)
class Delivery:
    """Where and how the order goes."""

    name: str
    line1: str
    postal_code: str
    city: str
    country: str  # ISO 3166-1 alpha-2, e.g. "DE"
    line2: str = ""
    mode: str | None = None  # delivery mode code of the shop; None: the shop's default


@dataclass(frozen=True, slots=True)
class PricedLine:
    line: CartLine
    version: CatalogVersion
    catalog: Catalog


def _zones(line: CartLine) -> tuple[str, ...]:
    """The print zones a line's design places a picture in (priced per zone)."""
    artwork = line.artwork if isinstance(line.artwork, dict) else {}
    return tuple(sorted(str(code) for code in artwork))


def sale_currency(currency: object, *, country: str | None = None) -> str:
    """The currency a buyer pays in: their choice (any case), else the one the delivery country
    pays in (`country_currencies`). BAD_INPUT, naming the currencies on sale, unless the shop sells in it.

    >>> sale_currency("usd"), sale_currency(None, country="RU"), sale_currency(None)
    ('USD', 'RUB', 'EUR')
    """
    shop = shop_settings()
    if currency is None:
        return shop.currency_for(country)
    chosen = currency.strip().upper() if isinstance(currency, str) else ""
    if chosen not in shop.sale_currencies:
        shown = currency[:8] if isinstance(currency, str) else type(currency).__name__
        raise StoreError(
            ErrorCode.BAD_INPUT,
            f"we do not sell in {shown!r}; choose one of {', '.join(shop.sale_currencies)}",
            field="currency",
            currencies=list(shop.sale_currencies),
        )
    return chosen


def usable_coupon(code: str | None) -> str | None:
    """A stored coupon code, or None when it cannot be one (kept before codes were checked)."""
    try:
        return clean_coupon(code)
    except ValueError:
        return None


def _shop_coupon(row: Coupon) -> ShopCoupon:
    def money(minor: int | None) -> Decimal | None:
        return None if minor is None else Money.from_minor(minor, row.currency).amount

    return ShopCoupon(
        code=row.code,
        label=row.label,
        labels={
            code: name
            for code, name in (row.labels or {}).items()
            if code in NAMED_LANGUAGES and isinstance(name, str) and name.strip()
        },
        kind=row.kind,  # type: ignore[arg-type]
        percent=Decimal(row.percent) if row.percent is not None else None,
        amount=money(row.amount_minor),
        minimum_spend=money(row.minimum_spend_minor) or Decimal(0),
        products=tuple(row.products),
        modules=tuple(row.modules),
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        max_uses=row.max_uses,
        max_uses_per_customer=row.max_uses_per_customer,
        members_only=row.members_only,
    )


def current_lines(*, session: Session, cart_id: int) -> list[PricedLine]:
    """The cart's lines, each with the current version of its product's catalog."""
    lines = session.exec(select(CartLine).where(CartLine.cart_id == cart_id).order_by(col(CartLine.id))).all()
    priced = []
    for line in lines:
        version = current_version(session=session, product_code=line.product_code)
        if version is None:
            raise StoreError(ErrorCode.PRODUCT_UNAVAILABLE, f"'{line.product_code}' is no longer sold", line_id=line.id)
        priced.append(PricedLine(line, version, catalog_of(version)))
    return priced


def sort_lines(*, session: Session, cart_id: int) -> tuple[list[PricedLine], dict[int, list[str]]]:
    """The cart's lines that make a valid product of their current catalog version (in cart
    order), and for every other line id the reasons why not, in the buyer's words."""
    lines = session.exec(select(CartLine).where(CartLine.cart_id == cart_id).order_by(col(CartLine.id))).all()
    sellable: list[PricedLine] = []
    problems: dict[int, list[str]] = {}
    for line in lines:
        assert line.id is not None
        version = current_version(session=session, product_code=line.product_code)
        if version is None:
            problems[line.id] = ["this product is no longer sold"]
            continue
        catalog = catalog_of(version)
        try:
            checked_selection(catalog, line.selection)
        except QuoteError as exc:
            problems[line.id] = [v.message for v in exc.violations] or [exc.message]
            continue
        sellable.append(PricedLine(line, version, catalog))
    return sellable, problems


def _module_of(rule: str) -> str | None:
    """The module a built-in check is about ('module:size', 'visible:engraving.x'); None for a
    catalog rule (its message names the choices involved)."""
    kind, _, rest = rule.partition(":")
    return rest.split(".")[0] if kind in ("module", "visible") and rest else None


def loyalty_balance(*, session: Session, customer_id: int) -> int:
    total = session.exec(select(func.sum(LoyaltyEntry.points)).where(LoyaltyEntry.customer_id == customer_id)).one()
    return int(total or 0)


def price_lines(
    *,
    session: Session,
    lines: list[PricedLine],
    delivery: Delivery,
    coupon_code: str | None,
    customer_id: int | None,
    redeem_points: int = 0,
    on: dt.date | None = None,
    currency: str | None = None,
) -> Quote:
    """Price lines on the server, in `currency` (None: the delivery country's); StoreError
    INVALID_LINE (with the line and reasons) if one cannot be sold."""
    if not lines:
        raise StoreError(ErrorCode.CART_EMPTY, "the cart is empty")
    shop = shop_settings()
    coupon_uses = customer_uses = 0
    coupon_code = usable_coupon(coupon_code)
    if coupon_code:
        row = session.exec(select(Coupon).where(Coupon.code == coupon_code.strip().upper(), Coupon.active)).first()
        if row is not None and coupon_hidden(session=session, coupon=row, customer_id=customer_id):
            row = None  # a campaign coupon is unknown to accounts it was not sent to
        if row is not None:
            shop = shop.model_copy(
                update={"coupons": (*(c for c in shop.coupons if c.code != row.code), _shop_coupon(row))}
            )
            coupon_uses = row.uses
            if customer_id is not None:
                customer_uses = session.exec(
                    select(func.count())
                    .select_from(CouponRedemption)
                    .where(CouponRedemption.coupon_id == row.id, CouponRedemption.customer_id == customer_id)
                ).one()
    context = QuoteContext(
        shop=shop,
        date=on or dt.datetime.now(dt.UTC).date(),
        country=delivery.country,
        delivery=delivery.mode,
        coupon=coupon_code,
        coupon_uses=coupon_uses,
        customer_coupon_uses=customer_uses,
        signed_in=customer_id is not None,
        loyalty_balance=loyalty_balance(session=session, customer_id=customer_id) if customer_id else 0,
        redeem_points=redeem_points,
        currency=currency,
    )
    items = [CartItem(p.catalog, p.line.selection, p.line.quantity, _zones(p.line)) for p in lines]
    try:
        return quote_cart(items=items, context=context)
    except QuoteError as exc:
        if exc.code == QuoteErrorCode.INVALID_SELECTION:
            # Find the line at fault (quote_cart stops at the first one).
            for position, p in enumerate(lines, start=1):
                try:
                    quote_cart(
                        items=[CartItem(p.catalog, p.line.selection, p.line.quantity, _zones(p.line))],
                        context=context,
                    )
                except QuoteError as line_exc:
                    raise StoreError(
                        ErrorCode.INVALID_LINE,
                        f"item {position} ({p.catalog.name}) cannot be sold as configured",
                        position=position,
                        line_id=p.line.id,
                        product_code=p.catalog.code,
                        problems=[v.message for v in line_exc.violations],
                        violations=[
                            {"module": _module_of(v.rule), "rule": v.rule, "kind": v.kind, "message": v.message}
                            for v in line_exc.violations
                        ],
                    ) from None
        raise StoreError(ErrorCode.BAD_INPUT, exc.message, pricing_error=exc.code.value) from None
