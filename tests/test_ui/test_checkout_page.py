"""Checkout: a guest pays in test mode, gets the private link; declined cards, changed prices and
double clicks never create a wrong or a second order."""

from __future__ import annotations

from sqlalchemy import text

from pricing import formatting
from pricing.money import Money
from store.db import transaction
from store.lifecycle import get_order
from tests.test_ui.buyer_app import app_at, full_tee, seed_cart, texts
from ui.format import money

CONTACT = {
    "co:email": "guest@example.com",
    "co:name": "Grace Guest",
    "co:line1": "Rua Augusta 1",
    "co:postal": "1100-048",
    "co:city": "Lisboa",
}


def checkout(engine, card="4242 4242 4242 4242", **items):
    token = seed_cart(engine, ("tshirt", full_tee(engine), 1))
    at = app_at("pages/buyer/checkout.py")
    at.session_state["cart:token"] = token
    at.run()
    for key, value in {**CONTACT, "co:card": card}.items():
        at.text_input(key=key).input(value)
    return at.run(), token


def orders(engine):
    with engine.connect() as conn:
        return conn.execute(text("SELECT token, total_minor FROM orders")).all()


def test_a_guest_places_an_order_and_gets_its_private_link(db):
    at, _ = checkout(db)
    assert "TEST MODE" in texts(at)
    at.button(key="co:place").click().run()
    assert not at.exception
    ((token, _),) = orders(db)
    assert at.session_state["checkout:placed"] == token
    assert "Thank you: your order is placed." in texts(at)
    with transaction(db) as session:
        placed = get_order(session=session, order=token)
    shown = texts(at)  # the confirmation says what was bought, for how much, when, and its number
    assert f"Order #{placed.number}" in shown and placed.number > 0
    assert f"Placed on {formatting.date(placed.order.placed_at.date())}" in shown  # 'Dec 1, 2026', per language
    assert all(f"{line.quantity} × {line.product_name}" in shown for line in placed.lines)
    assert money(Money.from_minor(placed.order.total_minor, placed.order.currency)) in shown
    assert any(f"/order?order={token}" in c.value for c in at.code)
    assert "Members pay less on every item (−5%)" in texts(at)
    assert "cart:token" not in at.session_state
    with transaction(db) as session:
        assert get_order(session=session, order=token).order.ship_country == "PT"


def test_a_declined_card_places_nothing_and_a_good_card_then_works(db):
    at, _ = checkout(db, card="4000 0000 0000 0002")
    at.button(key="co:place").click().run()
    assert not at.exception
    assert "Payment declined" in texts(at) and orders(db) == []
    at.text_input(key="co:card").input("4242 4242 4242 4242").run()
    at.button(key="co:place").click().run()
    assert len(orders(db)) == 1


def test_a_changed_price_asks_for_confirmation(db):
    at, _ = checkout(db)
    with db.begin() as conn:  # the buyer changed the quantity in another tab meanwhile
        conn.execute(text("UPDATE cart_line SET quantity = 3"))
    at.button(key="co:place").click().run()
    assert not at.exception
    assert orders(db) == []
    assert "The total changed to" in texts(at)
    shown = at.session_state["checkout:shown"]  # the new total, now on the page
    at.button(key="co:confirm").click().run()
    ((_, total),) = orders(db)
    assert total == shown


def test_two_clicks_make_one_order(db):
    at, _ = checkout(db)
    key = at.session_state["checkout:key"]
    at.button(key="co:place").click().run()
    # A replayed click with the same key (e.g. a resent request) finds the first order.
    at.session_state["checkout:placed"] = None
    at.session_state["checkout:key"] = key
    at.session_state["checkout:submit"] = orders(db)[0][1]
    at.run()
    assert not at.exception
    assert len(orders(db)) == 1


def test_the_place_button_is_disabled_while_placing(db, monkeypatch):
    from ui import checkout_flow

    def still_paying(**_kwargs):  # the page as the buyer sees it while the payment runs
        raise RuntimeError("still paying")

    at, _ = checkout(db)
    assert not at.button(key="co:place").proto.disabled
    monkeypatch.setattr(checkout_flow, "place", still_paying)
    at.button(key="co:place").click().run()
    assert at.button(key="co:place").proto.disabled
    assert orders(db) == []


def test_missing_contact_data_is_asked_for(db):
    token = seed_cart(db, ("tshirt", full_tee(db), 1))
    at = app_at("pages/buyer/checkout.py")
    at.session_state["cart:token"] = token
    at.run()
    at.button(key="co:place").click().run()
    shown = texts(at)
    assert "Please check your details: E-mail, Full name, Street and number, Postal code, City." in shown
    assert [c.value.replace("\\", "") for c in at.caption].count(":red[Please fill this in]") == 5
    assert not at.button(key="co:place").proto.disabled
    assert orders(db) == []


def test_an_invalid_line_sends_the_buyer_back_to_the_cart(db):
    token = seed_cart(db, ("tshirt", full_tee(db), 1))
    with db.begin() as conn:
        conn.execute(text("UPDATE cart_line SET selection = :s"), {"s": '{"fabric": "linen", "colour": "black"}'})
    at = app_at("pages/buyer/checkout.py")
    at.session_state["cart:token"] = token
    at.run()
    assert not at.exception
    assert "can no longer be made as configured" in texts(at)
    assert not any(b.key == "co:place" for b in at.button)
    assert "co:place" not in [b.key for b in at.button]


def test_an_empty_cart_cannot_check_out(db):
    at = app_at("pages/buyer/checkout.py")
    at.run()
    assert "Your cart is empty." in texts(at)


def test_a_guest_creates_an_account_after_ordering(db):
    at, _ = checkout(db)
    at.button(key="co:place").click().run()
    at.text_input(key="co-signup:password").input("correct horse battery")
    at.button(key="co-signup:create").click().run()
    assert not at.exception
    assert "Welcome!" in texts(at)
    assert at.session_state["auth:user"]["id"] > 0


def test_a_reload_after_a_crash_mid_payment_resumes_it_and_charges_once(db):
    from store import intents
    from store.orders import Buyer, default_provider
    from store.payments import TEST_CARD_OK
    from store.quotes import Delivery

    at, token = checkout(db)
    key = at.session_state["checkout:key"]
    provider = default_provider()
    with transaction(db) as session:  # the first click: the intent is written, the card charged, then the crash
        intent = intents.begin(
            session,
            cart_token=token,
            buyer=Buyer(email=CONTACT["co:email"], name=CONTACT["co:name"]),
            delivery=Delivery(name="G", line1="R 1", postal_code="1100-048", city="Lisboa", country="PT"),
            amount_minor=at.session_state["checkout:shown"],
            currency="EUR",
            redeem_points=None,
            key=key,
            provider=provider,
            on=None,
        )
        intents.pay(provider, intent, TEST_CARD_OK)
    charges_before = len(provider.ledger()[0])
    reloaded = app_at("pages/buyer/checkout.py")  # a new session: only the cart comes back
    reloaded.session_state["cart:token"] = token
    reloaded.run()
    for name, value in {**CONTACT, "co:card": TEST_CARD_OK}.items():
        reloaded.text_input(key=name).input(value)
    reloaded.run()
    assert reloaded.session_state["checkout:key"] == key  # kept with the cart, not the session
    reloaded.button(key="co:place").click().run()
    assert not reloaded.exception
    ((placed, _),) = orders(db)
    assert reloaded.session_state["checkout:placed"] == placed
    assert len(provider.ledger()[0]) == charges_before  # the retry found the first charge
