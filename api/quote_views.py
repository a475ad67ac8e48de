"""A `pricing.model.Quote` as the API shows it: every amount as Money (pure conversion)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from api.schemas_common import Money
from api.schemas_quote import QuoteDelivery, QuoteDiscount, QuoteItem, QuoteLine, QuoteOut, QuoteShipping, QuoteTax
from modules.selection import dump_selection
from pricing.model import Quote


def _decimal(value: Decimal) -> str:
    return format(value.normalize(), "f")


def quote_out(quote: Quote, *, valid_days: int) -> QuoteOut:
    estimate = quote.delivery
    return QuoteOut(
        currency=quote.currency,
        prices_include_tax=quote.prices_include_tax,
        date=quote.date,
        items=[
            QuoteItem(
                product=item.product,
                name=item.name,
                quantity=item.quantity,
                subtotal=Money.of(item.subtotal),
                weight_kg=_decimal(item.weight_kg),
                production_days=item.production_days,
                selection=dump_selection(item.selection),
            )
            for item in quote.items
        ],
        lines=[
            QuoteLine(
                kind=line.kind.value,
                code=line.code,
                label=line.label,
                unit=Money.of(line.unit, exact=True),
                quantity=line.quantity,
                amount=Money.of(line.amount),
                tier_discount=Money.of(line.tier_discount),
            )
            for line in quote.lines
        ],
        subtotal=Money.of(quote.subtotal),
        discounts=[
            QuoteDiscount(kind=d.kind.value, code=d.code, label=d.label, amount=Money.of(d.amount))
            for d in quote.discounts
        ],
        discount_total=Money.of(quote.discount_total),
        shipping=QuoteShipping(
            mode=quote.shipping.mode,
            label=quote.shipping.label,
            amount=Money.of(quote.shipping.amount),
            free_reason=quote.shipping.free_reason,
        ),
        tax=QuoteTax(
            country=quote.tax.country,
            rate=_decimal(quote.tax.rate),
            amount=Money.of(quote.tax.amount),
            included=quote.tax.included,
        ),
        total=Money.of(quote.total),
        delivery=QuoteDelivery(
            mode=estimate.mode,
            production_days=estimate.production_days,
            ships_on=estimate.ships_on,
            earliest=estimate.earliest,
            latest=estimate.latest,
        ),
        valid_until=quote.date + dt.timedelta(days=max(valid_days, 0)),
    )
