"""Coupon and offer names in the buyer's language (pricing.labels.discount_label): the merchant's
name for that language from the shop settings, else one worded from the terms with the amounts in
the quote's currency the language's way; the stored label stays English."""

from __future__ import annotations

import datetime as dt

import pytest

from modules.errors import CatalogError, ProblemCode
from modules.loader import load_catalog
from pricing.context import QuoteContext
from pricing.labels import discount_label
from pricing.model import Quote
from pricing.promotions import Discount
from pricing.quote import quote
from pricing.shop import ShopSettings, load_shop, load_shop_text
from tests.conftest import ROOT
from tests.test_pricing.pricing_factories import HOODIE, MINIMAL_SHOP
from ui.figures import price_breakdown

TEE = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
DAY = dt.date(2026, 11, 2)
NBSP = "\xa0"
OFFER_NAMES = {
    "es": "Ahorro de otoño",
    "pt": "Poupança de outono",
    "ru": "Осенняя экономия",
    "zh_Hans": "秋季满减",
}


def priced(shop: ShopSettings | None = None, **context: object) -> Quote:
    """Twelve hoodies (€664.80 of goods): the €60 off orders from €500 offer applies."""
    return quote(
        catalog=TEE,
        selection=HOODIE,
        quantity=12,
        context=QuoteContext(shop=shop or load_shop(), date=DAY, **context),  # type: ignore[arg-type]
    )


def discount(result: Quote, code: str) -> Discount:
    return next(d for d in result.discounts if d.code == code)


def named_offer(**labels: str) -> ShopSettings:
    shop = load_shop()
    offers = tuple(o.model_copy(update={"labels": labels}) if o.code == "spend-500" else o for o in shop.offers)
    return shop.model_copy(update={"offers": offers})


@pytest.mark.parametrize("lang", ["es", "pt", "ru", "zh_Hans"])
def test_each_language_reads_the_merchants_name_when_given(lang):
    offer = discount(priced(named_offer(**OFFER_NAMES)), "spend-500")
    assert discount_label(offer, lang) == OFFER_NAMES[lang]
    assert offer.label == discount_label(offer, "en") == "€60 off orders from €500"  # English as stored
    coupon = discount(priced(coupon="TEES20"), "TEES20")
    assert coupon.label == "20% off T-shirts"
    assert discount_label(coupon, lang) == dict(load_shop().coupon("TEES20").labels)[lang]  # type: ignore[union-attr]
    assert discount_label(coupon, lang) != coupon.label


WORDED = {
    "es": (
        f"60{NBSP}€ de descuento en pedidos desde 500{NBSP}€",
        f"15{NBSP}€ de descuento",
        f"50{NBSP}% de descuento",
    ),
    "pt": (
        f"60{NBSP}€ de desconto em encomendas a partir de 500{NBSP}€",
        f"15{NBSP}€ de desconto",
        "50% de desconto",
    ),
    "ru": (f"скидка 60{NBSP}€ на заказы от 500{NBSP}€", f"скидка 15{NBSP}€", f"скидка 50{NBSP}%"),
    "zh_Hans": ("订单满€500减€60", "立减€15", "优惠50%"),
}


@pytest.mark.parametrize("lang", sorted(WORDED))
def test_without_the_merchants_name_the_buyer_reads_it_worded_from_the_terms(lang):
    offer_name, fixed_name, percent_name = WORDED[lang]
    fixed = priced(coupon="SAVE15")
    assert discount_label(discount(fixed, "spend-500"), lang) == offer_name
    assert discount_label(discount(fixed, "SAVE15"), lang) == fixed_name
    shop = load_shop()
    half = shop.coupon("ENGRAVE").model_copy(update={"labels": {}})  # type: ignore[union-attr]
    percent = discount(priced(shop.model_copy(update={"coupons": (half,)}), coupon="ENGRAVE"), "ENGRAVE")
    assert discount_label(percent, lang) == percent_name
    assert percent.label == "Engraving and print text half price"
    assert discount_label(percent, "en") == percent.label


def test_a_name_given_in_one_language_leaves_the_others_worded():
    offer = discount(priced(named_offer(es="Ahorro de otoño")), "spend-500")
    assert discount_label(offer, "es") == "Ahorro de otoño"
    assert discount_label(offer, "pt") == WORDED["pt"][0]


def test_worded_names_say_the_amounts_in_the_currency_of_the_quote():
    roubles = priced(currency="RUB", coupon="SAVE15")
    offer, fixed = discount(roubles, "spend-500"), discount(roubles, "SAVE15")
    assert discount_label(offer, "ru") == f"скидка 5{NBSP}910{NBSP}₽ на заказы от 49{NBSP}250{NBSP}₽"
    assert discount_label(fixed, "ru") == f"скидка 1{NBSP}478{NBSP}₽"
    assert discount_label(offer, "es") == f"5.910{NBSP}RUB de descuento en pedidos desde 49.250{NBSP}RUB"
    # The merchant's English names say euros: an English buyer paying in roubles reads the terms.
    assert discount_label(offer, "en") == "RUB5,910 off orders from RUB49,250"
    assert discount_label(fixed, "en") == "RUB1,478 off"
    assert (offer.label, fixed.label) == ("€60 off orders from €500", "EUR 15 off")  # what the API returns
    dollars = discount(priced(currency="USD"), "spend-500")
    assert discount_label(dollars, "zh_Hans") == "订单满US$540减US$64.80"  # cents only when there are some


def test_the_breakdown_chart_and_member_price_keep_their_own_wording():
    (bar,) = price_breakdown(priced(signed_in=True), "ru", TEE).data
    names = [label.rsplit("  ", 1)[0].replace("<br>", " ") for label in bar.y]
    assert any(f"скидка 60{NBSP}€ на заказы от 500{NBSP}€" in name for name in names), names
    assert not [name for name in names if "off orders" in name], names


GOOD = MINIMAL_SHOP


@pytest.mark.parametrize(
    ("entry", "where", "words"),
    [
        (
            "offers:\n  - {code: spend-100, label: A, labels: {es: B, fr: C}, threshold: 100, amount: 5}\n",
            (7, 41),
            ("offer 'spend-100'", "'fr'", "es, pt, ru, zh_Hans"),
        ),
        (
            "coupons:\n  - code: TEN\n    label: Ten\n    labels: {en: Ten off}\n    kind: percent\n    percent: 10\n",
            (9, 13),
            ("coupon 'TEN'", "'en'", "label"),
        ),
    ],
)
def test_a_name_in_an_unknown_language_is_refused_naming_the_entry_and_code(entry, where, words):
    with pytest.raises(CatalogError) as caught:
        load_shop_text(GOOD + entry, file="shop.yaml")
    (problem,) = caught.value.problems
    assert problem.code is ProblemCode.TYPE
    assert (problem.line, problem.column) == where
    assert all(word in problem.message for word in words), problem.message
    assert str(problem).startswith(f"shop.yaml:{where[0]}:{where[1]}: labels: ")


def test_the_sample_shop_names_the_coupons_whose_terms_would_lose_their_meaning():
    shop = load_shop()
    for code in ["WELCOME10", "TEES20", "ENGRAVE", "MEMBERS25", "FREESHIP"]:
        coupon = shop.coupon(code)
        assert coupon is not None and set(coupon.labels) == {"es", "pt", "ru", "zh_Hans"}, code
