"""A checkout process for the kill test: places the carts listed in a JSON file, each from two
threads with two keys at once (the second buyer tab's attempt is refused at record time and its
charge refunded), until done or killed. Not a test module: run by test_payment_kills.py.

    python tests/test_store/payment_worker.py DATABASE_URL LEDGER CARTS_JSON
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlmodel import Session

from store.carts import checkout_key
from store.db import make_engine
from store.errors import StoreError
from store.orders import Buyer, PaymentDetails, place_order
from store.payments import TEST_CARD_OK, TestPaymentProvider
from store.quotes import Delivery

HOME = Delivery(name="Ana Lima", line1="Rua A 1", postal_code="1000-001", city="Lisboa", country="PT")
GUEST = Buyer(email="ana@example.org", name="Ana Lima")


def main(url: str, ledger: str, carts_file: str) -> None:
    engine = make_engine(url)
    provider = TestPaymentProvider(ledger)
    for token, amount in json.loads(Path(carts_file).read_text()):
        with Session(engine) as session:
            key = checkout_key(session=session, cart=token)

        def buy(suffix: str, token: str = token, amount: int = amount, key: str = key) -> None:
            with Session(engine) as session:
                try:
                    place_order(
                        session=session,
                        cart=token,
                        buyer=GUEST,
                        delivery=HOME,
                        payment=PaymentDetails(card=TEST_CARD_OK, amount_minor=amount),
                        idempotency_key=key + suffix,
                        provider=provider,
                    )
                except StoreError as exc:
                    print(f"{token[:8]}{suffix}: {exc.code.value}", flush=True)

        threads = [threading.Thread(target=buy, args=(suffix,)) for suffix in ("", "-tab2")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    print("done", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
