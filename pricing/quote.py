"""Quotes: the full price of one configured item or of a cart, with delivery dates.

>>> import datetime as dt
>>> from modules.loader import load_catalog
>>> from pricing.shop import load_shop
>>> catalog = load_catalog("catalogs/tshirt.yaml")
>>> choice = {"cut": "tee", "fabric": "organic-180", "colour": "white", "size": "m", "print_method": "none"}
>>> q = quote(catalog=catalog, selection=choice, quantity=2,
...           context=QuoteContext(shop=load_shop(), date=dt.date(2026, 11, 6)))
>>> q.subtotal.text(), q.shipping.amount.text(), q.total.text(), q.tax.amount.text()
('29.80', '5.94', '35.74', '6.68')

Totals: `total = subtotal - discount_total + shipping + tax_added`, where `subtotal` is the sum
of the (rounded) item lines and `tax_added` is zero for gross (VAT-inclusive) catalogs, whose
contained VAT is shown in `tax`. Gross prices are what the buyer pays in every destination;
their VAT is computed at the destination's rate. Shipping fees are on the same basis as the
catalog prices (gross or net) and carry the same VAT rate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from modules.catalog import Catalog
from modules.expr import Value
from modules.kinds import NumericModule, QuantityModule, SingleChoice
from modules.selection import SelectionError, Violation, attributes_of, parse_selection, violations, visible
from pricing.context import QuoteContext
from pricing.delivery import estimate, production_days
from pricing.errors import QuoteError, QuoteErrorCode
from pricing.formatting import money
from pricing.lines import full_env, item_lines, item_weight, prices_on, zone_problems
from pricing.model import ItemSummary, Quote, Shipping, Tax
from pricing.money import Money
from pricing.promotions import apply_promotions, points_earned

MAX_QUANTITY = 100_000


@dataclass(frozen=True, slots=True)
class CartItem:
    catalog: Catalog
    selection: Mapping[str, Any]  # raw or parsed values by module code
    quantity: int = 1
    zones: tuple[str, ...] = ()  # print zones holding the buyer's picture (priced per zone)


def checked_selection(catalog: Catalog, raw: Mapping[str, Any], zones: Sequence[str] = ()) -> dict[str, Value]:
    """The full, valid selection of a product (and its used print zones), or QuoteError listing
    everything wrong."""
    # A module that does not apply has no value; parsing would call a missing required choice an error.
    absent = {code for code, value in raw.items() if value is None and catalog.module(code) is not None}
    try:
        parsed = {
            **parse_selection(catalog, {k: v for k, v in raw.items() if k not in absent}),
            **dict.fromkeys(absent),
        }
    except SelectionError as exc:
        found = [Violation(f"module:{p.module}", p.code.value, p.message) for p in exc.problems]
        raise QuoteError(QuoteErrorCode.INVALID_SELECTION, "the selection does not fit the catalog", found) from None
    env = full_env(catalog, parsed)
    attributes = attributes_of(catalog)
    missing = [
        Violation(f"module:{m.code}", "incomplete", f"'{m.name}' needs a choice")
        for m in catalog.modules
        if isinstance(m, SingleChoice | NumericModule | QuantityModule)
        and parsed.get(m.code) is None
        and not (isinstance(m, SingleChoice) and m.code in parsed)
        and visible(m, env, attributes)
    ]
    found = [v for v in violations(catalog, env) if v.rule not in {m.rule for m in missing}]
    found += [
        Violation(f"zone:{code}", "print-zone", why) for code, why in zone_problems(catalog, env, attributes, zones)
    ]
    if missing or found:
        raise QuoteError(QuoteErrorCode.INVALID_SELECTION, "this configuration cannot be sold", [*missing, *found])
    return env


def quote(
    *,
    catalog: Catalog,
    selection: Mapping[str, Any],
    quantity: int = 1,
    context: QuoteContext,
    zones: Sequence[str] = (),
) -> Quote:
    """The price of one configured product (`quantity` identical items), with a line per print
    zone in `zones` (the zones holding the buyer's pictures)."""
    return quote_cart(items=[CartItem(catalog, selection, quantity, tuple(zones))], context=context)


def quote_cart(*, items: Sequence[CartItem], context: QuoteContext) -> Quote:
    """The price of a cart: item lines, promotions, one shipment, tax and delivery dates."""
    if not items:
        raise QuoteError(QuoteErrorCode.EMPTY_CART, "the cart is empty")
    priced_in = context.shop.currency  # catalogs are written in the shop currency
    currency = context.sale_currency
    try:
        sale = context.shop.sale_currency(currency)
    except ValueError as exc:
        raise QuoteError(QuoteErrorCode.CURRENCY_MISMATCH, str(exc)) from None
    shop = context.shop.in_currency(currency)
    gross = items[0].catalog.prices_include_tax
    mode = shop.delivery_mode(context.delivery_code)
    if mode is None:
        raise QuoteError(QuoteErrorCode.UNKNOWN_DELIVERY_MODE, f"we have no delivery mode '{context.delivery_code}'")
    rate = shop.vat_rate(context.destination)
    if rate is None:
        raise QuoteError(QuoteErrorCode.UNKNOWN_COUNTRY, f"we do not deliver to {context.destination}")
    lines = []
    summaries = []
    weight = Decimal(0)
    slowest = 0
    for index, item in enumerate(items):
        catalog = item.catalog
        if catalog.currency != priced_in:
            raise QuoteError(
                QuoteErrorCode.CURRENCY_MISMATCH, f"{catalog.name} is priced in {catalog.currency}, not {priced_in}"
            )
        if catalog.prices_include_tax != gross:
            raise QuoteError(QuoteErrorCode.MIXED_TAX_BASIS, "a cart cannot mix gross and net price catalogs")
        if (
            isinstance(item.quantity, bool)
            or not isinstance(item.quantity, int)
            or not 1 <= item.quantity <= MAX_QUANTITY
        ):
            raise QuoteError(QuoteErrorCode.BAD_QUANTITY, f"quantity must be a whole number from 1 to {MAX_QUANTITY:,}")
        env = checked_selection(catalog, item.selection, item.zones)
        attributes = attributes_of(catalog)
        item_line_list = item_lines(
            catalog,
            env,
            attributes,
            quantity=item.quantity,
            date=context.date,
            item=index,
            sale=sale,
            zones=item.zones,
        )
        lines += item_line_list
        days = production_days(catalog, env, attributes)
        unit_weight = item_weight(catalog, env, attributes)
        weight += unit_weight * item.quantity
        slowest = max(slowest, days)
        price_list = prices_on(catalog, context.date, sale).list_code
        summaries.append(
            ItemSummary(
                index,
                catalog.code,
                catalog.name,
                item.quantity,
                Money.total((line.amount for line in item_line_list), currency),
                unit_weight * item.quantity,
                days,
                price_list,
                dict(env),
            )
        )
    subtotal = Money.total((line.amount for line in lines), currency)
    in_sale_currency = replace(context, shop=shop)  # coupon, offer and loyalty figures in `currency`
    promotions = apply_promotions(
        lines=lines,
        products={s.index: s.product for s in summaries},
        context=in_sale_currency,
        converted=currency != priced_in,
    )
    discount_total = Money.total((d.amount for d in promotions.discounts), currency)
    paid_goods = subtotal - discount_total
    count = sum(item.quantity for item in items)
    # The fee is worked out in the shop currency, then converted once (and rounded by its rule).
    listed = context.shop.delivery_mode(mode.code) or mode
    fee_amount = listed.fee_per_shipment + listed.fee_per_item * count + listed.fee_per_kg * weight
    fee = Money(sale.convert(fee_amount), currency)
    free_reason, free_from, free_coupon, free_label = None, None, None, None
    free_labels: tuple[tuple[str, str], ...] = ()
    if promotions.free_shipping:
        free_reason, free_coupon = f"coupon {promotions.coupon}", promotions.coupon
        free_label, free_labels = promotions.coupon_label, promotions.coupon_labels
    elif mode.free_from is not None and paid_goods >= Money(mode.free_from, currency):
        free_from = Money(mode.free_from, currency)
        free_reason = f"free from {money(free_from)}"
    shipping = Shipping(
        mode.code,
        mode.label,
        Money.zero(currency) if free_reason else fee.rounded(),
        free_reason,
        weight,
        free_from,
        free_coupon,
        free_label,
        free_labels,
    )
    taxable = paid_goods + shipping.amount
    if gross:
        tax_amount = Money(taxable.amount * rate / (100 + rate), currency).rounded()
    else:
        tax_amount = taxable.percent(rate).rounded()
    tax = Tax(context.destination, rate, tax_amount, gross)
    total = taxable + (Money.zero(currency) if gross else tax_amount)
    delivery = estimate(
        order_date=context.date,
        production=slowest,
        mode=mode,
        holidays=shop.closing_days_in(shop.home_country),
        transit_holidays=shop.closing_days_in(context.destination),
    )
    return Quote(
        currency=currency,
        prices_include_tax=gross,
        date=context.date,
        items=tuple(summaries),
        lines=tuple(lines),
        subtotal=subtotal,
        discounts=promotions.discounts,
        refusals=promotions.refusals,
        discount_total=discount_total,
        shipping=shipping,
        tax=tax,
        total=total,
        coupon=promotions.coupon,
        points_redeemed=promotions.points_redeemed,
        points_earned=points_earned(in_sale_currency, paid_goods),
        delivery=delivery,
        exchange=context.shop.exchange(currency),
    )
