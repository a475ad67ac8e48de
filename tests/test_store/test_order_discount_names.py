"""An order names each discount as the cart did, in the buyer's language, from the quote it
recorded at sale: the confirmation e-mail and the invoice list one row per discount (a coupon by
the merchant's name in that language, else worded from its terms; an offer worded from its terms),
and a free-shipping coupon names why delivery was free. An order recorded without those names
keeps its single "Discounts" row."""

from __future__ import annotations

from sqlmodel import Session, select

from pricing.formatting import money
from pricing.labels import order_discounts, order_free_reason
from pricing.money import Money
from store.carts import set_coupon
from store.coupons import create_coupon
from store.order_detail import order_detail
from store.orders import Buyer
from store.tables import CouponCreate, Notification, Order
from tests.store_helpers import MUG, checkout, fill_cart, staff_accounts
from tests.test_render.pdf_text import pdf_text
from ui.ops_documents import invoice

SPANISH = Buyer(email="ana@example.org", name="Ana Lima", language="es")
MUG_NAME = "10 % para amantes de las tazas"
OFFER_ES = "20\xa0€ de descuento en pedidos desde 200\xa0€"  # the shop's spend-200 offer, worded


def _coupon(session: Session, **fields: object) -> None:
    create_coupon(session=session, data=CouponCreate(**fields), actor="merchant")  # type: ignore[arg-type]


def _order(engine, code: str, quantity: int) -> Order:
    """A Spanish buyer's paid order of `quantity` mugs with coupon `code`."""
    with Session(engine) as session:
        cart = fill_cart(session, MUG, quantity=quantity, buyer=SPANISH)
        set_coupon(session=session, cart=cart, code=code)
        token = checkout(session, cart, buyer=SPANISH).token
        order = session.exec(select(Order).where(Order.token == token)).one()
        session.expunge(order)
        return order


def _invoice(engine, token: str) -> str:
    actor = staff_accounts(engine, ("operations",))["operations"]
    with Session(engine) as session:
        return pdf_text(invoice(order_detail(session=session, actor_id=actor, order=token)))


def _named_order(engine) -> Order:
    with Session(engine) as session:
        _coupon(session, code="mug10", label="Mug lovers' 10%", kind="percent", percent=10, labels={"es": MUG_NAME})
    return _order(engine, "MUG10", 20)  # €240 of mugs: 10% off and the €20 offer from €200


def test_the_order_records_and_names_each_discount_in_the_buyers_language(shop):
    order = _named_order(shop)
    assert order.discount_minor == 2400 + 2000
    assert order_discounts(order.pricing, order.discount_minor, "es") == [(MUG_NAME, 2400), (OFFER_ES, 2000)]
    assert order_discounts(order.pricing, order.discount_minor, "en") == [
        ("Mug lovers' 10%", 2400),
        ("€20 off orders from €200", 2000),
    ]
    # Read from the order, not from today's coupon: renaming it later changes nothing.
    with Session(shop) as session:
        _coupon(session, code="mug11", label="Other", kind="percent", percent=5)
    assert order_discounts(order.pricing, order.discount_minor, "es")[0] == (MUG_NAME, 2400)


def test_the_confirmation_email_lists_each_discount_by_name(shop):
    order = _named_order(shop)
    with Session(shop) as session:
        note = session.exec(select(Notification).where(Notification.order_id == order.id)).one()
    minus = [money(Money.from_minor(-amount, "EUR"), "es") for amount in (2400, 2000)]
    lines = f"Descuentos de este pedido:\n- {MUG_NAME}: {minus[0]}\n- {OFFER_ES}: {minus[1]}\nEnvío: "
    assert lines in note.body


def test_the_invoice_lists_each_discount_by_name(shop):
    order = _named_order(shop)
    text = _invoice(shop, order.token)
    assert MUG_NAME in text and "20 € de descuento en pedidos desde 200 €" in text.replace("\xa0", " ")
    assert "Descuentos" not in text


def test_an_order_recorded_without_the_names_keeps_one_discounts_row(shop):
    order = _named_order(shop)
    with Session(shop) as session:
        row = session.get(Order, order.id)
        assert row is not None
        row.pricing = {
            **row.pricing,
            "discounts": [{k: d[k] for k in ("kind", "code", "label", "amount")} for d in row.pricing["discounts"]],
        }
        session.add(row)
        session.commit()
        assert order_discounts(row.pricing, order.discount_minor, "es") == [("Descuentos", 4400)]
    text = _invoice(shop, order.token)
    assert "Descuentos" in text and MUG_NAME not in text


def test_a_free_shipping_coupon_is_named_in_each_language(shop):
    with Session(shop) as session:
        _coupon(
            session, code="shipfree", label="Delivery on us", kind="free-shipping", labels={"es": "Envío de regalo"}
        )
    order = _order(shop, "SHIPFREE", 3)
    assert order.shipping_minor == 0
    assert order_free_reason(order.pricing, "en") == "Delivery on us"
    assert order_free_reason(order.pricing, "es") == "Envío de regalo"
    assert order_free_reason(order.pricing, "ru") == "бесплатная доставка по купону SHIPFREE"
    assert "Envío: Terrestre estándar (Envío de regalo)" in _invoice(shop, order.token)
