"""place_order latency on SQLite and PostgreSQL (the T-shirt catalog, one item per cart), and
the reconciler's time per payment a crashed checkout left charged without its order.

    .venv/bin/python bench/checkout_bench.py [orders]

PostgreSQL is measured when TEST_DATABASE_URL (or BENCH_DATABASE_URL) is set; a throw-away
schema is used and dropped. Carts are filled beforehand: only place_order is timed. The last
line printed is a JSON object with the figures.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, event, text
from sqlmodel import Session

from settings import ROOT
from store import intents
from store.carts import add_to_cart, create_cart, view_cart
from store.catalogs import sync_folder
from store.db import create_tables, make_engine
from store.orders import Buyer, PaymentDetails, place_order
from store.payments import TEST_CARD_OK, TestPaymentProvider
from store.quotes import Delivery
from store.reconcile import reconcile
from store.stock import receive_stock, stock_levels
from store.tables import CartLineCreate, OrderPublic

TEE = {"cut": "tee", "fabric": "organic-180", "colour": "white", "size": "m", "print_method": "none"}
HOME = Delivery(name="Bench", line1="Street 1", postal_code="10115", city="Berlin", country="DE")
BUYER = Buyer(email="bench@example.org", name="Bench")


def measure(url: str, orders: int) -> dict[str, float]:
    engine = make_engine(url)
    create_tables(engine)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "tshirt.yaml").write_text((ROOT / "catalogs" / "tshirt.yaml").read_text())
        sync_folder(engine=engine, folder=Path(folder))
    with Session(engine) as session:
        for material in stock_levels(session=session):
            receive_stock(session=session, material_code=material.code, quantity=Decimal(10_000), actor="bench")
        carts = []
        for _ in range(orders + orders // 2):
            cart = create_cart(session=session).token
            add_to_cart(
                session=session, cart=cart, line=CartLineCreate(product_code="tshirt", selection=TEE), delivery=HOME
            )
            carts.append(cart)
        total = view_cart(session=session, cart=carts[0], delivery=HOME).quote
        assert total is not None
        amount = total.total.to_minor()
        stranded, carts = carts[orders:], carts[:orders]
        timings = []
        seen: list[str] = []
        counts: list[int] = []
        locked: list[int] = []

        def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            seen.append(statement.lstrip().lower())

        event.listen(engine, "before_cursor_execute", record)
        for cart in carts:
            seen.clear()
            start = time.perf_counter()
            place_order(
                session=session,
                cart=cart,
                buyer=BUYER,
                delivery=HOME,
                payment=PaymentDetails(card=TEST_CARD_OK, amount_minor=amount),
                idempotency_key=uuid.uuid4().hex,
            )
            timings.append((time.perf_counter() - start) * 1000)
            counts.append(len(seen))
            first = next((i for i, q in enumerate(seen) if "update material" in q), len(seen))
            locked.append(len(seen) - first)  # statements run while the order holds stock rows
        event.remove(engine, "before_cursor_execute", record)
        # Checkouts that died right after the charge: the reconciler writes their orders.
        provider = TestPaymentProvider()
        for cart in stranded:
            intent = intents.begin(
                session,
                cart_token=cart,
                buyer=BUYER,
                delivery=HOME,
                amount_minor=amount,
                currency="EUR",
                redeem_points=None,
                key=uuid.uuid4().hex,
                provider=provider,
                on=None,
            )
            assert not isinstance(intent, OrderPublic)
            intents.pay(provider, intent, TEST_CARD_OK)
        start = time.perf_counter()
        settled = reconcile(engine=engine, provider=provider, older_than=dt.timedelta(0))
        reconcile_ms = (time.perf_counter() - start) * 1000 / max(1, len(stranded))
        assert settled == {"captured": len(stranded)}, settled
    engine.dispose()
    timings.sort()
    return {
        "orders": orders,
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2),
        "mean_ms": round(statistics.fmean(timings), 2),
        "statements_per_order": round(statistics.fmean(counts), 1),
        "statements_holding_stock_locks": round(statistics.fmean(locked), 1),
        "reconcile_ms_per_intent": round(reconcile_ms, 2),
    }


def main() -> None:
    orders = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        results["sqlite"] = measure(f"sqlite:///{folder}/bench.sqlite3", orders)
    print(
        f"sqlite:     p50 {results['sqlite']['p50_ms']} ms, p95 {results['sqlite']['p95_ms']} ms,"
        f" {results['sqlite']['statements_per_order']} statements per order,"
        f" reconcile {results['sqlite']['reconcile_ms_per_intent']} ms per stranded payment"
    )
    pg = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if pg:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            sep = "&" if "?" in pg else "?"
            results["postgresql"] = measure(f"{pg}{sep}options=-csearch_path%3D{schema}", orders)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
        print(
            f"postgresql: p50 {results['postgresql']['p50_ms']} ms, p95 {results['postgresql']['p95_ms']} ms,"
            f" {results['postgresql']['statements_per_order']} statements per order"
            f" ({results['postgresql']['statements_holding_stock_locks']} holding stock locks),"
            f" reconcile {results['postgresql']['reconcile_ms_per_intent']} ms per stranded payment"
        )
    else:
        print("postgresql: skipped (set TEST_DATABASE_URL or BENCH_DATABASE_URL)")
    print(json.dumps({"bench": "checkout", **results}))


if __name__ == "__main__":
    main()
