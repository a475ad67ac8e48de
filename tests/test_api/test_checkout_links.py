"""The OpenAPI description of the commerce routes: problem responses, the Idempotency-Key header,
the staff bearer scheme, and links that really lead somewhere. Following every link of a real
response (cart -> item -> quote -> checkout -> order -> messages, returns, reviews; staff list ->
order -> next state; returns -> decision) with the values the link names reaches the resource
with a request it accepts (never a 404 or a 422 caused by the link's data)."""

from __future__ import annotations

from typing import Any

from tests.test_api.fixtures_commerce import (  # noqa: F401  (fixtures)
    commerce,
    deliver,
    new_cart,
    new_key,
    place,
    shop_engine,
    staff_headers,
)

PROBLEM = "application/problem+json"


class Walker:
    """Follows OpenAPI links the way a stateful client does."""

    def __init__(self, api: Any, headers: dict[str, str] | None = None) -> None:
        self.api = api
        self.spec = api.get("/v1/openapi.json").json()
        self.headers = headers or {}
        self.operations = {
            op["operationId"]: (method, path, op)
            for path, item in self.spec["paths"].items()
            for method, op in item.items()
            if "operationId" in op
        }

    def call(self, operation: str, params: dict[str, Any], body: Any = None) -> Any:
        method, path, op = self.operations[operation]
        headers = dict(self.headers)
        if any(p["name"] == "Idempotency-Key" for p in op.get("parameters", [])):
            headers["Idempotency-Key"] = new_key()
        response = self.api.request(method.upper(), path.format(**params), json=body, headers=headers)
        documented = op["responses"]
        assert str(response.status_code) in documented, (operation, response.status_code, response.text)
        return response

    def follow(self, source: str, response: Any, name: str, params: dict[str, Any]) -> Any:
        """Call the target of link `name` of `source`'s response, with the values the link names."""
        _, _, op = self.operations[source]
        link = op["responses"][str(response.status_code)]["links"][name]
        target = link["operationId"]
        values = {key: self.resolve(expression, response, params) for key, expression in link["parameters"].items()}
        body = self.resolve(link.get("requestBody"), response, params)
        whole = not link.get("x-schemathesis", {}).get("merge_body", True)  # the link's body is the request
        if not whole and "requestBody" in self.operations[target][2]:
            body = {**self.example(target), **(body or {})}  # the link's values put into an example body
        answer = self.call(target, values, body)
        assert answer.status_code not in (404, 422), (source, name, answer.status_code, answer.text)
        return answer

    def example(self, operation: str) -> dict[str, Any]:
        content = self.operations[operation][2]["requestBody"]["content"]["application/json"]
        schema = content["schema"]
        if "$ref" in schema:
            schema = self.spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        return dict(schema["examples"][0])

    def resolve(self, expression: Any, response: Any, params: dict[str, Any]) -> Any:
        if isinstance(expression, dict):
            return {k: self.resolve(v, response, params) for k, v in expression.items()}
        if not isinstance(expression, str):
            return expression
        if expression.startswith("$request.path."):
            return params[expression.removeprefix("$request.path.")]
        if expression.startswith("$response.body#/"):
            value = response.json()
            for part in expression.removeprefix("$response.body#/").split("/"):
                value = value[int(part)] if isinstance(value, list) else value[part]
            return value
        return expression


def test_every_error_response_is_a_documented_problem_and_checkout_declares_its_key(commerce):  # noqa: F811
    spec = commerce.client.get("/v1/openapi.json").json()
    ours = {p: item for p, item in spec["paths"].items() if p.startswith(("/v1/carts", "/v1/orders", "/v1/staff"))}
    assert len(ours) >= 17
    for path, item in ours.items():
        for method, op in item.items():
            for status, response in op["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == [PROBLEM], (method, path, status)
            assert {"400", "429"} <= set(op["responses"]), (method, path)
            if op.get("parameters") or op.get("requestBody"):
                assert "422" in op["responses"], (method, path)
            staff = path.startswith("/v1/staff") and path != "/v1/staff/tokens"
            assert (op.get("security") == [{"StaffToken": []}]) == staff, (method, path)
            assert ("401" in op["responses"]) == (staff or path == "/v1/staff/tokens"), (method, path)
    checkout = spec["paths"]["/v1/carts/{token}/checkout"]["post"]
    key = next(p for p in checkout["parameters"] if p["name"] == "Idempotency-Key")
    assert key["in"] == "header" and key["required"] is True
    assert spec["components"]["securitySchemes"]["StaffToken"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "opaque",
        "description": spec["components"]["securitySchemes"]["StaffToken"]["description"],
    }


def test_following_the_buyer_links_walks_from_a_new_cart_to_a_tracked_order(commerce):  # noqa: F811
    walk = Walker(commerce.client)
    first = walk.call("createCart", {})
    item = walk.follow("createCart", first, "addCartItem", {})
    assert item.status_code == 201 and item.json()["lines"][0]["valid"]
    assert walk.follow("addCartItem", item, "checkoutCart", {}).status_code == 201  # at the cart's own estimate

    cart = walk.call("createCart", {})
    walk.follow("createCart", cart, "getCart", {})
    walk.follow("createCart", cart, "quoteCart", {})
    item = walk.follow("createCart", cart, "addCartItem", {})
    quote = walk.follow("addCartItem", item, "quoteCart", {"token": cart.json()["token"]})
    order = walk.follow("quoteCart", quote, "checkoutCart", {"token": cart.json()["token"]})
    assert order.status_code == 201, order.text
    tracked = walk.follow("checkoutCart", order, "getOrder", {})
    assert tracked.json()["status"] == "paid"
    for name in ("listOrderMessages", "postOrderMessage", "listOrderReturns", "requestReturn"):
        walk.follow("checkoutCart", order, name, {})
    for name in ("listOrderMessages", "listOrderReturns", "postReview", "requestExchange"):
        walk.follow("getOrder", tracked, name, {"token": order.json()["token"]})
    cancelled = walk.follow("checkoutCart", order, "cancelOrder", {})
    assert cancelled.json()["status"] == "cancelled"
    walk.follow("addCartItem", item, "updateCartItem", {})  # the ordered cart: 409, never 404
    walk.follow("addCartItem", item, "removeCartItem", {})


def test_following_the_staff_links_moves_an_order_and_settles_a_return(commerce):  # noqa: F811
    api = commerce.client
    ops = staff_headers(commerce, "operations")
    walk = Walker(api, ops)
    delivered = place(api, new_cart(api)).json()["token"]
    deliver(commerce, delivered, ops)
    api.post(f"/v1/orders/{delivered}/returns", json={"kind": "return", "reason": "Too big."})
    place(api, new_cart(api))
    orders = walk.call("listStaffOrders", {})
    detail = walk.follow("listStaffOrders", orders, "getStaffOrder", {})
    moved = walk.follow("getStaffOrder", detail, "advanceStaffOrder", {"reference": detail.json()["reference"]})
    assert moved.json()["status"] == detail.json()["next_states"][0]
    walk.follow("getStaffOrder", detail, "replyToOrder", {"reference": detail.json()["reference"]})
    returns = walk.call("listReturnRequests", {})
    decided = walk.follow("listReturnRequests", returns, "decideReturnRequest", {})
    assert decided.json()["status"] == "refunded"
