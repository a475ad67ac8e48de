"""A design the API shares keeps the buyer's placed pictures (`artwork`, as a cart item takes
them): the store checks them as it checks the configure page's (the zone exists and applies, the
picture exists and fits, it lies inside the zone), a refusal is a 422 problem naming the field and
stores nothing, and opening the design gives back the pictures that still pass the same checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, delete, func, select

from store.tables import BuyerArtwork, Design
from tests.test_api.conftest import api_app
from tests.test_store.test_artwork import png
from tests.test_store.test_buyer_artwork import TEE
from tests.test_ui.buyer_app import app_at, db  # noqa: F401  (the page tests' database fixture)

PROBLEM = "application/problem+json"
CENTRED = {"x": 0.5, "y": 0.4, "scale": 0.6}


@pytest.fixture
def api(api_engine) -> Iterator[TestClient]:
    with TestClient(api_app(api_engine, api_warm_up=False), raise_server_exceptions=False) as client:
        yield client


def designs(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Design)).one()


def upload(api: TestClient, size: tuple[int, int] = (40, 40)) -> str:
    sent = api.post(
        "/v1/artwork", params={"name": "logo.png"}, content=png(size=size), headers={"Content-Type": "image/png"}
    )
    assert sent.status_code == 201, sent.text
    return str(sent.json()["sha256"])


def share(api: TestClient, artwork: Any, selection: dict[str, Any] = TEE):
    return api.post("/v1/products/tshirt/share", json={"selection": selection, "name": "Logo tee", "artwork": artwork})


def test_a_shared_design_keeps_its_picture_and_opens_with_it(api, api_engine):
    sha = upload(api)
    placement = {"sha256": sha, **CENTRED}
    shared = share(api, {"front": placement})
    assert shared.status_code == 201, shared.text
    body = shared.json()
    assert body["artwork"] == {"front": placement}
    with Session(api_engine) as session:
        stored = session.exec(select(Design).where(Design.token == body["code"])).one()
        assert stored.artwork == {"front": placement}

    opened = api.get(body["api_url"])
    assert opened.status_code == 200, opened.text
    design = opened.json()
    assert design["artwork"] == design["saved_artwork"] == {"front": placement}
    assert design["notices"] == [] and design["selection"]["placement"] == ["front"]
    # the same picture goes into a cart as the design places it
    cart = api.post("/v1/carts").json()["token"]
    added = api.post(
        f"/v1/carts/{cart}/items", json={"product": "tshirt", "selection": TEE, "artwork": design["artwork"]}
    )
    assert added.status_code == 201, added.text


def test_a_design_without_pictures_shares_and_opens_with_none(api):
    shared = api.post("/v1/products/tshirt/share", json={"selection": TEE})
    assert shared.status_code == 201 and shared.json()["artwork"] == {}
    design = api.get(shared.json()["api_url"]).json()
    assert design["artwork"] == design["saved_artwork"] == {} and design["notices"] == []


HOSTILE = [
    # the store's checks: a 'bad-input' problem whose `field` names the zone
    ({"front": {"sha256": "SHA", "x": 0.97, "y": 0.5, "scale": 0.5}}, "artwork.front", "past the right edge"),
    ({"front": {"sha256": "SHA", "x": 0.5, "y": 0.05, "scale": 0.9}}, "artwork.front", "Front picture"),
    ({"back": {"sha256": "SHA", "x": 0.5, "y": 0.5, "scale": 0.5}}, "artwork.back", "this zone does not apply"),
    ({"pocket": {"sha256": "SHA", "x": 0.5, "y": 0.5, "scale": 0.5}}, "artwork", "has no print zone 'pocket'"),
    ({"<script>": {"sha256": "SHA", "x": 0.5, "y": 0.5, "scale": 0.5}}, "artwork", "has no print zone"),
    (
        {
            "front": {"sha256": "SHA", **CENTRED},
            "back": {"sha256": "SHA", **CENTRED},
            "chest-left": {"sha256": "SHA", **CENTRED},
            "x": {"sha256": "SHA", **CENTRED},
        },
        "artwork",
        "print zones",
    ),
    # the request's shape: a validation problem whose `errors` locate the placement
    ({"front": {"sha256": "SHA", "x": 0.5, "y": 0.5}}, "body.artwork.front.scale", "Field required"),
    ({"front": {"sha256": "not-a-hash", "x": 0.5, "y": 0.5, "scale": 0.5}}, "body.artwork.front.sha256", "pattern"),
    ({"front": {"sha256": "SHA", "x": 2, "y": 0.5, "scale": 0.5}}, "body.artwork.front.x", "less than or equal"),
    ({"front": {"sha256": "SHA", "x": 0.5, "y": 0.5, "scale": 0}}, "body.artwork.front.scale", "greater than 0"),
    ({"front": {"sha256": "SHA", "x": "0.5'; --", "y": 0.5, "scale": 0.5}}, "body.artwork.front.x", "number"),
    ({"front": {"sha256": "SHA", **CENTRED, "href": "javascript:alert(1)"}}, "body.artwork.front.href", "Extra"),
    ({"front": ["SHA", 0.5, 0.5, 0.5]}, "body.artwork.front", "valid dictionary"),
    (["front"], "body.artwork", "valid dictionary"),
    ({f"zone{i}": {"sha256": "SHA", **CENTRED} for i in range(21)}, "body.artwork", "at most 20"),
]


@pytest.mark.parametrize(("artwork", "field", "reason"), HOSTILE, ids=[h[1] + ":" + h[2] for h in HOSTILE])
def test_a_bad_placement_is_refused_naming_the_field_and_nothing_is_stored(api, api_engine, artwork, field, reason):
    sha = upload(api)
    artwork = substituted(artwork, sha)
    refused = share(api, artwork)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == PROBLEM and reason in refused.text
    problem = refused.json()
    assert problem["code"] == "bad-input"
    if field.startswith("body."):
        assert field.split(".") in [e["loc"] for e in problem["errors"]], problem
    else:
        assert problem["field"] == field, problem
    assert designs(api_engine) == 0


def substituted(value: Any, sha: str) -> Any:
    if value == "SHA":
        return sha
    if isinstance(value, dict):
        return {k: substituted(v, sha) for k, v in value.items()}
    if isinstance(value, list):
        return [substituted(v, sha) for v in value]
    return value


def test_a_placement_naming_an_unknown_picture_is_refused(api, api_engine):
    upload(api)  # some other picture exists
    unknown = "0123456789abcdef" * 4
    refused = share(api, {"front": {"sha256": unknown, **CENTRED}})
    assert refused.status_code == 422 and refused.headers["content-type"] == PROBLEM
    problem = refused.json()
    assert (problem["code"], problem["field"]) == ("bad-input", "artwork.front")
    assert "no such uploaded picture" in problem["detail"]
    assert designs(api_engine) == 0


def test_a_picture_gone_since_the_design_was_shared_is_left_out_with_a_notice(api, api_engine):
    kept, gone = upload(api), upload(api, size=(30, 30))
    artwork = {"front": {"sha256": kept, **CENTRED}}
    token = share(api, artwork).json()["code"]
    with Session(api_engine) as session:  # the design as another writer left it: a second picture, since purged
        design = session.exec(select(Design).where(Design.token == token)).one()
        design.artwork = {**artwork, "back": {"sha256": gone, **CENTRED}}
        session.add(design)
        session.exec(delete(BuyerArtwork).where(col(BuyerArtwork.sha256) == gone))
        session.commit()
    opened = api.get(f"/v1/designs/{token}").json()
    assert opened["artwork"] == artwork and set(opened["saved_artwork"]) == {"front", "back"}
    assert len(opened["notices"]) == 1 and "Back picture" in opened["notices"][0]


def test_the_openapi_document_shows_the_pictures_of_a_design(api):
    doc = api.get("/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    share_in = doc["paths"]["/v1/products/{code}/share"]["post"]["requestBody"]["content"]["application/json"]
    request = schemas[share_in["schema"]["$ref"].rsplit("/", 1)[-1]]
    artwork = request["properties"]["artwork"]
    assert artwork["additionalProperties"]["$ref"].endswith("/PlacementIn") and artwork["maxProperties"] == 20
    cart_in = schemas["CartItemIn"]["properties"]["artwork"]
    assert cart_in["additionalProperties"] == artwork["additionalProperties"]
    for out in ("DesignOut", "ShareOut"):
        assert schemas[out]["properties"]["artwork"]["additionalProperties"]["$ref"].endswith("/Placement"), out
    assert set(schemas["Placement"]["required"]) == {"sha256", "x", "y", "scale"}


def test_a_design_the_api_shares_with_a_picture_opens_on_the_configure_page_with_it(db):  # noqa: F811
    with TestClient(api_app(db, api_warm_up=False)) as client:
        placement = {"sha256": upload(client), **CENTRED}
        token = share(client, {"front": placement}).json()["code"]
    page = app_at("pages/buyer/configure.py", product="tshirt", design=token)
    page.run()
    assert not page.exception and not page.warning
    placed = page.session_state["artwork:tshirt"]
    assert {zone: {k: p[k] for k in ("sha256", "x", "y", "scale")} for zone, p in placed.items()} == {
        "front": placement
    }
