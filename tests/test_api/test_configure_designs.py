"""Designs leave the API the way they leave the configure page: a share code the page opens, the
PDF quote the page downloads and the preview drawing it shows."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
import zlib
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from modules.selection import parse_selection
from render.pdf.quote import quote_reference
from render.preview.svg import preview_svg
from store.db import transaction
from store.designs import save_design
from store.tables import DesignCreate
from tests.test_api.api_helpers import PROBLEM, SHIPPED_BY_CODE, filler, walk_to_complete
from tests.test_api.conftest import PUBLIC_URL, api_app
from tests.test_ui.buyer_app import app_at, db  # noqa: F401  (the page tests' database fixture)

CODES = sorted(SHIPPED_BY_CODE)


def test_a_shared_design_opens_by_its_code_with_the_same_state(client):
    selection = {"fabric": "linen", "cut": "tee"}
    shared = client.post("/v1/products/tshirt/share", json={"selection": selection, "name": "Summer tee"})
    assert shared.status_code == 201, shared.text
    body = shared.json()
    assert body["url"] == f"{PUBLIC_URL}/configure?product=tshirt&design={body['code']}"
    assert body["api_url"] == f"/v1/designs/{body['code']}" and body["name"] == "Summer tee"
    opened = client.get(body["api_url"])
    assert opened.status_code == 200
    design = opened.json()
    state = client.post("/v1/products/tshirt/state", json={"selection": selection}).json()
    assert design["selection"] == design["saved_selection"] == selection
    assert design["state"] == state and design["notices"] == [] and design["on_sale"]
    unnamed = client.post("/v1/products/tshirt/share", json={"selection": selection}).json()
    assert unnamed["name"] == "Shared design" and unnamed["code"] != body["code"]


def test_a_design_the_api_shares_opens_on_the_configure_page(db):  # noqa: F811
    with TestClient(api_app(db)) as client:
        token = client.post("/v1/products/tshirt/share", json={"selection": {"fabric": "linen"}}).json()["code"]
    page = app_at("pages/buyer/configure.py", product="tshirt", design=token)
    page.run()
    assert not page.exception and not page.warning
    assert page.button(key="opt:fabric:linen").proto.type == "primary"


def test_a_saved_design_is_rechecked_against_the_product_on_sale(client, api_engine):
    with transaction(api_engine) as session:
        saved = save_design(
            session=session,
            data=DesignCreate(name="old", product_code="tshirt", selection={"fabric": "linen", "colour": "black"}),
        )
    design = client.get(f"/v1/designs/{saved.token}").json()
    assert design["saved_selection"] == {"fabric": "linen", "colour": "black"}
    assert design["selection"] == {"fabric": "linen"}  # black does not come in linen: dropped, and said so
    assert len(design["notices"]) == 1 and "Colour" in design["notices"][0]


def test_nothing_the_catalog_or_the_rules_refuse_is_shared(client):
    bad = client.post("/v1/products/tshirt/share", json={"selection": {"fabric": "silk"}})
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["body", "selection", "fabric"]
    clash = client.post("/v1/products/tshirt/share", json={"selection": {"fabric": "linen", "colour": "black"}})
    assert clash.status_code == 422 and clash.json()["errors"][0]["type"] == "conflict"
    for name in ("A\x00B", "x" * 121, "evil\u202etext"):
        named = client.post("/v1/products/tshirt/share", json={"selection": {}, "name": name})
        assert named.status_code == 422 and named.json()["errors"][0]["loc"] == ["body", "name"], name


@settings(max_examples=40, deadline=None)
@given(token=st.text(max_size=80))
def test_any_share_code_opens_a_design_or_is_not_found(shared_client, token):
    response = shared_client.get(f"/v1/designs/{quote(token, safe='')}")  # as a client sends any code
    assert response.status_code in (200, 404, 422), (token, response.text)
    if response.status_code != 200:
        assert response.headers["content-type"] == PROBLEM


def parses(data: bytes) -> bool:
    """A whole PDF: header, cross-reference, trailer, and every compressed stream (read by its
    /Length, as a reader does) inflates and is followed by `endstream`."""
    if not (data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") and b"startxref" in data):
        return False
    streams = 0
    for match in re.finditer(rb"<<((?:(?!>>).)*?/Length (\d+)(?:(?!>>).)*?)>>\s*stream\r?\n", data, flags=re.S):
        start, length = match.end(), int(match.group(2))
        if not data[start + length : start + length + 12].strip().startswith(b"endstream"):
            return False
        if b"/FlateDecode" in match.group(1):
            zlib.decompress(data[start : start + length])
        streams += 1
    return streams > 0


@pytest.mark.parametrize("code", CODES)
def test_the_pdf_quote_is_the_one_the_page_downloads(shared_client, code):
    done = walk_to_complete(shared_client, code, quantity=2)[-1]
    response = shared_client.post(
        f"/v1/products/{code}/quote.pdf", json={"selection": done["selection"], "quantity": 2}
    )
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    catalog = SHIPPED_BY_CODE[code]
    full = parse_selection(catalog, done["full_selection"])
    name = quote_reference(catalog, full, 2, dt.date.fromisoformat(done["date"])) + ".pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert parses(response.content)


@pytest.mark.parametrize("code", CODES)
def test_the_preview_is_the_drawing_of_the_design_and_runs_nothing(shared_client, code):
    state = shared_client.post(f"/v1/products/{code}/state", json={}).json()
    response = shared_client.post(f"/v1/products/{code}/preview.svg", json={})
    assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    catalog = SHIPPED_BY_CODE[code]
    assert response.text == preview_svg(catalog, parse_selection(catalog, state["full_selection"]))
    ET.fromstring(response.text)


def test_buyer_text_in_the_preview_is_text_not_markup(shared_client):
    catalog = SHIPPED_BY_CODE["tshirt"]
    module = catalog.module("print_text")
    allowed = set(module.allowed_characters)
    typed = "".join(c for c in "<b>&amp;'\"" if c in allowed) or filler(module, 3)
    selection = {"print_method": "screen", "print_text": typed}
    response = shared_client.post("/v1/products/tshirt/preview.svg", json={"selection": selection})
    assert response.status_code == 200, response.text
    tree = ET.fromstring(response.text)
    assert typed in "".join(tree.itertext())
    assert not [e for e in tree.iter() if e.tag.split("}")[-1] in {"script", "foreignObject", "b"}]


def test_the_preview_of_front_and_back_names_each_view_in_the_requested_language(shared_client):
    selection = {"print_method": "screen", "placement": ["back"]}
    spanish = shared_client.post("/v1/products/tshirt/preview.svg", json={"selection": selection, "language": "es"})
    english = shared_client.post("/v1/products/tshirt/preview.svg", json={"selection": selection})
    assert spanish.status_code == english.status_code == 200
    assert ">Delante</text>" in spanish.text and ">Detrás</text>" in spanish.text
    assert ">Front</text>" in english.text and ">Back</text>" in english.text
    ET.fromstring(spanish.text)
