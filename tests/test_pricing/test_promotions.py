"""Promotions: what applies, how they stack, and a readable reason for every refusal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pricing_factories import context, mug, sample, shop

from pricing.promotions import DiscountKind, RefusalCode
from pricing.quote import CartItem, quote, quote_cart
from pricing.shop import Coupon, SpendAndSave

FULL = {"size": "large", "extras": ["lid", "gift-box"], "engraving": "AB", "coasters": 2, "handle": 8}  # 38.39
TEE = {"cut": "tee", "fabric": "organic-180", "colour": "white", "size": "m", "print_method": None}  # 14.90


def with_coupons(*coupons: Coupon, offers: tuple[SpendAndSave, ...] = ()):
    return shop().model_copy(update={"coupons": coupons, "offers": offers})


def coupon(**fields) -> Coupon:
    return Coupon.model_validate({"code": "TEST", "label": "Test coupon", "kind": "percent", "percent": 10, **fields})


def priced(quantity=1, selection=FULL, **ctx):
    return quote(catalog=mug(), selection=selection, quantity=quantity, context=context(**ctx))


def discounts(q):
    return {d.code: d.amount.text() for d in q.discounts}


def refusal(q):
    assert len(q.refusals) == 1, q.refusals
    return q.refusals[0]


def test_percent_coupon_and_minimum_spend_message():
    sh = with_coupons(coupon(minimum_spend=50))
    assert discounts(priced(2, shop=sh, coupon="test")) == {"TEST": "6.68"}  # 10 % of 66.79
    r = refusal(priced(1, shop=sh, coupon="TEST"))
    assert r.code is RefusalCode.MINIMUM_SPEND
    assert r.message == "this coupon needs a minimum of EUR 50.00 (add EUR 11.61 more)"


def test_fixed_coupon_is_capped_at_what_it_covers():
    sh = with_coupons(coupon(kind="fixed", percent=None, amount=5, modules=["engraving"]))
    assert discounts(priced(shop=sh, coupon="TEST")) == {"TEST": "1.70"}  # only the engraving line
    sh = with_coupons(coupon(kind="fixed", percent=None, amount=500))
    q = priced(shop=sh, coupon="TEST")
    assert discounts(q) == {"TEST": "38.39"} and q.subtotal == q.discount_total


def test_restricted_coupons():
    sh = with_coupons(coupon(products=["tshirt"]))
    r = refusal(priced(shop=sh, coupon="TEST"))
    assert r.code is RefusalCode.NOT_APPLICABLE and r.message == "this coupon does not apply to your cart"
    cart = [CartItem(mug(), FULL), CartItem(sample("tshirt.yaml"), TEE, 2)]
    q = quote_cart(items=cart, context=context(shop=sh, coupon="TEST"))
    assert discounts(q) == {"TEST": "2.98"}  # 10 % of the two tees only


def test_free_shipping_coupon():
    sh = with_coupons(coupon(kind="free-shipping", percent=None))
    q = priced(shop=sh, coupon="TEST")
    assert q.shipping.amount.amount == 0 and q.shipping.free_reason == "coupon TEST"
    assert q.discounts == ()


@pytest.mark.parametrize(
    ("fields", "ctx", "code", "message"),
    [
        ({}, {"coupon": "NOPE"}, RefusalCode.UNKNOWN_COUPON, "we do not know this coupon code"),
        (
            {"valid_from": "2027-03-01"},
            {},
            RefusalCode.NOT_YET_VALID,
            "this coupon is valid from 1 March 2027",
        ),
        ({"valid_until": "2026-10-31"}, {}, RefusalCode.EXPIRED, "this coupon expired on 31 October 2026"),
        ({"max_uses": 100}, {"coupon_uses": 100}, RefusalCode.USED_UP, "this coupon has been used up"),
        (
            {"max_uses_per_customer": 1},
            {"signed_in": True, "customer_coupon_uses": 1},
            RefusalCode.CUSTOMER_LIMIT,
            "this coupon can be used once per customer",
        ),
        (
            {"max_uses_per_customer": 1},
            {},
            RefusalCode.SIGN_IN_REQUIRED,
            "sign in to use this coupon (it is limited per customer)",
        ),
        ({"members_only": True}, {}, RefusalCode.MEMBERS_ONLY, "this coupon is for members: sign in to use it"),
        ({"modules": ["monogram"]}, {}, RefusalCode.NOT_APPLICABLE, "this coupon does not apply to your cart"),
    ],
)
def test_every_coupon_refusal_has_a_reason(fields, ctx, code, message):
    q = priced(shop=with_coupons(coupon(**fields)), **{"coupon": "TEST", **ctx})
    r = refusal(q)
    assert (r.code, r.message) == (code, message)
    assert q.coupon is None and all(d.kind is not DiscountKind.COUPON for d in q.discounts)


def test_coupon_is_usable_until_its_limits():
    sh = with_coupons(coupon(max_uses=100, max_uses_per_customer=2, valid_until="2026-11-04"))
    q = priced(shop=sh, coupon="TEST", coupon_uses=99, signed_in=True, customer_coupon_uses=1)
    assert q.coupon == "TEST" and discounts(q)["TEST"] == "3.84"


def test_member_price_and_percent_coupon_do_not_combine():
    member = shop().loyalty.member_price_percent
    assert member == Decimal(5)
    q = priced(signed_in=True)
    assert discounts(q) == {"member-price": "1.92"}  # 5 % of 38.39
    small = priced(shop=with_coupons(coupon(percent=3)), signed_in=True, coupon="TEST")
    r = refusal(small)
    assert r.code is RefusalCode.MEMBER_PRICE_BETTER
    assert (
        r.message == "your member price already saves EUR 1.92, more than this coupon (EUR 1.15); they do not combine"
    )
    assert discounts(small) == {"member-price": "1.92"}
    big = priced(shop=with_coupons(coupon(percent=20)), signed_in=True, coupon="TEST")
    assert refusal(big).code is RefusalCode.COUPON_BETTER
    assert discounts(big) == {"TEST": "7.68"}


def test_fixed_coupon_combines_with_member_price_and_offers():
    sh = with_coupons(
        coupon(kind="fixed", percent=None, amount=10),
        offers=(SpendAndSave(code="s100", label="EUR 5 off from EUR 100", threshold=Decimal(100), amount=Decimal(5)),),
    )
    q = priced(3, shop=sh, signed_in=True, coupon="TEST")  # 3 x 28.40 + 9.99 = 95.19: no offer yet
    assert discounts(q) == {"member-price": "4.76", "TEST": "10.00"}
    q = priced(4, shop=sh, signed_in=True, coupon="TEST")  # 123.59
    assert discounts(q) == {"member-price": "6.18", "TEST": "10.00", "s100": "5.00"}
    assert [d.kind for d in q.discounts] == [DiscountKind.MEMBER_PRICE, DiscountKind.COUPON, DiscountKind.OFFER]


def test_only_the_largest_spend_and_save_offer_applies():
    q = quote(
        catalog=sample("table.yaml"),
        selection={
            "width": 160,
            "depth": 80,
            "height": 75,
            "top": "oak",
            "thickness": "standard",
            "edge": "square",
            "finish": "clear-oil",
            "legs": "u-frame",
            "leg_colour": "black",
            "drawers": 0,
            "extras": [],
        },
        quantity=1,
        context=context(),
    )
    assert q.subtotal.text() == "958.60"
    assert discounts(q) == {"spend-500": "60.00"}


def test_offer_dates():
    offer = SpendAndSave(
        code="xmas", label="Christmas", threshold=Decimal(10), amount=Decimal(3), valid_from=dt.date(2026, 12, 1)
    )
    sh = with_coupons(offers=(offer,))
    assert discounts(priced(shop=sh)) == {}
    assert discounts(priced(shop=sh, date=dt.date(2026, 12, 2))) == {"xmas": "3.00"}


def test_loyalty_points():
    q = priced(signed_in=True, loyalty_balance=500, redeem_points=300)
    assert discounts(q) == {"member-price": "1.92", "loyalty": "3.00"}
    assert q.points_redeemed == 300
    assert q.points_earned == 33  # floor(38.39 - 4.92) x 1 point per euro
    r = refusal(priced(loyalty_balance=500, redeem_points=300))
    assert r.code is RefusalCode.LOYALTY_SIGN_IN and r.message == "sign in to spend loyalty points"
    r = refusal(priced(signed_in=True, loyalty_balance=200, redeem_points=300))
    assert r.code is RefusalCode.LOYALTY_BALANCE and r.message == "you have 200 points, not 300"
    capped = priced(signed_in=True, loyalty_balance=9000, redeem_points=9000)
    r = refusal(capped)
    assert r.code is RefusalCode.LOYALTY_CAPPED
    assert r.message == "only 3,647 of your 9,000 points can be spent on this order"
    assert capped.subtotal - capped.discount_total == capped.subtotal.zero("EUR")
    assert capped.points_earned == 0


def test_discounts_never_take_goods_below_zero_and_shipping_threshold_uses_paid_goods():
    sh = with_coupons(coupon(kind="fixed", percent=None, amount=30))
    q = priced(3, shop=sh, coupon="TEST")  # 95.19 - 30 = 65.19 < 80: shipping is charged
    assert q.shipping.amount.amount > 0
    q = priced(4, shop=sh)  # 123.59 >= 80
    assert q.shipping.amount.amount == 0 and q.shipping.free_reason == "free from €80.00"


def test_cart_ships_once():
    tee = sample("tshirt.yaml")
    one = quote_cart(items=[CartItem(tee, TEE)], context=context(delivery="air"))
    two = quote_cart(
        items=[CartItem(tee, TEE), CartItem(tee, {**TEE, "colour": "black"})], context=context(delivery="air")
    )
    assert one.shipping.amount.text() == "31.13"  # 29.00 + 2.00 + 2.50 x 0.05 kg
    assert two.shipping.amount.text() == "33.25"  # one shipment fee; 2 items, 0.1 kg
    assert len(two.items) == 2 and {line.item for line in two.lines} == {0, 1}
