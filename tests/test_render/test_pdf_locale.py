"""PDF documents write amounts and dates the way the buyer's language does."""

from __future__ import annotations

import datetime as dt

import pytest

from configurator.catalog_engine import CatalogEngine
from modules.loader import load_catalog
from pricing import formatting
from pricing.context import QuoteContext
from pricing.quote import quote
from pricing.shop import load_shop
from render.pdf import invoice_pdf, quote_pdf
from render.pdf.base import cjk_font
from tests.conftest import ROOT
from tests.test_render.pdf_text import pdf_text
from tests.test_render.test_pdf_documents import order

DAY = dt.date(2026, 11, 29)


def plain(text: str) -> str:
    """No-break spaces (CLDR separates thousands and units with them) as plain spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def test_the_invoice_reads_in_english_by_default():
    text = pdf_text(invoice_pdf(order(total_minor=1990000, paid_minor=1990000)))
    assert "€19,900.00" in text
    assert "Nov 29, 2026" in text
    assert "19900.00" not in text and "EUR" not in text


def test_the_invoice_in_spanish_and_russian_writes_their_numbers_and_dates():
    spanish = pdf_text(invoice_pdf(order(total_minor=1990000, paid_minor=1990000), lang="es"))
    assert "19.900,00 €" in plain(spanish)
    assert "29 nov 2026" in spanish
    russian = pdf_text(invoice_pdf(order(total_minor=1990000, paid_minor=1990000), lang="ru"))
    assert "19 900,00 €" in plain(russian)
    assert "29 нояб. 2026 г." in plain(russian)


def test_the_quote_writes_its_prices_and_dates_in_the_buyer_language():
    catalog = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    full = CatalogEngine(catalog).complete({})
    priced = quote(catalog=catalog, selection=full, quantity=3, context=QuoteContext(shop=load_shop(), date=DAY))
    text = plain(pdf_text(quote_pdf(catalog=catalog, selection=full, quote=priced, issued_on=DAY, lang="pt")))
    assert plain(formatting.money(priced.total, "pt")) in text
    assert formatting.date(DAY, "pt") in text
    assert str(priced.total) not in text  # never "EUR 58.50"


def test_a_chinese_quote_holds_the_chinese_glyphs():
    if cjk_font() is None:
        pytest.skip("no CJK font installed (Debian: apt-get install fonts-wqy-microhei; .ci/run installs it)")
    catalog = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    full = CatalogEngine(catalog).complete({})
    priced = quote(catalog=catalog, selection=full, quantity=3, context=QuoteContext(shop=load_shop(), date=DAY))
    text = pdf_text(quote_pdf(catalog=catalog, selection=full, quote=priced, issued_on=DAY, lang="zh_Hans"))
    for words in ("报价单", "您的选择", "总计", "数量", "本报价有效期至", "2026年11月29日"):
        assert words in text, words
    assert "€" in text  # Latin symbols and digits print in the same document


def test_a_russian_invoice_holds_the_cyrillic_glyphs_and_buyer_text_in_any_script():
    data = invoice_pdf(order(contact_name="Иван Петров 张伟"), lang="ru")
    text = plain(pdf_text(data))
    for words in ("Счёт 2026-000042", "Получатель", "Итого", "Оплачено", "Иван Петров"):
        assert words in text, words
    if cjk_font() is not None:
        assert "张伟" in text  # a buyer's Chinese name falls back to the CJK font


def tee_quote(lang: str) -> str:
    """The text of a T-shirt quote in `lang`, made from the catalog as loaded (in English)."""
    catalog = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    full = CatalogEngine(catalog).complete({"print_method": "screen", "placement": frozenset({"front"})})
    priced = quote(catalog=catalog, selection=full, quantity=3, context=QuoteContext(shop=load_shop(), date=DAY))
    return plain(pdf_text(quote_pdf(catalog=catalog, selection=full, quote=priced, issued_on=DAY, lang=lang)))


ENGLISH_QUOTE = (
    "Quote Q-",
    "Custom T-shirt",
    "Your choices",
    "Classic tee",
    "Screen print",
    "Full front",
    "Delivered",
    "Screen preparation",
)


def test_a_russian_quote_names_the_product_and_every_choice_in_russian():
    text = tee_quote("ru")
    for words in ("Предложение Q-", "Футболка на заказ", "Ваш выбор", "Крой", "Классическая футболка"):
        assert words in text, words
    for words in ("Нанесение: Шелкография", "Расположение: Вся передняя часть", "Доставка с ", "Итого"):
        assert words in text, words
    assert [words for words in ENGLISH_QUOTE if words in text] == []
    assert "г.." not in text  # a date ending in "г." is not followed by a second full stop


def test_a_chinese_quote_names_the_product_and_every_choice_in_chinese():
    if cjk_font() is None:
        pytest.skip("no CJK font installed (Debian: apt-get install fonts-wqy-microhei; .ci/run installs it)")
    text = tee_quote("zh_Hans")
    for words in ("报价单", "定制T恤", "您的选择", "款式", "经典T恤", "装饰工艺: 丝网印刷", "位置: 正面整幅"):
        assert words in text, words
    assert [words for words in ENGLISH_QUOTE if words in text] == []


def test_a_spanish_quote_names_the_merchants_surcharge_and_setup_fee_in_spanish():
    catalog = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    choice = {"cut": "hoodie", "fabric": "fleece", "print_method": "embroidery", "placement": frozenset({"chest-left"})}
    full = CatalogEngine(catalog).complete(choice)
    priced = quote(catalog=catalog, selection=full, quantity=2, context=QuoteContext(shop=load_shop(), date=DAY))
    assert {"Embroidery backing for fleece", "Embroidery digitising"} <= {line.label for line in priced.lines}
    text = plain(pdf_text(quote_pdf(catalog=catalog, selection=full, quote=priced, issued_on=DAY, lang="es")))
    for words in ("Entretela de bordado para felpa", "Digitalización del bordado"):
        assert words in text, words
    assert "Embroidery backing" not in text and "Embroidery digitising" not in text
