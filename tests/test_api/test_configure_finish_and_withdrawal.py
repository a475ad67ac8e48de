""" "Finish for me" with the most popular choices follows what buyers ordered, as on the page; and a
withdrawn product leaves the shop, its history and its shared designs as the store says."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from store.catalog_releases import withdraw_version
from store.catalogs import current_version
from tests.store_helpers import staff_accounts
from tests.test_api.conftest import api_app
from tests.test_ui.buyer_app import db, full_tee, seed_order  # noqa: F401  (the page tests' shop with orders)


def test_most_popular_follows_what_buyers_ordered(db):  # noqa: F811
    for _ in range(2):
        seed_order(db, raw=full_tee(db, colour="navy", size="xl"))
    with TestClient(api_app(db)) as client:
        finished = client.post("/v1/products/tshirt/finish", json={"mode": "popular"}).json()
        default = client.post("/v1/products/tshirt/finish", json={"mode": "default"}).json()
    assert (finished["selection"]["colour"], finished["selection"]["size"]) == ("navy", "xl")
    assert (default["selection"]["colour"], default["selection"]["size"]) != ("navy", "xl")
    assert finished["state"]["complete"]


def test_most_popular_follows_buyers_who_made_the_same_choice(db):  # noqa: F811
    for _ in range(3):
        seed_order(db, raw=full_tee(db, fabric="organic-180", colour="black"))
    for _ in range(5):
        seed_order(db, raw=full_tee(db, fabric="heavy-220", colour="navy"))
    with TestClient(api_app(db)) as client:
        body = {"mode": "popular", "selection": {"fabric": "organic-180"}}
        finished = client.post("/v1/products/tshirt/finish", json=body).json()
    assert (finished["selection"]["fabric"], finished["selection"]["colour"]) == ("organic-180", "black")


def test_a_withdrawn_product_is_no_longer_sold_but_its_history_and_designs_remain(client, api_engine):
    shared = client.post("/v1/products/tshirt/share", json={"selection": {"fabric": "linen"}}).json()
    merchandiser = staff_accounts(api_engine, roles=("merchandiser",))["merchandiser"]
    with Session(api_engine) as session:
        version = current_version(session=session, product_code="tshirt")
        withdraw_version(session=session, version_id=version.id, actor_id=merchandiser)
    assert client.get("/v1/products/tshirt").status_code == 404
    assert "tshirt" not in {p["code"] for p in client.get("/v1/products").json()["items"]}
    assert client.post("/v1/products/tshirt/state", json={}).status_code == 404
    (listed,) = client.get("/v1/catalogs/tshirt/versions").json()["items"]
    assert listed["withdrawn_at"] is not None and not listed["on_sale"]
    assert client.get(f"/v1/catalogs/tshirt/versions/{listed['version']}").json()["on_sale"] is False
    design = client.get(f"/v1/designs/{shared['code']}").json()
    assert design["on_sale"] is False and design["state"] is None
    assert design["saved_selection"] == {"fabric": "linen"} and design["notices"]
