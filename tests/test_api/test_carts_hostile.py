"""Hostile cart and checkout requests, generated: any JSON, text with NUL, lone surrogates and
direction overrides, huge numbers, selections of every shape. Never a server error; a refusal is
a problem document; nothing that cannot be sold gets into a cart; nothing is charged for a
refused checkout."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.test_api.fixtures_commerce import (  # noqa: F401  (fixtures)
    CONTACT,
    HOME,
    HOSTILE_SETTINGS,
    HOSTILE_TEXT,
    JSON,
    TEE,
    assert_handled,
    checkout_body,
    commerce,
    in_url,
    new_cart,
    new_key,
    send_json,
    shop_engine,
)
from tests.test_store.hostile_text import with_bad_character

PRODUCTS = st.sampled_from(["tshirt", "bicycle", "table", "sneaker"])
TSHIRT_MODULES = ["cut", "fabric", "colour", "size", "print_method", "placement", "print_text"]
BAD_TEXT = st.text(st.characters(categories=["Cs", "Cc", "Cf"]), min_size=1, max_size=3) | with_bad_character()
KEYS = st.sampled_from(TSHIRT_MODULES) | BAD_TEXT | HOSTILE_TEXT
VALUES = BAD_TEXT | JSON
SELECTIONS = st.one_of(
    st.dictionaries(KEYS, VALUES, min_size=1, max_size=6),
    st.fixed_dictionaries({}, optional={m: VALUES for m in TSHIRT_MODULES}).map(lambda d: {**TEE, **d}),
)
ITEMS = st.one_of(
    st.fixed_dictionaries(
        {"product": PRODUCTS, "selection": SELECTIONS},
        optional={"quantity": st.integers(-(10**12), 10**12) | JSON},
    ),
    st.fixed_dictionaries({"product": HOSTILE_TEXT | JSON, "selection": SELECTIONS | JSON}),
    st.dictionaries(KEYS, JSON, max_size=4),
)
CART_STATUSES = {200, 201, 404, 409, 422}


@HOSTILE_SETTINGS
@given(item=ITEMS, quantity=st.integers(-(10**9), 10**9) | JSON, coupon=JSON)
def test_hostile_cart_changes_are_refused_cleanly_and_never_leave_an_unsellable_line(
    commerce,  # noqa: F811
    item,
    quantity,
    coupon,
):
    api = commerce.client
    cart = new_cart(api)
    added = send_json(api, "POST", f"/v1/carts/{cart}/items", item)
    assert_handled(added, CART_STATUSES)
    if added.status_code == 422 and added.json()["code"] == "invalid-line":
        assert all(v["message"] for v in added.json()["violations"])  # where and why
    line = api.get(f"/v1/carts/{cart}").json()["lines"][0]["id"]
    assert_handled(send_json(api, "PATCH", f"/v1/carts/{cart}/items/{line}", {"quantity": quantity}), CART_STATUSES)
    assert_handled(send_json(api, "PUT", f"/v1/carts/{cart}/coupon", {"code": coupon}), CART_STATUSES)
    view = api.get(f"/v1/carts/{cart}")
    assert view.status_code == 200
    assert all(line["valid"] for line in view.json()["lines"])  # only sellable lines got in
    assert 1 <= view.json()["lines"][0]["quantity"] <= 10_000


@HOSTILE_SETTINGS
@given(
    token=HOSTILE_TEXT,
    line=st.integers(-(10**20), 10**20) | HOSTILE_TEXT,
    country=HOSTILE_TEXT,
    shipping=HOSTILE_TEXT,
)
def test_hostile_paths_and_query_parameters_never_confirm_anything(commerce, token, line, country, shipping):  # noqa: F811
    api = commerce.client
    cart = new_cart(api)
    query = f"?country={in_url(country)}&shipping={in_url(shipping)}"
    paths = (
        f"/v1/carts/{in_url(token)}",
        f"/v1/carts/{cart}/items/{in_url(line)}",
        f"/v1/carts/{cart}/shipping-options",
    )
    for path in paths:
        for method in ("GET", "DELETE"):
            assert_handled(api.request(method, path + query), {200, 404, 405, 409, 422})
    assert api.get(f"/v1/carts/{cart}").json()["lines"][0]["valid"]


@HOSTILE_SETTINGS
@given(
    body=st.one_of(
        JSON,
        st.fixed_dictionaries(
            {
                "contact": st.fixed_dictionaries({}, optional={k: JSON for k in ("email", "name", "phone")})
                | st.just(CONTACT),
                "address": st.fixed_dictionaries({}, optional={k: HOSTILE_TEXT for k in HOME}).map(
                    lambda d: {**HOME, **d}
                ),
                "shipping": JSON,
                "payment": st.fixed_dictionaries({"card": HOSTILE_TEXT}),
                "expected_total": st.fixed_dictionaries({"amount": HOSTILE_TEXT, "currency": HOSTILE_TEXT}) | JSON,
            }
        ),
    ),
    key=st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=220),
)
def test_hostile_checkouts_are_refused_cleanly_and_charge_nothing(commerce, body, key):  # noqa: F811
    api = commerce.client
    cart = new_cart(api)
    response = send_json(api, "POST", f"/v1/carts/{cart}/checkout", body, {"Idempotency-Key": key})
    assert_handled(response, {201, 402, 404, 409, 422})
    charges, _ = commerce.provider.ledger()
    if response.status_code == 201:  # a body that happens to be right is an order like any other
        assert response.json()["status"] == "paid"
    else:
        assert all(c.key != key or not c.approved for c in charges)


@HOSTILE_SETTINGS
@given(address=st.fixed_dictionaries({}, optional={k: JSON for k in HOME}), shipping=JSON)
def test_hostile_addresses_in_a_quote_say_which_field(commerce, address, shipping):  # noqa: F811
    api = commerce.client
    cart = new_cart(api)
    response = send_json(api, "POST", f"/v1/carts/{cart}/quote", {"address": address, "shipping": shipping})
    assert_handled(response, {200, 422})
    if response.status_code == 422:
        problem = response.json()
        assert problem.get("errors") or problem.get("problems") or problem.get("field") or problem.get("pricing_error")


def test_a_valid_checkout_body_still_works_after_the_hostile_ones(commerce):  # noqa: F811
    api = commerce.client
    cart = new_cart(api)
    total = api.post(f"/v1/carts/{cart}/quote", json={"address": HOME}).json()["totals"]["total"]
    body = checkout_body({"amount": total["amount"], "currency": total["currency"]})
    assert send_json(api, "POST", f"/v1/carts/{cart}/checkout", body, {"Idempotency-Key": new_key()}).status_code == 201
