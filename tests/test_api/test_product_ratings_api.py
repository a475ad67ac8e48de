"""The products list carries what buyers rated each product (review count, average overall stars),
and nothing for a product nobody reviewed yet."""

from __future__ import annotations

from sqlmodel import select

from store.aftersales import add_review
from store.db import transaction
from store.lifecycle import change_status
from store.states import OrderStatus
from store.tables import Order, OrderLine, ReviewCreate
from tests.test_ui.buyer_app import seed_order


def reviewed(engine, overall: int) -> None:
    """A delivered T-shirt order, reviewed with `overall` stars."""
    token = seed_order(engine)
    with transaction(engine) as session:
        for step in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            change_status(session=session, order=token, to=step, actor="merchant")
        line = session.exec(select(OrderLine).join(Order).where(Order.token == token)).one()
        data = ReviewCreate(overall=overall, product_quality=3, delivery_speed=3, service=3, text="fine")
        add_review(session=session, order=token, order_line_id=line.id, data=data)


def test_products_carry_their_rating_and_none_before_the_first_review(client, api_engine):
    for overall in (5, 4, 4):
        reviewed(api_engine, overall)
    response = client.get("/v1/products")
    assert response.status_code == 200
    rated = {item["code"]: item["rating"] for item in response.json()["items"]}
    assert rated.pop("tshirt") == {"count": 3, "average": "4.3"}
    assert rated and set(rated.values()) == {None}
