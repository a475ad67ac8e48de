"""My order (by private link) and the account pages: timeline, after-sales, history, designs."""

from __future__ import annotations

from store.db import transaction
from store.designs import save_design
from store.lifecycle import change_status
from store.states import OrderStatus
from store.tables import DesignCreate
from tests.test_ui.buyer_app import app_at, register_buyer, seed_order, sign_in_as, texts


def order_page(token):
    return app_at("pages/buyer/order.py", order=token).run()


def move(engine, token, *steps):
    with transaction(engine) as session:
        for step in steps:
            change_status(session=session, order=token, to=step, actor="merchant")


def test_the_private_link_shows_timeline_bill_and_delivery(db):
    token = seed_order(db)
    at = order_page(token)
    assert not at.exception
    page = texts(at)
    assert "Your order: Paid" in page
    assert "Placed — Order placed" in page and "Paid — Payment received" in page
    assert "1 × Custom T-shirt" in page and "Expected delivery by" in page


def test_an_unknown_token_shows_nothing(db):
    seed_order(db)
    at = order_page("x" * 32)
    assert not at.exception
    assert "Order not found" in texts(at) and "Custom T-shirt" not in texts(at)


def test_messages_to_the_merchant(db):
    at = order_page(seed_order(db))
    at.text_area(key="order:message").input("Can you gift-wrap it?")
    at.button(key="order:send").click().run()
    assert not at.exception
    assert "Message sent." in texts(at) and "Can you gift-wrap it?" in texts(at)
    assert at.text_area(key="order:message").value == ""  # the box is emptied once sent


def test_an_empty_message_is_refused_and_nothing_is_sent(db):
    at = order_page(seed_order(db))
    at.text_area(key="order:message").input("   ")
    at.button(key="order:send").click().run()
    assert "Write a message first." in texts(at) and "Message sent." not in texts(at)


def test_cancel_before_production(db):
    token = seed_order(db)
    at = order_page(token)
    at.button(key="order:cancel").click().run()
    assert "Your order: Cancelled" in texts(at)


def test_return_and_review_after_delivery(db):
    token = seed_order(db)
    at = order_page(token)
    assert "order:return" not in [b.key for b in at.button]  # not delivered yet
    move(db, token, OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED)
    at.run()
    # Their open state lives in session state, so a rerun keeps an opened box open.
    boxes = [box.key for box in at.expander]
    assert "order:return-box" in boxes and any(k.startswith("order:review-box:") for k in boxes)
    for key in boxes:
        at.session_state[key] = True
    at.run()
    line_button = next(b.key for b in at.button if b.key and b.key.endswith(":send") and "review" in b.key)
    prefix = line_button.rsplit(":", 1)[0]
    at.text_area(key=f"{prefix}:text").input("Lovely fabric")
    for aspect in ("overall", "product_quality", "delivery_speed", "service"):
        at.feedback(key=f"{prefix}:{aspect}").set_value(4)  # five stars
    at.run()
    at.button(key=line_button).click().run()
    assert "Thank you for your review." in texts(at)
    assert at.expander(key="order:return-box").proto.expanded  # still open after two reruns
    assert line_button not in [b.key for b in at.button]  # reviewed: shown, not offered again
    at.text_area(key="order:reason").input("Too small")
    at.button(key="order:return").click().run()
    assert not at.exception
    assert "Your order: Return requested" in texts(at)


def test_sign_up_sign_out_and_sign_in(db):
    at = app_at("pages/buyer/account.py").run()
    at.text_input(key="signup:email").input("new@example.com")
    at.text_input(key="signup:name").input("New Buyer")
    at.text_input(key="signup:password").input("short")
    at.button(key="signup:create").click().run()
    assert not at.exception and "auth:user" not in at.session_state  # refused: too short
    at.text_input(key="signup:password").input("long enough password")
    at.button(key="signup:create").click().run()
    assert "Signed in as New Buyer" in texts(at)
    at.button(key="account:signout").click().run()
    assert "auth:user" not in at.session_state
    at.text_input(key="signin:email").input("new@example.com")
    at.text_input(key="signin:password").input("wrong password")
    at.button(key="signin:go").click().run()
    assert "wrong e-mail or password" in texts(at)
    at.text_input(key="signin:password").input("long enough password")
    at.button(key="signin:go").click().run()
    assert "Signed in as New Buyer" in texts(at)


def test_sign_out_here_keeps_the_account_signed_in_on_its_other_devices(db):
    customer_id = register_buyer(db)
    phone, laptop = app_at("pages/buyer/account.py"), app_at("pages/buyer/account.py")
    sign_in_as(phone, customer_id)
    sign_in_as(laptop, customer_id)
    phone.run()
    laptop.run()
    laptop.button(key="account:signout-here").click().run()
    assert "auth:user" not in laptop.session_state
    assert laptop.button(key="signin:go")  # the sign-in form again
    phone.run()
    assert "Signed in as" in texts(phone)  # the other device is still signed in
    phone.button(key="account:signout").click().run()  # everywhere
    assert "auth:user" not in phone.session_state


