"""Promotions: member prices, coupons, spend-and-save offers and loyalty points.

Stacking rules, applied in this order to the goods subtotal (item lines after quantity tiers):

1. Quantity tiers are part of the item prices; they always apply and combine with everything.
2. Member price: signed-in buyers get `loyalty.member_price_percent` off all goods.
3. One coupon per order. A percentage coupon does not combine with the member price: the one
   that saves more applies, and the other is reported as refused with the reason. Fixed and
   free-shipping coupons combine with the member price. A coupon restricted to products or
   modules discounts only those lines (after their tier discount). Its minimum spend is
   measured on the goods subtotal before any discount.
4. Spend-and-save offers are automatic; only the largest offer whose threshold the goods
   subtotal (before any discount) reaches applies. It combines with the member price and
   the coupon.
5. Loyalty points are redeemed last, in whole points, up to what is left of the goods.
6. Discounts never take the goods below zero and never touch shipping or tax; shipping is
   free only through a free-shipping coupon or the delivery mode's threshold (measured on the
   goods after every discount). Tax is computed on what the buyer pays after discounts.
7. Signed-in buyers earn `points_per_euro` points per whole currency unit of goods paid
   (after every discount, before shipping).

Every refusal is a `Refusal` with a code and a sentence the buyer can read; nothing raises.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum
from typing import Any

from pricing.context import QuoteContext
from pricing.lines import Line, LineKind
from pricing.money import Money
from pricing.shop import Coupon


class RefusalCode(StrEnum):
    UNKNOWN_COUPON = "unknown-coupon"
    NOT_YET_VALID = "not-yet-valid"
    EXPIRED = "expired"
    MINIMUM_SPEND = "minimum-spend"
    NOT_APPLICABLE = "not-applicable"
    USED_UP = "used-up"
    CUSTOMER_LIMIT = "customer-limit"
    MEMBERS_ONLY = "members-only"
    SIGN_IN_REQUIRED = "sign-in-required"
    MEMBER_PRICE_BETTER = "member-price-better"
    COUPON_BETTER = "coupon-better"
    LOYALTY_SIGN_IN = "loyalty-sign-in"
    LOYALTY_BALANCE = "loyalty-balance"
    LOYALTY_CAPPED = "loyalty-capped"


class DiscountKind(StrEnum):
    MEMBER_PRICE = "member-price"
    COUPON = "coupon"
    OFFER = "offer"
    LOYALTY = "loyalty"


@dataclass(frozen=True, slots=True)
class Refusal:
    promotion: str  # coupon code, "member-price" or "loyalty"
    code: RefusalCode
    message: str  # in English; `pricing.labels.refusal_text` says it in a buyer's language
    params: tuple[tuple[str, Any], ...] = ()  # the figures of the message (amounts, dates, counts)


@dataclass(frozen=True, slots=True)
class Discount:
    kind: DiscountKind
    code: str
    label: str  # in English (the API, stored quotes and the staff read it)
    amount: Money  # positive, rounded; subtracted from the goods
    value: Decimal | None = None  # the percent of a member price, the points of a loyalty discount
    # A coupon's or an offer's names in other languages (language code, name), as the merchant
    # gave them, and its terms in the quote's currency ("percent", "amount", "threshold"), from
    # which `pricing.labels.discount_label` words a name in a language the merchant left out.
    labels: tuple[tuple[str, str], ...] = ()
    terms: tuple[tuple[str, Decimal | Money], ...] = ()
    converted: bool = False  # the shop's amounts were converted to the quote's currency


@dataclass(frozen=True, slots=True)
class Promotions:
    discounts: tuple[Discount, ...]
    refusals: tuple[Refusal, ...]
    free_shipping: bool  # a free-shipping coupon applies
    points_redeemed: int
    coupon: str | None  # the coupon that applies (the store counts a use when the order is placed)
    # The applying coupon's English name and its names by language (a free-shipping coupon gives no
    # discount row: the delivery line names it, `pricing.labels.free_reason_text`).
    coupon_label: str | None = None
    coupon_labels: tuple[tuple[str, str], ...] = ()


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def coupon_refusal(coupon: Coupon, goods: Money, context: QuoteContext) -> Refusal | None:
    """Checks that do not depend on which lines the coupon covers."""

    def no(code: RefusalCode, message: str, **params: Any) -> Refusal:
        return Refusal(coupon.code, code, message, tuple(params.items()))

    if coupon.valid_from is not None and context.date < coupon.valid_from:
        return no(
            RefusalCode.NOT_YET_VALID, f"this coupon is valid from {_day(coupon.valid_from)}", date=coupon.valid_from
        )
    if coupon.valid_until is not None and context.date > coupon.valid_until:
        return no(RefusalCode.EXPIRED, f"this coupon expired on {_day(coupon.valid_until)}", date=coupon.valid_until)
    if coupon.members_only and not context.signed_in:
        return no(RefusalCode.MEMBERS_ONLY, "this coupon is for members: sign in to use it")
    if coupon.max_uses is not None and context.coupon_uses >= coupon.max_uses:
        return no(RefusalCode.USED_UP, "this coupon has been used up")
    if coupon.max_uses_per_customer is not None:
        if not context.signed_in:
            return no(RefusalCode.SIGN_IN_REQUIRED, "sign in to use this coupon (it is limited per customer)")
        if context.customer_coupon_uses >= coupon.max_uses_per_customer:
            times = "once" if coupon.max_uses_per_customer == 1 else f"{coupon.max_uses_per_customer} times"
            return no(
                RefusalCode.CUSTOMER_LIMIT,
                f"this coupon can be used {times} per customer",
                times=coupon.max_uses_per_customer,
            )
    minimum = Money(coupon.minimum_spend, goods.currency)
    if goods < minimum:
        return no(
            RefusalCode.MINIMUM_SPEND,
            f"this coupon needs a minimum of {minimum} (add {(minimum - goods).rounded()} more)",
            minimum=minimum,
            missing=(minimum - goods).rounded(),
        )
    return None


def eligible_amount(coupon: Coupon, lines: Sequence[Line], products: Mapping[int, str]) -> Money | None:
    """What a coupon may discount: the covered lines after their tier share (None: no lines)."""
    covered = [
        line
        for line in lines
        if line.kind is not LineKind.TIER
        and (not coupon.products or products.get(line.item) in coupon.products)
        and (not coupon.modules or line.module in coupon.modules)
    ]
    if not covered:
        return None
    return Money.total((line.net for line in covered), lines[0].amount.currency)


def apply_promotions(
    *, lines: Sequence[Line], products: Mapping[int, str], context: QuoteContext, converted: bool = False
) -> Promotions:
    """Discounts and refusals for the goods `lines` of a cart (`products`: item -> catalog code);
    `context.shop` has its amounts in the lines' currency, `converted` from another currency."""
    shop = context.shop
    currency = lines[0].amount.currency
    goods = Money.total((line.amount for line in lines), currency)
    left = goods
    discounts: list[Discount] = []
    refusals: list[Refusal] = []

    def take(
        kind: DiscountKind,
        code: str,
        label: str,
        amount: Money,
        value: Decimal | None = None,
        labels: Mapping[str, str] | None = None,
        terms: Mapping[str, Decimal | Money] | None = None,
    ) -> None:
        nonlocal left
        amount = amount.rounded().min(left).max(Money.zero(currency))
        if amount:
            names = tuple(sorted((labels or {}).items()))
            figures = tuple((terms or {}).items())
            discounts.append(Discount(kind, code, label, amount, value, names, figures, converted))
            left = left - amount

    member_pct = shop.loyalty.member_price_percent if context.signed_in else Decimal(0)
    member = goods.percent(member_pct).rounded()
    coupon = shop.coupon(context.coupon) if context.coupon else None
    coupon_saving: Money | None = None
    if context.coupon and coupon is None:
        refusals.append(Refusal(context.coupon, RefusalCode.UNKNOWN_COUPON, "we do not know this coupon code"))
    elif coupon is not None:
        refused = coupon_refusal(coupon, goods, context)
        eligible = eligible_amount(coupon, lines, products)
        if refused is None and eligible is None:
            refused = Refusal(coupon.code, RefusalCode.NOT_APPLICABLE, "this coupon does not apply to your cart")
        if refused is not None:
            refusals.append(refused)
            coupon = None
        elif coupon.kind == "percent" and eligible is not None and coupon.percent is not None:
            coupon_saving = eligible.percent(coupon.percent).rounded()
        elif coupon.kind == "fixed" and eligible is not None and coupon.amount is not None:
            coupon_saving = Money(coupon.amount, currency).min(eligible)
    if coupon is not None and coupon.kind == "percent" and member and coupon_saving is not None:
        if member >= coupon_saving:
            refusals.append(
                Refusal(
                    coupon.code,
                    RefusalCode.MEMBER_PRICE_BETTER,
                    f"your member price already saves {member}, more than this coupon ({coupon_saving});"
                    " they do not combine",
                    (("member", member), ("coupon", coupon_saving)),
                )
            )
            coupon, coupon_saving = None, None
        else:
            refusals.append(
                Refusal(
                    "member-price",
                    RefusalCode.COUPON_BETTER,
                    f"coupon {coupon.code} saves more than your member price; they do not combine",
                    (("coupon", coupon.code),),
                )
            )
            member = Money.zero(currency)
    if member:
        take(DiscountKind.MEMBER_PRICE, "member-price", f"Member price −{_pct(member_pct)}%", member, member_pct)
    if coupon is not None and coupon_saving is not None:
        face: dict[str, Decimal | Money] = {}  # what the coupon gives, for its name in other languages
        if coupon.percent is not None:
            face["percent"] = coupon.percent
        elif coupon.amount is not None:
            face["amount"] = Money(coupon.amount, currency)
        take(DiscountKind.COUPON, coupon.code, coupon.label, coupon_saving, None, coupon.labels, face)
    offers = [
        o
        for o in shop.offers
        if goods >= Money(o.threshold, currency)
        and (o.valid_from is None or o.valid_from <= context.date)
        and (o.valid_until is None or context.date <= o.valid_until)
    ]
    if offers:
        best = max(offers, key=lambda o: (o.amount, o.threshold))
        take(
            DiscountKind.OFFER,
            best.code,
            best.label,
            Money(best.amount, currency),
            None,
            best.labels,
            {"amount": Money(best.amount, currency), "threshold": Money(best.threshold, currency)},
        )
    points = _redeem(context, left, refusals)
    if points:
        value = Money(shop.loyalty.point_value, currency) * points
        take(DiscountKind.LOYALTY, "loyalty", f"{points:,} loyalty points", value, Decimal(points))
    return Promotions(
        tuple(discounts),
        tuple(refusals),
        coupon is not None and coupon.kind == "free-shipping",
        points,
        coupon.code if coupon is not None else None,
        coupon.label if coupon is not None else None,
        tuple(sorted(coupon.labels.items())) if coupon is not None else (),
    )


