"""The order page shows what the buyer already asked or wrote (a return request and where it
stands, a published review with the shop's reply) instead of offering the same form again."""

from __future__ import annotations

from store.aftersales import after_sales, reply_to_review, resolve_return
from store.db import transaction
from store.lifecycle import change_status
from store.states import OrderStatus
from tests.test_ui.buyer_app import app_at, seed_order, texts


def delivered_order(engine) -> str:
    token = seed_order(engine)
    with transaction(engine) as session:
        for step in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            change_status(session=session, order=token, to=step, actor="merchant")
    return token


def review_keys(at) -> list[str]:
    return [b.key for b in at.button if b.key and b.key.startswith("review:") and b.key.endswith(":send")]


def rate(at, send: str, stars: dict[str, int]) -> None:
    """Light `stars[aspect]` stars (1-5) on each aspect of the review form whose button is `send`."""
    for aspect, count in stars.items():
        at.feedback(key=send.replace(":send", f":{aspect}")).set_value(count - 1)


ALL_FIVE = {"overall": 5, "product_quality": 5, "delivery_speed": 5, "service": 5}


def test_a_review_can_only_be_published_once_every_aspect_is_rated_by_the_buyer(db):
    token = delivered_order(db)
    at = app_at("pages/buyer/order.py", order=token).run()
    (send,) = review_keys(at)
    assert at.button(key=send).disabled  # no rating is given for the buyer
    assert [f.value for f in at.feedback] == [None, None, None, None]
    rate(at, send, {"overall": 4, "product_quality": 3, "delivery_speed": 5})
    at.run()
    assert at.button(key=send).disabled  # service not rated yet
    rate(at, send, {"service": 2})
    at.run()
    assert not at.button(key=send).disabled
    at.button(key=send).click().run()
    assert not at.exception
    with transaction(db) as session:
        (review,) = after_sales(session=session, order=token).reviews.values()
    given = (review.overall, review.product_quality, review.delivery_speed, review.service)
    assert given == (4, 3, 5, 2)


def test_a_published_review_is_shown_with_the_reply_and_not_offered_again(db):
    token = delivered_order(db)
    at = app_at("pages/buyer/order.py", order=token).run()
    (send,) = review_keys(at)
    at.text_area(key=send.replace(":send", ":text")).input("<b>Lovely</b> fabric")
    rate(at, send, ALL_FIVE)
    at.run()
    at.button(key=send).click().run()
    assert not at.exception
    with transaction(db) as session:
        (review,) = after_sales(session=session, order=token).reviews.values()
        reply_to_review(session=session, review_id=review.id, text="Thank you!", actor="merchant")
    at.run()
    assert review_keys(at) == []
    page = texts(at)
    assert "Your review of Custom T-shirt: 5/5 overall" in page
    assert "<b>Lovely</b> fabric" in page  # shown as plain text
    assert "Reply from the shop: Thank you!" in page


def test_a_pending_return_is_shown_and_the_form_comes_back_once_it_is_declined(db):
    token = delivered_order(db)
    at = app_at("pages/buyer/order.py", order=token).run()
    at.text_area(key="order:reason").input("Too small")
    at.button(key="order:return").click().run()
    assert not at.exception
    assert "Return requested on" in texts(at) and "we are looking at it" in texts(at)
    assert "Your reason: Too small" in texts(at)
    assert "order:return" not in [b.key for b in at.button]
    with transaction(db) as session:
        (request,) = after_sales(session=session, order=token).returns
        resolve_return(session=session, return_id=request.id, outcome="reject", actor="merchant")
    at.run()
    assert "declined" in texts(at)
    assert "order:return" in [b.key for b in at.button]  # a declined request may be asked again
