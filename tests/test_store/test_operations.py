"""Operations: the staff order list and detail, and the staff actions on an order."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, col, select

from store.aftersales import add_review, post_message, request_return
from store.errors import ErrorCode, StoreError
from store.lifecycle import change_status
from store.operations import OrderFilter, list_orders
from store.order_actions import advance_order, answer_review, complete_step, reply_to_message, settle_return
from store.order_detail import order_detail
from store.states import OrderStatus
from store.tables import (
    AuditEntry,
    Notification,
    Order,
    Payment,
    ProductionStep,
    ReturnRequestCreate,
    ReviewCreate,
    SupportMessageCreate,
)
from tests.factories import WORKSHOP_MUG
from tests.store_helpers import GUEST, checkout, fill_cart, mug_shop, staff_accounts

STARS = ReviewCreate(overall=4, product_quality=4, delivery_speed=5, service=4, text="Nice <b>mug</b>")


@pytest.fixture
def shop(engine, tmp_path):
    """The mug shop with production steps; clay for 5 mugs, no glaze in stock (blue needs some)."""
    return mug_shop(engine, tmp_path, WORKSHOP_MUG)


@pytest.fixture
def staff(shop):
    return staff_accounts(shop)


def place(session, buyer=GUEST):
    return checkout(session, fill_cart(session, buyer=buyer), buyer=buyer).token


def delivered(session, token):
    for status in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        change_status(session=session, order=token, to=status, actor="merchant")


def audits(session, action):
    return session.exec(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_only_operations_and_admin_may_read_or_act(shop, staff):
    with Session(shop) as session:
        token = place(session)
        for role in ("buyer", "merchandiser"):
            with pytest.raises(StoreError) as caught:
                list_orders(session=session, actor_id=staff[role])
            assert caught.value.code == ErrorCode.FORBIDDEN
            with pytest.raises(StoreError):
                advance_order(session=session, actor_id=staff[role], order=token, to="in_production")
        assert session.get(Order, 1).status == "paid"
        assert list_orders(session=session, actor_id=staff["admin"]).total == 1


def test_the_list_filters_by_status_date_product_text_and_pages(shop, staff):
    from store.orders import Buyer

    ops = staff["operations"]
    with Session(shop) as session:
        first = place(session)
        second = place(session, Buyer(email="zoe@example.org", name="Zoë Quartz"))
        third = place(session)
        change_status(session=session, order=third, to=OrderStatus.CANCELLED, actor="merchant")
        every = list_orders(session=session, actor_id=ops)
        assert every.total == 3 and every.rows[0].reference == third  # newest first
        assert {
            r.reference for r in list_orders(session=session, actor_id=ops, filters=OrderFilter(status="paid")).rows
        } == {
            first,
            second,
        }
        by_name = list_orders(session=session, actor_id=ops, filters=OrderFilter(text="zOË"))
        assert [r.reference for r in by_name.rows] == [second]
        by_mail = list_orders(session=session, actor_id=ops, filters=OrderFilter(text="ZOE@EXAMPLE"))
        assert [r.reference for r in by_mail.rows] == [second]
        by_ref = list_orders(session=session, actor_id=ops, filters=OrderFilter(text=first[3:15]))
        assert [r.reference for r in by_ref.rows] == [first]
        wildcard = list_orders(session=session, actor_id=ops, filters=OrderFilter(text="%"))
        assert wildcard.total == 0  # typed text is matched literally
        today = dt.datetime.now(dt.UTC).date()
        assert (
            list_orders(session=session, actor_id=ops, filters=OrderFilter(placed_from=today, placed_to=today)).total
            == 3
        )
        assert (
            list_orders(
                session=session, actor_id=ops, filters=OrderFilter(placed_to=today - dt.timedelta(days=1))
            ).total
            == 0
        )
        assert list_orders(session=session, actor_id=ops, filters=OrderFilter(product_code="mug")).total == 3
        assert list_orders(session=session, actor_id=ops, filters=OrderFilter(product_code="bike")).total == 0
        page_two = list_orders(session=session, actor_id=ops, page=2, page_size=2)
        assert page_two.pages == 2 and [r.reference for r in page_two.rows] == [first]
        assert every.rows[0].products == "Custom mug"


def test_needs_attention_finds_open_returns_unanswered_messages_and_overdue_orders(shop, staff):
    ops = staff["operations"]
    with Session(shop) as session:
        quiet = place(session)
        asking = place(session)
        returning = place(session)
        late = place(session)
        post_message(session=session, order=asking, data=SupportMessageCreate(body="Where is it?"), author="buyer")
        delivered(session, returning)
        request_return(session=session, order=returning, data=ReturnRequestCreate(kind="return", reason="too small"))
        promised = session.exec(select(Order).where(Order.token == late)).one().promised_delivery
        later = promised + dt.timedelta(days=1)
        flagged = list_orders(session=session, actor_id=ops, filters=OrderFilter(needs_attention=True), today=later)
        reasons = {r.reference: r.attention for r in flagged.rows}
        assert quiet in reasons and late in reasons  # both are past their promised date, still open
        assert "unanswered message" in reasons[asking]
        assert reasons[returning] == ("open return",)
        on_time = list_orders(session=session, actor_id=ops, filters=OrderFilter(needs_attention=True), today=promised)
        assert {r.reference for r in on_time.rows} == {asking, returning}
        reply_to_message(session=session, actor_id=ops, order=asking, text="On its way!")
        answered = list_orders(session=session, actor_id=ops, filters=OrderFilter(needs_attention=True), today=promised)
        assert {r.reference for r in answered.rows} == {returning}


def test_the_detail_shows_lines_bom_steps_needs_history_and_payments(shop, staff):
    with Session(shop) as session:
        token = place(session)
        detail = order_detail(session=session, actor_id=staff["operations"], order=token)
        assert [line.product_code for line in detail.lines] == ["mug"]
        assert detail.lines[0].snapshot["modules"]
        assert [(b.material_code, b.quantity, b.unit) for b in detail.bill_of_materials] == [("clay", "0.4", "kg")]
        assert detail.steps and all(s.status == "pending" for s in detail.steps)
        assert [e.status for e in detail.events] == ["placed", "paid"]
        assert [p.kind for p in detail.payments] == ["charge"]
        assert detail.next_states == ["cancelled", "in_production"]
        with pytest.raises(StoreError) as caught:
            order_detail(session=session, actor_id=staff["operations"], order="no-such-order")
        assert caught.value.code == ErrorCode.NOT_FOUND


def test_advancing_follows_the_lifecycle_and_is_audited(shop, staff):
    ops = staff["operations"]
    with Session(shop) as session:
        token = place(session)
        with pytest.raises(StoreError) as caught:
            advance_order(session=session, actor_id=ops, order=token, to="shipped")
        assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION
        assert caught.value.data["allowed"] == ["cancelled", "in_production"]
        order = advance_order(session=session, actor_id=ops, order=token, to="in_production", note="Kiln booked")
        assert order.status == "in_production"
        entry = audits(session, "order.in_production")[-1]
        assert entry.actor == f"customer:{ops}"
        detail = order_detail(session=session, actor_id=ops, order=token)
        assert detail.events[-1].message.endswith("Kiln booked") and detail.events[-1].actor == f"customer:{ops}"
        assert session.exec(select(Notification).where(col(Notification.subject).icontains("in production"))).first()


def test_staff_cannot_fake_a_return_request_by_advancing(shop, staff):
    ops = staff["operations"]
    with Session(shop) as session:
        token = place(session)
        delivered(session, token)
        assert order_detail(session=session, actor_id=ops, order=token).next_states == []
        with pytest.raises(StoreError) as caught:
            advance_order(session=session, actor_id=ops, order=token, to="return_requested")
        assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION


def test_cancelling_a_paid_order_refunds_it(shop, staff):
    with Session(shop) as session:
        token = place(session)
        advance_order(session=session, actor_id=staff["admin"], order=token, to="cancelled", note="Out of clay")
        kinds = session.exec(select(Payment.kind).order_by(col(Payment.id))).all()
        assert kinds == ["charge", "refund"]


def test_completing_steps_starts_production_and_is_done_once(shop, staff):
    ops = staff["operations"]
    with Session(shop) as session:
        token = place(session)
        steps = order_detail(session=session, actor_id=ops, order=token).steps
        assert len(steps) >= 1
        order = complete_step(session=session, actor_id=ops, order=token, step_id=steps[0].id)
        assert order.status == "in_production"
        with pytest.raises(StoreError) as caught:
            complete_step(session=session, actor_id=ops, order=token, step_id=steps[0].id)
        assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION and "done already" in caught.value.message
        for step in steps[1:]:
            complete_step(session=session, actor_id=ops, order=token, step_id=step.id)
        detail = order_detail(session=session, actor_id=ops, order=token)
        assert all(s.status == "done" and s.done_at for s in detail.steps)
        assert detail.events[-1].message == "Your order is made and will ship soon"
        assert len(audits(session, "production.step_done")) == len(steps)


def test_a_step_of_another_order_or_a_finished_order_is_refused(shop, staff):
    ops = staff["operations"]
    with Session(shop) as session:
        mine, other = place(session), place(session)
        foreign = order_detail(session=session, actor_id=ops, order=other).steps[0].id
        with pytest.raises(StoreError) as caught:
            complete_step(session=session, actor_id=ops, order=mine, step_id=foreign)
        assert caught.value.code == ErrorCode.NOT_FOUND
        change_status(session=session, order=mine, to=OrderStatus.CANCELLED, actor="merchant")
        step = order_detail(session=session, actor_id=ops, order=mine).steps[0].id
        with pytest.raises(StoreError):
            complete_step(session=session, actor_id=ops, order=mine, step_id=step)
        assert session.get(ProductionStep, step).status == "pending"


def test_approving_a_return_refunds_through_the_provider(shop, staff):
    ops = staff["operations"]
    with Session(shop) as session:
        token = place(session)
        delivered(session, token)
        request = request_return(
            session=session, order=token, data=ReturnRequestCreate(kind="return", reason="chipped")
        )
        settled = settle_return(session=session, actor_id=ops, return_id=request.id, approve=True, note="Sorry!")
        assert settled.status == "refunded" and settled.refund_minor > 0
        detail = order_detail(session=session, actor_id=ops, order=token)
        assert detail.order.status == "returned"
        assert [p.kind for p in detail.payments] == ["charge", "refund"]
        assert detail.payments[1].amount_minor == -detail.order.total_minor
        assert [(m.author, m.body) for m in detail.messages] == [("merchant", "Sorry!")]
        note = session.exec(select(Notification).where(Notification.subject == "About your return request")).one()
        assert note.body.startswith("Sorry!")
        with pytest.raises(StoreError):  # settled once only
            settle_return(session=session, actor_id=ops, return_id=request.id, approve=True)
        assert len(session.exec(select(Payment)).all()) == 2


def test_refusing_needs_a_note_and_returns_the_order_to_delivered(shop, staff):
    ops = staff["operations"]
    with Session(shop) as session:
        token = place(session)
        delivered(session, token)
        request = request_return(session=session, order=token, data=ReturnRequestCreate(kind="exchange", reason="x"))
        with pytest.raises(StoreError) as caught:
            settle_return(session=session, actor_id=ops, return_id=request.id, approve=False, note="  ")
        assert caught.value.data["field"] == "note"
        settled = settle_return(session=session, actor_id=ops, return_id=request.id, approve=False, note="Used item")
        assert settled.status == "rejected"
        assert order_detail(session=session, actor_id=ops, order=token).order.status == "delivered"


def test_a_refused_action_leaves_no_note_or_audit_behind(shop, staff):
    with Session(shop) as session:
        token = place(session)
        delivered(session, token)
        request = request_return(session=session, order=token, data=ReturnRequestCreate(kind="return", reason="x"))
        settle_return(session=session, actor_id=staff["operations"], return_id=request.id, approve=False, note="No")
        before = len(session.exec(select(AuditEntry)).all())
        with pytest.raises(StoreError):
            settle_return(session=session, actor_id=staff["operations"], return_id=request.id, approve=True, note="Hi")
        assert len(session.exec(select(AuditEntry)).all()) == before
        bodies = [m.body for m in order_detail(session=session, actor_id=staff["operations"], order=token).messages]
        assert bodies == ["No"]


def test_replying_to_a_message_and_a_review(shop, staff):
    ops = staff["operations"]
    with Session(shop) as session:
        token = place(session)
        with pytest.raises(StoreError) as caught:
            reply_to_message(session=session, actor_id=ops, order=token, text=" ")
        assert caught.value.code == ErrorCode.BAD_INPUT
        with pytest.raises(StoreError):
            reply_to_message(session=session, actor_id=ops, order=token, text="x" * 4_001)
        reply_to_message(session=session, actor_id=ops, order=token, text="Thanks for your order")
        assert len(audits(session, "message.reply")) == 1
        delivered(session, token)
        line = order_detail(session=session, actor_id=ops, order=token).lines[0]
        review = add_review(session=session, order=token, order_line_id=line.id, data=STARS)
        answered = answer_review(session=session, actor_id=ops, review_id=review.id, text="Glad you like it")
        assert answered.reply == "Glad you like it"
        with pytest.raises(StoreError) as caught:
            answer_review(session=session, actor_id=ops, review_id=review.id, text="Again")
        assert caught.value.code == ErrorCode.ALREADY_REPLIED
        detail = order_detail(session=session, actor_id=ops, order=token)
        assert [r.reply for r in detail.reviews] == ["Glad you like it"]
        subjects = session.exec(select(Notification.subject)).all()
        assert subjects.count("We replied to your review") == 1


def test_a_return_or_review_is_only_settled_on_the_order_named(shop, staff):
    """The staff page names the order on screen; a request or review of another order is refused
    and nothing changes (no refund, no reply, no audit row)."""
    ops = staff["operations"]
    with Session(shop) as session:
        token, other = place(session), place(session)
        delivered(session, token)
        request = request_return(session=session, order=token, data=ReturnRequestCreate(kind="return", reason="x"))
        line = order_detail(session=session, actor_id=ops, order=token).lines[0]
        review = add_review(session=session, order=token, order_line_id=line.id, data=STARS)
        before = len(session.exec(select(AuditEntry)).all())
        with pytest.raises(StoreError) as caught:
            settle_return(session=session, actor_id=ops, return_id=request.id, approve=True, order=other)
        assert caught.value.code == ErrorCode.NOT_FOUND
        with pytest.raises(StoreError) as caught:
            answer_review(session=session, actor_id=ops, review_id=review.id, text="Thanks", order=other)
        assert caught.value.code == ErrorCode.NOT_FOUND
        assert len(session.exec(select(AuditEntry)).all()) == before
        assert [p.kind for p in session.exec(select(Payment)).all()] == ["charge", "charge"]
        detail = order_detail(session=session, actor_id=ops, order=token)
        assert detail.order.status == "return_requested" and [r.reply for r in detail.reviews] == [None]
        settled = settle_return(session=session, actor_id=ops, return_id=request.id, approve=True, order=token)
        assert settled.status == "refunded"
        assert answer_review(session=session, actor_id=ops, review_id=review.id, text="Thanks", order=token).reply