def _pct(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _redeem(context: QuoteContext, left: Money, refusals: list[Refusal]) -> int:
    wanted = context.redeem_points
    if wanted <= 0:
        return 0
    if not context.signed_in:
        refusals.append(Refusal("loyalty", RefusalCode.LOYALTY_SIGN_IN, "sign in to spend loyalty points"))
        return 0
    if wanted > context.loyalty_balance:
        refusals.append(
            Refusal(
                "loyalty",
                RefusalCode.LOYALTY_BALANCE,
                f"you have {context.loyalty_balance:,} points, not {wanted:,}",
                (("balance", context.loyalty_balance), ("wanted", wanted)),
            )
        )
        return 0
    value = context.shop.loyalty.point_value
    if not value:
        return 0
    usable = int((left.amount / value).to_integral_value(rounding=ROUND_FLOOR))
    if usable < wanted:
        refusals.append(
            Refusal(
                "loyalty",
                RefusalCode.LOYALTY_CAPPED,
                f"only {max(usable, 0):,} of your {wanted:,} points can be spent on this order",
                (("usable", max(usable, 0)), ("wanted", wanted)),
            )
        )
        return max(usable, 0)
    return wanted


def points_earned(context: QuoteContext, paid_goods: Money) -> int:
    if not context.signed_in or paid_goods.amount <= 0:
        return 0
    earned = paid_goods.amount.to_integral_value(rounding=ROUND_FLOOR) * context.shop.loyalty.points_per_euro
    return int(earned.to_integral_value(rounding=ROUND_FLOOR))
