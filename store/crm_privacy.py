"""A customer's data on request: all of it as JSON (export), or none of it any more (erasure).

Erasure is irreversible. It replaces the personal data of the account (name, e-mail, phone, the
password, so it can no longer sign in) and of its orders (contact and delivery snapshot; the
country stays for tax), blanks support messages, return reasons, review texts and author names,
engraving-like text values in the lines sold and in the payment attempts (`store.crm_scrub`),
deletes saved designs, cart contents and the stated needs, and cancels e-mails not yet sent.
Amounts, prices, taxes, payments, coupon redemptions and loyalty points stay, as the accounts need
them. Guest orders placed with the account's e-mail are erased with it; a guest (no account) is
erased by e-mail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, SQLModel, col, delete, select

from settings import get_settings
from store.audit import audit
from store.browser_sessions import revoke_all
from store.crm import find_customer
from store.crm_rules import ERASED_DOMAIN, CustomerSummary
from store.crm_scrub import (
    ERASED,
    ERASED_NAME,
    scrub_audit,
    scrub_intents,
    scrub_line,
    scrub_pricing,
    scrub_profile_audit,
    without_note,
)
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.staff import authorize
from store.states import MERCHANDISING
from store.tables import (
    AccountCode,
    Campaign,
    CampaignRecipient,
    Cart,
    CartLine,
    Coupon,
    CouponRedemption,
    Customer,
    CustomerErasure,
    CustomerProfile,
    Design,
    FunnelEvent,
    KnownDevice,
    LoyaltyEntry,
    MerchantReply,
    Notification,
    Order,
    OrderEvent,
    OrderLine,
    Payment,
    ReturnRequest,
    Review,
    SupportMessage,
    Throttle,
)

_SECRET = {"password_hash", "must_change_password"}  # no password, nor a word about one
NO_PASSWORD = "!erased"  # noqa: S105  (not a hash: no password ever matches it)


def _plain(row: SQLModel, *, drop: set[str] | None = None) -> dict[str, Any]:
    data = row.model_dump(exclude=(drop or set()) | _SECRET)
    return {k: v.isoformat() if isinstance(v, dt.datetime | dt.date) else v for k, v in data.items()}


def _orders(session: Session, summary: CustomerSummary) -> list[Order]:
    if not summary.order_ids:
        return []
    return list(session.exec(select(Order).where(col(Order.id).in_(summary.order_ids)).order_by(col(Order.id))).all())


def export_customer(*, session: Session, actor_id: int, key: str) -> dict[str, Any]:
    """Everything we hold about one customer, as JSON-ready data; the export itself is audited."""
    with atomic(session):
        actor = authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        summary = find_customer(session, key)
        cid = summary.customer_id
        orders = _orders(session, summary)
        ids = [o.id for o in orders]

        def rows(model: type[SQLModel], column: Any, values: list[Any]) -> list[dict[str, Any]]:
            if not values:
                return []
            found = session.exec(select(model).where(col(column).in_(values)).order_by(col(model.id))).all()  # type: ignore[attr-defined]
            return [_plain(r) for r in found]

        reviews = session.exec(select(Review).where(col(Review.order_id).in_(ids))).all() if ids else []
        account = session.get(Customer, cid) if cid is not None else None
        profile = session.exec(
            select(CustomerProfile).where(
                CustomerProfile.customer_id == cid if cid is not None else CustomerProfile.guest_email == summary.email
            )
        ).first()
        campaigns = []
        if cid is not None:
            for recipient, campaign, coupon in session.exec(
                select(CampaignRecipient, Campaign, Coupon)
                .join(Campaign, col(Campaign.id) == CampaignRecipient.campaign_id)
                .join(Coupon, col(Coupon.id) == Campaign.coupon_id)
                .where(CampaignRecipient.customer_id == cid)
            ).all():
                campaigns.append(
                    {
                        "coupon": coupon.code,
                        "label": coupon.label,
                        "segment": campaign.segment_name,
                        "sent_at": recipient.sent_at.isoformat(),
                    }
                )
        data: dict[str, Any] = {
            "exported_at": dt.datetime.now(dt.UTC).isoformat(),
            "customer": {"key": summary.key, "kind": summary.kind}
            | (_plain(account) if account else {"email": summary.email, "name": summary.name, "phone": summary.phone}),
            "profile": _plain(profile, drop={"id"}) if profile else None,
            "orders": [
                _plain(o)
                | {
                    "lines": rows(OrderLine, OrderLine.order_id, [o.id]),
                    "events": rows(OrderEvent, OrderEvent.order_id, [o.id]),
                    "payments": rows(Payment, Payment.order_id, [o.id]),
                    "returns": rows(ReturnRequest, ReturnRequest.order_id, [o.id]),
                    "messages": rows(SupportMessage, SupportMessage.order_id, [o.id]),
                }
                for o in orders
            ],
            "reviews": [_plain(r) for r in reviews],
            "review_replies": rows(MerchantReply, MerchantReply.review_id, [r.id for r in reviews]),
            "designs": rows(Design, Design.customer_id, [cid]) if cid is not None else [],
            "carts": rows(Cart, Cart.customer_id, [cid]) if cid is not None else [],
            "coupon_redemptions": rows(CouponRedemption, CouponRedemption.order_id, ids),
            "loyalty": rows(LoyaltyEntry, LoyaltyEntry.customer_id, [cid]) if cid is not None else [],
            "campaigns": campaigns,
            "emails": rows(Notification, Notification.recipient, [summary.email]),
        }
        entity: SQLModel = account if account is not None else orders[0]  # a guest exists through orders
        audit(session=session, actor=actor, action="customer.export", entity=entity, data={"customer": key})
        return data


def erase_customer(*, session: Session, actor_id: int, key: str, confirm_email: str) -> int:
    """Erase a customer's personal data for good; returns how many orders were anonymised.

    `confirm_email` must repeat the customer's e-mail address (a second, typed confirmation).
    """
    with atomic(session):
        actor = authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        summary = find_customer(session, key)
        if confirm_email.strip().lower() != summary.email.lower():
            raise StoreError(
                ErrorCode.BAD_INPUT,
                "type the customer's e-mail address exactly to confirm the erasure",
                field="confirm_email",
            )
        cid, email = summary.customer_id, summary.email
        orders = _orders(session, summary)
        erased_notes: list[Notification] = []
        delivered: list[int | None] = []
        for order in orders:
            order.contact_email = f"erased-order-{order.id}@{ERASED_DOMAIN}"
            order.contact_name = order.ship_name = ERASED_NAME
            order.contact_phone = None
            order.ship_line1, order.ship_line2, order.ship_postal_code, order.ship_city = ERASED, "", "", ERASED
            session.add(order)
            typed: set[str] = set()
            for line in session.exec(select(OrderLine).where(OrderLine.order_id == order.id)).all():
                typed |= scrub_line(line)
                session.add(line)
            scrub_pricing(order, typed)
            for message in session.exec(select(SupportMessage).where(SupportMessage.order_id == order.id)).all():
                message.body = ERASED
                session.add(message)
            for request in session.exec(select(ReturnRequest).where(ReturnRequest.order_id == order.id)).all():
                request.reason = ERASED
                session.add(request)
            for review in session.exec(select(Review).where(Review.order_id == order.id)).all():
                review.author_name, review.text = ERASED_NAME, ""
                session.add(review)
                for reply in session.exec(select(MerchantReply).where(MerchantReply.review_id == review.id)).all():
                    reply.text = ERASED  # the shop's reply may name or quote the customer
                    session.add(reply)
            for event in session.exec(select(OrderEvent).where(OrderEvent.order_id == order.id)).all():
                event.message = without_note(event)
                session.add(event)
            for note in session.exec(select(Notification).where(Notification.order_id == order.id)).all():
                note.recipient, note.body = f"erased@{ERASED_DOMAIN}", ERASED
                erased_notes.append(note)
            cart_ids = [order.cart_id] if order.cart_id is not None else []
            if cart_ids:
                session.execute(delete(CartLine).where(col(CartLine.cart_id).in_(cart_ids)))
        scrub_intents(session, cid, email, [o.cart_id for o in orders if o.cart_id is not None])
        for note in [*session.exec(select(Notification).where(Notification.recipient == email)).all(), *erased_notes]:
            note.recipient, note.body = f"erased@{ERASED_DOMAIN}", ERASED
            delivered.append(note.id)
            if note.status == "pending":
                note.status, note.last_error = "failed", "recipient erased on request"
            session.add(note)
        session.execute(delete(Throttle).where(col(Throttle.subject) == email))
        scrub_audit(session, email)
        scrub_profile_audit(session, summary.key)
        if cid is not None:
            _erase_account(session, cid)
        else:
            session.execute(delete(CustomerProfile).where(col(CustomerProfile.guest_email) == email))
        erasure = CustomerErasure(customer_id=cid, orders=len(orders), erased_by=actor)
        session.add(erasure)
        session.flush()
        audit(
            session=session,
            actor=actor,
            action="customer.erase",
            entity=erasure,
            data={"customer_id": cid, "kind": summary.kind, "orders": len(orders)},
        )
    _delete_outbox_files(delivered)
    return len(orders)


def _delete_outbox_files(ids: list[int | None]) -> None:
    """The e-mails' files go too: waiting in the outbox folder, or delivered to the development
    mailbox (`store.notify`)."""
    settings = get_settings()
    for note_id in ids:
        if note_id is not None:
            for folder in (settings.outbox_dir, settings.mailbox_dir):
                (folder / f"{note_id}.eml").unlink(missing_ok=True)


def _erase_account(session: Session, cid: int) -> None:
    account = session.get(Customer, cid)
    if account is None:  # find_customer found it a moment ago, in this transaction
        raise StoreError(ErrorCode.NOT_FOUND, "no such customer")
    if account.role != "buyer":
        raise StoreError(ErrorCode.BAD_INPUT, "staff accounts are not erased here", field="customer")
    account.email = f"erased-{cid}@{ERASED_DOMAIN}"
    account.name, account.phone = ERASED_NAME, None
    account.password_hash = NO_PASSWORD
    account.active = False
    session.add(account)
    revoke_all(session=session, customer_id=cid)  # every browser signed in to it is signed out
    session.execute(delete(KnownDevice).where(col(KnownDevice.customer_id) == cid))
    session.execute(delete(AccountCode).where(col(AccountCode.customer_id) == cid))
    carts = session.exec(select(Cart).where(Cart.customer_id == cid)).all()
    cart_ids = [c.id for c in carts]
    if cart_ids:
        session.execute(delete(CartLine).where(col(CartLine.cart_id).in_(cart_ids)))
    for cart in carts:
        cart.coupon_code = None
        session.add(cart)
    session.execute(delete(Design).where(col(Design.customer_id) == cid))
    session.execute(delete(CustomerProfile).where(col(CustomerProfile.customer_id) == cid))
    for event in session.exec(select(FunnelEvent).where(FunnelEvent.customer_id == cid)).all():
        event.customer_id = None
        session.add(event)
