"""The API takes a buyer's picture (`POST /v1/artwork`, the file as the body) through the store's
checks and limits, and a cart item places it in a print zone (`artwork`). Hostile files are
refused with a problem saying why and store nothing; a file over the limit is refused before it
is read; a placement the store refuses adds no line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from store.artwork_files import MAX_BYTES
from store.tables import BuyerArtwork, CartLine
from tests.test_api.conftest import api_app
from tests.test_store.test_artwork import HOSTILE_FILES, png
from tests.test_store.test_buyer_artwork import TEE

PROBLEM = "application/problem+json"


@pytest.fixture
def api(api_engine) -> Iterator[TestClient]:
    with TestClient(api_app(api_engine, api_warm_up=False), raise_server_exceptions=False) as client:
        yield client


def count(engine, table) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


def send(api: TestClient, data, name: str, kind: str = "image/png"):
    return api.post("/v1/artwork", params={"name": name}, content=data, headers={"Content-Type": kind})


def test_a_picture_is_stored_once_and_placed_in_a_cart_item(api, api_engine):
    first = send(api, png(size=(40, 40), text="owner's camera"), "logo.png")
    assert first.status_code == 201, first.text
    body = first.json()
    assert (body["media_type"], body["width"], body["height"], body["file_name"]) == ("image/png", 40, 40, "logo.png")
    assert len(body["sha256"]) == 64
    again = send(api, png(size=(40, 40), text="owner's camera"), "copy.png", "application/octet-stream")
    assert again.status_code == 201 and again.json()["sha256"] == body["sha256"]
    assert count(api_engine, BuyerArtwork) == 1

    cart = api.post("/v1/carts").json()["token"]
    placement = {"sha256": body["sha256"], "x": 0.5, "y": 0.4, "scale": 0.6}
    added = api.post(
        f"/v1/carts/{cart}/items", json={"product": "tshirt", "selection": TEE, "artwork": {"front": placement}}
    )
    assert added.status_code == 201, added.text
    plain = api.post(f"/v1/carts/{cart}/items", json={"product": "tshirt", "selection": TEE})
    lines = {line["id"]: line for line in plain.json()["lines"]}
    with_picture, without = lines[added.json()["line_id"]], lines[plain.json()["line_id"]]
    assert float(with_picture["unit_price"]["amount"]) - float(without["unit_price"]["amount"]) == 5.0
    with Session(api_engine) as session:
        stored = session.get(CartLine, added.json()["line_id"])
        assert stored is not None and stored.artwork == {"front": placement}


@pytest.mark.parametrize(("name", "data", "reason"), HOSTILE_FILES, ids=[f[0] for f in HOSTILE_FILES])
def test_hostile_files_are_refused_with_the_reason_and_nothing_stored(api, api_engine, name, data, reason):
    refused = send(api, data, name)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith(PROBLEM)
    problem = refused.json()
    assert problem["code"] == "bad-input" and name in problem["detail"] and reason in problem["detail"]
    assert count(api_engine, BuyerArtwork) == 0


def test_a_file_over_the_limit_is_refused_before_it_is_read(api, api_engine):
    announced = send(api, b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_BYTES, "big.png")
    assert announced.status_code == 413 and announced.json()["code"] == "body-too-large"

    def chunks():  # no length announced: counted as it arrives
        yield b"\x89PNG\r\n\x1a\n"
        for _ in range(MAX_BYTES // 65_536 + 1):
            yield b"\0" * 65_536

    streamed = send(api, chunks(), "streamed.png")
    assert streamed.status_code == 413 and streamed.headers["content-type"].startswith(PROBLEM)
    assert f"{MAX_BYTES:,}" in streamed.json()["detail"] or str(MAX_BYTES) in streamed.json()["detail"]
    assert count(api_engine, BuyerArtwork) == 0
    # a JSON route keeps the API's own, smaller limit
    assert api.post("/v1/carts", content=b"{}" + b" " * MAX_BYTES).status_code == 413


@pytest.mark.parametrize(
    ("artwork", "status", "reason"),
    [
        (
            {"front": {"sha256": "f" * 64, "x": 0.5, "y": 0.5, "scale": 0.5}},
            422,
            "Front picture: no such uploaded picture",
        ),
        ({"front": {"sha256": "SHA", "x": 0.97, "y": 0.5, "scale": 0.5}}, 422, "past the right edge of Front picture"),
        ({"back": {"sha256": "SHA", "x": 0.5, "y": 0.5, "scale": 0.5}}, 422, "Back picture: this zone does not apply"),
        ({"pocket": {"sha256": "SHA", "x": 0.5, "y": 0.5, "scale": 0.5}}, 422, "has no print zone 'pocket'"),
        ({"front": {"sha256": "SHA", "x": 0.5, "y": 0.5}}, 422, "scale"),
        ({"front": {"sha256": "not-a-hash", "x": 0.5, "y": 0.5, "scale": 0.5}}, 422, "sha256"),
        ({"front": {"sha256": "SHA", "x": 2, "y": 0.5, "scale": 0.5}}, 422, "x"),
    ],
)
def test_a_bad_placement_adds_no_line(api, api_engine, artwork, status, reason):
    sha = send(api, png(size=(40, 40)), "logo.png").json()["sha256"]
    artwork = {zone: {k: sha if v == "SHA" else v for k, v in p.items()} for zone, p in artwork.items()}
    cart = api.post("/v1/carts").json()["token"]
    refused = api.post(f"/v1/carts/{cart}/items", json={"product": "tshirt", "selection": TEE, "artwork": artwork})
    assert refused.status_code == status, refused.text
    assert refused.headers["content-type"].startswith(PROBLEM) and reason in refused.text
    assert count(api_engine, CartLine) == 0
