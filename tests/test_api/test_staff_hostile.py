"""Hostile staff requests, generated: credentials, bearer values, list filters and action bodies.
Never a server error; a refusal is a problem document; no token is issued for bad credentials."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, select

from store.tables import ApiToken
from tests.test_api.fixtures_commerce import (  # noqa: F401  (fixtures)
    HOSTILE_SETTINGS,
    HOSTILE_TEXT,
    JSON,
    assert_handled,
    commerce,
    in_url,
    new_cart,
    place,
    send_json,
    shop_engine,
    staff_headers,
)

HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=120)


@pytest.fixture
def ops(commerce):  # noqa: F811
    return staff_headers(commerce, "operations")


@HOSTILE_SETTINGS
@given(body=st.fixed_dictionaries({"email": HOSTILE_TEXT | JSON, "password": HOSTILE_TEXT | JSON}) | JSON)
def test_hostile_credentials_get_no_token(commerce, ops, body):  # noqa: F811
    response = send_json(commerce.client, "POST", "/v1/staff/tokens", body)
    assert_handled(response, {401, 422, 429})
    with Session(commerce.engine) as session:
        assert len(session.exec(select(ApiToken)).all()) == 1  # the operator's own


@HOSTILE_SETTINGS
@given(scheme=st.sampled_from(["Bearer", "bearer", "Basic", "", "Token"]), value=HEADER_TEXT)
def test_hostile_authorization_headers_are_401(commerce, ops, scheme, value):  # noqa: F811
    headers = {"Authorization": f"{scheme} {value}".strip()}
    for path in ("/v1/staff/orders", "/v1/staff/materials", "/v1/staff/tokens/current"):
        assert_handled(commerce.client.get(path, headers=headers), {401})


@HOSTILE_SETTINGS
@given(
    params=st.dictionaries(
        st.sampled_from(["status", "placed_from", "placed_to", "product", "q", "needs_attention", "page", "page_size"]),
        HOSTILE_TEXT | st.integers(-(10**20), 10**20).map(str),
        max_size=5,
    )
)
def test_hostile_order_list_filters_are_refused_or_answered(commerce, ops, params):  # noqa: F811
    query = "&".join(f"{in_url(k)}={in_url(v)}" for k, v in params.items())
    response = commerce.client.get(f"/v1/staff/orders?{query}", headers=ops)
    assert_handled(response, {200, 422})
    for status in ("requested", "anything"):
        assert_handled(commerce.client.get(f"/v1/staff/returns?status={status}&{query}", headers=ops), {200, 422})


@HOSTILE_SETTINGS
@given(advance=JSON | st.fixed_dictionaries({"to": HOSTILE_TEXT, "note": HOSTILE_TEXT}), decision=JSON, reply=JSON)
def test_hostile_staff_actions_are_refused_cleanly(commerce, ops, advance, decision, reply):  # noqa: F811
    api = commerce.client
    order = place(api, new_cart(api)).json()["token"]
    assert_handled(send_json(api, "POST", f"/v1/staff/orders/{order}/status", advance, ops), {200, 409, 422})
    assert_handled(send_json(api, "POST", f"/v1/staff/orders/{order}/messages", reply, ops), {201, 422})
    assert_handled(send_json(api, "POST", "/v1/staff/returns/1/decision", decision, ops), {200, 404, 409, 422})
    assert api.get(f"/v1/orders/{order}").json()["status"] == "paid"  # nothing moved it
