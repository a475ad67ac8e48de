"""An order is reached only by its private token: any other value (unknown, a cart's token, an
order number, a tampered token) gets the same 404 problem on every order endpoint, so the API
never confirms that an order exists. An exchange made through the API gets its replacement."""

from __future__ import annotations

import pytest

from tests.test_api.fixtures_commerce import (  # noqa: F401  (fixtures)
    HOODIE,
    TEE,
    commerce,
    deliver,
    new_cart,
    place,
    shop_engine,
    staff_headers,
)

CALLS = [
    ("GET", "/v1/orders/{token}", None),
    ("GET", "/v1/orders/{token}/messages", None),
    ("POST", "/v1/orders/{token}/messages", {"body": "Hello?"}),
    ("GET", "/v1/orders/{token}/returns", None),
    ("POST", "/v1/orders/{token}/returns", {"kind": "return", "reason": "Broken."}),
    (
        "POST",
        "/v1/orders/{token}/reviews",
        {"order_line_id": 1, "overall": 5, "product_quality": 5, "delivery_speed": 5, "service": 5},
    ),
    ("POST", "/v1/orders/{token}/cancel", None),
]


@pytest.mark.parametrize(("method", "path", "body"), CALLS, ids=[f"{m} {p}" for m, p, _ in CALLS])
def test_anything_but_the_orders_token_is_the_same_404(commerce, method, path, body):  # noqa: F811
    api = commerce.client
    cart = new_cart(api)
    order = place(api, cart).json()
    wrong = {
        "unknown": "x" * len(order["token"]),
        "cart": cart,
        "number": str(order["number"]),
        "changed": order["token"][:-1] + ("A" if order["token"][-1] != "A" else "B"),
        "with NUL": order["token"] + "%00",
    }
    answers = []
    for token in wrong.values():
        response = api.request(method, path.format(token=token), json=body)
        assert response.status_code == 404, (token, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        answers.append({k: v for k, v in response.json().items() if k != "request_id"})
    assert all(answer == answers[0] for answer in answers)  # nothing tells them apart
    assert set(answers[0]) == {"type", "title", "status", "code", "detail"}
    assert api.get(f"/v1/orders/{order['token']}").json()["status"] == "paid"  # untouched


def test_an_exchange_through_the_api_makes_the_replacement_order(commerce):  # noqa: F811
    api = commerce.client
    ops = staff_headers(commerce, "operations")
    order = place(api, new_cart(api, (HOODIE, 1))).json()
    deliver(commerce, order["token"], ops)
    line = api.get(f"/v1/orders/{order['token']}").json()["lines"][0]
    smaller = {**line["configuration"], "size": "m"}
    asked = api.post(
        f"/v1/orders/{order['token']}/returns",
        json={"kind": "exchange", "reason": "Too big.", "order_line_id": line["id"], "replacement_selection": smaller},
    )
    assert asked.status_code == 201, asked.text
    assert asked.json()["changes"] == ["Size: L -> M"]
    impossible = {**line["configuration"], "fabric": "linen"}  # linen is never a hoodie
    refused = api.post(
        f"/v1/orders/{order['token']}/returns",
        json={"kind": "exchange", "reason": "x", "order_line_id": line["id"], "replacement_selection": impossible},
    )
    assert refused.status_code in (409, 422) and refused.json()["code"] != "internal"
    decided = api.post(f"/v1/staff/returns/{asked.json()['id']}/decision", json={"approve": True}, headers=ops)
    assert decided.status_code == 200 and decided.json()["status"] == "exchanged"
    replacement = api.get(f"/v1/orders/{decided.json()['replacement_token']}").json()
    assert replacement["replaces"] == order["token"]
    assert replacement["lines"][0]["configuration"]["size"] == "m"
    assert replacement["totals"]["total"]["amount"] == "0.00"


def test_a_tee_order_can_be_reviewed_once_per_line_only_after_delivery(commerce):  # noqa: F811
    api = commerce.client
    order = place(api, new_cart(api, (TEE, 1), (HOODIE, 1))).json()
    lines = api.get(f"/v1/orders/{order['token']}").json()["lines"]
    stars = {"overall": 5, "product_quality": 4, "delivery_speed": 3, "service": 5}
    early = api.post(f"/v1/orders/{order['token']}/reviews", json={"order_line_id": lines[0]["id"], **stars})
    assert early.status_code == 409 and early.json()["code"] == "not-delivered"
    deliver(commerce, order["token"], staff_headers(commerce, "operations"))
    for line in lines:
        assert (
            api.post(f"/v1/orders/{order['token']}/reviews", json={"order_line_id": line["id"], **stars}).status_code
            == 201
        )
    other = place(api, new_cart(api)).json()
    foreign_line = api.get(f"/v1/orders/{other['token']}").json()["lines"][0]["id"]
    stranger = api.post(f"/v1/orders/{order['token']}/reviews", json={"order_line_id": foreign_line, **stars})
    assert stranger.status_code == 404
    reviews = api.get(f"/v1/orders/{order['token']}").json()["reviews"]
    assert sorted(reviews) == sorted(str(line["id"]) for line in lines)
