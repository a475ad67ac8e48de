"""A stored quote (`Quote.as_json`, what an order records) keeps what names its discounts and its
free-shipping coupon: read back, each one is the discount the cart showed and is named the same in
every language, in the currency the buyer paid in."""

from __future__ import annotations

import datetime as dt

import pytest

from i18n import LANGUAGES
from modules.loader import load_catalog
from pricing.context import QuoteContext
from pricing.labels import discount_label, free_reason_text
from pricing.model import Quote, recorded_discounts, recorded_shipping
from pricing.promotions import DiscountKind
from pricing.quote import quote
from pricing.shop import load_shop
from tests.conftest import ROOT
from tests.test_pricing.pricing_factories import HOODIE

TEE = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
DAY = dt.date(2026, 11, 2)


def priced(**context: object) -> Quote:
    return quote(
        catalog=TEE,
        selection=HOODIE,
        quantity=12,
        context=QuoteContext(shop=load_shop(), date=DAY, **context),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("currency", [None, "USD"])
def test_every_kind_of_discount_reads_back_named_as_sold(currency):
    q = priced(coupon="SAVE15", signed_in=True, loyalty_balance=1000, redeem_points=500, currency=currency)
    kinds = {d.kind for d in q.discounts}
    assert kinds == {DiscountKind.MEMBER_PRICE, DiscountKind.COUPON, DiscountKind.OFFER, DiscountKind.LOYALTY}
    recorded = recorded_discounts(q.as_json())
    assert recorded == q.discounts
    for lang in LANGUAGES:
        assert [discount_label(d, lang) for d in recorded] == [discount_label(d, lang) for d in q.discounts]


def test_a_named_coupon_reads_back_with_its_names():
    q = priced(coupon="TEES20")
    (coupon,) = [d for d in recorded_discounts(q.as_json()) or () if d.kind is DiscountKind.COUPON]
    assert discount_label(coupon, "es") == "20 % de descuento en camisetas"


def test_the_free_shipping_coupon_reads_back_with_its_names():
    q = priced(coupon="FREESHIP", currency="USD")
    shipping = recorded_shipping(q.as_json())
    assert shipping == q.shipping
    assert [free_reason_text(shipping, lang) for lang in ("en", "es", "zh_Hans")] == [
        "Free shipping",
        "Envío gratis",
        "免运费",
    ]


def test_a_quote_stored_before_the_names_reads_back_as_none():
    stored = priced(coupon="SAVE15").as_json()
    stored["discounts"] = [{k: d[k] for k in ("kind", "code", "label", "amount")} for d in stored["discounts"]]
    del stored["shipping"]["free_coupon"]
    assert recorded_discounts(stored) is None and recorded_shipping(stored) is None
