"""The order confirmation e-mail is written in the buyer's language, amounts and dates included."""

from __future__ import annotations

from sqlmodel import Session, select

from settings import get_settings
from store.carts import view_cart
from store.orders import Buyer, PaymentDetails, place_order
from store.payments import TEST_CARD_OK
from store.tables import Notification, Order
from tests.store_helpers import HOME, fill_cart

SHOP = get_settings().public_url.rstrip("/")


def order_in(session, language, key):
    cart = fill_cart(session)
    total = view_cart(session=session, cart=cart, delivery=HOME).quote.total
    buyer = Buyer(email="ana@example.org", name="Ana Lima", language=language)
    place_order(
        session=session,
        cart=cart,
        buyer=buyer,
        delivery=HOME,
        payment=PaymentDetails(card=TEST_CARD_OK, amount_minor=total.to_minor()),
        idempotency_key=key,
    )
    return session.exec(select(Notification).order_by(Notification.id.desc())).first(), total  # type: ignore[union-attr]


def test_a_spanish_buyer_gets_a_spanish_confirmation(shop):
    with Session(shop) as session:
        note, total = order_in(session, "es", "mail-language-es")
        order = session.get(Order, note.order_id)
        number, token = order.id, order.token
    assert note.subject == f"Tu pedido n.º {number} está confirmado"
    assert "Gracias, Ana Lima." in note.body
    assert f"Pedido n.º {number}: {SHOP}/order?order={token}" in note.body
    euros = f"{total.amount:.2f}".replace(".", ",")
    assert f"Total: {euros}\xa0€" in note.body
    assert "Entrega prevista: del" in note.body


def test_an_unknown_language_gets_english(shop):
    with Session(shop) as session:
        note, total = order_in(session, "<b>tlh</b>", "mail-language-xx")
    assert note.subject == f"Your order #{note.order_id} is confirmed"
    assert f"Total: €{total.amount:.2f}" in note.body


def test_later_emails_about_the_order_keep_the_language_it_was_placed_in(shop):
    from store.lifecycle import cancel_order
    from store.tables import Order

    with Session(shop) as session:
        order_in(session, "ru", "mail-language-ru")
        row = session.exec(select(Order)).one()
        token, number = row.token, row.id
        assert row.language == "ru"
        cancel_order(session=session, order=token)
        note = session.exec(select(Notification).order_by(Notification.id.desc())).first()  # type: ignore[union-attr]
    assert note.subject == f"Заказ № {number}: Отменён"
    assert note.body.startswith("Ваш заказ отменён")
    assert f"Заказ № {number}: {SHOP}/order?order={token}" in note.body
