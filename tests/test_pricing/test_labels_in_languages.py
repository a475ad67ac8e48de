"""Price lines, discounts, refusals and free delivery said in each buyer language (pricing.labels),
and the configure page's breakdown chart built from them."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from configurator.catalog_engine import CatalogEngine
from configurator.completion import finish
from modules.loader import load_catalog
from pricing.context import QuoteContext
from pricing.labels import discount_label, free_reason_text, line_label, refusal_text
from pricing.lines import LineKind
from pricing.promotions import DiscountKind, RefusalCode
from pricing.quote import quote
from pricing.shop import load_shop
from tests.conftest import ROOT
from tests.test_pricing.pricing_factories import HOODIE
from ui.figures import price_breakdown

TEE = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
DAY = dt.date(2026, 11, 2)


def priced(quantity: int = 1, **context: object):  # type: ignore[no-untyped-def]
    return quote(
        catalog=TEE,
        selection=HOODIE,
        quantity=quantity,
        context=QuoteContext(shop=load_shop(), date=DAY, **context),  # type: ignore[arg-type]
    )


def test_each_kind_of_line_is_named_in_the_buyers_language():
    result = priced(quantity=25)
    by_kind = {line.kind: line for line in result.lines}
    assert line_label(by_kind[LineKind.TIER], TEE, "es") == "Descuento por cantidad del 10% (desde 25 unidades)"
    assert line_label(by_kind[LineKind.TIER], TEE, "en") == by_kind[LineKind.TIER].label  # English as before
    assert line_label(by_kind[LineKind.TEXT], TEE, "pt").endswith(": 3 caracteres")
    assert line_label(by_kind[LineKind.BASE], TEE, "es") == "Prenda cosida" != TEE.base.name
    cut = next(line for line in result.lines if line.code == "cut.hoodie")
    assert line_label(cut, TEE, "en") == "Cut: Hoodie"
    assert line_label(cut, TEE, "es") == "Corte: Sudadera con capucha"


def test_the_member_price_and_loyalty_points_are_named_in_the_buyers_language():
    member = next(d for d in priced(signed_in=True).discounts if d.kind is DiscountKind.MEMBER_PRICE)
    assert discount_label(member, "en") == member.label == "Member price −5%"
    assert discount_label(member, "ru") == "Цена для участников: скидка 5%"


@pytest.mark.parametrize(("lang", "amounts"), [("en", ("€50.00",)), ("pt", ("50,00\xa0€",)), ("zh_Hans", ("€50.00",))])
def test_a_coupon_refusal_says_its_figures_the_languages_way(lang, amounts):
    cheap = quote(
        catalog=TEE,
        selection=finish(CatalogEngine(TEE), {"cut": "tee"}, "default"),
        context=QuoteContext(shop=load_shop(), date=DAY, coupon="WELCOME10", signed_in=True),
    )
    (refusal,) = [r for r in cheap.refusals if r.code is RefusalCode.MINIMUM_SPEND]
    said = refusal_text(refusal, lang)
    assert all(amount in said for amount in amounts), said
    assert ("coupon" in said) == (lang == "en"), said  # the words of the language around its figures


def test_free_delivery_is_explained_in_the_buyers_language():
    shipping = priced(quantity=3).shipping
    assert shipping.free_from is not None and shipping.amount.amount == 0
    assert free_reason_text(shipping, "en") == shipping.free_reason == "free from €80.00"
    assert free_reason_text(shipping, "ru") == "бесплатно от 80,00\xa0€"


def test_the_breakdown_chart_names_every_bar_in_the_pages_language():
    (bar,) = price_breakdown(priced(quantity=10, signed_in=True), "zh_Hans", TEE).data
    names = [label.rsplit("  ", 1)[0].replace("<br>", "") for label in bar.y]
    assert {"数量折扣 5%（10 件起）", "折扣：会员价优惠 5%", "款式: 连帽卫衣"} <= set(names), names
    english = {TEE.base.name, "Quantity discount", "Member price", "Standard ground", "Discount:", "Cut:"}
    assert not [name for name in names if any(word in name for word in english)], names
    assert all(re.search(r"\d\.\d\d", label.rsplit("  ", 1)[1]) for label in bar.y)  # '€1,234.50' in Chinese


def test_a_spanish_buyer_reads_the_merchants_surcharge_and_setup_fee_in_spanish():
    """The hoodie in fleece with embroidery pays a surcharge and a setup fee the catalog names in
    English; a Spanish buyer reads the catalog's Spanish labels while the lines keep the English."""
    result = priced()
    surcharge = next(line for line in result.lines if line.kind is LineKind.SURCHARGE)
    fee = next(line for line in result.lines if line.kind is LineKind.SETUP_FEE)
    assert (surcharge.label, fee.label) == ("Embroidery backing for fleece", "Embroidery digitising")
    assert line_label(surcharge, TEE, "es") == "Entretela de bordado para felpa"
    assert line_label(fee, TEE, "es") == "Digitalización del bordado"
    assert line_label(surcharge, TEE, "en") == surcharge.label  # English as before
    (bar,) = price_breakdown(result, "es", TEE).data
    names = [label.rsplit("  ", 1)[0].replace("<br>", " ") for label in bar.y]
    assert "Entretela de bordado para felpa" in names and "Digitalización del bordado" in names, names
    assert not [name for name in names if "Embroidery" in name], names
