"""What must hold after a scale run, checked in the database and the payment provider's ledger
(never taken from the API's answers):

- orders: each checkout the load generator saw succeed is exactly one order (same key, same
  order token), no idempotency key and no cart has two orders, and no order exists that no
  buyer was told about;
- stock: per material, the movements add up to what is available, receipts equal what the run
  received, available + reserved equals received (no order is shipped during a run, so nothing
  is consumed), and what each order reserved plus its purchase needs equals the bills of
  materials of its lines;
- payments: every approved charge in the provider's ledger belongs to exactly one captured
  intent and its order (same amount), or was refunded in full; every captured intent has its
  charge; no intent is left open (pending or refunding).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from store.db import make_engine
from store.products import to_micro
from store.tables import Material, Order, OrderLine, PaymentIntent, PurchaseNeed, StockMovement


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, problems: list[str], detail: str) -> None:
        shown = "; ".join(problems[:5]) + (f" (+{len(problems) - 5} more)" if len(problems) > 5 else "")
        self.checks.append(Check(name, not problems, shown if problems else detail))

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def render(self) -> str:
        return "\n".join(f"  [{'ok' if c.ok else 'FAIL'}] {c.name}: {c.detail}" for c in self.checks)


def read_checkouts(path: Path) -> list[dict[str, Any]]:
    """The load generator's record: one JSON object per successful checkout (key, order token)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_orders(session: Session, seen: list[dict[str, Any]], report: Report) -> None:
    orders = session.exec(select(Order.idempotency_key, Order.token, Order.cart_id)).all()
    problems: list[str] = []
    by_key = Counter(key for key, _, _ in orders)
    by_cart = Counter(cart for _, _, cart in orders)
    problems += [f"key {k} has {n} orders" for k, n in by_key.items() if n > 1]
    problems += [f"cart {c} has {n} orders" for c, n in by_cart.items() if n > 1]
    told = Counter(c["key"] for c in seen)
    problems += [f"key {k} was answered {n} times as a new checkout" for k, n in told.items() if n > 1]
    stored = {key: token for key, token, _ in orders}
    for checkout in seen:
        token = stored.get(checkout["key"])
        if token is None:
            problems.append(f"checkout {checkout['key']} succeeded but has no order")
        elif token != checkout["order"]:
            problems.append(f"checkout {checkout['key']} was told order {checkout['order']}, stored {token}")
    problems += [f"order of key {k} was never confirmed to a buyer" for k in stored.keys() - told.keys()]
    report.figures["orders"] = len(orders)
    report.figures["checkouts_ok"] = len(told)
    report.add(
        "each order exactly once",
        problems,
        f"{len(orders)} orders == {len(told)} successful checkouts; no key or cart with two orders",
    )


def check_stock(session: Session, received: dict[str, int], report: Report) -> None:
    problems: list[str] = []
    moves: dict[int, Counter[str]] = defaultdict(Counter)
    for material_id, kind, total in session.exec(
        select(StockMovement.material_id, StockMovement.kind, func.sum(StockMovement.quantity_micro)).group_by(
            col(StockMovement.material_id), col(StockMovement.kind)
        )
    ).all():
        moves[material_id][kind] = int(total)
    shipped = session.exec(
        select(func.count()).select_from(Order).where(col(Order.status).in_(("shipped", "delivered", "returned")))
    ).one()
    if shipped:
        problems.append(f"{shipped} orders left the workshop during the run (consumed stock is not modelled here)")
    materials = session.exec(select(Material)).all()
    for m in materials:
        assert m.id is not None
        kinds = moves[m.id]
        if m.available_micro != sum(kinds.values()):
            problems.append(f"{m.code}: available {m.available_micro} != movements {sum(kinds.values())}")
        if kinds["receipt"] != received.get(m.code, 0):
            problems.append(f"{m.code}: receipts {kinds['receipt']} != received {received.get(m.code, 0)}")
        if m.available_micro + m.reserved_micro != kinds["receipt"]:
            problems.append(
                f"{m.code}: available {m.available_micro} + reserved {m.reserved_micro} != received {kinds['receipt']}"
            )
    # What the orders took (reservations) plus what they must buy (needs) is what they use.
    used: Counter[tuple[int, str]] = Counter()
    codes = {m.code: m.id for m in materials}
    for order_id, snapshot in session.exec(select(OrderLine.order_id, OrderLine.snapshot)).all():
        for code, amount in snapshot.get("bill_of_materials", {}).items():
            used[(order_id, code)] += to_micro(Decimal(amount))
    covered: Counter[tuple[int, str]] = Counter()
    names = {m.id: m.code for m in materials}
    for reserving, material_id, total in session.exec(
        select(StockMovement.order_id, StockMovement.material_id, func.sum(StockMovement.quantity_micro))
        .where(StockMovement.kind == "reservation")
        .group_by(col(StockMovement.order_id), col(StockMovement.material_id))
    ).all():
        covered[(int(reserving or 0), names[material_id])] -= int(total)
    for order_id, material_id, total in session.exec(
        select(PurchaseNeed.order_id, PurchaseNeed.material_id, func.sum(PurchaseNeed.quantity_micro)).group_by(
            col(PurchaseNeed.order_id), col(PurchaseNeed.material_id)
        )
    ).all():
        covered[(order_id, names[material_id])] += int(total)
    for where in used.keys() | covered.keys():
        if used[where] != covered[where]:
            problems.append(f"order {where[0]} {where[1]}: uses {used[where]}, reserved+needed {covered[where]}")
    reserved = sum(m.reserved_micro for m in materials)
    report.figures["reserved_micro"] = reserved
    report.add(
        "stock conserved",
        problems,
        f"{len(materials)} materials (of {len(codes)}): movements == available, received == available + reserved; "
        f"{len(used)} order x material uses == reservations + purchase needs",
    )


