"""Checkout lists what is being bought: each cart line's quantity, product name, choices and line
total from the server's quote, just above the totals, with no button that changes the cart (a link
leads back to it)."""

from __future__ import annotations

from typing import Any

from pricing.money import Money
from store.carts import view_cart
from store.db import transaction
from tests.test_ui.buyer_app import HOME, app_at, seed_cart, texts
from ui.format import money


def complete(engine: Any, product: str) -> dict[str, Any]:
    """A complete selection (raw values) of `product`: its catalog's defaults."""
    from configurator.catalog_engine import CatalogEngine
    from store.catalogs import catalog_of, current_version
    from ui.selection_state import to_raw

    with transaction(engine) as session:
        catalog = catalog_of(current_version(session=session, product_code=product))
    return {k: to_raw(v) for k, v in CatalogEngine(catalog).complete({}).items()}


def checkout_of(engine: Any, *items: tuple[str, dict[str, Any], int]):
    token = seed_cart(engine, *items)
    at = app_at("pages/buyer/checkout.py")
    at.session_state["cart:token"] = token
    return at.run(), token


def test_checkout_lists_each_item_with_its_quantity_and_line_total(db):
    at, token = checkout_of(db, ("tshirt", complete(db, "tshirt"), 2), ("sneaker", complete(db, "sneaker"), 1))
    assert not at.exception
    with transaction(db) as session:
        quote = view_cart(session=session, cart=token, delivery=HOME).quote
    assert quote is not None
    shirt, shoe = quote.items
    assert shirt.subtotal != shoe.subtotal
    shown = [t.value for t in at.text]
    assert "Your items" in [s.value for s in at.subheader]
    assert "2 × Custom T-shirt" in shown and "1 × Custom sneaker" in shown
    # each line's total right after its name, in the order of the cart, before the totals block
    start = shown.index("2 × Custom T-shirt")
    assert shown[start : start + 4] == [
        "2 × Custom T-shirt",
        money(shirt.subtotal),
        "1 × Custom sneaker",
        money(shoe.subtotal),
    ]
    assert shown.index("Items") > start + 3
    assert f"{money(Money(shirt.subtotal.amount / 2, shirt.subtotal.currency))} each" in texts(at)
    assert "Colour: Optic white" in texts(at)  # the shirt's choices, in a line of their own


def test_the_list_changes_nothing_but_leads_back_to_the_cart(db):
    at, _ = checkout_of(db, ("tshirt", complete(db, "tshirt"), 1), ("sneaker", complete(db, "sneaker"), 1))
    labels = [b.label for b in at.button]
    assert not {"Edit", "Duplicate", "Remove"} & set(labels)
    links = [link.proto for link in at.get("page_link")]
    assert any(link.label == "Change in cart" and link.page.endswith("cart") for link in links)
