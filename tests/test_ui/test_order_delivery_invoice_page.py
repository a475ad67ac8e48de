"""The buyer's order page names the delivery method the order was sold with, in the page's
language ("Delivery" alone for an order recorded without it), and offers the invoice of a paid
order to download (not of an order nothing was paid for)."""

from __future__ import annotations

from sqlmodel import delete, select

from store.db import transaction
from store.tables import Order, Payment
from tests.test_ui.buyer_app import app_at, seed_order, texts


def _page(token: str, lang: str):  # type: ignore[no-untyped-def]
    at = app_at("pages/buyer/order.py", order=token)
    at.session_state["ui:language"] = lang
    at.run()
    assert not at.exception
    return at


def _invoice_buttons(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [button.proto.label for button in at.get("download_button")]


def test_the_order_page_names_the_delivery_method(db):
    token = seed_order(db)
    assert "Envío: Terrestre estándar" in texts(_page(token, "es")).splitlines()
    assert "Delivery: Standard ground" in texts(_page(token, "en")).splitlines()


def test_an_order_recorded_without_its_delivery_says_delivery(db):
    token = seed_order(db)
    assert "Terrestre" in texts(_page(token, "es"))
    with transaction(db) as session:
        row = session.exec(select(Order).where(Order.token == token)).one()
        row.pricing = {k: v for k, v in row.pricing.items() if k != "shipping"}
    shown = texts(_page(token, "es"))
    assert "Envío" in shown.splitlines() and "Terrestre" not in shown


def test_a_paid_order_offers_its_invoice_in_the_page_s_language(db):
    token = seed_order(db)
    assert _invoice_buttons(_page(token, "es")) == ["Descargar factura (PDF)"]
    assert _invoice_buttons(_page(token, "en")) == ["Download invoice (PDF)"]


def test_an_order_nothing_was_paid_for_offers_no_invoice(db):
    token = seed_order(db)
    assert _invoice_buttons(_page(token, "en")) == ["Download invoice (PDF)"]
    with transaction(db) as session:
        row = session.exec(select(Order).where(Order.token == token)).one()
        session.exec(delete(Payment).where(Payment.order_id == row.id))  # type: ignore[call-overload]
    assert _invoice_buttons(_page(token, "en")) == []
