"""Quotes of the shipped catalogs, with hand-checked totals."""

from __future__ import annotations

import datetime as dt

import pytest
from pricing_factories import SAMPLES, compiled, context, sample

from pricing.bounds import PriceBounds
from pricing.quote import quote

TABLE = {
    "width": 160, "depth": 80, "height": 75, "top": "oak", "thickness": "standard", "edge": "square",
    "finish": "clear-oil", "legs": "u-frame", "leg_colour": "black", "drawers": 0, "extras": [],
}  # fmt: skip
HOODIES = {
    "cut": "hoodie", "fabric": "organic-180", "colour": "white", "size": "m", "print_method": "screen",
    "placement": ["front", "sleeve"], "print_text": "HELLO",
}  # fmt: skip
CAR = {
    "trim": "life", "engine": "tce-90", "gearbox": "manual-6", "paint": "glacier-white", "roof": "body",
    "interior": "fabric-grey", "wheels": "16-steel", "packs": [], "towbar": None, "warranty": "standard",
}  # fmt: skip


def test_table_formulas():
    q = quote(catalog=sample("table.yaml"), selection=TABLE, quantity=1, context=context())
    lines = {line.code: line.amount.text() for line in q.lines if line.amount.amount}
    # 149 base + 240 U-frame + 1.28 m² x 420 oak + 1.28 m² x 25 oil
    assert lines == {"base": "149.00", "legs.u-frame": "240.00", "top-area": "537.60", "finish-area": "32.00"}
    assert q.subtotal.text() == "958.60"
    assert q.total.text() == "898.60"  # EUR 60 off from EUR 500; free standard shipping
    assert q.tax.amount.text() == "168.03"  # 23 % contained (Portugal)
    assert q.delivery.production_days == 21


def test_a_dozen_screen_printed_hoodies_to_germany():
    q = quote(catalog=sample("tshirt.yaml"), selection=HOODIES, quantity=12, context=context(country="DE"))
    # 12 x (14.90 base + 24 hoodie + 4 screen + 3 front + 2 sleeve + 5 x 0.20 text) = 586.80, less 5 % from
    # 10 items (29.34), plus the 25.00 screen set-up once
    assert q.subtotal.text() == "582.46"
    assert [d.code for d in q.discounts] == ["spend-500"]
    assert q.total.text() == "522.46"
    assert q.tax.amount.text() == "83.42"  # 522.46 x 19/119
    assert q.delivery.production_days == 5


def test_car_price_list_from_its_date():
    before = quote(catalog=sample("car.yaml"), selection=CAR, quantity=1, context=context())
    after = quote(catalog=sample("car.yaml"), selection=CAR, quantity=1, context=context(date=dt.date(2027, 7, 2)))
    assert before.subtotal.text() == "20790.00"  # 19,900 + 890 delivery preparation
    assert after.items[0].price_list == "my2028" and after.subtotal.text() == "21290.00"
    assert before.tax.amount.text() == "3876.34"  # (20,790 - 60) x 23/123


@pytest.mark.parametrize("name", SAMPLES)
def test_cheapest_configuration_is_priced_like_its_from_price(name):
    catalog = sample(name)
    cp, engine = compiled(name)
    bounds = PriceBounds(cp, engine, date=context().date, quantity=1)
    found = bounds.cheapest()
    assert found is not None
    from_price, selection = found
    q = quote(catalog=catalog, selection=selection, quantity=1, context=context())
    assert q.subtotal == from_price == bounds.info({}).cheapest
    json = q.as_json()
    assert json["currency"] == "EUR" and json["total"] == q.total.text()
