"""Payments survive SIGKILL: checkout processes are killed at seeded random points (named points of
the payment path, or a timer), some carts change meanwhile, reconcilers are killed too; after a
final reconciliation (two at once) every charge the provider made has an order or a refund, never
both, stock and reservations add up, and every order has its lines and snapshots."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from store.carts import add_to_cart, view_cart
from store.payments import TestPaymentProvider
from store.products import to_micro
from store.tables import (
    Cart,
    CartLineCreate,
    Material,
    Order,
    OrderLine,
    Payment,
    PaymentIntent,
    PurchaseNeed,
    StockMovement,
)
from tests.store_helpers import HOME, fill_cart

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("payment_worker.py")
KILLS = 30  # per database
PLACE_POINTS = ("intent-committed", "charged", "order-flushed", "order-committed", "refund-decided", "refunded")
SELECTIONS = [
    {"size": "small", "glaze": "white", "extras": []},
    {"size": "large", "glaze": "blue", "extras": ["lid"]},
    {"size": "small", "glaze": "blue", "extras": ["gift-box"]},
    {"size": "large", "glaze": "white", "extras": ["saucer", "lid"], "engraving": "ANA"},
]


def _env(url: str, ledger: Path, crash_at: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "STORE_CRASH_AT"}
    env.update(DATABASE_URL=url, PAYMENT_LEDGER=str(ledger), PYTHONPATH=str(ROOT))
    if crash_at:
        env["STORE_CRASH_AT"] = crash_at
    return env


def _run(args: list[str], env: dict[str, str], log: Path, kill_after: float | None) -> int:
    with log.open("a") as out:
        proc = subprocess.Popen([sys.executable, *args], env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            proc.wait(timeout=kill_after if kill_after is not None else 60)
        except subprocess.TimeoutExpired:
            proc.kill()  # SIGKILL
            proc.wait()
    return proc.returncode


def _fill(engine, rng: random.Random, n: int) -> list[tuple[str, int]]:
    carts = []
    with Session(engine) as session:
        for _ in range(n):
            token = fill_cart(session, rng.choice(SELECTIONS), quantity=rng.randint(1, 3))
            amount = view_cart(session=session, cart=token, delivery=HOME).quote.total.to_minor()
            carts.append((token, amount))
    return carts


@pytest.mark.slow
def test_killed_checkouts_leave_every_charge_with_an_order_or_a_refund(shop, database_url, tmp_path):
    rng = random.Random(20261130)
    ledger, log = tmp_path / "ledger.sqlite3", tmp_path / "workers.log"
    with Session(shop) as session:
        received = {
            m.code: m.available_micro + m.reserved_micro for m in session.exec(select(Material)).all()
        }  # nothing sold yet: all of it came in as receipts
    kills = runs = 0
    started = time.monotonic()
    while kills < KILLS:
        runs += 1
        assert runs < 3 * KILLS, "the workers keep finishing before they are killed"
        carts_file = tmp_path / f"carts-{runs}.json"
        carts_file.write_text(json.dumps(_fill(shop, rng, 3)))
        if rng.random() < 0.75:
            crash_at, timer = f"{rng.choice(PLACE_POINTS)}:{rng.randint(1, 3)}", None
        else:
            crash_at, timer = None, rng.uniform(0.9, 2.0)  # somewhere, whatever it is doing
        code = _run(
            [str(WORKER), database_url, str(ledger), str(carts_file)], _env(database_url, ledger, crash_at), log, timer
        )
        kills += code == -9
    # Carts whose payment was interrupted change before the reconciler sees them: it must refund.
    with Session(shop) as session:
        open_carts = session.exec(select(Cart).where(Cart.status == "open").order_by(Cart.id)).all()
        for cart in open_carts[::3]:
            add_to_cart(
                session=session,
                cart=cart.token,
                line=CartLineCreate(product_code="mug", selection=SELECTIONS[0], quantity=1),
                delivery=HOME,
            )
    reconcile = ["-m", "store", "reconcile", "--older-than", "0"]
    for point in ("order-flushed", "refund-decided", "refunded", "order-committed"):
        kills += _run(reconcile, _env(database_url, ledger, f"{point}:1"), log, None) == -9
    both = [
        subprocess.Popen(
            [sys.executable, *reconcile], env=_env(database_url, ledger, None), cwd=ROOT, stdout=subprocess.PIPE
        )
        for _ in range(2)
    ]
    assert [p.wait(timeout=120) for p in both] == [0, 0], log.read_text()[-3000:]
    charges, refunds = TestPaymentProvider(ledger).ledger()
    print(
        f"{kills} kills in {runs} runs, {len(charges)} charges, {len(refunds)} refunds,"
        f" {time.monotonic() - started:.0f} s"
    )
    refunded = defaultdict(int)
    for refund in refunds:
        refunded[refund.charge_reference] += refund.amount_minor
    with Session(shop) as session:
        intents = {i.key: i for i in session.exec(select(PaymentIntent)).all()}
        assert {i.status for i in intents.values()} <= {"captured", "refunded", "abandoned", "declined"}
        paid = {p.reference: p for p in session.exec(select(Payment).where(Payment.kind == "charge")).all()}
        approved = [c for c in charges if c.approved]
        assert len(approved) >= 20 and refunds and paid  # every path was exercised
        for charge in approved:
            intent = intents[charge.key]  # no charge without its intent
            has_order = charge.reference in paid
            assert has_order != (charge.reference in refunded), (charge, intent.status)
            if has_order:
                order = session.get(Order, paid[charge.reference].order_id)
                assert intent.status == "captured" and intent.order_id == order.id
                assert order.total_minor == charge.amount_minor == intent.amount_minor
            else:
                assert intent.status == "refunded" and refunded[charge.reference] == charge.amount_minor
        orders = session.exec(select(Order)).all()
        assert len(orders) == len(paid) == sum(i.status == "captured" for i in intents.values())
        carts_with_orders = [o.cart_id for o in orders]
        assert len(set(carts_with_orders)) == len(carts_with_orders)  # never two orders for one cart
        for order in orders:
            lines = session.exec(select(OrderLine).where(OrderLine.order_id == order.id)).all()
            assert lines and all(line.snapshot.get("bill_of_materials") for line in lines)
            assert session.get(Cart, order.cart_id).status == "ordered"
            needs = defaultdict(int)
            for line in lines:
                for code, amount in line.snapshot["bill_of_materials"].items():
                    needs[code] += to_micro(Decimal(amount))
            got = defaultdict(int)
            for movement in session.exec(select(StockMovement).where(StockMovement.order_id == order.id)).all():
                got[session.get(Material, movement.material_id).code] -= movement.quantity_micro
            for need in session.exec(select(PurchaseNeed).where(PurchaseNeed.order_id == order.id)).all():
                got[session.get(Material, need.material_id).code] += need.quantity_micro
            assert dict(got) == dict(needs), order.id  # reserved + to buy = what its lines need
        for material in session.exec(select(Material)).all():
            moved = session.exec(
                select(func.sum(StockMovement.quantity_micro)).where(StockMovement.material_id == material.id)
            ).one()
            assert material.available_micro == moved  # every change has its movement
            assert material.available_micro + material.reserved_micro == received.get(material.code, 0)
    assert kills >= KILLS
