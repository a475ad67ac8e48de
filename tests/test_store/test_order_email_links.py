"""Every e-mail about an order ends with the order's number and its whole private link, in the
language the buyer ordered in, so the buyer can open the order from any of them (the link used to
be missing from the confirmation, and the exchange e-mail gave a link without the shop's address)."""

from __future__ import annotations

from sqlmodel import Session, select

from settings import get_settings
from store.aftersales import post_message
from store.lifecycle import change_status
from store.orders import Buyer
from store.states import OrderStatus
from store.tables import Notification, Order, SupportMessageCreate
from tests.store_helpers import checkout, fill_cart


def mails(session: Session, order_id: int) -> list[Notification]:
    return list(session.exec(select(Notification).where(Notification.order_id == order_id).order_by(Notification.id)))


def test_confirmation_updates_and_messages_all_carry_the_number_and_the_whole_link(shop):
    shop_url = get_settings().public_url.rstrip("/")
    buyer = Buyer(email="ana@example.org", name="Ana Lima", language="pt")
    with Session(shop) as session:
        placed = checkout(session, fill_cart(session, buyer=buyer), buyer=buyer)
        order = session.exec(select(Order).where(Order.token == placed.token)).one()
        number, token = order.id, order.token
        change_status(session=session, order=token, to=OrderStatus.IN_PRODUCTION, actor="merchant")
        note = SupportMessageCreate(body="Your mug is glazed.")
        post_message(session=session, order=token, data=note, author="merchant")
        sent = [(m.subject, m.body) for m in mails(session, number)]
    assert len(sent) == 3
    link = f"{shop_url}/order?order={token}"
    assert link.startswith(("http://", "https://"))
    for _, body in sent:
        assert body.rstrip().endswith(f"Encomenda n.º {number}: {link}"), body
    assert sent[0][0] == f"A sua encomenda n.º {number} está confirmada"
    assert sent[1][0].startswith(f"Encomenda n.º {number}: ")
    assert sent[2][0] == "Uma mensagem sobre a sua encomenda"
    assert sent[2][1].startswith("Your mug is glazed.")  # the shop's own words, as written
