"""What buyers chose, per product: the aggregate behind "finish with the most popular choices"."""

from __future__ import annotations

from store.lifecycle import cancel_order
from store.popularity import option_popularity
from tests.store_helpers import checkout, fill_cart


def test_items_sold_and_the_options_they_took(shop, session):
    blue = {"size": "large", "glaze": "blue", "extras": ["lid"]}
    checkout(session, fill_cart(session, blue, quantity=2))
    checkout(session, fill_cart(session, {"size": "small", "glaze": "white", "extras": []}))
    seen = option_popularity(session=session, product_code="mug")
    assert seen.sold == 3
    assert seen.chosen[("glaze", "blue")] == 2 and seen.chosen[("glaze", "white")] == 1
    assert seen.chosen[("extras", "lid")] == 2 and ("extras", "saucer") not in seen.chosen
    assert option_popularity(session=session, product_code="tshirt").sold == 0
    assert sorted((design["glaze"], items) for design, items in seen.designs) == [("blue", 2), ("white", 1)]


def test_a_cancelled_order_is_not_counted(shop, session):
    order = checkout(session, fill_cart(session, {"size": "large", "glaze": "blue", "extras": []}))
    cancel_order(session=session, order=order.token)
    assert option_popularity(session=session, product_code="mug").sold == 0


def test_the_designs_kept_for_learning_hold_choices_not_what_buyers_typed(shop, session):
    engraved = {"size": "large", "glaze": "blue", "extras": [], "engraving": "Zosia"}
    checkout(session, fill_cart(session, engraved))
    ((design, items),) = option_popularity(session=session, product_code="mug").designs
    assert items == 1 and design["glaze"] == "blue" and design["size"] == "large"
    assert "engraving" not in design and "Zosia" not in str(design)
