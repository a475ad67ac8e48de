"""Checkout at most once per Idempotency-Key: retries (one after another, or at the same moment
from several threads) get the same order and nothing more is charged or written; the same key
with another request is refused; a price that moved is refused before anything is charged."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session, func, select

from store.payments import TEST_CARD_DECLINED
from store.tables import IdempotentRequest, Order, PaymentIntent
from tests.test_api.fixtures_commerce import (  # noqa: F401  (fixtures)
    HOME,
    TEE,
    checkout_body,
    commerce,
    new_cart,
    new_key,
    place,
    quoted_total,
    shop_engine,
)

THREADS = 6


def counts(engine, key: str) -> tuple[int, int]:
    """(orders, payment intents) written for this key."""
    with Session(engine) as session:
        orders = session.exec(select(func.count()).select_from(Order).where(Order.idempotency_key == key)).one()
        intents = session.exec(select(func.count()).select_from(PaymentIntent).where(PaymentIntent.key == key)).one()
    return orders, intents


def charges_of(shop, key: str) -> list:
    charges, _ = shop.provider.ledger()
    return [c for c in charges if c.key == key]


def test_the_same_key_and_body_twice_is_one_order_and_one_charge(commerce):  # noqa: F811
    api, cart, key = commerce.client, new_cart(commerce.client), new_key()
    body = checkout_body(quoted_total(api, cart))
    first = api.post(f"/v1/carts/{cart}/checkout", json=body, headers={"Idempotency-Key": key})
    second = api.post(f"/v1/carts/{cart}/checkout", json=body, headers={"Idempotency-Key": key})
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert "idempotent-replayed" not in first.headers and second.headers["idempotent-replayed"] == "true"
    assert counts(commerce.engine, key) == (1, 1)
    assert len(charges_of(commerce, key)) == 1


def test_concurrent_retries_of_one_key_make_one_order_and_one_charge(commerce):  # noqa: F811
    api, cart, key = commerce.client, new_cart(commerce.client, (TEE, 2)), new_key()
    body = checkout_body(quoted_total(api, cart))
    start = threading.Barrier(THREADS)

    def attempt(_: int):
        start.wait()
        return api.post(f"/v1/carts/{cart}/checkout", json=body, headers={"Idempotency-Key": key})

    with ThreadPoolExecutor(THREADS) as pool:
        answers = list(pool.map(attempt, range(THREADS)))
    assert [a.status_code for a in answers] == [201] * THREADS, [a.text for a in answers]
    assert len({a.json()["token"] for a in answers}) == 1
    assert sum(a.headers.get("idempotent-replayed") == "true" for a in answers) == THREADS - 1
    assert counts(commerce.engine, key) == (1, 1)
    assert len(charges_of(commerce, key)) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"shipping": "express"},
        {"contact": {"email": "someone@example.org", "name": "Someone Else"}},
        {"address": {**HOME, "line1": "Rua B 2"}},
        {"payment": {"card": "4000 0000 0000 0002"}},
    ],
    ids=["shipping", "contact", "address", "card"],
)
def test_the_same_key_with_another_body_is_refused_and_changes_nothing(commerce, change):  # noqa: F811
    api, cart, key = commerce.client, new_cart(commerce.client), new_key()
    body = checkout_body(quoted_total(api, cart))
    placed = api.post(f"/v1/carts/{cart}/checkout", json=body, headers={"Idempotency-Key": key}).json()
    other = api.post(f"/v1/carts/{cart}/checkout", json={**body, **change}, headers={"Idempotency-Key": key})
    assert other.status_code == 422
    assert other.json()["code"] == "bad-input" and other.json()["field"] == "idempotency_key"
    assert counts(commerce.engine, key) == (1, 1)
    assert len(charges_of(commerce, key)) == 1
    assert api.get(f"/v1/orders/{placed['token']}").json()["ship_to"] == {"line2": "", **HOME}


def test_a_key_used_for_one_cart_is_refused_for_another(commerce):  # noqa: F811
    api, key = commerce.client, new_key()
    first, second = new_cart(api), new_cart(api)
    assert place(api, first, key=key).status_code == 201
    refused = place(api, second, key=key)
    assert refused.status_code == 422 and refused.json()["field"] == "idempotency_key"
    assert api.get(f"/v1/carts/{second}").json()["status"] == "open"


def test_a_changed_price_is_refused_uncharged_and_the_key_stays_usable(commerce):  # noqa: F811
    api, cart, key = commerce.client, new_cart(commerce.client), new_key()
    seen = quoted_total(api, cart)
    line = api.get(f"/v1/carts/{cart}").json()["lines"][0]["id"]
    api.patch(f"/v1/carts/{cart}/items/{line}", json={"quantity": 2})  # the total moves meanwhile
    now_total = quoted_total(api, cart)
    refused = place(api, cart, key=key, expected_total=seen)
    assert refused.status_code == 409 and refused.json()["code"] == "price-changed"
    problem = refused.json()
    assert problem["expected_minor"] != problem["total_minor"]
    assert f"{problem['total_minor'] / 100:.2f}" == now_total["amount"]
    assert counts(commerce.engine, key) == (0, 0) and charges_of(commerce, key) == []
    with Session(commerce.engine) as session:  # nothing binds the key to the refused request
        assert session.exec(select(IdempotentRequest).where(IdempotentRequest.key == key)).first() is None
    confirmed = place(api, cart, key=key, expected_total=now_total)
    assert confirmed.status_code == 201 and confirmed.json()["total"]["amount"] == now_total["amount"]
    assert counts(commerce.engine, key) == (1, 1)


def test_a_declined_card_keeps_its_answer_for_its_key_and_a_new_key_pays(commerce):  # noqa: F811
    api, cart, key = commerce.client, new_cart(commerce.client), new_key()
    declined = place(api, cart, key=key, card=TEST_CARD_DECLINED)
    assert declined.status_code == 402 and declined.json()["code"] == "payment-declined"
    body = checkout_body(quoted_total(api, cart), card=TEST_CARD_DECLINED)
    again = api.post(f"/v1/carts/{cart}/checkout", json=body, headers={"Idempotency-Key": key})
    assert again.status_code == 402
    assert counts(commerce.engine, key) == (0, 1) and len(charges_of(commerce, key)) == 1
    paid = place(api, cart)
    assert paid.status_code == 201 and paid.json()["status"] == "paid"


@pytest.mark.parametrize("headers", [{}, {"Idempotency-Key": "short"}, {"Idempotency-Key": "k" * 201}])
def test_checkout_needs_a_usable_idempotency_key(commerce, headers):  # noqa: F811
    api, cart = commerce.client, new_cart(commerce.client)
    refused = api.post(f"/v1/carts/{cart}/checkout", json=checkout_body(quoted_total(api, cart)), headers=headers)
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    assert any("Idempotency-Key" in error["loc"] for error in refused.json()["errors"])
    with Session(commerce.engine) as session:
        assert session.exec(select(func.count()).select_from(PaymentIntent)).one() == 0