def ledger_of(path: Path) -> tuple[list[tuple[str, str, bool, int]], list[tuple[str, str, int]]]:
    """(key, reference, approved, amount) per charge; (reference, charge reference, amount) per refund."""
    if not path.exists():
        return [], []
    with sqlite3.connect(path) as db:
        charges = [
            (str(k), str(r), bool(a), int(m))
            for k, r, a, m in db.execute("SELECT key, reference, approved, amount_minor FROM charges")
        ]
        refunds = [
            (str(r), str(c), int(m))
            for r, c, m in db.execute("SELECT reference, charge_reference, amount_minor FROM refunds")
        ]
    return charges, refunds


def check_payments(session: Session, ledger: Path, report: Report) -> None:
    charges, refunds = ledger_of(ledger)
    intents = {i.key: i for i in session.exec(select(PaymentIntent)).all()}
    totals = dict(session.exec(select(Order.id, Order.total_minor)).all())
    refunded = Counter[str]()
    for _ref, charge_ref, amount in refunds:
        refunded[charge_ref] += amount
    problems: list[str] = []
    approved = [c for c in charges if c[2]]
    for key, reference, _ok, amount in approved:
        intent = intents.get(key)
        if intent is None:
            problems.append(f"charge {reference} has no payment intent")
        elif intent.status == "captured":
            if intent.order_id not in totals:
                problems.append(f"charge {reference}: captured intent {intent.id} has no order")
            elif totals[intent.order_id] != amount or intent.amount_minor != amount:
                problems.append(f"charge {reference}: {amount} charged, order total {totals[intent.order_id]}")
            if refunded[reference]:
                problems.append(f"charge {reference} has an order and a refund")
        elif intent.status == "refunded":
            if refunded[reference] != amount:
                problems.append(f"charge {reference}: {amount} charged, {refunded[reference]} refunded")
        else:
            problems.append(f"charge {reference}: its intent is {intent.status}")
    charged = {key for key, *_ in approved}
    captured = [i for i in intents.values() if i.status == "captured"]
    problems += [f"captured intent {i.key} has no approved charge" for i in captured if i.key not in charged]
    problems += [
        f"intent {i.key} is still {i.status}" for i in intents.values() if i.status in ("pending", "refunding")
    ]
    orders_with_intent = Counter(i.order_id for i in captured)
    problems += [f"order {o} has {n} captured intents" for o, n in orders_with_intent.items() if n > 1]
    problems += [f"order {o} has no captured intent" for o in totals.keys() - orders_with_intent.keys()]
    statuses = Counter(i.status for i in intents.values())
    report.figures["charges"] = len(approved)
    report.figures["refunds"] = len(refunds)
    report.add(
        "every charge matched",
        problems,
        f"{len(approved)} approved charges: {statuses['captured']} captured with their order, "
        f"{statuses['refunded']} refunded in full; intents {dict(sorted(statuses.items()))}",
    )


def check_all(*, database_url: str, ledger: Path, checkouts: Path, received: dict[str, int]) -> Report:
    report = Report()
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            check_orders(session, read_checkouts(checkouts), report)
            check_stock(session, received, report)
            check_payments(session, ledger, report)
    finally:
        engine.dispose()
    return report
