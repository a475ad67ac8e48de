"""The operations pages, driven as staff: orders (states, steps, returns, replies) and materials."""

from __future__ import annotations

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from store.aftersales import post_message, request_return
from store.customers import register
from store.db import transaction
from store.lifecycle import change_status
from store.states import OrderStatus
from store.tables import (
    CustomerCreate,
    Material,
    Order,
    Payment,
    ProductionStep,
    PurchaseNeed,
    ReturnRequest,
    ReturnRequestCreate,
    SupportMessage,
    SupportMessageCreate,
)
from tests.conftest import ROOT
from tests.test_ui.buyer_app import seed_order, sign_in_as, texts

ORDERS = "pages/operations/orders.py"
MATERIALS = "pages/operations/materials.py"


@pytest.fixture
def ops(db):
    with transaction(db) as session:
        return register(
            session=session,
            data=CustomerCreate(email="ops@example.org", name="Ops", password="long-enough-1"),
            role="operations",
        ).id


def page(path: str, user_id: int) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    sign_in_as(at, user_id)
    return at.run()


def status(engine, token):
    with transaction(engine) as session:
        return session.exec(select(Order.status).where(Order.token == token)).one()


def delivered_with_return(engine, token, kind="return"):
    with transaction(engine) as session:
        for status in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            change_status(session=session, order=token, to=status, actor="merchant")
    with transaction(engine) as session:
        request_return(session=session, order=token, data=ReturnRequestCreate(kind=kind, reason="<b>too big</b>"))


def test_the_list_and_detail_show_the_order(db, ops):
    token = seed_order(db, name="Ada <script>alert(1)</script>")
    at = page(ORDERS, ops)
    assert not at.exception
    assert "1 order ·" in texts(at)
    assert at.selectbox(key="ops:order").value == token
    shown = texts(at)
    assert "Order #1" in shown and "Ada <script>alert(1)</script>" in shown  # as plain text
    assert [b.key for b in at.button if b.key and b.key.startswith("ops:to:")] == [
        "ops:to:cancelled",
        "ops:to:in_production",
    ]
    at.text_input(key="ops:text").input("nobody-matches-this").run()
    assert "No order matches these filters." in texts(at)


def test_the_detail_shows_what_to_make_first_and_states_as_read(db, ops):
    seed_order(db)
    at = page(ORDERS, ops)
    headings = [h.value for h in at.subheader]
    assert headings.index("Items") < headings.index("Production steps") < headings.index("Timeline")
    events = [row for frame in at.dataframe for row in frame.value.to_dict("records") if "What" in row]
    assert [row["Status"] for row in events] == ["Placed", "Paid"]  # not the stored codes


def test_advancing_an_order_from_the_page(db, ops):
    token = seed_order(db)
    at = page(ORDERS, ops)
    at.text_input(key="ops:note:1").input("Fabric cut today")
    at.button(key="ops:to:in_production").click().run()
    assert not at.exception
    assert "Order #1 is now in production." in texts(at)
    assert status(db, token) == "in_production"
    assert [b.key for b in at.button if b.key and b.key.startswith("ops:to:")] == ["ops:to:shipped"]


def test_ticking_a_production_step(db, ops):
    token = seed_order(db)
    with transaction(db) as session:
        first = session.exec(select(ProductionStep).order_by(ProductionStep.id)).first()
        session.expunge(first)
    at = page(ORDERS, ops)
    at.checkbox(key=f"ops:step:{first.id}").check().run()
    assert not at.exception
    assert f"Done: {first.name}" in texts(at)
    with transaction(db) as session:
        assert session.get(ProductionStep, first.id).status == "done"
    assert status(db, token) == "in_production"  # the first step started production
    assert at.checkbox(key=f"ops:step:{first.id}").disabled


def test_approving_a_return_refunds_it(db, ops):
    token = seed_order(db)
    delivered_with_return(db, token)
    at = page(ORDERS, ops)
    assert "Reason: <b>too big</b>" in texts(at)
    with transaction(db) as session:
        request_id = session.exec(select(ReturnRequest.id)).one()
    at.button(key=f"ops:return:{request_id}:approve").click().run()
    assert not at.exception
    assert "The return is approved." in texts(at)
    assert status(db, token) == "returned"
    with transaction(db) as session:
        assert sorted(session.exec(select(Payment.kind)).all()) == ["charge", "refund"]


def test_refusing_without_a_note_is_refused_plainly(db, ops):
    token = seed_order(db)
    delivered_with_return(db, token, kind="exchange")
    with transaction(db) as session:
        request_id = session.exec(select(ReturnRequest.id)).one()
    at = page(ORDERS, ops)
    at.button(key=f"ops:return:{request_id}:refuse").click().run()
    assert any("note: please write something" in e.value.replace("\\", "") for e in at.error)
    assert status(db, token) == "return_requested"
    at.text_input(key=f"ops:return:{request_id}:note").input("Worn item")
    at.button(key=f"ops:return:{request_id}:refuse").click().run()
    assert status(db, token) == "delivered"


def test_replying_to_the_buyer(db, ops):
    token = seed_order(db)
    with transaction(db) as session:
        post_message(
            session=session, order=token, data=SupportMessageCreate(body="[x](javascript:1) ?"), author="buyer"
        )
    at = page(ORDERS, ops)
    assert "Needs attention: unanswered message" in texts(at)
    assert "[x](javascript:1) ?" in texts(at)
    at.text_area(key="ops:reply:1").input("It ships tomorrow")
    at.button(key="ops:reply:send:1").click().run()
    assert "Message sent to the buyer." in texts(at)
    assert at.text_area(key="ops:reply:1").value == ""  # the box is empty again
    with transaction(db) as session:
        assert session.exec(select(SupportMessage.author).order_by(SupportMessage.id)).all() == ["buyer", "merchant"]


