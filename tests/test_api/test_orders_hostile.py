"""Hostile requests on a delivered order (messages, returns and exchanges, reviews) and on its
paths, generated: never a server error, a refusal is a problem document, and nothing a refusal
refused was stored."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_api.fixtures_commerce import (  # noqa: F401  (fixtures)
    HOSTILE_SETTINGS,
    HOSTILE_TEXT,
    JSON,
    assert_handled,
    commerce,
    deliver,
    in_url,
    new_cart,
    place,
    send_json,
    shop_engine,
    staff_headers,
)
from tests.test_store.hostile_text import anything, hostile

STARS = st.integers(-5, 10) | JSON


@pytest.fixture
def delivered(commerce):  # noqa: F811
    """A delivered order's token and its line ids."""
    api = commerce.client
    order = place(api, new_cart(api)).json()["token"]
    deliver(commerce, order, staff_headers(commerce, "operations"))
    return order, [line["id"] for line in api.get(f"/v1/orders/{order}").json()["lines"]]


@HOSTILE_SETTINGS
@given(body=st.fixed_dictionaries({"body": anything(4_000) | JSON}) | JSON)
def test_hostile_messages_are_refused_or_stored_as_sent(commerce, delivered, body):  # noqa: F811
    api, (order, _) = commerce.client, delivered
    before = api.get(f"/v1/orders/{order}/messages").json()
    response = send_json(api, "POST", f"/v1/orders/{order}/messages", body)
    assert_handled(response, {201, 422})
    after = api.get(f"/v1/orders/{order}/messages").json()
    if response.status_code == 201:
        assert after[-1]["body"] == body["body"].strip() and len(after) == len(before) + 1
    else:
        assert after == before


@HOSTILE_SETTINGS
@given(
    kind=st.sampled_from(["return", "exchange"]) | JSON,
    reason=hostile(2_000) | anything(2_000),
    line=st.integers(-(10**12), 10**12) | st.none() | JSON,
    selection=st.dictionaries(HOSTILE_TEXT, JSON, max_size=5) | st.none() | JSON,
)
def test_hostile_return_requests_are_refused_cleanly(commerce, delivered, kind, reason, line, selection):  # noqa: F811
    api, (order, _) = commerce.client, delivered
    body = {"kind": kind, "reason": reason, "order_line_id": line, "replacement_selection": selection}
    before = api.get(f"/v1/orders/{order}/returns").json()
    response = send_json(api, "POST", f"/v1/orders/{order}/returns", body)
    assert_handled(response, {201, 404, 409, 422})  # 404: an exchange of an item not on this order
    if response.status_code == 404:
        assert response.json()["field"] == "order_line_id"
    after = api.get(f"/v1/orders/{order}/returns").json()
    assert len(after) == len(before) + (response.status_code == 201)
    if response.status_code == 201:  # what was accepted was a sound request of this order
        assert after[-1]["reason"] == reason.strip() and after[-1]["kind"] in ("return", "exchange")


@HOSTILE_SETTINGS
@given(
    line=st.integers(-(10**12), 10**12) | JSON,
    stars=st.fixed_dictionaries({k: STARS for k in ("overall", "product_quality", "delivery_speed", "service")}),
    text=anything(4_000) | JSON,
)
def test_hostile_reviews_are_refused_cleanly(commerce, delivered, line, stars, text):  # noqa: F811
    api, (order, lines) = commerce.client, delivered
    response = send_json(api, "POST", f"/v1/orders/{order}/reviews", {"order_line_id": line, **stars, "text": text})
    assert_handled(response, {201, 404, 409, 422})
    reviews = api.get(f"/v1/orders/{order}").json()["reviews"]
    assert set(reviews) <= {str(i) for i in lines}
    for review in reviews.values():
        assert all(1 <= review[k] <= 5 for k in stars)


@HOSTILE_SETTINGS
@given(token=HOSTILE_TEXT)
def test_hostile_order_tokens_are_not_found(commerce, delivered, token):  # noqa: F811
    api = commerce.client
    for method, suffix in (("GET", ""), ("GET", "/messages"), ("GET", "/returns"), ("POST", "/cancel")):
        response = api.request(method, f"/v1/orders/{in_url(token)}{suffix}")
        assert_handled(response, {404, 405, 422} if token else {200, 404, 405, 422})
