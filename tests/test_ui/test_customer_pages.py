"""The customers page (merchandisers): list, segment builder, coupon to a segment, export, erasure."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from store.carts import add_to_cart, create_cart, view_cart
from store.crm import save_segment
from store.customers import register
from store.db import transaction
from store.orders import Buyer, PaymentDetails, place_order
from store.tables import (
    AuditEntry,
    CampaignRecipient,
    CartLineCreate,
    Coupon,
    Customer,
    CustomerCreate,
    CustomerErasure,
    Notification,
    Order,
    OrderLine,
    Segment,
)
from tests.conftest import ROOT
from tests.test_ui.buyer_app import HOME, full_tee, sign_in_as, texts

PAGE = "pages/merchant/customers.py"


def account(engine, email, name, role="buyer"):
    with transaction(engine) as s:
        data = CustomerCreate(email=email, name=name, password="long-enough-1")
        return register(session=s, data=data, role=role).id


def order_as(engine, customer_id, email, name):
    with transaction(engine) as s:
        cart = create_cart(session=s, customer_id=customer_id).token
        line = CartLineCreate(product_code="tshirt", selection=full_tee(engine), quantity=1)
        add_to_cart(session=s, cart=cart, line=line, delivery=HOME, customer_id=customer_id)
        total = view_cart(session=s, cart=cart, delivery=HOME, customer_id=customer_id).quote.total.to_minor()
        place_order(
            session=s,
            cart=cart,
            buyer=Buyer(email=email, name=name, customer_id=customer_id),
            delivery=HOME,
            payment=PaymentDetails(card="4242 4242 4242 4242", amount_minor=total),
            idempotency_key=uuid.uuid4().hex,
        )


@pytest.fixture
def crm(db):
    staff = account(db, "merch@example.org", "Merch", role="merchandiser")
    ana = account(db, "ana@example.org", "Ana Lima")
    account(db, "cy@example.org", "Cy Quiet")
    order_as(db, ana, "ana@example.org", "Ana Lima")
    order_as(db, None, "gus@example.org", "Gus [Guest](javascript:alert(1))")
    return {"engine": db, "staff": staff, "ana": ana}


def page(user_id):
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=60)
    sign_in_as(at, user_id)
    return at.run()


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_the_list_shows_members_and_guests_and_opens_a_customer_file(crm):
    at = page(crm["staff"])
    assert not at.exception
    assert "3 customers" in texts(at)
    at.text_input(key="crm:search").input("lima").run()
    assert "1 customer" in texts(at)
    assert at.selectbox(key="crm:customer").value == f"member:{crm['ana']}"
    assert metric(at, "Orders") == "1"
    at.text_input(key="crm:search").input("gus").run()
    assert not at.exception
    # The guest's typed name is shown as text, never as a live link.
    assert all("](javascript" not in m.value for m in at.subheader)


def test_a_segment_is_built_with_a_live_count_and_saved(crm):
    at = page(crm["staff"])
    assert metric(at, "Customers in segment") == "3"
    at.number_input(key="seg:min-orders").set_value(1).run()
    assert (metric(at, "Customers in segment"), metric(at, "Members (can get a coupon)")) == ("2", "1")
    at.text_input(key="seg:name").input("Buyers").run()
    at.button(key="seg:save").click().run()
    assert not at.exception
    assert "Segment 'Buyers' saved: 1 member, 1 guest." in texts(at)
    with transaction(crm["engine"]) as s:
        [segment] = s.exec(select(Segment)).all()
        assert segment.rules["min_orders"] == 1
    at.number_input(key="seg:max-spend").set_value(1.0).run()
    at.number_input(key="seg:min-spend").set_value(5.0).run()
    assert "the minimum spend is more than the maximum spend" in texts(at)


def test_a_segment_is_targeted_with_a_coupon_only_its_members_get(crm):
    with transaction(crm["engine"]) as s:
        save_segment(session=s, actor_id=crm["staff"], name="Buyers", rules={"min_orders": 1})
    at = page(crm["staff"])
    at.text_input(key="seg:code").input("thanks10")
    at.text_input(key="seg:label").input("10% off, thank you")
    at.text_input(key="seg:label:es").input("10 % de descuento, gracias")
    at.text_input(key="seg:label:ru").input("   ")  # a blank name is no name
    send = next(b for b in at.button if b.label == "Send the coupon to the segment's members")
    send.click().run()
    assert not at.exception
    assert "Coupon THANKS10 sent to 1 member; 1 guest left out." in texts(at)
    with transaction(crm["engine"]) as s:
        assert [r.customer_id for r in s.exec(select(CampaignRecipient)).all()] == [crm["ana"]]
        coupon = s.exec(select(Coupon)).one()
        assert (coupon.code, coupon.kind, coupon.percent, coupon.members_only) == ("THANKS10", "percent", 10, True)
        assert coupon.labels == {"es": "10 % de descuento, gracias"}  # named in Spanish; others worded
        mail = s.exec(select(Notification).where(Notification.recipient == "ana@example.org")).all()
        assert any("THANKS10" in n.body for n in mail)
    assert any(row == "THANKS10" for row in at.dataframe[-1].value["Coupon"])


def test_staff_type_and_read_amounts_in_the_shop_currency(crm, shop_file):
    """The money boxes name the shop's own currency (not a fixed EUR), and a fixed coupon typed in
    them is made in it."""
    shop_file(("currency: EUR", "currency: USD"), ("USD: {rate: 1.08,", "EUR: {rate: 0.93,"))
    with transaction(crm["engine"]) as s:
        save_segment(session=s, actor_id=crm["staff"], name="Buyers", rules={"min_orders": 1})
    at = page(crm["staff"])
    assert not at.exception
    labels = {box.label for box in at.number_input}
    assert {"Spent at least (USD)", "Spent at most (USD)", "Amount off (USD)", "Minimum spend (USD)"} <= labels
    assert not [label for label in labels if "EUR" in label]
    at.text_input(key="seg:code").input("five")
    at.selectbox(key="seg:kind").set_value("fixed")
    at.number_input(key="seg:amount").set_value(5.0)
    send = next(b for b in at.button if b.label == "Send the coupon to the segment's members")
    send.click().run()
    assert not at.exception
    with transaction(crm["engine"]) as s:
        coupon = s.exec(select(Coupon)).one()
        assert (coupon.code, coupon.kind, coupon.amount_minor, coupon.currency) == ("FIVE", "fixed", 500, "USD")


def test_a_customer_export_is_prepared_and_audited(crm):
    at = page(crm["staff"])
    at.text_input(key="crm:search").input("ana@").run()
    at.button(key="crm:export").click().run()
    assert not at.exception
    assert "The export is ready" in texts(at)
    data = json.loads(at.session_state["crm:export-data"]["json"])
    assert data["customer"]["email"] == "ana@example.org" and len(data["orders"]) == 1
    with transaction(crm["engine"]) as s:
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "customer.export")).one()


def test_erasure_needs_two_confirmations(crm):
    key = f"member:{crm['ana']}"
    at = page(crm["staff"])
    at.text_input(key="crm:search").input("ana@").run()
    assert at.button(key="crm:erase").disabled  # first confirmation: the checkbox
    at.checkbox(key=f"crm:erase-ack:{key}").check().run()
    at.text_input(key=f"crm:erase-confirm:{key}").input("someone@example.org").run()
    at.button(key="crm:erase").click().run()
    assert "type the customer's e-mail address exactly" in texts(at)
    with transaction(crm["engine"]) as s:
        assert s.exec(select(CustomerErasure)).all() == []
    at.text_input(key=f"crm:erase-confirm:{key}").input("ana@example.org").run()
    at.button(key="crm:erase").click().run()
    assert not at.exception
    assert "Personal data erased (1 order anonymised)." in texts(at)
    with transaction(crm["engine"]) as s:
        assert s.get(Customer, crm["ana"]).name == "Erased customer"
        assert "ana@example.org" not in {o.contact_email for o in s.exec(select(Order)).all()}


def test_operations_staff_cannot_open_the_customers_page(crm):
    ops = account(crm["engine"], "ops@example.org", "Ops", role="operations")
    at = page(ops)
    assert any("staff only" in e.value for e in at.error)
    assert not at.dataframe


def test_a_segment_is_deleted_from_the_page(crm):
    with transaction(crm["engine"]) as s:
        save_segment(session=s, actor_id=crm["staff"], name="Old <b>one</b>", rules={})
    at = page(crm["staff"])
    at.button(key="seg:delete-button").click().run()
    assert not at.exception
    assert "Segment 'Old <b>one</b>' deleted" in texts(at)
    with transaction(crm["engine"]) as s:
        assert s.exec(select(Segment)).all() == []


def test_the_customer_file_lists_orders_as_staff_read_them(crm):
    with transaction(crm["engine"]) as s:
        order = s.exec(select(Order).where(Order.contact_email == "ana@example.org")).one()
        order.token = "-RfRD6" + order.token[6:]  # a reference may start with "-" (a formula sign)
        number = order.id
        name, code = s.exec(
            select(OrderLine.product_name, OrderLine.product_code).where(OrderLine.order_id == number)
        ).one()
    at = page(crm["staff"])
    at.text_input(key="crm:search").input("ana@").run()
    assert not at.exception
    orders = next(df.value for df in at.dataframe if "No." in df.value.columns)
    assert list(orders["No."]) == [number]
    assert list(orders["Status"]) == ["Paid"]
    assert list(orders["Products"]) == [name] and name != code  # "T-shirt", not "tshirt"
    cells = [str(cell) for column in orders.columns for cell in orders[column]]
    assert not any(cell.startswith("'") for cell in cells), cells
    assert not any("RfRD6" in cell for cell in cells)  # the reference is not shown at all
    listing = next(df.value for df in at.dataframe if "Families" in df.value.columns)
    assert list(listing["Families"]) == [name]  # the family's name, not its code
    assert at.multiselect(key="crm:families").format_func(code) == name
