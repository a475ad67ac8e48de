"""Every staff endpoint: without a token 401, with a buyer's secrets as a token 401, with a role
the store refuses 403 (and nothing changes), with the right role it works. The store's own role
checks decide, so even a token held by a buyer account (as if it kept one after losing its staff
role) is refused by them."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session, select

from store.states import OPERATIONS, STAFF_ROLES
from store.tables import ApiToken, AuditEntry, now
from tests.test_api.fixtures_commerce import (  # noqa: F401  (fixtures)
    Commerce,
    commerce,
    deliver,
    new_cart,
    place,
    shop_engine,
    staff_account,
    staff_headers,
)


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # {order} and {return_id} are filled in
    body: dict[str, Any] | None
    roles: tuple[str, ...]  # the roles the store lets do it; empty: any token holder (no role check)
    ok: int = 200


CALLS = {
    "list orders": Call("GET", "/v1/staff/orders?needs_attention=true", None, OPERATIONS),
    "order detail": Call("GET", "/v1/staff/orders/{order}", None, OPERATIONS),
    "advance order": Call("POST", "/v1/staff/orders/{placed}/status", {"to": "in_production"}, OPERATIONS),
    "reply to buyer": Call("POST", "/v1/staff/orders/{order}/messages", {"body": "On its way."}, OPERATIONS, 201),
    "list returns": Call("GET", "/v1/staff/returns?status=requested", None, OPERATIONS),
    "decide return": Call(
        "POST", "/v1/staff/returns/{return_id}/decision", {"approve": False, "note": "Worn already."}, OPERATIONS
    ),
    "material stock": Call("GET", "/v1/staff/materials", None, STAFF_ROLES),
    "current token": Call("GET", "/v1/staff/tokens/current", None, ()),
}


def buyer_held_token(shop: Commerce) -> dict[str, str]:
    """A live token row of a buyer account (the API never issues one)."""
    buyer = staff_account(shop.engine, "buyer", email="buyer@example.org")
    token = "cst_" + secrets.token_urlsafe(32)
    with Session(shop.engine) as session:
        moment = now()
        session.add(
            ApiToken(
                token_hash=hashlib.sha256(token.encode()).hexdigest(),
                customer_id=buyer,
                created_at=moment,
                expires_at=moment.replace(year=moment.year + 1),
                last_used_at=moment,
            )
        )
        session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def world(commerce):  # noqa: F811
    """A delivered order with a return request, a paid order, staff of every role."""
    api = commerce.client
    headers = {role: staff_headers(commerce, role) for role in STAFF_ROLES}
    delivered_cart, paid_cart = new_cart(api), new_cart(api)
    delivered = place(api, delivered_cart).json()["token"]
    paid = place(api, paid_cart).json()["token"]
    deliver(commerce, delivered, headers["operations"])
    returned = api.post(f"/v1/orders/{delivered}/returns", json={"kind": "return", "reason": "Too big."}).json()
    ids = {"order": delivered, "placed": paid, "return_id": returned["id"]}
    return {
        "headers": headers,
        "ids": ids,
        "buyer_secrets": [delivered, delivered_cart, "cst_" + secrets.token_urlsafe(32)],
    }


def send(api, call: Call, ids: dict[str, Any], headers: dict[str, str] | None = None):
    return api.request(call.method, call.path.format(**ids), json=call.body, headers=headers or {})


def audit_rows(shop: Commerce) -> int:
    with Session(shop.engine) as session:
        return len(session.exec(select(AuditEntry)).all())


@pytest.mark.parametrize("name", list(CALLS))
def test_each_staff_endpoint_checks_the_token_and_the_role(commerce, world, name):  # noqa: F811
    api, call, ids = commerce.client, CALLS[name], world["ids"]

    anonymous = send(api, call, ids)
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"].startswith("Bearer")
    assert anonymous.headers["content-type"] == "application/problem+json"
    for secret in world["buyer_secrets"]:  # an order's or a cart's token is no staff token
        assert send(api, call, ids, {"Authorization": f"Bearer {secret}"}).status_code == 401
    assert send(api, call, ids, {"Authorization": f"Basic {ids['order']}"}).status_code == 401

    if not call.roles:  # who holds the token: any holder may ask
        assert send(api, call, ids, buyer_held_token(commerce)).json()["account"]["role"] == "buyer"
        assert send(api, call, ids, world["headers"]["merchandiser"]).status_code == call.ok
        return
    wrong_roles = [role for role in STAFF_ROLES if role not in call.roles]
    wrong = [world["headers"][role] for role in wrong_roles] + [buyer_held_token(commerce)]
    before = audit_rows(commerce)
    for headers in wrong:
        refused = send(api, call, ids, headers)
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden", refused.text
    assert audit_rows(commerce) == before  # a refused call changed nothing

    right = send(api, call, ids, world["headers"][call.roles[0]])
    assert right.status_code == call.ok, right.text


def test_staff_list_filter_read_and_advance_orders(commerce, world):  # noqa: F811
    api, ops, ids = commerce.client, world["headers"]["operations"], world["ids"]
    everything = api.get("/v1/staff/orders", headers=ops).json()
    assert everything["total"] == 2 and {o["reference"] for o in everything["orders"]} == {ids["order"], ids["placed"]}
    attention = api.get("/v1/staff/orders", params={"needs_attention": True}, headers=ops).json()
    assert [(o["reference"], o["attention"]) for o in attention["orders"]] == [(ids["order"], ["open return"])]
    paid = api.get("/v1/staff/orders", params={"status": "paid"}, headers=ops).json()["orders"]
    assert [o["reference"] for o in paid] == [ids["placed"]]

    detail = api.get(f"/v1/staff/orders/{ids['placed']}", headers=ops).json()
    assert detail["next_states"] == ["cancelled", "in_production"]
    assert detail["steps"] and detail["bill_of_materials"] and detail["payments"][0]["kind"] == "charge"
    illegal = api.post(f"/v1/staff/orders/{ids['placed']}/status", json={"to": "delivered"}, headers=ops)
    assert illegal.status_code == 409 and illegal.json()["allowed"] == ["cancelled", "in_production"]
    cancelled = api.post(f"/v1/staff/orders/{ids['placed']}/status", json={"to": "cancelled"}, headers=ops)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert [p["kind"] for p in cancelled.json()["payments"]] == ["charge", "refund"]
    unknown = api.get("/v1/staff/orders/no-such-order", headers=ops)
    assert unknown.status_code == 404


def test_staff_settle_a_return_once(commerce, world):  # noqa: F811
    api, ops, ids = commerce.client, world["headers"]["operations"], world["ids"]
    no_note = api.post(f"/v1/staff/returns/{ids['return_id']}/decision", json={"approve": False}, headers=ops)
    assert no_note.status_code == 422 and no_note.json()["field"] == "note"
    refused = api.post(
        f"/v1/staff/returns/{ids['return_id']}/decision", json={"approve": False, "note": "Worn."}, headers=ops
    )
    assert refused.status_code == 200 and refused.json()["status"] == "rejected"
    again = api.post(f"/v1/staff/returns/{ids['return_id']}/decision", json={"approve": True}, headers=ops)
    assert again.status_code == 409
    order = api.get(f"/v1/orders/{ids['order']}").json()
    assert order["status"] == "delivered" and order["returns"][0]["status_label"] == "Refused"
    assert any(m["body"] == "Worn." for m in api.get(f"/v1/orders/{ids['order']}/messages").json())
    missing = api.post("/v1/staff/returns/999999/decision", json={"approve": True}, headers=ops)
    assert missing.status_code == 404


def test_material_stock_reads_as_the_store_keeps_it(commerce, world):  # noqa: F811
    from store.materials import stock_levels

    levels = commerce.client.get("/v1/staff/materials", headers=world["headers"]["merchandiser"]).json()
    with Session(commerce.engine) as session:
        admin = staff_account(commerce.engine, "admin", email="admin2@shop.example.org")
        expected = stock_levels(session=session, actor_id=admin)
    assert [(m["code"], m["reserved"], m["open_need"]) for m in levels] == [
        (m.code, format(m.reserved, "f"), format(m.open_need, "f")) for m in expected
    ]
    assert any(m["open_need"] != "0" for m in levels)  # the orders created purchase needs
