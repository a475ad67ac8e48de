"""Customer records for staff: lists with filters, a customer's file, stated needs, segments.

Who counts as a customer, and how guests are treated, is explained in `store.crm_rules`.
Every function re-checks the caller's role in its own transaction (merchandisers and admins);
every write leaves an audit row. Coupons for a segment: `store.campaigns`; data export and
erasure: `store.crm_privacy`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from store.audit import audit
from store.campaigns import CampaignResponse, responses_of
from store.crm_rules import (
    CustomerFilter,
    CustomerSummary,
    matches,
    parse_filter,
    parse_key,
    select_customers,
    summaries,
)
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.input_checks import text
from store.staff import authorize
from store.states import MERCHANDISING
from store.tables import Campaign, CustomerProfile, Design, Order, OrderLine, Segment, now

MAX_TAGS = 20


@dataclass(frozen=True, slots=True)
class OrderRow:
    token: str
    placed_at: dt.datetime
    status: str
    total_minor: int
    currency: str
    products: tuple[str, ...]  # product family codes
    number: int  # the order number staff use everywhere else
    product_names: tuple[str, ...]  # as sold, in line order, each once


@dataclass(frozen=True, slots=True)
class DesignRow:
    name: str
    product_code: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Profile:
    needs: str
    tags: tuple[str, ...]
    updated_at: dt.datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class CustomerDetail:
    summary: CustomerSummary
    orders: list[OrderRow]
    designs: list[DesignRow]
    profile: Profile
    campaigns: list[CampaignResponse]


@dataclass(frozen=True, slots=True)
class SegmentView:
    id: int
    name: str
    rules: CustomerFilter
    members: int  # customers with an account the segment picks now
    guests: int


def list_customers(
    *, session: Session, actor_id: int, rules: CustomerFilter | dict[str, object] | None = None
) -> list[CustomerSummary]:
    """Customers matching `rules` (all when None), biggest spenders first."""
    parsed = parse_filter(rules or {})
    with atomic(session):
        authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        rows = select_customers(session=session, rules=parsed)
    return sorted(rows, key=lambda r: (-r.spend_minor, r.email))


def find_customer(session: Session, key: str) -> CustomerSummary:
    parse_key(key)  # NOT_FOUND for a malformed key
    for row in summaries(session=session):
        if row.key == key:
            return row
    raise StoreError(ErrorCode.NOT_FOUND, "no such customer", key=key)


def _profile_row(session: Session, summary: CustomerSummary) -> CustomerProfile | None:
    if summary.customer_id is not None:
        query = select(CustomerProfile).where(CustomerProfile.customer_id == summary.customer_id)
    else:
        query = select(CustomerProfile).where(CustomerProfile.guest_email == summary.email)
    return session.exec(query).first()


def customer_detail(*, session: Session, actor_id: int, key: str) -> CustomerDetail:
    """A customer's file: contact data, orders, saved designs, stated needs, coupons sent and used."""
    with atomic(session):
        authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        summary = find_customer(session, key)
        orders = session.exec(
            select(Order).where(col(Order.id).in_(summary.order_ids)).order_by(col(Order.placed_at).desc())
        ).all()
        products: dict[int, set[str]] = {}
        names: dict[int, list[str]] = {}
        for order_id, code, name in session.exec(
            select(OrderLine.order_id, OrderLine.product_code, OrderLine.product_name)
            .where(col(OrderLine.order_id).in_(summary.order_ids))
            .order_by(col(OrderLine.order_id), col(OrderLine.position))
        ).all():
            products.setdefault(order_id, set()).add(code)
            if name not in names.setdefault(order_id, []):
                names[order_id].append(name)
        designs = (
            session.exec(
                select(Design).where(Design.customer_id == summary.customer_id).order_by(col(Design.created_at).desc())
            ).all()
            if summary.customer_id is not None
            else []
        )
        row = _profile_row(session, summary)
        return CustomerDetail(
            summary=summary,
            orders=[
                OrderRow(
                    o.token,
                    o.placed_at,
                    o.status,
                    o.total_minor,
                    o.currency,
                    tuple(sorted(products.get(o.id or 0, ()))),
                    o.id or 0,
                    tuple(names.get(o.id or 0, ())),
                )
                for o in orders
            ],
            designs=[DesignRow(d.name, d.product_code, d.created_at) for d in designs],
            profile=Profile(row.needs, tuple(row.tags), row.updated_at, row.updated_by)
            if row
            else Profile("", (), None, None),
            campaigns=responses_of(session=session, customer_id=summary.customer_id),
        )


