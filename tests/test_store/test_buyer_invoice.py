"""An order names its delivery method as the cart did, from the quote it recorded at sale: the
buyer's invoice and the confirmation e-mail read "Delivery: <method>" in the buyer's language; an
order recorded without it keeps a plain "Delivery". The buyer downloads the same invoice the shop
prints, read from the stored order through the store's check: another account's order and an
order nothing was paid for have none."""

from __future__ import annotations

import pytest
from sqlmodel import Session, delete, select

from pricing.formatting import minor
from store.errors import ErrorCode, StoreError
from store.lifecycle import cancel_order, get_invoice
from store.order_detail import order_detail
from store.orders import Buyer
from store.tables import Notification, Order, Payment
from tests.store_helpers import checkout, fill_cart, staff_accounts
from tests.test_render.pdf_text import pdf_text
from ui.ops_documents import doc_order, invoice

SPANISH = Buyer(email="ana@example.org", name="Ana Lima", language="es")
METHOD_ES = "Envío: Terrestre estándar"  # "Delivery: Standard ground", the shop's standard delivery


def _order(engine, buyer: Buyer = SPANISH) -> Order:
    with Session(engine) as session:
        token = checkout(session, fill_cart(session, buyer=buyer), buyer=buyer).token
        order = session.exec(select(Order).where(Order.token == token)).one()
        session.expunge(order)
        return order


def _account(engine, email: str) -> int:
    from store.customers import register
    from store.tables import CustomerCreate

    with Session(engine) as session:
        data = CustomerCreate(email=email, name="Ana Lima", password="long-enough-1")
        return register(session=session, data=data).id  # type: ignore[return-value]


def _buyer_invoice(engine, token: str, customer_id: int | None = None) -> str:
    with Session(engine) as session:
        return pdf_text(invoice(get_invoice(session=session, order=token, customer_id=customer_id)))


def _staff_detail(engine, token: str):
    actor = staff_accounts(engine, ("operations",))["operations"]
    with Session(engine) as session:
        return order_detail(session=session, actor_id=actor, order=token)


def test_the_invoice_names_the_delivery_method_in_the_buyers_language(shop):
    order = _order(shop)
    assert order.shipping_minor > 0
    text = _buyer_invoice(shop, order.token)
    assert METHOD_ES in text and minor(order.shipping_minor, "EUR", "es") in text
    assert "Standard ground" not in text


def test_the_confirmation_email_names_the_delivery_method(shop):
    order = _order(shop)
    with Session(shop) as session:
        note = session.exec(select(Notification).where(Notification.order_id == order.id)).one()
    assert f"{METHOD_ES} — {minor(order.shipping_minor, 'EUR', 'es')}\nTotal: " in note.body


def test_an_order_recorded_without_its_delivery_keeps_a_plain_delivery_row(shop):
    order = _order(shop)
    assert METHOD_ES in _buyer_invoice(shop, order.token)
    with Session(shop) as session:
        row = session.get(Order, order.id)
        assert row is not None
        row.pricing = {k: v for k, v in row.pricing.items() if k != "shipping"}
        session.add(row)
        session.commit()
    lines = _buyer_invoice(shop, order.token).splitlines()
    assert "Envío" in lines and not [line for line in lines if "Terrestre" in line]


def test_the_buyers_invoice_is_the_one_the_shop_prints(shop):
    order = _order(shop)
    with Session(shop) as session:
        cancel_order(session=session, order=order.token)  # refunded in full: the invoice says so
        session.commit()
    staff = _staff_detail(shop, order.token)
    with Session(shop) as session:
        mine = get_invoice(session=session, order=order.token)
    assert (mine.paid_minor, mine.refunded_minor) == (order.total_minor, order.total_minor)
    assert doc_order(mine, "es") == doc_order(staff, "es")
    assert pdf_text(invoice(mine)) == pdf_text(invoice(staff))


def test_another_accounts_order_has_no_invoice_for_them(shop):
    owner, other = _account(shop, "ana@example.org"), _account(shop, "bea@example.org")
    order = _order(shop, Buyer(email="ana@example.org", name="Ana Lima", language="es", customer_id=owner))
    assert METHOD_ES in _buyer_invoice(shop, order.token, owner)
    with pytest.raises(StoreError) as refused:
        _buyer_invoice(shop, order.token, other)
    assert refused.value.code is ErrorCode.NOT_FOUND


def test_an_order_nothing_was_paid_for_has_no_invoice(shop):
    order = _order(shop)
    assert METHOD_ES in _buyer_invoice(shop, order.token)
    with Session(shop) as session:
        session.exec(delete(Payment).where(Payment.order_id == order.id))  # type: ignore[call-overload]
        session.commit()
    with pytest.raises(StoreError) as refused:
        _buyer_invoice(shop, order.token)
    assert refused.value.code is ErrorCode.NOT_FOUND