def test_account_lists_its_saved_designs(db):
    customer_id = register_buyer(db)
    with transaction(db) as session:
        save_design(
            session=session,
            data=DesignCreate(name="Blue tee", product_code="tshirt", selection={}),
            customer_id=customer_id,
        )
    at = app_at("pages/buyer/account.py")
    sign_in_as(at, customer_id)
    at.run()
    assert not at.exception
    assert "Blue tee (Custom T-shirt" in texts(at) and "No orders yet." in texts(at)


def test_the_order_page_names_the_order_by_number_and_finds_it_from_the_pasted_link(db):
    """The short number is what a buyer quotes to the shop; the reference (the link's secret) is not
    printed on the page. The finder takes the whole link from the e-mail, as buyers paste it."""
    from sqlmodel import Session, select

    from store.tables import Order

    token = seed_order(db)
    with Session(db) as session:
        number = session.exec(select(Order.id).where(Order.token == token)).one()
    page = texts(order_page(token))
    assert f"Order #{number} · placed on" in page
    assert token not in page

    finder = app_at("pages/buyer/order.py").run()
    assert "Find your order" in texts(finder)
    finder.text_input(key="order:typed").input(f"https://shop.example/order?order={token}&utm_source=mail").run()
    assert not finder.exception
    assert "Your order: Paid" in texts(finder) and f"Order #{number} · placed on" in texts(finder)


def test_the_tracker_shows_each_step_done_the_current_one_and_what_is_to_come(db):
    """Step by step: done steps with their day, the current one, upcoming ones with the expected day,
    and while the order is being made, how many workshop steps are done."""
    from sqlmodel import Session, select

    from store.customers import register
    from store.order_actions import complete_step
    from store.tables import CustomerCreate, ProductionStep
    from ui.format import day

    token = seed_order(db)
    at = order_page(token)
    marks = [m.value for m in at.get("markdown") if m.value.startswith((":material/", ":gray["))]
    assert marks[:2] == [":material/check_circle: **Placed**", ":material/radio_button_checked: **Paid**"]
    assert marks[2:] == [
        ":gray[:material/radio_button_unchecked: In production]",
        ":gray[:material/radio_button_unchecked: Shipped]",
        ":gray[:material/radio_button_unchecked: Delivered]",
    ]
    with Session(db) as session:
        order = get_order_row(session, token)
        promised = order.promised_delivery
    captions = [c.value for c in at.caption]
    assert f"expected {day(promised)}" in captions  # delivery, as promised at checkout
    assert not at.get("progress")

    with transaction(db) as session:
        staff = register(
            session=session,
            data=CustomerCreate(email="ops@shop.example.org", name="ops", password="long-enough-1"),
            role="operations",
        )
        steps = session.exec(select(ProductionStep).where(ProductionStep.order_id == order.id)).all()
        complete_step(session=session, actor_id=staff.id, order=token, step_id=steps[0].id)
    at = order_page(token)
    marks = [m.value for m in at.get("markdown") if m.value.startswith((":material/", ":gray["))]
    assert marks[2] == ":material/radio_button_checked: **In production**"
    (bar,) = at.get("progress")
    assert f"1 of {len(steps)} workshop steps done" in str(bar.proto.text)

    move(db, token, OrderStatus.SHIPPED, OrderStatus.DELIVERED)
    at = order_page(token)
    marks = [m.value for m in at.get("markdown") if m.value.startswith((":material/", ":gray["))]
    assert all(m.startswith(":material/check_circle:") for m in marks) and len(marks) == 5


def get_order_row(session, token):
    from sqlmodel import select

    from store.tables import Order

    return session.exec(select(Order).where(Order.token == token)).one()


def test_the_account_lists_orders_by_number_with_their_items_and_shows_the_points(db):
    """The history read "Dec 1, 2026 — Paid  €62.32": no number to quote, nothing about what was
    bought; the points a member earned were nowhere on the account page."""
    import uuid

    from store.carts import view_cart
    from store.orders import Buyer, PaymentDetails, place_order
    from store.quotes import Delivery
    from tests.test_ui.buyer_app import full_tee, seed_cart

    customer_id = register_buyer(db)
    cart = seed_cart(db, ("tshirt", full_tee(db), 6))
    delivery = Delivery(name="Bea Buyer", line1="1 Main St", postal_code="1000", city="Lisbon", country="PT")
    with transaction(db) as session:
        total = view_cart(session=session, cart=cart, delivery=delivery, customer_id=customer_id).quote.total
        placed = place_order(
            session=session,
            cart=cart,
            buyer=Buyer(email="b@example.com", name="Bea Buyer", customer_id=customer_id),
            delivery=delivery,
            payment=PaymentDetails(card="4242 4242 4242 4242", amount_minor=total.to_minor()),
            idempotency_key=uuid.uuid4().hex,
        )
        row = get_order_row(session, placed.token)
        number, shipping = row.id, row.shipping_minor
    at = app_at("pages/buyer/account.py")
    sign_in_as(at, customer_id)
    at.run()
    assert not at.exception
    page = texts(at)
    assert f"Order #{number}" in page and "6 × Custom T-shirt" in page
    assert any("loyalty points to spend at checkout" in i.value for i in at.info)
    assert shipping == 0  # six T-shirts ship free (from €80)
    order = order_page(placed.token)
    rows = [t.value for t in order.text]
    assert rows[rows.index("Delivery: Standard ground") + 1] == "free"  # as the cart and checkout said, not "€0.00"
