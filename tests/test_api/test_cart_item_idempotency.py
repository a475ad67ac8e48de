"""`POST /v1/carts/{token}/items` with an optional Idempotency-Key: the same key and item again (one
after another, or at the same moment) is the same line, not two; the same key with another item
is refused and changes nothing; a refused item leaves the key free; without a key every call adds."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from tests.test_api.fixtures_commerce import HOODIE, TEE, commerce, new_key, shop_engine  # noqa: F401

THREADS = 4


def _add(api, cart, selection, key=None, quantity=1):
    headers = {"Idempotency-Key": key} if key else {}
    body = {"product": "tshirt", "selection": selection, "quantity": quantity}
    return api.post(f"/v1/carts/{cart}/items", json=body, headers=headers)


def _lines(api, cart):
    return api.get(f"/v1/carts/{cart}").json()["lines"]


def test_the_same_key_and_item_twice_is_one_line(commerce):  # noqa: F811
    api, key = commerce.client, new_key()
    cart = api.post("/v1/carts").json()["token"]
    first, second = _add(api, cart, TEE, key), _add(api, cart, TEE, key)
    assert (first.status_code, second.status_code) == (201, 201), second.text
    assert first.json()["line_id"] == second.json()["line_id"]
    assert "idempotent-replayed" not in first.headers and second.headers["idempotent-replayed"] == "true"
    assert len(_lines(api, cart)) == 1
    other = _add(api, cart, TEE, new_key())  # another key: another line
    assert other.status_code == 201 and len(_lines(api, cart)) == 2
    assert _add(api, cart, TEE).status_code == 201 and len(_lines(api, cart)) == 3  # no key: as before


def test_concurrent_retries_of_one_key_add_one_line(commerce):  # noqa: F811
    api, key = commerce.client, new_key()
    cart = api.post("/v1/carts").json()["token"]
    start = threading.Barrier(THREADS)

    def attempt(_: int):
        start.wait()
        return _add(api, cart, TEE, key)

    with ThreadPoolExecutor(THREADS) as pool:
        answers = list(pool.map(attempt, range(THREADS)))
    assert [a.status_code for a in answers] == [201] * THREADS, [a.text for a in answers]
    assert len({a.json()["line_id"] for a in answers}) == 1
    assert sum(a.headers.get("idempotent-replayed") == "true" for a in answers) == THREADS - 1
    assert len(_lines(api, cart)) == 1


def test_the_same_key_with_another_item_is_refused_and_changes_nothing(commerce):  # noqa: F811
    api, key = commerce.client, new_key()
    cart = api.post("/v1/carts").json()["token"]
    assert _add(api, cart, TEE, key).status_code == 201
    for refused in (_add(api, cart, HOODIE, key), _add(api, cart, TEE, key, quantity=2)):
        assert refused.status_code == 422, refused.text
        assert refused.json()["field"] == "idempotency_key"
    assert len(_lines(api, cart)) == 1


def test_a_refused_item_leaves_the_key_free(commerce):  # noqa: F811
    api, key = commerce.client, new_key()
    cart = api.post("/v1/carts").json()["token"]
    bad = _add(api, cart, {**TEE, "colour": "no-such-colour"}, key)
    assert bad.status_code == 422 and _lines(api, cart) == []
    assert _add(api, cart, TEE, key).status_code == 201 and len(_lines(api, cart)) == 1


def test_a_removed_line_is_not_brought_back_by_a_late_retry(commerce):  # noqa: F811
    api, key = commerce.client, new_key()
    cart = api.post("/v1/carts").json()["token"]
    line = _add(api, cart, TEE, key).json()["line_id"]
    assert api.delete(f"/v1/carts/{cart}/items/{line}").status_code == 200
    late = _add(api, cart, TEE, key)
    assert late.status_code == 422 and late.json()["field"] == "idempotency_key"
    assert _lines(api, cart) == []


def test_a_key_of_the_wrong_shape_is_refused(commerce):  # noqa: F811
    api = commerce.client
    cart = api.post("/v1/carts").json()["token"]
    assert _add(api, cart, TEE, "short").status_code == 422
    assert _lines(api, cart) == []