def clean_tags(tags: list[str]) -> list[str]:
    """Tags trimmed, lower-case, without duplicates; BAD_INPUT if one is too long or too many."""
    out: list[str] = []
    for tag in tags:
        cleaned = " ".join(text(tag, field="tags", label="Tag", limit=400).split()).lower()
        if not cleaned:
            continue
        if len(cleaned) > 40:
            raise StoreError(ErrorCode.BAD_INPUT, f"tag '{cleaned[:40]}...' is longer than 40 characters", field="tags")
        if cleaned not in out:
            out.append(cleaned)
    if len(out) > MAX_TAGS:
        raise StoreError(ErrorCode.BAD_INPUT, f"at most {MAX_TAGS} tags per customer", field="tags")
    return out


def save_profile(*, session: Session, actor_id: int, key: str, needs: str, tags: list[str]) -> Profile:
    """Replace a customer's stated needs (free text) and preference tags; audited with before and after."""
    needs = text(needs, field="needs", label="Needs", limit=4_000, multiline=True)
    cleaned = clean_tags(tags)
    with atomic(session):
        actor = authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        summary = find_customer(session, key)
        row = _profile_row(session, summary)
        before = {"needs": row.needs, "tags": list(row.tags)} if row else None
        if row is None:
            row = CustomerProfile(
                customer_id=summary.customer_id,
                guest_email=None if summary.customer_id is not None else summary.email,
                updated_by=actor,
            )
        row.needs, row.tags, row.updated_at, row.updated_by = needs.strip(), cleaned, now(), actor
        session.add(row)
        session.flush()
        audit(
            session=session,
            actor=actor,
            action="customer.profile",
            entity=row,
            data={"customer": key, "before": before, "after": {"needs": row.needs, "tags": cleaned}},
        )
        return Profile(row.needs, tuple(cleaned), row.updated_at, actor)


def _view(session: Session, segment: Segment, rows: list[CustomerSummary] | None = None) -> SegmentView:
    rules = parse_filter(segment.rules)
    everyone = summaries(session=session) if rows is None else rows
    picked = [r for r in everyone if matches(r, rules)]
    members = sum(1 for r in picked if r.kind == "member")
    return SegmentView(segment.id or 0, segment.name, rules, members, len(picked) - members)


def preview_segment(
    *, session: Session, actor_id: int, rules: CustomerFilter | dict[str, object]
) -> list[CustomerSummary]:
    """Who these rules pick right now (the segment builder's live count)."""
    return list_customers(session=session, actor_id=actor_id, rules=rules)


def save_segment(
    *,
    session: Session,
    actor_id: int,
    name: str,
    rules: CustomerFilter | dict[str, object],
    segment_id: int | None = None,
) -> SegmentView:
    """Create a named segment (or change one); BAD_INPUT for a taken or empty name or bad rules."""
    parsed = parse_filter(rules)
    name = " ".join(text(name, field="name", label="Segment name", limit=200, required=True).split())
    if not 1 <= len(name) <= 80:
        raise StoreError(ErrorCode.BAD_INPUT, "a segment needs a name of 1 to 80 characters", field="name")
    try:
        with atomic(session):
            actor = authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
            before = None
            if segment_id is None:
                segment = Segment(name=name, rules=parsed.model_dump(), created_by=actor)
            else:
                found = session.get(Segment, segment_id)
                if found is None:
                    raise StoreError(ErrorCode.NOT_FOUND, "no such segment")
                segment = found
                before = {"name": segment.name, "rules": segment.rules}
                segment.name, segment.rules, segment.updated_at = name, parsed.model_dump(), now()
            session.add(segment)
            session.flush()
            audit(
                session=session,
                actor=actor,
                action="segment.save",
                entity=segment,
                data={"before": before, "after": {"name": name, "rules": parsed.model_dump()}},
            )
            return _view(session, segment)
    except IntegrityError:
        raise StoreError(ErrorCode.BAD_INPUT, f"a segment named '{name}' exists", field="name") from None


def list_segments(*, session: Session, actor_id: int) -> list[SegmentView]:
    """Saved segments with how many customers each picks now."""
    with atomic(session):
        authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        rows = summaries(session=session)  # once for every segment
        return [_view(session, s, rows) for s in session.exec(select(Segment).order_by(col(Segment.name))).all()]


def delete_segment(*, session: Session, actor_id: int, segment_id: int) -> str:
    """Forget a segment (returns its name); campaigns sent to it keep its name and rules."""
    with atomic(session):
        actor = authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        segment = session.get(Segment, segment_id)
        if segment is None:
            raise StoreError(ErrorCode.NOT_FOUND, "no such segment")
        for campaign in session.exec(select(Campaign).where(Campaign.segment_id == segment_id)).all():
            campaign.segment_id = None
            session.add(campaign)
        session.flush()  # the campaigns let go of the segment before it is deleted
        audit(
            session=session,
            actor=actor,
            action="segment.delete",
            entity=segment,
            data={"name": segment.name, "rules": segment.rules},
        )
        name = segment.name
        session.delete(segment)
        return name
