"""The operations pages, driven as staff: orders (states, steps, returns, replies) and materials."""

from __future__ import annotations

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from store.aftersales import post_message, request_return
from store.customers import register
from store.db import transaction
from store.lifecycle import change_status
from store.purchasing import mark_ordered
from store.states import OrderStatus
from store.tables import (
    AuditEntry,
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


def test_an_items_choices_read_as_one_compact_block(db, ops):
    """A car has a dozen choices: one line each in one block, not a paragraph each, and the
    country spelt out as the buyer's page does."""
    seed_order(db)
    at = page(ORDERS, ops)
    choices = [t.value for t in at.text if "\n" in str(t.value)]
    assert len(choices) == 1 and all(": " in row for row in choices[0].splitlines())
    assert len(choices[0].splitlines()) > 1
    assert any(str(t.value).startswith("Ship to: ") and str(t.value).endswith(", Portugal") for t in at.text)


def test_the_detail_shows_what_to_make_first_and_states_as_read(db, ops):
    seed_order(db)
    at = page(ORDERS, ops)
    headings = [h.value for h in at.subheader]
    assert headings.index("Items") < headings.index("Production steps") < headings.index("Timeline")
    events = [row for frame in at.dataframe for row in frame.value.to_dict("records") if "What" in row]
    assert [row["Status"] for row in events] == ["Placed", "Paid"]  # not the stored codes
    needs = [row for frame in at.dataframe for row in frame.value.to_dict("records") if "Received" in row]
    assert needs and {row["Status"] for row in needs} == {"Open"}


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
    shown = list(at.data_editor(key="mat:editor").value.columns)
    assert shown[:7] == ["Code", "Material", "Unit", "Available", "Reserved", "Open need", "Reorder!"]  # stock first
    edit(at, {0: {"Reorder point": 12.5, "Supplier": "Tecidos Ætna <b>", "Lead days": 9}})
    at.button(key="mat:save").click().run()
    assert not at.exception
    assert "Saved 1 material." in texts(at)
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


def needs_by_status(engine) -> dict[str, str]:
    """Each material with purchase needs, and the status of its needs (one order: one need each)."""
    with transaction(engine) as session:
        rows = session.exec(select(Material.code, PurchaseNeed.status).join(PurchaseNeed)).all()
    return dict(sorted(rows))


def table(at: AppTest, column: str):
    """The purchase-needs table that has this column, as a data frame."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_several_materials_are_marked_ordered_in_one_action(db, ops):
    seed_order(db)  # nothing is in stock: every material of the T-shirt becomes a purchase need
    codes = list(needs_by_status(db))
    assert len(codes) >= 3
    with transaction(db) as session:  # one supplier named, the others blank (the catalog names some)
        for material in session.exec(select(Material)).all():
            material.supplier = "Tecidos Lda" if material.code == codes[-1] else ""
    at = page(MATERIALS, ops)
    assert not at.exception
    to_order = table(at, "Order")
    shown = list(to_order["Code"])
    assert shown[0] == codes[-1] and sorted(shown[1:]) == codes[:-1]  # by supplier, those without one last
    assert to_order["Supplier"].iloc[0] == "Tecidos Lda"
    assert (to_order["Supplier"].iloc[1:] == "").all()  # a blank cell, not "'-" or "None"
    assert [b.key for b in at.button if str(b.key).startswith("mat:order")] == ["mat:order:chosen", "mat:order:all"]
    at.multiselect(key="mat:order:pick").set_value(codes[:2]).run()
    at.button(key="mat:order:chosen").click().run()
    assert not at.exception
    assert "Marked 2 materials as ordered (2 purchase needs): " in texts(at)
    assert needs_by_status(db) == {code: "ordered" if code in codes[:2] else "open" for code in codes}
    assert at.multiselect(key="mat:order:pick").value == []  # the choice is cleared
    assert set(table(at, "Order")["Code"]) == set(codes[2:])
    assert set(table(at, "Expected")["Code"]) == set(codes[:2])
    at.button(key="mat:order:all").click().run()
    assert not at.exception
    left = len(codes) - 2
    assert f"Marked {left} material{'s' * (left != 1)} as ordered" in texts(at)
    assert set(needs_by_status(db).values()) == {"ordered"}
    assert "Nothing is left to order." in texts(at)
    with transaction(db) as session:
        audited = session.exec(select(AuditEntry).where(AuditEntry.action == "purchase.ordered")).all()
    assert len(audited) == len(codes)  # one audit row per material, as when ordered one by one


def test_marking_ordered_is_all_or_nothing(db, ops):
    seed_order(db)
    first, second = list(needs_by_status(db))[:2]
    at = page(MATERIALS, ops)
    at.multiselect(key="mat:order:pick").set_value([first, second]).run()
    with transaction(db) as session:  # someone else orders the second material meanwhile
        mark_ordered(session=session, actor_id=ops, material_code=second)
    at.button(key="mat:order:chosen").click().run()
    assert not at.exception
    assert any(f"no open purchase need of {second} is left to order" in e.value.replace("\\", "") for e in at.error)
    assert needs_by_status(db)[first] == "open"  # nothing of the refused action was kept


def test_receiving_an_ordered_material_from_the_page(db, ops):
    seed_order(db)
    codes = list(needs_by_status(db))
    code = codes[1]
    with transaction(db) as session:
        for each in codes:
            mark_ordered(session=session, actor_id=ops, material_code=each)
        needed = session.exec(select(Material.reserved_micro).where(Material.code == code)).one()
    at = page(MATERIALS, ops)
    assert "Nothing is left to order." in texts(at)
    at.selectbox(key="mat:receive-need").set_value(code).run()
    box = at.number_input(key=f"mat:recv-qty:{code}")
    suggested = float(table(at, "Expected").set_index("Code").loc[code, "Ordered"])
    assert box.value == suggested > 0  # the ordered quantity is offered
    box.set_value(suggested / 4).run()
    at.button(key="mat:received").click().run()
    assert any("less than the" in e.value.replace("\\", "") for e in at.error)
    assert needs_by_status(db)[code] == "ordered"
    at.number_input(key=f"mat:recv-qty:{code}").set_value(suggested + 1).run()
    at.button(key="mat:received").click().run()
    assert not at.exception
    assert f"Received {suggested + 1:g} " in texts(at) and f"({code}) for 1 order." in texts(at)
    with transaction(db) as session:
        reserved = session.exec(select(Material.reserved_micro).where(Material.code == code)).one()
    assert needs_by_status(db) == {each: "received" if each == code else "ordered" for each in codes}
    assert reserved > needed  # the delivery was reserved for the order
    assert code not in list(table(at, "Expected")["Code"])


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
