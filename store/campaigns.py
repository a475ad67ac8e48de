"""Coupon campaigns: a coupon sent to the members of a segment, redeemable only by them.

`target_segment` evaluates the segment on the server, creates the coupon (always members-only),
records one recipient per member with an e-mail in the outbox, and audits it, in one
transaction. When a cart is priced (the cart page and `place_order` share `store.quotes`),
`coupon_hidden` makes a campaign coupon unknown to every signed-in account it was not sent to;
guests are asked to sign in by the members-only rule. "Used" is read from the redemptions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from store.audit import audit
from store.coupons import coupon_currency, coupon_names
from store.crm_rules import parse_filter, select_customers
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.input_checks import coupon_code, text
from store.staff import authorize
from store.states import MERCHANDISING
from store.tables import (
    Campaign,
    CampaignRecipient,
    Coupon,
    CouponCreate,
    CouponRedemption,
    Notification,
    Order,
    Segment,
)


@dataclass(frozen=True, slots=True)
class CampaignResult:
    campaign_id: int
    code: str
    recipients: int
    guests_left_out: int  # guests in the segment: a coupon cannot be tied to a typed e-mail


@dataclass(frozen=True, slots=True)
class CampaignResponse:
    """One coupon sent to one customer, and whether (and on which order) they used it."""

    code: str
    label: str
    segment_name: str
    sent_at: dt.datetime
    used_at: dt.datetime | None
    order_token: str | None
    order_number: int | None = None


@dataclass(frozen=True, slots=True)
class CampaignSummary:
    id: int
    code: str
    label: str
    segment_name: str
    created_at: dt.datetime
    sent: int
    used: int


def _checked_coupon(data: CouponCreate) -> CouponCreate:
    currency = coupon_currency(data)
    try:
        data = CouponCreate.model_validate({**data.model_dump(), "members_only": True, "currency": currency})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise StoreError(ErrorCode.BAD_INPUT, f"{where}: {first['msg']}", field=where) from None
    code = coupon_code(data.code, field="code")
    if code is None:
        raise StoreError(ErrorCode.BAD_INPUT, "Coupon code: please fill this in", field="code")
    if data.kind not in ("percent", "fixed", "free-shipping"):
        raise StoreError(ErrorCode.BAD_INPUT, "kind is percent, fixed or free-shipping", field="kind")
    if (data.kind == "percent") != (data.percent is not None) or (data.kind == "fixed") != (
        data.amount_minor is not None
    ):
        raise StoreError(ErrorCode.BAD_INPUT, "a percent coupon gives percent, a fixed one amount_minor", field="kind")
    if data.valid_from and data.valid_until and data.valid_until < data.valid_from:
        raise StoreError(ErrorCode.BAD_INPUT, "the coupon ends before it starts", field="valid_until")
    label = text(data.label, field="label", label="Label", limit=120)
    return data.model_copy(update={"code": code, "label": label, "labels": coupon_names(data.labels)})


def _body(name: str, coupon: Coupon, message: str) -> str:
    until = f"\nValid until: {coupon.valid_until:%d %B %Y}" if coupon.valid_until else ""
    note = f"{message.strip()}\n\n" if message.strip() else ""
    return (
        f"Hello {name},\n\n{note}{coupon.label}\nYour coupon code: {coupon.code}{until}\n\n"
        "Sign in with this e-mail address's account to use it; it is yours only.\n"
    )


def target_segment(
    *,
    session: Session,
    actor_id: int,
    segment_id: int,
    coupon: CouponCreate,
    subject: str = "A coupon for you",
    message: str = "",
) -> CampaignResult:
    """Send a new coupon to the segment's members (evaluated now); only they can redeem it."""
    data = _checked_coupon(coupon)
    subject = text(subject, field="subject", label="Subject", limit=200, required=True)
    message = text(message, field="message", label="Message", limit=2_000, multiline=True)
    try:
        with atomic(session):
            actor = authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
            segment = session.get(Segment, segment_id)
            if segment is None:
                raise StoreError(ErrorCode.NOT_FOUND, "no such segment")
            picked = select_customers(session=session, rules=parse_filter(segment.rules))
            members = [r for r in picked if r.kind == "member" and r.customer_id is not None]
            if not members:
                raise StoreError(
                    ErrorCode.BAD_INPUT,
                    f"segment '{segment.name}' has no members (accounts) to send a coupon to",
                    field="segment",
                    guests=len(picked),
                )
            row = Coupon(**data.model_dump())
            session.add(row)
            session.flush()
            campaign = Campaign(
                coupon_id=row.id,  # type: ignore[arg-type]
                segment_id=segment.id,
                segment_name=segment.name,
                rules=segment.rules,
                created_by=actor,
            )
            session.add(campaign)
            session.flush()
            for member in members:
                note = Notification(
                    recipient=member.email, subject=subject.strip(), body=_body(member.name, row, message)
                )
                session.add(note)
                session.flush()
                session.add(
                    CampaignRecipient(
                        campaign_id=campaign.id,  # type: ignore[arg-type]
                        customer_id=member.customer_id,  # type: ignore[arg-type]
                        notification_id=note.id,
                    )
                )
            audit(
                session=session,
                actor=actor,
                action="campaign.send",
                entity=campaign,
                data={
                    "coupon": row.code,
                    "segment": segment.name,
                    "recipients": len(members),
                    "guests_left_out": len(picked) - len(members),
                },
            )
            session.flush()
            return CampaignResult(campaign.id or 0, row.code, len(members), len(picked) - len(members))
    except IntegrityError:
        raise StoreError(ErrorCode.BAD_INPUT, f"coupon {data.code} exists", field="code") from None


