"""The API in the buyer's currency and language: configure, quote, cart, checkout and order
tracking answer in the currency asked for (or the one the destination pays in), with its code on
every amount, and with the catalog's names and the labels in the buyer language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from modules.loader import load_catalog
from pricing.context import QuoteContext
from pricing.quote import quote
from pricing.shop import shop_settings
from store.tables import Order
from tests.conftest import ROOT
from tests.test_api.api_helpers import PROBLEM
from tests.test_api.fixtures_commerce import (  # noqa: F401  (fixtures)
    HOME,
    HOODIE,
    checkout_body,
    commerce,
    new_cart,
    new_key,
    shop_engine,
)

TEE_HOODIE = {"cut": "hoodie", "fabric": "fleece", "colour": "black", "size": "l", "print_method": "none"}
MOSCOW = {"name": "Ivan", "line1": "Tverskaya 1", "postal_code": "125009", "city": "Moskva", "country": "RU"}


@pytest.fixture
def client(shared_client):
    return shared_client


def currencies(answer: object) -> set[str]:
    """The currency of every amount anywhere in a JSON answer."""
    found: set[str] = set()
    if isinstance(answer, dict):
        if {"amount", "currency"} <= answer.keys():
            found.add(answer["currency"])
        for value in answer.values():
            found |= currencies(value)
    elif isinstance(answer, list):
        for value in answer:
            found |= currencies(value)
    return found


def test_a_quote_in_dollars_is_the_pricing_engine_quote_from_the_dollar_list(client):
    answer = client.post("/v1/products/tshirt/quote", json={"selection": TEE_HOODIE, "currency": "usd"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["currency"] == "USD" and currencies(body) == {"USD"}
    priced = quote(
        catalog=load_catalog(ROOT / "catalogs" / "tshirt.yaml"),
        selection=body["items"][0]["selection"],
        quantity=1,
        context=QuoteContext(shop=shop_settings(), date=dt.date.fromisoformat(body["date"]), currency="USD"),
    )
    assert body["total"]["amount"] == priced.total.text()
    assert [line["amount"]["amount"] for line in body["lines"]] == [line.amount.text() for line in priced.lines]
    units = {line["code"]: line["unit"] for line in body["lines"]}
    assert units["base"] == {"amount": "15.90", "currency": "USD", "display": "$15.90"}
    assert units["cut.hoodie"]["amount"] == "25.90"


def test_the_destination_picks_the_currency_and_the_buyer_choice_wins(client):
    by_country = client.post("/v1/products/tshirt/quote", json={"selection": TEE_HOODIE, "country": "RU"}).json()
    chosen = client.post(
        "/v1/products/tshirt/quote", json={"selection": TEE_HOODIE, "country": "RU", "currency": "USD"}
    ).json()
    home = client.post("/v1/products/tshirt/quote", json={"selection": TEE_HOODIE}).json()
    assert (by_country["currency"], chosen["currency"], home["currency"]) == ("RUB", "USD", "EUR")
    assert currencies(by_country) == {"RUB"} and currencies(chosen) == {"USD"}
    assert Decimal(by_country["lines"][0]["unit"]["amount"]) % 1 == 0  # the shop rounds roubles to whole ones


def test_the_design_state_shows_price_range_and_option_effects_in_the_currency(client):
    state = client.post("/v1/products/bicycle/state", json={"selection": {}, "currency": "USD"})
    assert state.status_code == 200, state.text
    body = state.json()
    assert currencies(body) == {"USD"}
    euros = client.post("/v1/products/bicycle/state", json={"selection": {}}).json()
    assert currencies(euros) == {"EUR"}
    # the cheapest bicycle: the dollar list's base price (949.00), not EUR 890.00 converted (961.20)
    assert body["price"]["cheapest"]["amount"] == "949.00" and euros["price"]["cheapest"]["amount"] == "890.00"
    effects = {
        (m["code"], o["code"]): o["effect"]["amount"] for m in body["modules"] for o in m["options"] if o["effect"]
    }
    assert effects[("frame_material", "steel")] == "379.00"  # listed in dollars


def test_names_and_labels_come_in_the_buyer_language_and_unknown_languages_in_english(client):
    spanish = client.post(
        "/v1/products/tshirt/quote", json={"selection": TEE_HOODIE, "currency": "USD", "language": "es-MX"}
    ).json()
    labels = [line["label"] for line in spanish["lines"]]
    assert "Corte: Sudadera con capucha" in labels and spanish["currency"] == "USD"
    unknown = client.post("/v1/products/tshirt/quote", json={"selection": TEE_HOODIE, "language": "xx"}).json()
    assert "Cut: Hoodie" in [line["label"] for line in unknown["lines"]]
    embroidered = {**TEE_HOODIE, "print_method": "embroidery", "placement": ["chest-left"]}
    english = client.post("/v1/products/tshirt/quote", json={"selection": embroidered}).json()
    assert "Embroidery backing for fleece" in [line["label"] for line in english["lines"]]  # as before
    russian = client.post("/v1/products/tshirt/quote", json={"selection": embroidered, "language": "ru"}).json()
    assert {"Флизелин для вышивки на флисе", "Оцифровка вышивки"} <= {line["label"] for line in russian["lines"]}
    state = client.post("/v1/products/tshirt/state", json={"selection": {"fabric": "linen"}, "language": "pt"}).json()
    modules = {m["code"]: m for m in state["modules"]}
    assert modules["cut"]["name"] == "Corte"
    hoodie = next(o for o in modules["cut"]["options"] if o["code"] == "hoodie")
    assert hoodie["name"] == "Hoodie" and not hoodie["available"]
    assert "não está disponível" in hoodie["unavailable"]["message"]
    assert "Mistura de linho" in hoodie["unavailable"]["message"]
    rules = {rule["code"]: rule["message"] for rule in hoodie["unavailable"]["rules"]}
    assert rules["no-linen-hoodie"] == "A mistura de linho é demasiado leve para um hoodie."


@pytest.mark.parametrize(
    ("lang", "words", "english"),
    [
        ("ru", ("Предложение Q-", "Футболка на заказ", "Ваш выбор", "Крой", "Худи", "Итого"), ("Quote", "Hoodie")),
        ("zh_Hans", ("报价单", "定制T恤", "您的选择", "款式", "连帽卫衣", "总计"), ("Quote", "Hoodie")),
    ],
)
def test_the_pdf_quote_is_written_in_the_requested_language(client, lang, words, english):
    from render.pdf.base import cjk_font
    from tests.test_render.pdf_text import pdf_text

    if lang == "zh_Hans" and cjk_font() is None:
        pytest.skip("no CJK font installed (Debian: apt-get install fonts-wqy-microhei)")
    answer = client.post("/v1/products/tshirt/quote.pdf", json={"selection": TEE_HOODIE, "language": lang})
    assert answer.status_code == 200
    text = pdf_text(answer.content)
    assert [w for w in words if w not in text] == []
    assert [w for w in (*english, "Custom T-shirt", "Your choices", "Subtotal") if w in text] == []


@pytest.mark.parametrize("bad", ["JPY", "XXX", "eu"])
def test_a_currency_the_shop_does_not_sell_in_is_a_clear_422(client, bad):
    answer = client.post("/v1/products/tshirt/quote", json={"selection": TEE_HOODIE, "currency": bad})
    assert answer.status_code == 422 and answer.headers["content-type"].startswith(PROBLEM)
    problem = answer.json()
    assert problem["code"] == "bad-input"
    (error,) = problem["errors"]
    assert error["loc"] == ["body", "currency"]
    if len(bad) == 3:
        assert error["type"] == "unknown-currency" and "EUR, CNY, RUB, USD" in error["msg"]


def test_a_cart_quoted_in_dollars_checks_out_and_tracks_in_dollars_and_spanish(commerce):  # noqa: F811
    api = commerce.client
    cart = new_cart(api, (HOODIE, 2))
    # the delivery country picks roubles; the buyer's choice of dollars wins
    russian = api.post(f"/v1/carts/{cart}/quote", json={"address": MOSCOW}).json()
    assert russian["currency"] == "RUB" and currencies(russian) == {"RUB"}
    refused = api.post(f"/v1/carts/{cart}/quote", json={"address": HOME, "currency": "JPY"})
    assert refused.status_code == 422 and refused.json()["field"] == "currency"
    quoted = api.post(f"/v1/carts/{cart}/quote", json={"address": HOME, "currency": "usd", "language": "es"})
    assert quoted.status_code == 200, quoted.text
    body = quoted.json()
    assert body["currency"] == "USD" and currencies(body) == {"USD"}
    assert body["lines"][0]["product_name"] == "Camiseta personalizada"
    assert "Corte: Sudadera con capucha" in body["lines"][0]["choices"]
    total = {"amount": body["totals"]["total"]["amount"], "currency": "USD"}
    # checkout charges what was quoted, in dollars; the order records it
    placed = api.post(
        f"/v1/carts/{cart}/checkout",
        json={**checkout_body(total), "language": "es"},
        headers={"Idempotency-Key": new_key()},
    )
    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert order["total"]["currency"] == "USD" and order["total"]["amount"] == total["amount"]
    assert order["status_label"] == "Pagado"
    with Session(commerce.engine) as session:
        row = session.exec(select(Order).where(Order.token == order["token"])).one()
    assert (row.currency, row.total_minor) == ("USD", int(Decimal(total["amount"]) * 100))
    tracked = api.get(f"/v1/orders/{order['token']}", params={"language": "es"}).json()
    assert tracked["status_label"] == "Pagado" and currencies(tracked) == {"USD"}
    english = api.get(f"/v1/orders/{order['token']}", params={"language": "xx"}).json()
    assert english["status_label"] == "Paid"


def test_finish_at_the_lowest_price_is_the_cheapest_in_the_currency_asked_for(client):
    body = {"selection": {}, "mode": "cheapest", "currency": "USD"}
    answer = client.post("/v1/products/bicycle/finish", json=body)
    assert answer.status_code == 200, answer.text
    state = answer.json()["state"]
    assert state["complete"] and currencies(state) == {"USD"}
    # the finished bicycle costs exactly the cheapest price the state showed before finishing
    before = client.post("/v1/products/bicycle/state", json={"selection": {}, "currency": "USD"}).json()
    assert state["quote"]["items"][0]["subtotal"] == before["price"]["cheapest"]


def test_checkout_in_a_currency_not_on_sale_is_refused_and_the_cart_reads_in_the_buyer_language(
    commerce,  # noqa: F811
):
    api = commerce.client
    cart = new_cart(api, (HOODIE, 1))
    spanish = api.get(f"/v1/carts/{cart}", params={"language": "es"}).json()
    assert spanish["lines"][0]["product_name"] == "Camiseta personalizada"
    assert api.get(f"/v1/carts/{cart}", params={"language": "xx"}).json()["lines"][0]["product_name"] == (
        "Custom T-shirt"
    )
    total = spanish["totals"]["total"]
    placed = api.post(
        f"/v1/carts/{cart}/checkout",
        json=checkout_body({"amount": "1000", "currency": "JPY"}),
        headers={"Idempotency-Key": new_key()},
    )
    assert placed.status_code == 422 and placed.json()["field"] == "currency", placed.text
    with Session(commerce.engine) as session:
        assert session.exec(select(Order)).first() is None
    assert total["currency"] == "EUR"
