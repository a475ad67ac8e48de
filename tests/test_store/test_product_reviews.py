"""What shoppers see of reviews: several products' ratings in one grouped query (averages to one
decimal) and a product's reviews a page at a time, newest first, with the shop's reply."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from store.aftersales import add_review, reply_to_review
from store.carts import add_to_cart, create_cart
from store.catalogs import sync_folder
from store.lifecycle import change_status
from store.product_reviews import Ratings, product_reviews, ratings
from store.states import OrderStatus
from store.stock import receive_stock
from store.tables import CartLineCreate, Order, OrderLine, ReviewCreate
from tests.factories import SMALL_CATALOG
from tests.store_helpers import GUEST, HOME, MUG, checkout


@pytest.fixture
def two_products(engine, tmp_path):
    """Two published mugs ("mug", "cup") and clay for many."""
    folder = tmp_path / "catalogs"
    folder.mkdir()
    (folder / "mug.yaml").write_text(SMALL_CATALOG)
    (folder / "cup.yaml").write_text(SMALL_CATALOG.replace("code: mug", "code: cup", 1))
    sync_folder(engine=engine, folder=folder)
    with Session(engine) as s:
        receive_stock(session=s, material_code="clay", quantity=Decimal(20), actor="test")
    return engine


def review(session, product, stars, text=""):
    """A delivered order of one `product`, reviewed with `stars` (overall, quality, speed, service)."""
    cart = create_cart(session=session)
    add_to_cart(
        session=session, cart=cart.token, line=CartLineCreate(product_code=product, selection=MUG), delivery=HOME
    )
    token = checkout(session, cart.token).token
    for status in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        change_status(session=session, order=token, to=status, actor="merchant")
    line = session.exec(select(OrderLine).join(Order).where(Order.token == token)).one()
    overall, quality, speed, service = stars
    data = ReviewCreate(overall=overall, product_quality=quality, delivery_speed=speed, service=service, text=text)
    return add_review(session=session, order=token, order_line_id=line.id, data=data)


def test_ratings_of_several_products_come_from_one_query_rounded_to_one_decimal(two_products):
    with Session(two_products) as s:
        for stars in ((5, 4, 2, 1), (5, 3, 3, 2), (4, 3, 3, 2)):
            review(s, "mug", stars)
        review(s, "cup", (3, 5, 4, 4))
        statements: list[str] = []
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(two_products, "before_cursor_execute", listen)
        try:
            found = ratings(session=s, product_codes=["mug", "cup", "plate"])
        finally:
            event.remove(two_products, "before_cursor_execute", listen)
    assert [q for q in statements if q.lstrip().upper().startswith("SELECT")] == statements[-1:]
    assert found == {
        "mug": Ratings(3, Decimal("4.7"), Decimal("3.3"), Decimal("2.7"), Decimal("1.7")),
        "cup": Ratings(1, Decimal("3.0"), Decimal("5.0"), Decimal("4.0"), Decimal("4.0")),
    }
    assert "plate" not in found  # a product nobody reviewed has no rating


def test_a_products_reviews_come_a_page_at_a_time_newest_first_with_the_shops_reply(two_products):
    with Session(two_products) as s:
        written = [review(s, "mug", (5, 5, 5, 5), text=f"mug review {n}") for n in range(7)]
        review(s, "cup", (1, 1, 1, 1), text="a cup review")
        reply_to_review(session=s, review_id=written[5].id, text="Thanks, Ana!", actor="merchant")
        first = product_reviews(session=s, product_code="mug")
        second = product_reviews(session=s, product_code="mug", offset=5)
    assert [r.text for r in first.reviews] == [f"mug review {n}" for n in (6, 5, 4, 3, 2)]
    assert (first.total, first.more) == (7, True)
    assert [r.reply for r in first.reviews] == [None, "Thanks, Ana!", None, None, None]
    assert [r.text for r in second.reviews] == ["mug review 1", "mug review 0"]
    assert (second.total, second.more) == (7, False)
    assert first.reviews[0].author_name == "Ana"
    assert GUEST.email not in repr(first)  # the author's name only: no e-mail, no order
    assert not {"order_id", "order_line_id"} & set(first.reviews[0].model_dump())
