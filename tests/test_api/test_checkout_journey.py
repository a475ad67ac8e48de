"""The guest's whole journey through HTTP, on a real database with the shipped catalogs: a cart
filled, changed and priced; an order placed, tracked, messaged; delivered by staff; returned,
reviewed, and the return refunded. Every figure is compared with the store's own quote."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session, select

from store.carts import view_cart
from store.quotes import Delivery
from store.tables import Order, PaymentIntent
from tests.test_api.fixtures_commerce import (  # noqa: F401  (fixtures)
    HOME,
    HOODIE,
    TEE,
    checkout_body,
    commerce,
    deliver,
    new_key,
    quoted_total,
    shop_engine,
    staff_headers,
)

GERMANY = {**HOME, "city": "Berlin", "postal_code": "10115", "country": "DE"}


def store_total(engine, cart: str, address: dict[str, str], shipping: str | None) -> str:
    with Session(engine) as session:
        view = view_cart(session=session, cart=cart, delivery=Delivery(**address, mode=shipping))
    assert view.quote is not None
    return view.quote.total.text()


def test_a_guest_fills_a_cart_orders_tracks_messages_returns_and_reviews(commerce):  # noqa: F811
    api = commerce.client

    # Given a cart with two configured products
    created = api.post("/v1/carts")
    assert created.status_code == 201 and created.headers["location"] == f"/v1/carts/{created.json()['token']}"
    cart = created.json()["token"]
    tee = api.post(f"/v1/carts/{cart}/items", json={"product": "tshirt", "selection": TEE, "quantity": 1}).json()
    hoodie = api.post(f"/v1/carts/{cart}/items", json={"product": "tshirt", "selection": HOODIE, "quantity": 1})
    assert hoodie.status_code == 201, hoodie.text
    assert [line["product_name"] for line in hoodie.json()["lines"]] == ["Custom T-shirt", "Custom T-shirt"]
    assert "Colour: Black" in tee["lines"][0]["choices"]

    # When the buyer changes one quantity and removes the other line
    changed = api.patch(f"/v1/carts/{cart}/items/{tee['line_id']}", json={"quantity": 3})
    assert changed.status_code == 200 and changed.json()["lines"][0]["quantity"] == 3
    left = api.delete(f"/v1/carts/{cart}/items/{hoodie.json()['line_id']}").json()
    assert [line["id"] for line in left["lines"]] == [tee["line_id"]]
    line = left["lines"][0]
    assert line["valid"] and not line["price_changed"]
    assert Decimal(line["line_total"]["amount"]) == 3 * Decimal(line["unit_price"]["amount"])
    assert left["totals"]["total"]["amount"] == store_total(commerce.engine, cart, HOME, None)

    # A coupon that does not apply says why; one that does changes the total
    refused = api.put(f"/v1/carts/{cart}/coupon", json={"code": "members25"}).json()["coupon"]
    assert refused == {"code": "MEMBERS25", "applied": False, "message": refused["message"]} and refused["message"]
    freeship = api.put(f"/v1/carts/{cart}/coupon", json={"code": "FREESHIP"}).json()
    assert freeship["coupon"]["applied"] and freeship["totals"]["shipping"]["amount"]["amount"] == "0.00"
    assert api.delete(f"/v1/carts/{cart}/coupon").json()["coupon"] is None

    # Shipping options are priced for this cart; the quote for an address is the store's
    options = api.get(f"/v1/carts/{cart}/shipping-options", params={"country": "DE"}).json()
    assert [o["code"] for o in options] == ["standard", "express", "air"]
    for option in options:
        assert option["total"]["amount"] == store_total(commerce.engine, cart, GERMANY, option["code"])
    total = quoted_total(api, cart, address=GERMANY, shipping="express")
    assert total["amount"] == store_total(commerce.engine, cart, GERMANY, "express")

    # When the guest checks out at that total
    placed = api.post(
        f"/v1/carts/{cart}/checkout",
        json=checkout_body(total, address=GERMANY, shipping="express"),
        headers={"Idempotency-Key": new_key()},
    )
    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert order["status"] == "paid" and order["total"]["amount"] == total["amount"]
    assert placed.headers["location"] == f"/v1/orders/{order['token']}"
    with Session(commerce.engine) as session:
        row = session.exec(select(Order).where(Order.token == order["token"])).one()
        assert row.id == order["number"] and row.ship_country == "DE"
        assert session.exec(select(PaymentIntent).where(PaymentIntent.order_id == row.id)).one().status == "captured"
    assert api.get(f"/v1/carts/{cart}").json()["status"] == "ordered"

    # Then the order is tracked by its token: lines as sold, totals, timeline, delivery window
    tracked = api.get(f"/v1/orders/{order['token']}").json()
    assert tracked["number"] == order["number"] and tracked["status_label"] == "Paid"
    assert tracked["lines"][0]["quantity"] == 3 and tracked["lines"][0]["choices"] == line["choices"]
    assert tracked["totals"]["total"] == order["total"]
    assert [s["reached"] for s in tracked["steps"]] == [True, True, False, False, False]
    assert [e["status"] for e in tracked["timeline"]] == ["placed", "paid"]
    assert tracked["delivery"]["promised_by"] == order["promised_delivery"] and tracked["can_cancel"]

    # Messages go both ways
    asked = api.post(f"/v1/orders/{order['token']}/messages", json={"body": "Can it ship before Friday?"})
    assert asked.status_code == 201 and asked.json()["author"] == "buyer"
    operations = staff_headers(commerce, "operations")
    answer = api.post(
        f"/v1/staff/orders/{order['token']}/messages", json={"body": "Yes, on Thursday."}, headers=operations
    )
    assert answer.status_code == 201
    thread = api.get(f"/v1/orders/{order['token']}/messages").json()
    assert [(m["author"], m["body"]) for m in thread] == [
        ("buyer", "Can it ship before Friday?"),
        ("merchant", "Yes, on Thursday."),
    ]

    # A return before delivery is refused; after delivery it is accepted
    early = api.post(f"/v1/orders/{order['token']}/returns", json={"kind": "return", "reason": "Too small."})
    assert early.status_code == 409 and early.json()["code"] == "not-delivered"
    deliver(commerce, order["token"], operations)
    delivered = api.get(f"/v1/orders/{order['token']}").json()
    assert all(s["reached"] for s in delivered["steps"]) and delivered["can_return"]
    assert not delivered["can_cancel"]
    returned = api.post(f"/v1/orders/{order['token']}/returns", json={"kind": "return", "reason": "Too small."})
    assert returned.status_code == 201 and returned.json()["status"] == "requested"
    assert api.get(f"/v1/orders/{order['token']}").json()["status"] == "return_requested"

    # A review per line, once
    review = {"order_line_id": tracked["lines"][0]["id"], "overall": 4, "product_quality": 5, "delivery_speed": 3}
    review |= {"service": 4, "text": "Good cotton."}
    assert api.post(f"/v1/orders/{order['token']}/reviews", json=review).status_code == 201
    again = api.post(f"/v1/orders/{order['token']}/reviews", json=review)
    assert again.status_code == 409 and again.json()["code"] == "already-reviewed"

    # Staff refund the return through the provider
    listed = api.get("/v1/staff/returns", params={"status": "requested"}, headers=operations).json()
    assert [r["order_reference"] for r in listed["returns"]] == [order["token"]]
    decided = api.post(
        f"/v1/staff/returns/{listed['returns'][0]['id']}/decision", json={"approve": True}, headers=operations
    )
    assert decided.status_code == 200 and decided.json()["status"] == "refunded"
    assert decided.json()["refund"]["amount"] == total["amount"]
    final = api.get(f"/v1/orders/{order['token']}").json()
    assert final["status"] == "returned" and final["returns"][0]["status_label"] == "Refunded"
    assert str(tracked["lines"][0]["id"]) in final["reviews"]
    charges, refunds = commerce.provider.ledger()
    assert len(charges) == 1 and [r.amount_minor for r in refunds] == [charges[0].amount_minor]


def test_the_buyer_cancels_a_paid_order_and_is_refunded_once(commerce):  # noqa: F811
    api = commerce.client
    cart = api.post("/v1/carts").json()["token"]
    api.post(f"/v1/carts/{cart}/items", json={"product": "tshirt", "selection": TEE})
    placed = api.post(
        f"/v1/carts/{cart}/checkout",
        json=checkout_body(quoted_total(api, cart)),
        headers={"Idempotency-Key": new_key()},
    ).json()
    cancelled = api.post(f"/v1/orders/{placed['token']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = api.post(f"/v1/orders/{placed['token']}/cancel")
    assert again.status_code == 409 and again.json()["code"] == "illegal-transition"
    charges, refunds = commerce.provider.ledger()
    assert [r.amount_minor for r in refunds] == [c.amount_minor for c in charges]


def test_a_changed_cart_after_the_order_is_refused(commerce):  # noqa: F811
    api = commerce.client
    cart = api.post("/v1/carts").json()["token"]
    line = api.post(f"/v1/carts/{cart}/items", json={"product": "tshirt", "selection": TEE}).json()["line_id"]
    body = checkout_body(quoted_total(api, cart))
    assert api.post(f"/v1/carts/{cart}/checkout", json=body, headers={"Idempotency-Key": new_key()}).status_code == 201
    closed = api.patch(f"/v1/carts/{cart}/items/{line}", json={"quantity": 2})
    assert closed.status_code == 409 and closed.json()["code"] == "cart-closed"
    added = api.post(f"/v1/carts/{cart}/items", json={"product": "tshirt", "selection": TEE})
    assert added.status_code == 409
