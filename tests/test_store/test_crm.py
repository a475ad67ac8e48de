"""Customer records, segments, coupon campaigns, export and erasure, through the real services."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import Session, select

from store.aftersales import add_review, post_message
from store.browser_sessions import issue, recall
from store.campaigns import list_campaigns, target_segment
from store.carts import set_coupon, view_cart
from store.crm import customer_detail, delete_segment, list_customers, list_segments, save_profile, save_segment
from store.crm_privacy import erase_customer, export_customer
from store.crm_rules import CustomerFilter, select_customers
from store.customers import MAX_FAILURES, authenticate, register
from store.designs import save_design
from store.errors import ErrorCode, StoreError
from store.lifecycle import change_status
from store.orders import Buyer
from store.states import OrderStatus
from store.tables import (
    AuditEntry,
    CampaignRecipient,
    Coupon,
    CouponCreate,
    CustomerCreate,
    DesignCreate,
    Notification,
    Order,
    OrderLine,
    Review,
    ReviewCreate,
    Segment,
    SupportMessage,
    SupportMessageCreate,
)
from tests.store_helpers import HOME, MUG, checkout, fill_cart

BIG_MUG = {"size": "large", "glaze": "blue", "extras": ["lid"], "engraving": "For Ana"}


def account(session, email, role="buyer", name="Some One"):
    data = CustomerCreate(email=email, name=name, password="long-enough-1")
    return register(session=session, data=data, role=role).id


@pytest.fixture
def people(shop):
    """A merchandiser, two members (one with two orders), a guest, and a guest order of a member."""
    with Session(shop) as s:
        ids = {
            "staff": account(s, "staff@example.org", role="merchandiser"),
            "ana": account(s, "ana@example.org", name="Ana Lima"),
            "bo": account(s, "bo@example.org", name="Bo Berg"),
            "cy": account(s, "cy@example.org", name="Cy Quiet"),
        }
        ana = Buyer(email="ana@example.org", name="Ana Lima", customer_id=ids["ana"])
        bo = Buyer(email="bo@example.org", name="Bo Berg", customer_id=ids["bo"])
        checkout(s, fill_cart(s, BIG_MUG, buyer=ana), buyer=ana)
        checkout(s, fill_cart(s, MUG, buyer=ana), buyer=ana)
        checkout(s, fill_cart(s, MUG, buyer=bo), buyer=bo)
        guest = Buyer(email="Gus@Example.org", name="Gus Guest")
        checkout(s, fill_cart(s, MUG, buyer=guest), buyer=guest)
        as_guest = Buyer(email="bo@example.org", name="Bo Berg")  # Bo once ordered without signing in
        checkout(s, fill_cart(s, MUG, buyer=as_guest), buyer=as_guest)
    return ids


def by_key(rows):
    return {r.key: r for r in rows}


def test_customers_are_members_and_guests_with_spend_orders_and_families(shop, people):
    with Session(shop) as s:
        rows = by_key(list_customers(session=s, actor_id=people["staff"]))
        totals = {o.contact_email: 0 for o in s.exec(select(Order)).all()}
        for o in s.exec(select(Order)).all():
            totals[o.contact_email] += o.total_minor
    assert set(rows) == {
        f"member:{people['ana']}",
        f"member:{people['bo']}",
        f"member:{people['cy']}",
        "guest:gus@example.org",
    }  # staff accounts are not customers; Bo's guest order is Bo's
    ana = rows[f"member:{people['ana']}"]
    bo = rows[f"member:{people['bo']}"]
    cy = rows[f"member:{people['cy']}"]
    gus = rows["guest:gus@example.org"]
    assert (ana.orders, ana.spend_minor, ana.families) == (2, totals["ana@example.org"], ("mug",))
    assert (bo.orders, bo.spend_minor) == (2, totals["bo@example.org"])
    assert (cy.orders, cy.spend_minor, cy.last_order, cy.families) == (0, 0, None, ())
    assert (gus.kind, gus.name, gus.orders) == ("guest", "Gus Guest", 1)


def test_filters_search_spend_recency_and_audience(shop, people):
    with Session(shop) as s:
        staff = people["staff"]

        def keys(**rules):
            return {r.key for r in list_customers(session=s, actor_id=staff, rules=rules)}

        ana_spend = by_key(list_customers(session=s, actor_id=staff))[f"member:{people['ana']}"].spend_minor
        assert keys(search="LIMA") == {f"member:{people['ana']}"}
        assert keys(audience="guests") == {"guest:gus@example.org"}
        assert keys(min_spend_minor=ana_spend) == {f"member:{people['ana']}"}
        assert keys(min_orders=2) == {f"member:{people['ana']}", f"member:{people['bo']}"}
        assert keys(families=["mug"], audience="members") == {f"member:{people['ana']}", f"member:{people['bo']}"}
        assert keys(families=["bike"]) == set()
        assert keys(ordered_within_days=30, audience="members") == {f"member:{people['ana']}", f"member:{people['bo']}"}
        assert keys(not_ordered_within_days=30) == {f"member:{people['cy']}"}
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=60)
        lapsed = select_customers(session=s, rules=CustomerFilter(not_ordered_within_days=30), today=later)
        assert len(lapsed) == 4  # two months on, nobody ordered in the last 30 days


def test_a_cancelled_order_is_not_spend(shop, people):
    with Session(shop) as s:
        order = s.exec(select(Order).where(Order.customer_id == people["bo"])).first()
        change_status(session=s, order=order.token, to=OrderStatus.CANCELLED, actor="merchant")
        bo = by_key(list_customers(session=s, actor_id=people["staff"]))[f"member:{people['bo']}"]
    assert bo.orders == 1


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        ({"min_spend_minor": 500, "max_spend_minor": 100}, "rules"),
        ({"ordered_within_days": 0}, "ordered_within_days"),
        ({"ordered_within_days": 10, "not_ordered_within_days": 30}, "rules"),
        ({"audience": "robots"}, "audience"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_segment_rules_are_refused_with_the_field_and_nothing_is_saved(shop, people, rules, field):
    with Session(shop) as s:
        with pytest.raises(StoreError) as err:
            save_segment(session=s, actor_id=people["staff"], name="Odd", rules=rules)
        assert err.value.code == ErrorCode.BAD_INPUT
        assert err.value.data["field"] == field
        assert s.exec(select(Segment)).all() == []


def test_segments_are_saved_by_name_counted_live_and_audited(shop, people):
    with Session(shop) as s:
        staff = people["staff"]
        view = save_segment(session=s, actor_id=staff, name="  Mug  lovers ", rules={"families": ["mug"]})
        assert (view.name, view.members, view.guests) == ("Mug lovers", 2, 1)
        with pytest.raises(StoreError) as err:
            save_segment(session=s, actor_id=staff, name="Mug lovers", rules={})
        assert err.value.code == ErrorCode.BAD_INPUT and err.value.data["field"] == "name"
        with pytest.raises(StoreError) as err:
            save_segment(session=s, actor_id=people["ana"], name="Mine", rules={})
        assert err.value.code == ErrorCode.FORBIDDEN
        changed = save_segment(
            session=s, actor_id=staff, name="Mug lovers", rules={"min_orders": 2}, segment_id=view.id
        )
        assert (changed.members, changed.guests) == (2, 0)
        assert [v.name for v in list_segments(session=s, actor_id=staff)] == ["Mug lovers"]
        actions = [a.action for a in s.exec(select(AuditEntry).where(AuditEntry.action == "segment.save")).all()]
    assert actions == ["segment.save", "segment.save"]


def campaign(s, people, code="ANA5"):
    segment = save_segment(session=s, actor_id=people["staff"], name="Big spenders", rules={"min_orders": 2})
    coupon = CouponCreate(code=code, label="EUR 5 off, thank you", kind="fixed", amount_minor=500)
    return target_segment(session=s, actor_id=people["staff"], segment_id=segment.id, coupon=coupon, message="Hi!")


def test_a_segment_coupon_goes_to_its_members_with_an_email_each(shop, people):
    with Session(shop) as s:
        result = campaign(s, people)
        assert (result.code, result.recipients, result.guests_left_out) == ("ANA5", 2, 0)
        recipients = {r.customer_id for r in s.exec(select(CampaignRecipient)).all()}
        assert recipients == {people["ana"], people["bo"]}
        mails = s.exec(select(Notification).where(Notification.subject == "A coupon for you")).all()
        assert sorted(m.recipient for m in mails) == ["ana@example.org", "bo@example.org"]
        assert all("ANA5" in m.body and m.status == "pending" for m in mails)
        assert s.exec(select(Coupon).where(Coupon.code == "ANA5")).one().members_only
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "campaign.send")).one().data["recipients"] == 2


def test_targeting_a_segment_without_members_or_with_a_taken_code_changes_nothing(shop, people):
    with Session(shop) as s:
        guests = save_segment(session=s, actor_id=people["staff"], name="Guests", rules={"audience": "guests"})
        coupon = CouponCreate(code="G5", label="Five off", kind="fixed", amount_minor=500)
        with pytest.raises(StoreError) as err:
            target_segment(session=s, actor_id=people["staff"], segment_id=guests.id, coupon=coupon)
        assert err.value.code == ErrorCode.BAD_INPUT and err.value.data["guests"] == 1
        campaign(s, people, code="G5")
        with pytest.raises(StoreError) as err:
            campaign_again = save_segment(session=s, actor_id=people["staff"], name="All", rules={})
            target_segment(session=s, actor_id=people["staff"], segment_id=campaign_again.id, coupon=coupon)
        assert err.value.data["field"] == "code"
        assert len(s.exec(select(CampaignRecipient)).all()) == 2
        assert len(s.exec(select(Coupon)).all()) == 1


def discount_for(s, buyer_id, code):
    buyer = Buyer(email="x@example.org", name="X", customer_id=buyer_id)
    cart = fill_cart(s, MUG, buyer=buyer)
    set_coupon(session=s, cart=cart, code=code, customer_id=buyer_id)
    quote = view_cart(session=s, cart=cart, delivery=HOME, customer_id=buyer_id).quote
    return cart, quote


def test_only_recipients_can_redeem_and_the_server_checks_it_at_order_time(shop, people):
    with Session(shop) as s:
        campaign(s, people)
        _, mine = discount_for(s, people["ana"], "ana5")
        assert mine.coupon == "ANA5" and mine.discount_total.to_minor() >= 500
        cart, other = discount_for(s, people["cy"], "ANA5")  # Cy was not sent the coupon
        assert other.coupon is None
        assert [r.code.value for r in other.refusals] == ["unknown-coupon"]
        _, guest = discount_for(s, None, "ANA5")
        assert guest.coupon is None and [r.code.value for r in guest.refusals] == ["members-only"]
        # Cy's browser claims the discounted total: the server re-prices and refuses.
        cy = Buyer(email="cy@example.org", name="Cy Quiet", customer_id=people["cy"])
        with pytest.raises(StoreError) as err:
            checkout(s, cart, buyer=cy, amount=mine.total.to_minor())
        assert err.value.code == ErrorCode.PRICE_CHANGED
        assert s.exec(select(Coupon).where(Coupon.code == "ANA5")).one().uses == 0


def test_sent_and_used_show_on_the_customer_file_and_the_campaign_list(shop, people):
    with Session(shop) as s:
        campaign(s, people)
        ana = Buyer(email="ana@example.org", name="Ana Lima", customer_id=people["ana"])
        cart, _ = discount_for(s, people["ana"], "ANA5")
        order = checkout(s, cart, buyer=ana)
        detail = customer_detail(session=s, actor_id=people["staff"], key=f"member:{people['ana']}")
        [response] = detail.campaigns
        assert (response.code, response.segment_name, response.order_token) == ("ANA5", "Big spenders", order.token)
        assert response.order_number == s.exec(select(Order.id).where(Order.token == order.token)).one()
        assert response.used_at is not None
        bo = customer_detail(session=s, actor_id=people["staff"], key=f"member:{people['bo']}").campaigns
        assert [(r.code, r.used_at) for r in bo] == [("ANA5", None)]
        [summary] = list_campaigns(session=s, actor_id=people["staff"])
        assert (summary.sent, summary.used) == (2, 1)


def test_the_customer_file_lists_orders_designs_and_stated_needs(shop, people):
    with Session(shop) as s:
        key = f"member:{people['ana']}"
        save_design(
            session=s, data=DesignCreate(name="Gift", product_code="mug", selection=MUG), customer_id=people["ana"]
        )
        profile = save_profile(
            session=s,
            actor_id=people["staff"],
            key=key,
            needs="Gifts for a team of 12",
            tags=["Gifts", "gifts ", "B2B"],
        )
        assert profile.tags == ("gifts", "b2b")
        detail = customer_detail(session=s, actor_id=people["staff"], key=key)
        assert [o.products for o in detail.orders] == [("mug",), ("mug",)]
        names = s.exec(select(OrderLine.product_name).where(OrderLine.product_code == "mug")).all()
        assert [o.product_names for o in detail.orders] == [(names[0],), (names[0],)] and names[0] != "mug"
        ana_orders = s.exec(select(Order.id).where(Order.customer_id == people["ana"])).all()
        assert sorted(o.number for o in detail.orders) == sorted(ana_orders) and len(ana_orders) == 2
        assert [d.name for d in detail.designs] == ["Gift"]
        assert (detail.profile.needs, detail.profile.tags) == ("Gifts for a team of 12", ("gifts", "b2b"))
        assert {r.key for r in list_customers(session=s, actor_id=people["staff"], rules={"tags": ["B2B"]})} == {key}
        guest = save_profile(
            session=s, actor_id=people["staff"], key="guest:gus@example.org", needs="Tall mugs", tags=[]
        )
        assert guest.needs == "Tall mugs"
        with pytest.raises(StoreError) as err:
            save_profile(session=s, actor_id=people["staff"], key=key, needs="", tags=["x" * 41])
        assert err.value.data["field"] == "tags"
        with pytest.raises(StoreError) as err:
            customer_detail(session=s, actor_id=people["staff"], key="member:99999")
        assert err.value.code == ErrorCode.NOT_FOUND
        audit = s.exec(select(AuditEntry).where(AuditEntry.action == "customer.profile")).all()
        assert audit[0].data["after"]["needs"] == "Gifts for a team of 12" and audit[0].data["before"] is None


def deliver_and_review(s, token):
    for status in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        change_status(session=s, order=token, to=status, actor="merchant")
    line = s.exec(select(Order).where(Order.token == token)).one()
    from store.tables import OrderLine

    order_line = s.exec(select(OrderLine).where(OrderLine.order_id == line.id)).first()
    stars = ReviewCreate(overall=4, product_quality=5, delivery_speed=3, service=4, text="Ana here, love it")
    add_review(session=s, order=token, order_line_id=order_line.id, data=stars)


def test_export_holds_everything_about_one_customer_and_no_password(shop, people):
    with Session(shop) as s:
        key = f"member:{people['ana']}"
        token = s.exec(select(Order).where(Order.customer_id == people["ana"])).first().token
        post_message(session=s, order=token, data=SupportMessageCreate(body="Call me on 555"), author="buyer")
        save_profile(session=s, actor_id=people["staff"], key=key, needs="Likes blue", tags=["blue"])
        data = export_customer(session=s, actor_id=people["staff"], key=key)
        text = json.dumps(data)
        assert data["customer"]["email"] == "ana@example.org"
        assert "password" not in text and "argon2" not in text
        assert len(data["orders"]) == 2 and all(o["lines"] for o in data["orders"])
        assert any(m["body"] == "Call me on 555" for o in data["orders"] for m in o["messages"])
        assert data["profile"]["needs"] == "Likes blue"
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "customer.export")).one().data == {"customer": key}
        with pytest.raises(StoreError) as err:
            export_customer(session=s, actor_id=people["ana"], key=key)
        assert err.value.code == ErrorCode.FORBIDDEN


def test_erasure_needs_the_typed_email_and_then_removes_personal_data_for_good(shop, people):
    with Session(shop) as s:
        key = f"member:{people['ana']}"
        orders = s.exec(select(Order).where(Order.customer_id == people["ana"])).all()
        totals = sorted(o.total_minor for o in orders)
        engraved = next(o for o in orders if o.total_minor == max(totals))
        deliver_and_review(s, engraved.token)
        post_message(
            session=s, order=engraved.token, data=SupportMessageCreate(body="I live at Rua A 1"), author="buyer"
        )
        save_design(
            session=s, data=DesignCreate(name="Mine", product_code="mug", selection=MUG), customer_id=people["ana"]
        )
        save_profile(session=s, actor_id=people["staff"], key=key, needs="Private: Ana Lima wants oak", tags=[])
        for _ in range(MAX_FAILURES):  # a sign-in lockout is audited with the address
            with pytest.raises(StoreError):
                authenticate(session=s, email="ana@example.org", password="wrong-password")
        assert "ana@example.org" in json.dumps([e.data for e in s.exec(select(AuditEntry)).all()])
        with pytest.raises(StoreError) as err:
            erase_customer(session=s, actor_id=people["staff"], key=key, confirm_email="someone@example.org")
        assert err.value.data["field"] == "confirm_email"
        assert customer_detail(session=s, actor_id=people["staff"], key=key).summary.name == "Ana Lima"

        browser = issue(session=s, customer_id=people["ana"], cart_token=None)
        assert erase_customer(session=s, actor_id=people["staff"], key=key, confirm_email=" ANA@example.org") == 2
        hour = dt.timedelta(hours=1)
        assert recall(session=s, token=browser.token, idle=hour, lifetime=hour) is None  # signed out

        s.expire_all()
        with pytest.raises(StoreError) as err:
            authenticate(session=s, email="ana@example.org", password="long-enough-1")
        assert err.value.code == ErrorCode.BAD_CREDENTIALS
        after = s.exec(select(Order).where(Order.customer_id == people["ana"])).all()
        assert sorted(o.total_minor for o in after) == totals  # the accounts keep their amounts
        dump = json.dumps([o.model_dump(mode="json") for o in after])
        assert "Ana" not in dump and "ana@example.org" not in dump and "Rua A 1" not in dump
        from store.tables import OrderLine

        lines = json.dumps([line.model_dump(mode="json") for line in s.exec(select(OrderLine)).all()])
        assert "For Ana" not in lines and '"lid"' in lines  # typed text erased, choices kept
        assert s.exec(select(SupportMessage)).one().body == "[erased on request]"
        review = s.exec(select(Review)).one()
        assert (review.author_name, review.text, review.overall) == ("Erased customer", "", 4)
        assert key not in {r.key for r in list_customers(session=s, actor_id=people["staff"])}
        pending = s.exec(select(Notification).where(Notification.recipient == "ana@example.org")).all()
        assert pending == []
        audit_log = s.exec(select(AuditEntry)).all()
        assert "ana@example.org" not in json.dumps([e.data for e in audit_log])
        assert "Ana Lima" not in json.dumps([e.data for e in audit_log])  # CRM needs copied into the log
        assert any(e.action == "customer.sign-in-slowed" for e in audit_log)  # who did what stays
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "customer.erase")).one()
        assert entry.data["orders"] == 2 and entry.actor == f"customer:{people['staff']}"
        with pytest.raises(StoreError) as err:
            erase_customer(session=s, actor_id=people["staff"], key=key, confirm_email="ana@example.org")
        assert err.value.code == ErrorCode.NOT_FOUND


def test_a_guest_is_erased_by_email_and_staff_accounts_are_not_customers(shop, people):
    with Session(shop) as s:
        assert (
            erase_customer(
                session=s, actor_id=people["staff"], key="guest:gus@example.org", confirm_email="gus@example.org"
            )
            == 1
        )
        emails = {o.contact_email for o in s.exec(select(Order)).all()}
        assert "gus@example.org" not in emails
        assert "guest:gus@example.org" not in {r.key for r in list_customers(session=s, actor_id=people["staff"])}
        with pytest.raises(StoreError) as err:
            erase_customer(
                session=s, actor_id=people["staff"], key=f"member:{people['staff']}", confirm_email="staff@example.org"
            )
        assert err.value.code == ErrorCode.NOT_FOUND


def test_deleting_a_segment_keeps_the_campaigns_sent_to_it(shop, people):
    with Session(shop) as s:
        campaign(s, people)
        [segment] = list_segments(session=s, actor_id=people["staff"])
        assert delete_segment(session=s, actor_id=people["staff"], segment_id=segment.id) == "Big spenders"
        assert list_segments(session=s, actor_id=people["staff"]) == []
        [summary] = list_campaigns(session=s, actor_id=people["staff"])
        assert (summary.segment_name, summary.sent) == ("Big spenders", 2)
        assert (
            s.exec(select(AuditEntry).where(AuditEntry.action == "segment.delete")).one().data["name"] == "Big spenders"
        )
        with pytest.raises(StoreError) as err:
            delete_segment(session=s, actor_id=people["staff"], segment_id=segment.id)
        assert err.value.code == ErrorCode.NOT_FOUND


def test_erasure_leaves_no_staff_note_shop_reply_or_mail_file(shop, people, mail_folders):
    from store.aftersales import reply_to_review
    from store.notify import deliver_outbox
    from store.tables import MerchantReply, OrderEvent, OrderLine

    outbox, mailbox = mail_folders
    with Session(shop) as s:
        key = f"member:{people['ana']}"
        token = s.exec(select(Order).where(Order.customer_id == people["ana"])).first().token
        change_status(session=s, order=token, to=OrderStatus.IN_PRODUCTION, actor="merchant", note="Ana Lima rang")
        for status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            change_status(session=s, order=token, to=status, actor="merchant")
        order = s.exec(select(Order).where(Order.token == token)).one()
        line = s.exec(select(OrderLine).where(OrderLine.order_id == order.id)).first()
        stars = ReviewCreate(overall=4, product_quality=5, delivery_speed=3, service=4, text="Ana here")
        add_review(session=s, order=token, order_line_id=line.id, data=stars)
        review = s.exec(select(Review)).one()
        reply_to_review(session=s, review_id=review.id, text="Thank you, Ana Lima of Rua A 1", actor="merchant")
        assert deliver_outbox(session=s) > 0  # no SMTP: to the development mailbox
        assert any("Ana" in f.read_text() for f in mailbox.glob("*.eml"))
        erase_customer(session=s, actor_id=people["staff"], key=key, confirm_email="ana@example.org")
        s.expire_all()
        texts = [e.message for e in s.exec(select(OrderEvent)).all()]
        texts += [r.text for r in s.exec(select(MerchantReply)).all()]
        texts += [f.read_text() for f in [*mailbox.glob("*.eml"), *outbox.glob("*.eml")]]
        assert not [t for t in texts if "Ana" in t or "ana@example.org" in t or "Rua A 1" in t]
        assert any(t.endswith(": [erased on request]") for t in texts)  # the step stays, its note goes


def test_a_segment_coupons_names_are_checked_like_any_coupons(shop, people):
    """Names in other languages go through the same store check as `create_coupon`: an unknown
    language code is refused and nothing is sent; a blank name is dropped."""
    with Session(shop) as s:
        segment = save_segment(session=s, actor_id=people["staff"], name="Big spenders", rules={"min_orders": 2})
        bad = CouponCreate(code="FR5", label="Five off", kind="fixed", amount_minor=500, labels={"fr": "Cinq"})
        with pytest.raises(StoreError) as err:
            target_segment(session=s, actor_id=people["staff"], segment_id=segment.id, coupon=bad)
        assert err.value.data["field"] == "labels" and "'fr'" in err.value.message
        assert s.exec(select(Coupon)).all() == [] and s.exec(select(CampaignRecipient)).all() == []
        good = bad.model_copy(update={"code": "ES5", "labels": {"es": "Cinco menos", "pt": "  "}})
        target_segment(session=s, actor_id=people["staff"], segment_id=segment.id, coupon=good)
        assert s.exec(select(Coupon)).one().labels == {"es": "Cinco menos"}
