"""Cost of the store's input checks (store.checkout_details, store.input_checks), no database.

    .venv/bin/python bench/input_checks_bench.py [rounds]

Valid checkout details, the same with an over-long (200,000-character) street refused, and a
coupon code. The last line printed is a JSON object with the figures (microseconds per call).
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store.checkout_details import checked
from store.errors import StoreError
from store.input_checks import clean_coupon
from store.orders import Buyer
from store.quotes import Delivery

BUYER = Buyer(email="Ana.Lima@example.org", name="Ana Lima", phone="+351 912 345 678")
HOME = Delivery(name="Ana Lima", line1="Rua Augusta 1", postal_code="1100-048", city="Lisboa", country="pt")
LONG = Delivery(name="Ana Lima", line1="x" * 200_000, postal_code="1100-048", city="Lisboa", country="PT")


def per_call_us(action: Callable[[], object], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        with contextlib.suppress(StoreError):
            action()
    return (time.perf_counter() - start) / rounds * 1e6


def main(rounds: int) -> None:
    checked(BUYER, HOME)  # warm up (shop settings loaded once)
    figures = {
        "valid_details_us": round(per_call_us(lambda: checked(BUYER, HOME), rounds), 1),
        "refused_200k_street_us": round(per_call_us(lambda: checked(BUYER, LONG), rounds), 1),
        "coupon_code_us": round(per_call_us(lambda: clean_coupon(" welcome10 "), rounds), 2),
        "rounds": rounds,
    }
    for name, value in figures.items():
        print(f"{name:>24}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000)
