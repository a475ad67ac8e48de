"""Pure view helpers: the price breakdown figure and money formatting."""

from __future__ import annotations

import datetime as dt

import pytest

from configurator.catalog_engine import CatalogEngine
from configurator.completion import finish
from modules.loader import load_catalog
from pricing.context import QuoteContext
from pricing.quote import quote
from pricing.shop import load_shop
from tests.conftest import ROOT
from tests.test_pricing.pricing_factories import HOODIE
from ui.figures import price_breakdown


def test_breakdown_has_a_bar_per_priced_line_and_shipping():
    catalog = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    selection = HOODIE
    result = quote(
        catalog=catalog, selection=selection, context=QuoteContext(shop=load_shop(), date=dt.date(2026, 11, 2))
    )
    figure = price_breakdown(result)
    (bar,) = figure.data
    priced = [line for line in result.lines if line.net.amount]
    assert len(bar.y) == len(priced) + len(result.discounts) + (1 if result.shipping.amount.amount else 0)
    assert sum(bar.x) == pytest.approx(
        float(result.subtotal.amount - result.discount_total.amount + result.shipping.amount.amount)
    )


def test_the_breakdown_reads_amounts_and_offers_as_the_page_does():
    """The bars' amounts and the offer labels use the shop's money format (€1,234.50), not
    '1234.50 EUR' beside a page that says €."""
    catalog = load_catalog(ROOT / "catalogs" / "bicycle.yaml")
    context = QuoteContext(shop=load_shop(), date=dt.date(2026, 11, 2))
    dear = finish(CatalogEngine(catalog), {"frame_material": "titanium"}, "default")
    result = quote(catalog=catalog, selection=dear, context=context)
    assert result.discounts, "a bicycle over €500 earns the spend-and-save offer"
    (bar,) = price_breakdown(result).data
    assert all("EUR" not in label and label.rsplit("  ", 1)[1].startswith(("€", "-€")) for label in bar.y), bar.y
    assert any("," in label.rsplit("  ", 1)[1] for label in bar.y)  # thousands separated


def test_long_breakdown_labels_wrap_so_a_phone_shows_them_whole():
    """A phone leaves the bar chart's axis about a third of 390 px: a long line label (the car's
    packs) is broken into short lines rather than cut at the chart's left edge."""
    catalog = load_catalog(ROOT / "catalogs" / "car.yaml")
    context = QuoteContext(shop=load_shop(), date=dt.date(2026, 11, 2))
    engine = CatalogEngine(catalog)
    result = max(
        (
            quote(catalog=catalog, selection=finish(engine, {}, mode), context=context)
            for mode in ("default", "popular")
        ),
        key=lambda q: max(len(line.label) for line in q.lines),
    )
    assert max(len(line.label) for line in result.lines) > 28, "a car quote has a long line label"
    (bar,) = price_breakdown(result).data
    for label in bar.y:
        *text, _amount = label.split("  ")
        assert all(len(part) <= 28 for part in "  ".join(text).split("<br>")), label
