"""Catalog routes over every shipped catalog: products on sale with their "from" price, each
product's modules and options as the catalog has them, and the published versions' history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session

from configurator.catalog_engine import CatalogEngine
from modules.kinds import ChoiceModule, MultiChoice, NumericModule, QuantityModule, TextModule
from modules.loader import load_catalog
from pricing.bounds import PriceBounds
from store.catalogs import catalog_of, current_version, publish, sync_folder
from store.configuration import configuration_view
from store.tables import now
from tests.conftest import ROOT
from tests.test_api.api_helpers import PROBLEM, SHIPPED


def test_products_lists_every_shipped_catalog_with_its_cheapest_valid_product(client, api_engine):
    response = client.get("/v1/products")
    assert response.status_code == 200
    items = {item["code"]: item for item in response.json()["items"]}
    assert set(items) == {catalog.code for catalog in SHIPPED.values()}
    with Session(api_engine) as session:
        for code, item in items.items():
            version = current_version(session=session, product_code=code)
            assert (item["version"], item["fingerprint"]) == (version.version, version.fingerprint)
            catalog = catalog_of(version)
            view = configuration_view(
                catalog=catalog, fingerprint=version.fingerprint, selection={}, day=dt.date.today(), quantity=1
            )
            assert item["from_price"] == {
                "amount": view.info.cheapest.text(),
                "currency": catalog.currency,
                "display": view.info.cheapest.display(),
            }
            assert Decimal(item["from_price"]["amount"]) >= catalog.base.price  # options never cost less than nothing


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_a_product_shows_its_modules_options_and_limits_as_the_catalog_has_them(shared_client, name):
    catalog = SHIPPED[name]
    response = shared_client.get(f"/v1/products/{catalog.code}")
    assert response.status_code == 200
    body = response.json()
    assert body["on_sale"] and body["currency"] == catalog.currency
    assert [m["code"] for m in body["modules"]] == [m.code for m in catalog.modules]
    for shown, module in zip(body["modules"], catalog.modules, strict=True):
        assert (shown["kind"], shown["name"], shown["multi"]) == (
            module.kind,
            module.name,
            isinstance(module, MultiChoice),
        )
        if isinstance(module, ChoiceModule):
            assert [o["code"] for o in shown["options"]] == [o.code for o in module.options]
            for option_shown, option in zip(shown["options"], module.options, strict=True):
                assert option_shown["default"] == option.default
                assert option_shown["hex"] == getattr(option, "hex", None)
                layer = option.preview.layer if option.preview else None
                assert (option_shown["preview"] or {}).get("layer") == layer
                variant = option.preview.variant if option.preview else None
                assert (option_shown["preview"] or {}).get("variant") == variant
        if isinstance(module, TextModule):
            assert shown["text"]["max_length"] == module.max_length
            assert shown["text"]["allowed_characters"] == module.allowed_characters
        if isinstance(module, NumericModule):
            assert Decimal(shown["numbers"]["min"]) == module.min and Decimal(shown["numbers"]["max"]) == module.max
            assert shown["numbers"]["unit"] == module.unit
        if isinstance(module, QuantityModule):
            assert (int(shown["numbers"]["min"]), int(shown["numbers"]["max"])) == (module.min, module.max)


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_an_option_effect_is_what_its_cheapest_product_costs_more_than_the_cheapest(shared_client, name):
    """The effect shown on the product: the cheapest valid product with the option, minus the
    cheapest valid product (found by completing the design at the lowest price); no effect for an
    option an empty design cannot take (one that needs typed text first, say)."""
    catalog = SHIPPED[name]
    body = shared_client.get(f"/v1/products/{catalog.code}").json()
    empty = shared_client.post(f"/v1/products/{catalog.code}/state", json={}).json()
    available = {(m["code"], o["code"]): o["available"] for m in empty["modules"] for o in m["options"]}
    bounds = PriceBounds(*_compiled(catalog), date=dt.date.today(), quantity=1)
    floor, _ = bounds.cheapest()
    single = [m for m in catalog.modules if isinstance(m, ChoiceModule) and not isinstance(m, MultiChoice)]
    shown = {m["code"]: m for m in body["modules"]}
    for module in single:
        for option in shown[module.code]["options"]:
            key = (module.code, option["code"])
            assert (option["effect"] is not None) == available[key], key
            if option["effect"] is not None:
                found = bounds.cheapest({module.code: option["code"]})
                assert option["effect"]["amount"] == (found[0] - floor).text(), key


def _compiled(catalog):
    engine = CatalogEngine(catalog)
    return engine.model, engine.engine


def test_unknown_or_malformed_product_codes_are_problems(client):
    missing = client.get("/v1/products/no-such-thing")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    assert missing.json()["code"] == "not-found"
    malformed = client.get("/v1/products/NOT%20A%20CODE")
    assert malformed.status_code == 422
    assert malformed.json()["errors"][0]["loc"] == ["path", "code"]
    assert client.get("/v1/catalogs/no-such-thing/versions").status_code == 404


def _republish(engine, tmp_path: Path, *, effective_from=None, price="16.90"):
    """Publish the T-shirt again with another base price; returns the new version number."""
    text = (ROOT / "catalogs" / "tshirt.yaml").read_text(encoding="utf-8").replace("price: 14.90", f"price: {price}", 1)
    path = tmp_path / "tshirt.yaml"
    path.write_text(text, encoding="utf-8")
    if effective_from is None:
        sync_folder(engine=engine, folder=tmp_path)
    else:
        from store.catalog_proof import require_proof

        catalog = load_catalog(path)
        require_proof(catalog=catalog, source_yaml=text)
        with Session(engine) as session:
            publish(session=session, catalog=catalog, source_yaml=text, effective_from=effective_from)
            session.commit()
    with Session(engine) as session:
        return current_version(session=session, product_code="tshirt").version


def test_versions_are_an_immutable_history_newest_first(client, api_engine, tmp_path):
    first = client.get("/v1/catalogs/tshirt/versions").json()["items"]
    assert [v["version"] for v in first] == [1] and first[0]["on_sale"]
    _republish(api_engine, tmp_path)
    listed = client.get("/v1/catalogs/tshirt/versions").json()["items"]
    assert [(v["version"], v["on_sale"]) for v in listed] == [(2, True), (1, False)]
    assert listed[1] == {**first[0], "on_sale": False}  # the old version is unchanged, only no longer on sale
    old = client.get("/v1/catalogs/tshirt/versions/1").json()
    new = client.get("/v1/catalogs/tshirt/versions/2").json()
    assert (old["base_price"]["amount"], new["base_price"]["amount"]) == ("14.90", "16.90")
    assert (old["on_sale"], new["on_sale"]) == (False, True)
    assert old["fingerprint"] == first[0]["fingerprint"] != new["fingerprint"]
    assert client.get("/v1/products/tshirt").json()["version"] == 2


def test_a_scheduled_version_stays_private_until_its_day(client, api_engine, tmp_path):
    _republish(api_engine, tmp_path, effective_from=now() + dt.timedelta(days=3), price="18.90")
    assert [v["version"] for v in client.get("/v1/catalogs/tshirt/versions").json()["items"]] == [1]
    assert client.get("/v1/catalogs/tshirt/versions/2").status_code == 404
    assert client.get("/v1/products/tshirt").json()["version"] == 1