def coupon_hidden(*, session: Session, coupon: Coupon, customer_id: int | None) -> bool:
    """Whether this buyer must not know the coupon: a campaign coupon not sent to their account.

    Guests see a members-only campaign coupon (pricing then asks them to sign in).
    """
    campaign = session.exec(select(Campaign.id).where(Campaign.coupon_id == coupon.id)).first()
    if campaign is None:
        return False
    if customer_id is None:
        return not coupon.members_only
    sent = session.exec(
        select(CampaignRecipient.id).where(
            CampaignRecipient.campaign_id == campaign, CampaignRecipient.customer_id == customer_id
        )
    ).first()
    return sent is None


def responses_of(*, session: Session, customer_id: int | None) -> list[CampaignResponse]:
    """Coupons sent to this account, newest first, with the order that used each (if any)."""
    if customer_id is None:
        return []
    rows = session.exec(
        select(CampaignRecipient, Campaign, Coupon)
        .join(Campaign, col(Campaign.id) == CampaignRecipient.campaign_id)
        .join(Coupon, col(Coupon.id) == Campaign.coupon_id)
        .where(CampaignRecipient.customer_id == customer_id)
        .order_by(col(CampaignRecipient.sent_at).desc())
    ).all()
    out = []
    for recipient, campaign, coupon in rows:
        used = session.exec(
            select(CouponRedemption.created_at, Order.token, Order.id)
            .join(Order, col(Order.id) == CouponRedemption.order_id)
            .where(CouponRedemption.coupon_id == coupon.id, CouponRedemption.customer_id == customer_id)
            .order_by(col(CouponRedemption.id))
        ).first()
        out.append(
            CampaignResponse(
                coupon.code,
                coupon.label,
                campaign.segment_name,
                recipient.sent_at,
                used[0] if used else None,
                used[1] if used else None,
                used[2] if used else None,
            )
        )
    return out


def list_campaigns(*, session: Session, actor_id: int) -> list[CampaignSummary]:
    """Every campaign with how many coupons were sent and how many recipients used theirs."""
    with atomic(session):
        authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        out = []
        for campaign, coupon in session.exec(
            select(Campaign, Coupon)
            .join(Coupon, col(Coupon.id) == Campaign.coupon_id)
            .order_by(col(Campaign.created_at).desc())
        ).all():
            sent = session.exec(
                select(func.count()).select_from(CampaignRecipient).where(CampaignRecipient.campaign_id == campaign.id)
            ).one()
            used = session.exec(
                select(func.count(func.distinct(CouponRedemption.customer_id)))
                .select_from(CouponRedemption)
                .join(
                    CampaignRecipient,
                    (col(CampaignRecipient.customer_id) == CouponRedemption.customer_id)
                    & (col(CampaignRecipient.campaign_id) == campaign.id),
                )
                .where(CouponRedemption.coupon_id == coupon.id)
            ).one()
            out.append(
                CampaignSummary(
                    campaign.id or 0,
                    coupon.code,
                    coupon.label,
                    campaign.segment_name,
                    campaign.created_at,
                    int(sent),
                    int(used),
                )
            )
        return out


__all__ = [
    "CampaignResponse",
    "CampaignResult",
    "CampaignSummary",
    "coupon_hidden",
    "list_campaigns",
    "responses_of",
    "target_segment",
]
