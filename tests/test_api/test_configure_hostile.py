"""Hostile input to the configuration routes, generated: unknown modules and options, wrong types,
huge lists and numbers, NaN and infinities, control characters, lone surrogates and direction
overrides in text, malformed bodies and paths. Never a server error: a 4xx problem that says where
(`loc`) and why, and nothing written when a share is refused."""

from __future__ import annotations

import json
import unicodedata
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_api.api_helpers import PROBLEM, SHIPPED_BY_CODE
from tests.test_api.conftest import api_settings
from tests.test_api.fixtures_commerce import sent_bytes
from tests.test_store.hostile_text import BAD_CHARACTERS, anything, hostile, row_counts, with_bad_character

CODES = sorted(SHIPPED_BY_CODE)
ROUTES = ("state", "finish", "validate", "quote", "quote.pdf", "preview.svg", "share")
QUIET = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
MODULES = sorted({m.code for c in SHIPPED_BY_CODE.values() for m in c.modules})
OPTIONS = sorted({o.code for c in SHIPPED_BY_CODE.values() for m in c.modules for o in getattr(m, "options", ())})

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(OPTIONS),
    st.integers(min_value=-(2**90), max_value=2**90),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["1e999999", "-0", "NaN", "Infinity", "0x10", "1_000", " 75 ", "7.5e1"]),
    anything(40),
)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=6), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
huge = st.builds(lambda code, n: [code] * n, st.sampled_from(OPTIONS), st.sampled_from([2_001, 50_000]))
selections = st.dictionaries(st.one_of(st.sampled_from(MODULES), anything(70)), st.one_of(values, huge), max_size=8)


def post(client, url: str, body: object):
    """POST `body` as JSON the way a lax client may: lone surrogates escaped, NaN and Infinity as
    bare words (Python's json module writes and reads them)."""
    return client.post(url, content=json.dumps(body), headers={"content-type": "application/json"})


def path_part(text: str) -> str:
    """`text` percent-encoded for a path, lone surrogates included (as their raw UTF-8 bytes)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def assert_refused_well(response) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.headers["content-type"] == PROBLEM
        problem = response.json()
        assert problem["status"] == response.status_code and problem["code"]
        if response.status_code == 422:
            assert problem["errors"], problem
            for error in problem["errors"]:
                assert error["loc"] and error["loc"][0] in ("body", "path") and error["msg"], error


def stored_text_is_clean(body: dict) -> bool:
    """Whatever text the API echoes as accepted holds no control or direction characters."""
    for value in (body.get("selection") or {}).values():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and any(
                unicodedata.category(c) in ("Cc", "Cs") or c in "\u202a\u202b\u202c\u202d\u202e" for c in text
            ):
                return False
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=QUIET)
@given(
    code=st.sampled_from(CODES),
    route=st.sampled_from(ROUTES),
    selection=selections,
    extra=st.dictionaries(
        st.sampled_from(["quantity", "date", "mode", "country", "delivery_mode", "name", "price"]), values, max_size=3
    ),
)
def test_any_selection_is_answered_or_refused_with_where_and_why(shared_client, code, route, selection, extra):
    response = post(shared_client, f"/v1/products/{code}/{route}", {"selection": selection, **extra})
    assert_refused_well(response)
    if response.status_code < 300 and response.headers["content-type"] == "application/json":
        assert stored_text_is_clean(response.json())


@settings(max_examples=60, deadline=None, suppress_health_check=QUIET)
@given(text=hostile(24, required=False))
def test_hostile_text_is_refused_at_its_module(shared_client, text):
    selection = {"print_method": "screen", "placement": ["chest-left"], "print_text": text}
    response = post(shared_client, "/v1/products/tshirt/state", {"selection": selection})
    if sent_bytes(response) > api_settings().api_max_body_bytes:
        # a body over the API's size limit is refused before it is read, with its own problem
        assert response.status_code == 413, len(text)
        assert response.json()["code"] == "body-too-large"
        return
    assert response.status_code == 422, text
    assert [e["loc"] for e in response.json()["errors"]] == [["body", "selection", "print_text"]]


@settings(max_examples=40, deadline=None, suppress_health_check=QUIET)
@given(name=st.one_of(hostile(120, required=False), st.builds(lambda c: "Ana" + c, BAD_CHARACTERS)))
def test_a_refused_design_name_writes_nothing(shared_client, shared_api_engine, name):
    before = row_counts(shared_api_engine)
    response = post(shared_client, "/v1/products/tshirt/share", {"selection": {}, "name": name})
    if sent_bytes(response) > api_settings().api_max_body_bytes:
        assert (response.status_code, response.json()["code"]) == (413, "body-too-large")
    else:
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", "name"]
    assert row_counts(shared_api_engine) == before


@settings(max_examples=60, deadline=None, suppress_health_check=QUIET)
@given(raw=st.binary(max_size=300), route=st.sampled_from(ROUTES))
def test_bodies_that_are_not_json_are_refused(shared_client, raw, route):
    response = shared_client.post(
        f"/v1/products/tshirt/{route}", content=raw, headers={"content-type": "application/json"}
    )
    assert_refused_well(response)


@settings(max_examples=60, deadline=None, suppress_health_check=QUIET)
@given(
    code=st.one_of(st.text(max_size=100), with_bad_character(), st.text(st.characters(), max_size=40)),
    route=st.sampled_from(ROUTES),
)
def test_any_product_code_in_the_path_is_not_found_or_refused(shared_client, code, route):
    response = shared_client.post(f"/v1/products/{path_part(code)}/{route}", json={})
    assert_refused_well(response)
    detail = shared_client.get(f"/v1/products/{path_part(code)}")
    assert_refused_well(detail)
