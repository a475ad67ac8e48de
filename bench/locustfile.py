"""Virtual buyers and staff for `bench/scale.py` (locust; run through nginx on loopback).

A buyer opens a random product on sale, makes 10 choices (each a state call with an option the
previous state offered as available, as a person clicks), lets the shop finish the design, asks
for the quote, puts the design in a new cart and checks out as a guest with the test card, the
total it was shown and an Idempotency-Key; a checkout that times out or meets a 502/503/504 is
sent again with the same key. Between clicks it pauses (SCALE_THINK seconds, MIN-MAX).
Staff (operations) read the order list and one order.

Requests are named by kind (product, state, finish, quote, cart, add, checkout, staff...), so
locust's statistics give per-kind percentiles. Each successful checkout is written to
SCALE_CHECKOUTS (its key and order token) for the invariant checks, and the final statistics to
SCALE_STATS as JSON when the test stops (locust's CSV lags by up to a second).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
from pathlib import Path
from typing import Any

from locust import FastHttpUser, between, events, task
from locust.env import Environment
from scale_client import Journey, JourneyStop, buy

LOW, _, HIGH = os.environ.get("SCALE_THINK", "0.5-2.0").partition("-")
THINK = between(float(LOW), float(HIGH or LOW))
CLICKS = 10
SEED = int(os.environ.get("SCALE_SEED", "1"))
_seeds = random.Random(SEED)


class Buyer(FastHttpUser):
    wait_time = THINK
    network_timeout = 30.0  # a shop front end gives up on an answer after this long
    connection_timeout = 10.0

    def on_start(self) -> None:
        self.rng = random.Random(_seeds.random())
        self.journey = Journey(self.client)
        self.products = [p["code"] for p in self.journey.json("GET", "/v1/products", "products")["items"]]

    @task
    def shop(self) -> None:
        with contextlib.suppress(JourneyStop):  # locust recorded the failure; the next journey starts afresh
            buy(self.journey, self.products, self.rng, self.wait, record=record_checkout, clicks=CLICKS)


class Staff(FastHttpUser):
    """An operations user reading the order list and one order, as the orders page does."""

    wait_time = between(1.0, 3.0)
    fixed_count = int(os.environ.get("SCALE_STAFF_USERS", "0"))
    network_timeout = 30.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        self.rng = random.Random(_seeds.random())
        self.journey = Journey(self.client)
        self.journey.sign_in(os.environ["SCALE_STAFF_EMAIL"], os.environ["SCALE_STAFF_PASSWORD"])

    @task
    def read_orders(self) -> None:
        with contextlib.suppress(JourneyStop):
            orders = self.journey.staff_orders()
            if orders:
                self.wait()
                self.journey.staff_order(self.rng.choice(orders))


if Staff.fixed_count == 0:
    Staff.weight = 0  # no staff in this run (locust still needs the class to be valid)


def record_checkout(key: str, placed: dict[str, Any]) -> None:
    path = os.environ.get("SCALE_CHECKOUTS")
    if path:
        with Path(path).open("a", encoding="utf-8") as out:
            out.write(json.dumps({"key": key, "order": placed["token"]}) + "\n")


@events.test_stop.add_listener
def _write_stats(environment: Environment, **_kwargs: Any) -> None:
    """The final per-kind statistics (every request, unlike the CSV written once a second)."""
    path = os.environ.get("SCALE_STATS")
    if not path or environment.stats is None:
        return

    def entry(e: Any) -> dict[str, float | int]:
        return {
            "count": e.num_requests,
            "failures": e.num_failures,
            "rps": round(e.total_rps, 3),
            "p50": e.get_response_time_percentile(0.5) or 0,
            "p95": e.get_response_time_percentile(0.95) or 0,
            "p99": e.get_response_time_percentile(0.99) or 0,
            "max": round(e.max_response_time or 0, 1),
        }

    stats = environment.stats
    kinds = {name: entry(e) for (name, _method), e in stats.entries.items()}
    Path(path).write_text(json.dumps({"kinds": kinds, "total": entry(stats.total)}), encoding="utf-8")
