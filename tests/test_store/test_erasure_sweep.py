"""After an erasure, the customer's personal data is nowhere: every text and JSON column of every
table (found from the table metadata, not a list kept by hand) and every e-mail file (waiting in
the outbox folder or delivered to the development mailbox) is searched for the name, e-mail
address, phone, street address and engraving text. Amounts and ids stay for the accounts."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import JSON, String, select
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, SQLModel

from settings import Settings
from store.accounts import request_reset, sign_up
from store.aftersales import add_review, post_message, request_return
from store.campaigns import target_segment
from store.carts import add_to_cart, create_cart, view_cart
from store.crm import save_profile, save_segment
from store.crm_privacy import erase_customer, export_customer
from store.designs import save_design
from store.errors import StoreError
from store.lifecycle import change_status
from store.notify import SmtpSender, deliver_outbox
from store.order_actions import answer_review, reply_to_message
from store.orders import Buyer, PaymentDetails, place_order
from store.payments import TEST_CARD_OK
from store.quotes import Delivery
from store.sign_in import MAX_FAILURES, authenticate
from store.states import OrderStatus
from store.stock import receive_stock
from store.tables import (
    CartLineCreate,
    CouponCreate,
    CustomerCreate,
    DesignCreate,
    Order,
    OrderLine,
    Payment,
    PaymentIntent,
    ReturnRequestCreate,
    ReviewCreate,
    SupportMessageCreate,
)
from tests.store_helpers import staff_accounts
from tests.test_e2e.live_server import free_port

NAME, EMAIL, PHONE = "Zofia Kowalska", "zofia.kowalska@example.org", "+351 912 345 678"
STREET, FLAT, POSTCODE = "Rua das Flores 12", "Apt 3B", "1200-195"
ENGRAVING = "Zosia 1990"  # a nickname and a birth year: personal text on the product itself
HOME = Delivery(name=NAME, line1=STREET, line2=FLAT, postal_code=POSTCODE, city="Lisboa", country="PT")
ENGRAVED = {"size": "large", "glaze": "blue", "extras": ["lid"], "engraving": ENGRAVING}
PLAIN = {"size": "small", "glaze": "white", "extras": []}
NEEDLES = ["Zofia", "Kowalska", EMAIL, PHONE, "912345678", "912 345 678", STREET, FLAT, POSTCODE, "Zosia"]


def text_columns(table):
    """The columns of `table` that hold text or JSON (whatever their SQL spelling)."""
    for column in table.columns:
        kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
        if isinstance(kind, String | JSON):
            yield column


def hits_in_database(session: Session) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every text or JSON cell of every table that holds a needle."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        columns = list(text_columns(table))
        if not columns:
            continue
        for row in session.connection().execute(select(*columns)).mappings():
            for column in columns:
                value = row[column.name]
                if value is None:
                    continue
                shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                found += [(table.name, column.name, n) for n in NEEDLES if n.lower() in shown.lower()]
    return found


def hits_in_files(folder) -> list[tuple[str, str]]:
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
    return [(p.name, n) for p in files for n in NEEDLES if n.lower() in p.read_text("utf-8", "replace").lower()]


def order_of(session, buyer, *selections, key):
    cart = create_cart(session=session, customer_id=buyer.customer_id).token
    for selection in selections:
        line = CartLineCreate(product_code="mug", selection=selection, quantity=1)
        add_to_cart(session=session, cart=cart, line=line, delivery=HOME, customer_id=buyer.customer_id)
    total = view_cart(session=session, cart=cart, delivery=HOME, customer_id=buyer.customer_id).quote.total
    payment = PaymentDetails(card=TEST_CARD_OK, amount_minor=total.to_minor())
    return place_order(session=session, cart=cart, buyer=buyer, delivery=HOME, payment=payment, idempotency_key=key)


def refused_mail_server():
    """An SMTP sender whose server refuses every connection (nothing listens on its port)."""
    return SmtpSender(Settings(smtp_host="127.0.0.1", smtp_port=free_port()))


def test_an_erased_customer_leaves_no_personal_data_in_any_column_or_mail_file(shop, mail_folders):
    outbox, mailbox = mail_folders
    staff = staff_accounts(shop, roles=("merchandiser", "operations"))
    with Session(shop) as s:
        receive_stock(session=s, material_code="clay", quantity=Decimal(5), actor="test")
        data = CustomerCreate(email=EMAIL, name=NAME, phone=PHONE, password="a long passphrase of hers")
        cid = sign_up(session=s, data=data, address="203.0.113.7").id
        member = Buyer(email=EMAIL, name=NAME, phone=PHONE, customer_id=cid)
        engraved = order_of(s, member, ENGRAVED, PLAIN, key="sweep-order-1")
        plain = order_of(s, member, PLAIN, key="sweep-order-2")
        as_guest = order_of(s, Buyer(email=EMAIL, name=NAME, phone=PHONE), ENGRAVED, key="sweep-order-3")
        open_cart = create_cart(session=s, customer_id=cid).token  # a cart not ordered yet
        line = CartLineCreate(product_code="mug", selection=ENGRAVED, quantity=1)
        add_to_cart(session=s, cart=open_cart, line=line, delivery=HOME, customer_id=cid)
        save_design(
            session=s, data=DesignCreate(name="For Zofia", product_code="mug", selection=ENGRAVED), customer_id=cid
        )

        says = f"I am {NAME}, call {PHONE} or ring at {STREET}, {FLAT}"
        post_message(session=s, order=engraved.token, data=SupportMessageCreate(body=says), author="buyer")
        reply_to_message(session=s, actor_id=staff["operations"], order=engraved.token, text=f"Dear {NAME}, yes")
        for order in (engraved, plain):
            note = f"{NAME} rang from {PHONE}" if order is engraved else ""
            change_status(session=s, order=order.token, to=OrderStatus.IN_PRODUCTION, actor="merchant", note=note)
            for status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
                change_status(session=s, order=order.token, to=status, actor="merchant")
        line_id = s.execute(select(OrderLine.id).join(Order).where(Order.token == engraved.token)).scalars().first()
        stars = ReviewCreate(overall=5, product_quality=5, delivery_speed=4, service=5, text=f"{NAME}: my {ENGRAVING}")
        review = add_review(session=s, order=engraved.token, order_line_id=line_id, data=stars)
        answer_review(session=s, actor_id=staff["operations"], review_id=review.id, text=f"Thanks {NAME} of {STREET}")
        reason = ReturnRequestCreate(kind="return", reason=f"Wrong flat: {FLAT}, {STREET}")
        request_return(session=s, order=plain.token, data=reason)

        key = f"member:{cid}"
        needs = f"{NAME} wants a set for {STREET}; phone {PHONE}"
        save_profile(session=s, actor_id=staff["merchandiser"], key=key, needs=needs, tags=["kowalska-family"])
        segment = save_segment(session=s, actor_id=staff["merchandiser"], name="Members", rules={"min_orders": 1})
        coupon = CouponCreate(code="ZK5", label="EUR 5 off", kind="fixed", amount_minor=500)
        target_segment(session=s, actor_id=staff["merchandiser"], segment_id=segment.id, coupon=coupon)
        for _ in range(MAX_FAILURES):  # a slowed-down sign-in: throttle rows, an audit entry, an unlock e-mail
            with pytest.raises(StoreError):
                authenticate(session=s, email=EMAIL, password="not her password", address="203.0.113.7")
        export_customer(session=s, actor_id=staff["merchandiser"], key=key)
        assert deliver_outbox(session=s) > 0  # no SMTP: to the development mailbox
        request_reset(session=s, email=EMAIL, address="203.0.113.7")
        assert deliver_outbox(session=s, sender=refused_mail_server()) == 0  # waits in the outbox folder
        held = {table for table, _, _ in hits_in_database(s)}  # the search finds what is there
        assert held >= {"customer", "orders", "order_line", "payment_intent", "cart_line", "design", "review"}
        assert held >= {"support_message", "merchant_reply", "return_request", "order_event", "customer_profile"}
        assert held >= {"notification_outbox", "audit_log", "throttle"}
        assert hits_in_files(outbox) and hits_in_files(mailbox)
        amounts = sorted(s.execute(select(Order.id, Order.total_minor)).all())
        payments = sorted(s.execute(select(Payment.order_id, Payment.amount_minor)).all())
        intents = sorted(s.execute(select(PaymentIntent.id, PaymentIntent.amount_minor)).all())

        assert erase_customer(session=s, actor_id=staff["merchandiser"], key=key, confirm_email=EMAIL) == 3
        s.expire_all()

        assert hits_in_database(s) == []
        assert hits_in_files(outbox) == [] and hits_in_files(mailbox) == []
        assert sorted(s.execute(select(Order.id, Order.total_minor)).all()) == amounts
        assert sorted(s.execute(select(Payment.order_id, Payment.amount_minor)).all()) == payments
        assert sorted(s.execute(select(PaymentIntent.id, PaymentIntent.amount_minor)).all()) == intents
        tokens = s.execute(select(Order.token)).scalars().all()
        assert {o.token for o in (engraved, plain, as_guest)} <= set(tokens)