def material_codes(engine):
    with transaction(engine) as session:
        return list(session.exec(select(Material.code).order_by(Material.code)).all())


def settings_of(engine, code):
    with transaction(engine) as session:
        m = session.exec(select(Material).where(Material.code == code)).one()
        return m.supplier, m.supplier_lead_days, m.reorder_point_micro, m.reorder_quantity_micro


def edit(at: AppTest, rows: dict[int, dict[str, object]]) -> AppTest:
    """What the browser's data editor sends: the edited cells by row, before the Save click."""
    at.session_state["mat:editor"] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return at


def test_materials_page_saves_a_reorder_point(db, ops):
    seed_order(db)  # the order reserved (or needs) the T-shirt's materials
    first = material_codes(db)[0]
    at = page(MATERIALS, ops)
    assert not at.exception
    assert list(at.data_editor(key="mat:editor").value["Code"]) == material_codes(db)
    edit(at, {0: {"Reorder point": 12.5, "Supplier": "Tecidos Ætna <b>", "Lead days": 9}})
    at.button(key="mat:save").click().run()
    assert not at.exception
    assert "Saved 1 material(s)." in texts(at)
    assert settings_of(db, first) == ("Tecidos Ætna <b>", 9, 12_500_000, 0)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"Reorder point": -5}, "reorder point: Input should be greater than or equal to 0"),
        ({"Lead days": -1}, "supplier lead days"),
        ({"Reorder quantity": "lots"}, "reorder quantity"),
        ({"Available": 1e9}, "Available"),
    ],
)
def test_materials_refuses_a_tampered_value(db, ops, cells, message):
    seed_order(db)
    first = material_codes(db)[0]
    before = settings_of(db, first)
    at = page(MATERIALS, ops)
    edit(at, {0: cells})
    at.button(key="mat:save").click().run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any(first in e and message in e for e in errors), errors
    assert settings_of(db, first) == before


def test_receiving_and_purchase_needs_from_the_page(db, ops):
    seed_order(db)
    code = material_codes(db)[0]
    at = page(MATERIALS, ops)
    at.selectbox(key="mat:receive:code").set_value(code)
    at.number_input(key="mat:receive:qty").set_value(3.0)
    at.button(key="mat:receive:go").click().run()
    assert f"Received 3 of {code}." in texts(at)
    with transaction(db) as session:
        assert session.exec(select(Material.available_micro).where(Material.code == code)).one() >= 3_000_000
    at.number_input(key="mat:receive:qty").set_value(0.0)
    at.button(key="mat:receive:go").click().run()
    assert any("positive quantity" in e.value for e in at.error)


def test_ordering_and_receiving_purchase_needs_from_the_page(db, ops):
    seed_order(db)  # nothing is in stock: every material of the T-shirt becomes a purchase need
    with transaction(db) as session:
        code = session.exec(select(Material.code).join(PurchaseNeed).order_by(Material.code)).first()
    at = page(MATERIALS, ops)
    assert "open" in list(at.dataframe[-1].value["Status"])
    at.button(key=f"mat:order:{code}").click().run()
    assert not at.exception
    assert f"of {code}." in texts(at) and "Ordered" in texts(at)
    with transaction(db) as session:
        needed = session.exec(select(Material.reserved_micro).where(Material.code == code)).one()
    at.button(key=f"mat:received:{code}").click().run()
    assert not at.exception
    assert f"of {code}." in texts(at) and "Received" in texts(at)
    with transaction(db) as session:
        statuses = session.exec(select(PurchaseNeed.status).join(Material).where(Material.code == code)).all()
        reserved = session.exec(select(Material.reserved_micro).where(Material.code == code)).one()
    assert statuses == ["received"] and reserved > needed
    assert f"mat:received:{code}" not in [b.key for b in at.button]


def test_edits_are_not_applied_to_the_wrong_rows_when_the_list_changed(db, ops):
    seed_order(db)
    first = material_codes(db)[0]
    before = settings_of(db, first)
    at = page(MATERIALS, ops)
    with transaction(db) as session:  # another order brings a new material, sorted first
        session.add(Material(code="aaa-new", name="New", unit="pcs"))
    edit(at, {0: {"Supplier": "Meant for the first row"}})
    at.button(key="mat:save").click().run()
    assert any("changed while you were editing" in e.value for e in at.error)
    assert settings_of(db, first) == before and settings_of(db, "aaa-new")[0] == ""


def test_answering_a_review(db, ops):
    from store.aftersales import add_review
    from store.tables import MerchantReply, OrderLine, ReviewCreate

    token = seed_order(db)
    with transaction(db) as session:
        for to in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            change_status(session=session, order=token, to=to, actor="merchant")
    with transaction(db) as session:
        line = session.exec(select(OrderLine.id)).one()
        stars = ReviewCreate(overall=2, product_quality=2, delivery_speed=3, service=2, text="**Meh** <img src=x>")
        review = add_review(session=session, order=token, order_line_id=line, data=stars).id
    at = page(ORDERS, ops)
    assert "**Meh** <img src=x>" in texts(at)
    at.text_area(key=f"ops:review:{review}:text").input("Sorry to hear that")
    at.button(key=f"ops:review:{review}:send").click().run()
    assert "Reply published." in texts(at)
    assert "Our reply: Sorry to hear that" in texts(at)
    with transaction(db) as session:
        assert session.exec(select(MerchantReply.text)).all() == ["Sorry to hear that"]
