"""Configuration routes over every shipped catalog: the state after every choice, reasons and
repairs of unavailable options, "finish for me", validation and quotes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from configurator.catalog_engine import CatalogEngine
from modules.kinds import TextModule
from modules.selection import parse_selection
from pricing.context import QuoteContext
from pricing.quote import quote
from pricing.shop import shop_settings
from tests.test_api.api_helpers import PROBLEM, SHIPPED_BY_CODE, a_value, walk_to_complete

CODES = sorted(SHIPPED_BY_CODE)


@pytest.fixture
def client(shared_client):
    """These routes only read: one published shop per module serves every test."""
    return shared_client


def amount(money: dict) -> Decimal:
    return Decimal(money["amount"])


@pytest.mark.parametrize("code", CODES)
def test_a_design_built_choice_by_choice_narrows_to_one_priced_product(client, code):
    states = walk_to_complete(client, code)
    counts = [s["count"] for s in states if s["count"] is not None]
    assert counts == sorted(counts, reverse=True)  # every choice keeps or narrows what is possible
    for state in states:
        assert amount(state["price"]["cheapest"]) <= amount(state["price"]["dearest"])
        assert (state["quote"] is not None) == state["complete"]
        assert state["delivery"]["final"] == state["complete"]
    done = states[-1]
    assert done["count"] == 1 and done["still_to_choose"] == []
    item = done["quote"]["items"][0]
    # Optional choices may still be open: the product as it stands is within the range they span.
    assert amount(done["price"]["cheapest"]) <= amount(item["subtotal"]) <= amount(done["price"]["dearest"])
    assert done["delivery"] == {**done["quote"]["delivery"], "final": True}
    # The quote is the pricing engine's own quote of the product the design stands for.
    catalog = SHIPPED_BY_CODE[code]
    priced = quote(
        catalog=catalog,
        selection=done["full_selection"],
        quantity=1,
        context=QuoteContext(shop=shop_settings(), date=dt.date.fromisoformat(done["date"])),
    )
    assert done["quote"]["total"]["amount"] == priced.total.text()
    assert [line["amount"]["amount"] for line in done["quote"]["lines"]] == [
        line.amount.text() for line in priced.lines
    ]
    quoted = client.post(f"/v1/products/{code}/quote", json={"selection": done["selection"]})
    assert quoted.status_code == 200 and quoted.json() == done["quote"]
    checked = client.post(f"/v1/products/{code}/validate", json={"selection": done["selection"]}).json()
    assert checked == {"valid": True, "selection": done["full_selection"], "violations": []}


@pytest.mark.parametrize("code", CODES)
def test_every_unavailable_option_says_why_and_its_repair_frees_it(client, code):
    finished = client.post(f"/v1/products/{code}/finish", json={"selection": {}}).json()
    state = finished["state"]
    chosen = set(finished["selection"])
    seen = 0
    for module in state["modules"]:
        for option in module["options"]:
            why = option["unavailable"]
            assert (why is not None) == (module["applicable"] and not option["available"] and not option["selected"])
            if why is None:
                continue
            seen += 1
            assert option["effect"] is None and option["name"] in why["message"]
            assert {c["module"] for c in why["conflicts"]} <= chosen  # reasons are the buyer's own choices
            if why["repair"] is None:
                continue
            repaired = client.post(f"/v1/products/{code}/state", json={"selection": why["repair"]["selection"]})
            assert repaired.status_code == 200, repaired.text
            after = next(m for m in repaired.json()["modules"] if m["code"] == module["code"])
            assert next(o for o in after["options"] if o["code"] == option["code"])["selected"]
            dropped = set(finished["selection"]) - set(why["repair"]["selection"])
            assert dropped <= set(why["repair"]["change"])  # only the named modules lose their choice
    assert seen > 0  # every shipped catalog rules something out once a design is finished


@pytest.mark.parametrize("code", CODES)
def test_a_choice_the_others_rule_out_is_refused_where_it_conflicts(client, code):
    finished = client.post(f"/v1/products/{code}/finish", json={"selection": {}}).json()
    module, option = next(
        (m, o) for m in finished["state"]["modules"] for o in m["options"] if o["unavailable"] and m["kind"] == "single"
    )
    why = option["unavailable"]
    response = client.post(
        f"/v1/products/{code}/state", json={"selection": {**finished["selection"], module["code"]: option["code"]}}
    )
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
    (error,) = response.json()["errors"]
    assert error["type"] == "conflict" and error["loc"][:2] == ["body", "selection"]
    assert error["loc"][2] in {module["code"], *(c["module"] for c in why["conflicts"])}


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("mode", ["default", "cheapest", "popular"])
def test_finish_for_me_gives_a_valid_product_keeping_the_buyers_choices(client, code, mode):
    catalog = SHIPPED_BY_CODE[code]
    start = client.post(f"/v1/products/{code}/state", json={}).json()
    first = next(m for m in start["modules"] if m["applicable"] and m["kind"] == "single")
    choice = {first["code"]: a_value(catalog, first, pick=1)}
    response = client.post(f"/v1/products/{code}/finish", json={"selection": choice, "mode": mode})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["selection"][first["code"]] == choice[first["code"]]
    needs_text = any(isinstance(m, TextModule) and m.least_characters for m in catalog.modules)
    assert body["state"]["complete"] or needs_text
    if body["state"]["complete"]:
        checked = client.post(f"/v1/products/{code}/validate", json={"selection": body["selection"]}).json()
        assert checked["valid"], checked


@pytest.mark.parametrize("code", CODES)
def test_cheapest_finish_costs_no_more_than_the_default_one(client, code):
    totals = {}
    for mode in ("default", "cheapest"):
        state = client.post(f"/v1/products/{code}/finish", json={"mode": mode}).json()["state"]
        totals[mode] = amount(state["price"]["cheapest"])
    assert totals["cheapest"] <= totals["default"]
    empty = client.post(f"/v1/products/{code}/state", json={}).json()
    assert totals["cheapest"] == amount(empty["price"]["cheapest"])  # the "from" price is reached


def test_an_unfinished_design_cannot_be_quoted_and_says_what_is_missing(client):
    state = client.post("/v1/products/tshirt/state", json={"selection": {"fabric": "linen"}}).json()
    missing = [m["code"] for m in state["still_to_choose"]]
    assert missing
    for route in ("quote", "quote.pdf"):
        response = client.post(f"/v1/products/tshirt/{route}", json={"selection": {"fabric": "linen"}})
        assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
        errors = response.json()["errors"]
        assert [e["loc"] for e in errors] == [["body", "selection", code] for code in missing]
        assert {e["type"] for e in errors} == {"incomplete"}
    checked = client.post("/v1/products/tshirt/validate", json={"selection": {"fabric": "linen"}}).json()
    assert not checked["valid"] and [v["loc"] for v in checked["violations"]] == [["selection", c] for c in missing]


def test_quantity_destination_and_delivery_mode_change_the_quote_as_pricing_says(client):
    done = walk_to_complete(client, "tshirt")[-1]
    selection = done["selection"]
    body = {"selection": selection, "quantity": 12, "country": "DE", "delivery_mode": "express"}
    response = client.post("/v1/products/tshirt/quote", json=body)
    assert response.status_code == 200, response.text
    catalog = SHIPPED_BY_CODE["tshirt"]
    full = CatalogEngine(catalog).closed_selection(parse_selection(catalog, selection))
    context = QuoteContext(shop=shop_settings(), date=dt.date.today(), country="DE", delivery="express")
    priced = quote(catalog=catalog, selection=full, quantity=12, context=context)
    got = response.json()
    assert (got["total"]["amount"], got["tax"]["country"], got["shipping"]["mode"]) == (
        priced.total.text(),
        "DE",
        "express",
    )
    assert got["items"][0]["quantity"] == 12
    unknown = client.post("/v1/products/tshirt/quote", json={**body, "country": "ZZ"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["loc"] == ["body", "country"]
    nomode = client.post("/v1/products/tshirt/quote", json={**body, "delivery_mode": "teleport"})
    assert nomode.status_code == 422 and nomode.json()["errors"][0]["loc"] == ["body", "delivery_mode"]


def test_numbers_may_be_json_numbers_or_decimal_text(client):
    as_text = client.post("/v1/products/table/state", json={"selection": {"width": "160"}})
    as_int = client.post("/v1/products/table/state", json={"selection": {"width": 160}})
    as_float = client.post("/v1/products/table/state", json={"selection": {"width": 160.0}})
    assert as_text.status_code == as_int.status_code == as_float.status_code == 200
    assert as_text.json()["selection"] == as_int.json()["selection"] == as_float.json()["selection"] == {"width": "160"}
    off_grid = client.post("/v1/products/table/state", json={"selection": {"width": 160.5}})
    assert off_grid.status_code == 422 and off_grid.json()["errors"][0]["loc"] == ["body", "selection", "width"]


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"quantity": 0}, ["body", "quantity"]),
        ({"quantity": 10_001}, ["body", "quantity"]),
        ({"date": "2000-01-01"}, ["body", "date"]),
        ({"selection": {}, "price": "0.01"}, ["body", "price"]),
        ({"selection": {"colour": True}}, ["body", "selection", "colour"]),
    ],
)
def test_out_of_bounds_requests_are_refused_where_they_are_wrong(client, body, where):
    response = client.post("/v1/products/tshirt/state", json=body)
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
    assert any(e["loc"][: len(where)] == where for e in response.json()["errors"]), response.json()


def test_a_day_ahead_prices_and_dates_that_day(client):
    day = dt.date.today() + dt.timedelta(days=30)
    done = walk_to_complete(client, "tshirt")[-1]
    later = client.post("/v1/products/tshirt/state", json={"selection": done["selection"], "date": day.isoformat()})
    assert later.status_code == 200
    assert later.json()["date"] == later.json()["quote"]["date"] == day.isoformat()
    assert dt.date.fromisoformat(later.json()["delivery"]["ships_on"]) > day
