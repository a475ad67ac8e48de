"""Shoppers see what buyers said: the shop card's stars and review count, and the configure page's
reviews box (averages per aspect, the newest reviews with the shop's reply, more on request),
buyer text shown literally."""

from __future__ import annotations

from sqlmodel import select

from store.aftersales import add_review, reply_to_review
from store.db import transaction
from store.lifecycle import change_status
from store.states import OrderStatus
from store.tables import Order, OrderLine, ReviewCreate
from tests.test_ui.buyer_app import app_at, seed_order, texts


def reviewed(engine, overall: int, text: str = "", name: str = "Ada Lovelace", reply: str | None = None) -> None:
    """A delivered T-shirt order by `name`, reviewed through the store (and replied to)."""
    token = seed_order(engine, name=name)
    with transaction(engine) as session:
        for step in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            change_status(session=session, order=token, to=step, actor="merchant")
        line = session.exec(select(OrderLine).join(Order).where(Order.token == token)).one()
        data = ReviewCreate(overall=overall, product_quality=4, delivery_speed=3, service=overall, text=text)
        review = add_review(session=session, order=token, order_line_id=line.id, data=data)
        if reply is not None:
            reply_to_review(session=session, review_id=review.id, text=reply, actor="merchant")


def card_lines(at) -> list[str]:
    return [c.value for c in at.caption if "★" in c.value]


def test_a_reviewed_products_card_shows_its_stars_and_count_and_the_others_nothing(db):
    reviewed(db, 5)
    reviewed(db, 4)
    at = app_at("pages/buyer/shop.py").run()
    assert not at.exception
    assert card_lines(at) == ["★ 4.5 · 2 reviews"]
    at.text_input[0].input("hoodie").run()  # the T-shirt's card alone
    assert card_lines(at) == ["★ 4.5 · 2 reviews"]
    at.text_input[0].input("bike").run()  # a card without reviews
    assert card_lines(at) == []


def test_one_review_reads_in_the_singular_and_in_the_buyers_language(db):
    reviewed(db, 4)
    at = app_at("pages/buyer/shop.py").run()
    assert card_lines(at) == ["★ 4.0 · 1 review"]
    at = app_at("pages/buyer/shop.py")
    at.session_state["ui:language"] = "es"
    at.run()
    assert not at.exception
    assert card_lines(at) == ["★ 4,0 · 1 reseña"]


def test_the_configure_page_lists_reviews_with_the_reply_and_buyer_text_shown_literally(db):
    reviewed(db, 5, text="<b>x</b> **y**", name="**Bo** Smith", reply="Thank *you*!")
    at = app_at("pages/buyer/configure.py", product="tshirt").run()
    assert not at.exception
    (box,) = [e for e in at.expander if e.label.startswith("What buyers say")]
    assert box.label == "What buyers say (1)"
    assert "<b>x</b>" not in texts(at)  # read only once the box is opened
    at.session_state["reviews:tshirt:box"] = True
    at.run()
    assert not at.exception
    shown = [t.value for t in at.text]
    assert "<b>x</b> **y**" in shown  # plain text: no HTML, no markdown
    assert "Reply from the shop: Thank *you*!" in shown
    assert any(t.startswith("★★★★★ 5/5 · **Bo** ·") for t in shown)
    (box,) = [e for e in at.expander if e.label.startswith("What buyers say")]
    aspects = {m.label: m.value for m in box.metric}
    assert aspects == {"Overall": "★ 5.0", "Product quality": "★ 4.0", "Delivery speed": "★ 3.0", "Service": "★ 5.0"}
    assert all("<b>" not in m.value and "**y**" not in m.value for m in at.markdown)


def test_more_reviews_pages_on_to_older_ones(db):
    for n in range(6):
        reviewed(db, 5 if n % 2 else 4, text=f"review number {n}")
    at = app_at("pages/buyer/configure.py", product="tshirt")
    at.session_state["reviews:tshirt:box"] = True
    at.run()
    listed = [t.value for t in at.text if t.value.startswith("review number")]
    assert listed == [f"review number {n}" for n in (5, 4, 3, 2, 1)]  # newest first
    at.button(key="reviews:tshirt:more").click().run()
    assert not at.exception
    listed = [t.value for t in at.text if t.value.startswith("review number")]
    assert listed == [f"review number {n}" for n in (5, 4, 3, 2, 1, 0)]
    assert "reviews:tshirt:more" not in [b.key for b in at.button]  # none older left
