"""The API calls of the virtual buyers and staff (`bench/locustfile.py`), named by kind, and how a
buyer picks its next click from the state the API returned."""

from __future__ import annotations

import json
import random
import string
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

RETRY_STATUSES = (0, 502, 503, 504)  # no answer (timeout, connection lost) or the proxy's
ADDRESS = {"name": "", "line1": "Benchstrasse 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
CARD = "4242 4242 4242 4242"  # the test provider's card that succeeds


class JourneyStop(Exception):
    """A request failed (locust has recorded it): this journey cannot go on."""


class Journey:
    """One virtual user's calls; each failed call is recorded by locust and stops the journey."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.headers: dict[str, str] = {}

    def call(
        self, method: str, path: str, name: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        """(status, parsed body); a failure is recorded under `name` and returned as its status."""
        with self.client.request(
            method, path, name=name, json=body, headers={**self.headers, **(headers or {})}, catch_response=True
        ) as response:
            status = int(response.status_code or 0)
            try:
                data = json.loads(response.content) if response.content else None
            except ValueError:
                data = None
            if 200 <= status < 300 and data is not None:
                response.success()
            else:
                detail = data.get("detail") or data.get("title") if isinstance(data, dict) else None
                response.failure(f"{status} {detail or response.error or 'not JSON'}")
            return status, data

    def json(self, method: str, path: str, name: str, body: Any = None) -> Any:
        status, data = self.call(method, path, name, body)
        if not 200 <= status < 300 or data is None:
            raise JourneyStop(f"{name}: {status}")
        return data

    # Carts and checkout

    def cart(self) -> str:
        return str(self.json("POST", "/v1/carts", "cart", None)["token"])

    def add(self, cart: str, code: str, selection: dict[str, Any]) -> Any:
        body = {"product": code, "selection": selection, "quantity": 1}
        return self.json("POST", f"/v1/carts/{cart}/items", "add", body)

    def checkout(self, cart: str, key: str, *, buyer: str, attempts: int) -> dict[str, Any]:
        """Price the cart for the buyer's address, then check out as a guest with that total; an
        attempt that got no answer (or a proxy error) is sent again with the same Idempotency-Key,
        as a shop front end does: the order is placed once."""
        address = {**ADDRESS, "name": buyer}
        priced = self.json("POST", f"/v1/carts/{cart}/quote", "cart quote", {"address": address})
        total = priced["totals"]["total"]
        body = {
            "contact": {"email": f"{buyer.split()[-1].lower()}@bench.example.org", "name": buyer},
            "address": address,
            "payment": {"card": CARD},
            "expected_total": {"amount": total["amount"], "currency": total["currency"]},
        }
        status, data = 0, None
        for _ in range(attempts):
            status, data = self.call("POST", f"/v1/carts/{cart}/checkout", "checkout", body, {"Idempotency-Key": key})
            if status not in RETRY_STATUSES:
                break
        if not 200 <= status < 300 or not isinstance(data, dict):
            raise JourneyStop(f"checkout: {status}")
        return data

    # Staff

    def sign_in(self, email: str, password: str) -> None:
        token = self.json("POST", "/v1/staff/tokens", "staff sign-in", {"email": email, "password": password})
        self.headers = {"Authorization": f"Bearer {token['access_token']}"}

    def staff_orders(self) -> list[str]:
        page = self.json("GET", "/v1/staff/orders", "staff list")
        return [str(o["reference"]) for o in page["orders"]]

    def staff_order(self, reference: str) -> Any:
        return self.json("GET", f"/v1/staff/orders/{reference}", "staff order")


def buy(
    j: Journey,
    products: list[str],
    rng: random.Random,
    pause: Callable[[], None],
    *,
    record: Callable[[str, dict[str, Any]], None],
    clicks: int = 10,
    attempts: int = 3,
) -> dict[str, Any]:
    """One buyer's journey: a random product, `clicks` choices among what each state offers,
    "finish for me", the quote, a new cart, checkout as a guest, then the order's page. `pause`
    is the buyer's thinking between steps; `record` hears of the order (its key and what the
    checkout answered) as soon as it is placed. Returns that answer."""
    code = rng.choice(products)
    product = j.json("GET", f"/v1/products/{code}", "product")
    texts = {m["code"]: m["text"] for m in product["modules"] if m.get("text")}
    state = j.json("POST", f"/v1/products/{code}/state", "state", {"selection": {}, "quantity": 1})
    for _ in range(clicks):
        pause()
        click = pick_click(state, texts, rng)
        if click is None:
            break
        selection = {**state["selection"], click[0]: click[1]}
        state = j.json("POST", f"/v1/products/{code}/state", "state", {"selection": selection, "quantity": 1})
    pause()
    mode = rng.choice(["default", "cheapest", "popular"])
    finished = j.json("POST", f"/v1/products/{code}/finish", "finish", {"selection": state["selection"], "mode": mode})
    selection = finished["selection"]
    pause()
    j.json("POST", f"/v1/products/{code}/quote", "quote", {"selection": selection, "quantity": 1})
    pause()
    cart = j.cart()
    j.add(cart, code, selection)
    pause()
    key = uuid.uuid4().hex
    name = "Bench " + "".join(rng.choice(string.ascii_lowercase) for _ in range(6)).title()
    placed = j.checkout(cart, key, buyer=name, attempts=attempts)
    record(key, placed)
    pause()
    j.json("GET", f"/v1/orders/{placed['token']}", "order")
    return placed


def pick_click(state: dict[str, Any], texts: dict[str, dict[str, Any]], rng: random.Random) -> tuple[str, Any] | None:
    """A click a buyer could make on this state: an available option of a single choice other than
    the chosen one, ticking an available box or unticking a ticked one, another offered number, or
    a text of an allowed length. None when the state offers nothing to change."""
    clicks: list[tuple[str, Any]] = []
    for module in state["modules"]:
        if not module["applicable"]:
            continue
        code, kind, chosen = module["code"], module["kind"], module.get("chosen")
        if kind == "single":
            clicks += [(code, o["code"]) for o in module["options"] if o["available"] and o["code"] != chosen]
        elif kind == "multi":
            ticked = list(chosen or [])
            for option in module["options"]:
                if option["code"] in ticked:
                    clicks.append((code, sorted(set(ticked) - {option["code"]})))
                elif option["available"]:
                    clicks.append((code, sorted({*ticked, option["code"]})))
        elif kind in ("numeric", "quantity"):
            clicks += [(code, v["value"]) for v in module["values"] if _differs(v["value"], chosen)]
        elif kind == "text" and code in texts and (module.get("lengths") or {}).get("max", 0) >= 1:
            clicks.append((code, _text(texts[code], module["lengths"], rng)))
    return rng.choice(clicks) if clicks else None


def _differs(value: str, chosen: Any) -> bool:
    return chosen is None or Decimal(value) != Decimal(str(chosen))


def _text(limits: dict[str, Any], lengths: dict[str, int], rng: random.Random) -> str:
    alphabet = [c for c in limits["allowed_characters"] if c.isalnum()] or list(limits["allowed_characters"])
    low = max(lengths["min"], 1)
    high = max(low, min(lengths["max"], 8))
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))
