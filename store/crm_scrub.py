"""What an erasure (`store.crm_privacy.erase_customer`) blanks inside the rows it keeps: the typed
text of the lines sold and of their quote, the contact, address and typed text a payment intent
recorded, staff notes in the order history, and personal data copied into the audit log.

Each function works inside the erasure's transaction and changes nothing else: amounts, ids and
choices stay for the accounts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, cast, func
from sqlmodel import Session, col, select

from store.catalogs import catalog_of
from store.crm_rules import ERASED_DOMAIN
from store.lifecycle import MESSAGES
from store.states import OrderStatus
from store.tables import AuditEntry, CatalogVersion, Order, OrderEvent, OrderLine, PaymentIntent

ERASED = "[erased on request]"
ERASED_NAME = "Erased customer"


def scrub_line(line: OrderLine) -> set[str]:
    """Erase the typed text of a line sold; returns the codes of the modules that held it."""
    modules = list(line.snapshot.get("modules", []))
    typed = {m["module"] for m in modules if m.get("kind") == "text" and "value" in m}
    if not typed:
        return typed
    line.configuration = _without_typed(line.configuration, typed)
    line.snapshot = {
        **line.snapshot,
        "modules": [({**m, "value": ERASED} if m["module"] in typed else m) for m in modules],
    }
    return typed


def _without_typed(selection: dict[str, Any], typed: set[str]) -> dict[str, Any]:
    return {k: (ERASED if k in typed else v) for k, v in selection.items()}


def scrub_pricing(order: Order, typed: set[str]) -> None:
    """The same text in the quote kept on the order (its items' selections)."""
    if not typed:
        return
    items = [
        {**item, "selection": _without_typed(item.get("selection", {}), typed)} if isinstance(item, dict) else item
        for item in order.pricing.get("items", [])
    ]
    order.pricing = {**order.pricing, "items": items}


def _text_modules(session: Session, version_id: object) -> set[str]:
    """The codes of the modules whose value the buyer types (engraving...) in a catalog version."""
    version = session.get(CatalogVersion, version_id) if isinstance(version_id, int) else None
    if version is None:
        return set()
    return {m.code for m in catalog_of(version).modules if m.kind == "text"}


def _scrub_intent_lines(session: Session, lines: list[Any]) -> list[Any]:
    """The cart lines an intent recorded, with the typed text of each selection erased."""
    out = []
    for line in lines:
        if isinstance(line, dict) and isinstance(line.get("selection"), dict):
            typed = _text_modules(session, line.get("catalog_version_id"))
            line = {**line, "selection": _without_typed(line["selection"], typed)}
        out.append(line)
    return out


def scrub_intents(session: Session, cid: int | None, email: str, cart_ids: list[int]) -> None:
    """Payment intents keep the buyer's contact, address and cart lines to finish an order after a
    crash: an erased customer's keep the amount and the choices, without the personal data."""
    mine: ColumnElement[bool] = col(PaymentIntent.cart_id).in_(cart_ids)
    if cid is not None:
        mine = mine | (col(PaymentIntent.customer_id) == cid)
    unmatched = col(PaymentIntent.order_id).is_(None)  # a guest's attempt that made no order
    for intent in session.exec(select(PaymentIntent).where(mine | unmatched)).all():
        buyer = dict(intent.request.get("buyer") or {})
        ours = intent.cart_id in cart_ids or (cid is not None and intent.customer_id == cid)
        if not ours and str(buyer.get("email", "")).strip().lower() != email.lower():
            continue
        erased = {"email": f"erased@{ERASED_DOMAIN}", "name": ERASED_NAME, "phone": None}
        delivery = {**dict(intent.request.get("delivery") or {}), "name": ERASED_NAME, "line1": ERASED}
        delivery.update(line2="", postal_code="", city=ERASED)
        lines = _scrub_intent_lines(session, list(intent.request.get("lines") or []))
        intent.request = {**intent.request, "buyer": {**buyer, **erased}, "delivery": delivery, "lines": lines}
        session.add(intent)


def _without(value: Any, email: str) -> Any:
    """`value` (audit data) with every string that holds `email` replaced."""
    if isinstance(value, str):
        return ERASED if email in value.lower() else value
    if isinstance(value, list):
        return [_without(v, email) for v in value]
    if isinstance(value, dict):
        return {k: _without(v, email) for k, v in value.items()}
    return value


def scrub_audit(session: Session, email: str) -> None:
    """The audit log keeps who did what, but not the erased address (e.g. sign-in lockouts)."""
    text = cast(AuditEntry.data, String)
    for entry in session.exec(select(AuditEntry).where(func.lower(text).contains(email.lower()))).all():
        entry.data = _without(entry.data, email.lower())
        session.add(entry)


def scrub_profile_audit(session: Session, key: str) -> None:
    """CRM notes ("needs", tags) copied into the audit log by `store.crm.save_profile` go; the entry
    (who changed the profile when) stays."""
    for entry in session.exec(select(AuditEntry).where(AuditEntry.action == "customer.profile")).all():
        if isinstance(entry.data, dict) and entry.data.get("customer") == key:
            entry.data = {"customer": key, "before": ERASED, "after": ERASED}
            session.add(entry)


def without_note(event: OrderEvent) -> str:
    """An order event's message without the staff note after the standard text ("Shipped: ...")."""
    try:
        standard = MESSAGES[OrderStatus(event.status)]
    except (KeyError, ValueError):
        return event.message
    return f"{standard}: {ERASED}" if event.message.startswith(f"{standard}: ") else event.message
