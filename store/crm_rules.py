"""Who our customers are, in numbers, and the rules that pick some of them (filters and segments).

A customer is either a **member** (a buyer account; staff accounts are not customers here) or a
**guest**: an order e-mail address that has no account. A guest order placed with the e-mail of
an account counts for that member. Each customer has a key: `member:<id>` or `guest:<e-mail>`.

Spend and order counts leave out cancelled and returned (refunded) orders. Segments may include
guests (to count and export them), but a segment's coupon only goes to its members: a guest
e-mail is typed by whoever checks out and proves nothing, so only a signed-in account can be
checked against the recipients when the order is placed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from pricing.shop import shop_settings
from store.errors import ErrorCode, StoreError
from store.order_amounts import SOLD_AT, in_shop_minor
from store.tables import Customer, CustomerErasure, CustomerProfile, Order, OrderLine, now

ERASED_DOMAIN = "erased.invalid"
NOT_COUNTED = ("cancelled", "returned")


class CustomerFilter(BaseModel):
    """Rules over customers: every rule that is set must hold (an empty filter matches everyone)."""

    model_config = ConfigDict(extra="forbid")

    audience: Literal["all", "members", "guests"] = "all"
    search: str = Field(default="", max_length=120, description="part of the name or e-mail")
    min_spend_minor: int | None = Field(default=None, ge=0, description="in minor units of the shop currency")
    max_spend_minor: int | None = Field(default=None, ge=0, description="in minor units of the shop currency")
    min_orders: int | None = Field(default=None, ge=0)
    ordered_within_days: int | None = Field(default=None, ge=1, le=3_650, description="last order at most N days ago")
    not_ordered_within_days: int | None = Field(
        default=None, ge=1, le=3_650, description="no order in the last N days (never ordered included)"
    )
    families: list[str] = Field(default_factory=list, description="bought at least one of these product families")
    tags: list[str] = Field(default_factory=list, description="has at least one of these preference tags")

    @model_validator(mode="after")
    def _ranges(self) -> CustomerFilter:
        if (
            self.min_spend_minor is not None
            and self.max_spend_minor is not None
            and self.min_spend_minor > self.max_spend_minor
        ):
            raise ValueError("the minimum spend is more than the maximum spend")
        if (
            self.ordered_within_days is not None
            and self.not_ordered_within_days is not None
            and self.not_ordered_within_days >= self.ordered_within_days
        ):
            raise ValueError("'ordered within' must be longer than 'not ordered within', or nobody matches")
        return self


def parse_filter(data: CustomerFilter | dict[str, object]) -> CustomerFilter:
    """The validated filter; BAD_INPUT naming the field and the reason otherwise."""
    raw = data.model_dump() if isinstance(data, CustomerFilter) else data
    try:
        return CustomerFilter.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "rules"
        raise StoreError(
            ErrorCode.BAD_INPUT, f"{where}: {first['msg']}", field=where, problems=[e["msg"] for e in exc.errors()]
        ) from None


@dataclass(frozen=True, slots=True)
class CustomerSummary:
    key: str  # member:<id> | guest:<e-mail>
    kind: Literal["member", "guest"]
    customer_id: int | None
    email: str
    name: str
    phone: str | None
    orders: int
    spend_minor: int
    last_order: dt.datetime | None
    families: tuple[str, ...]
    tags: tuple[str, ...] = ()
    order_ids: tuple[int, ...] = field(default=(), repr=False)


@dataclass(frozen=True, slots=True)
class _OrderRow:
    """What the summaries read of an order (plain columns: an ORM object per order is slow)."""

    id: int
    customer_id: int | None
    contact_email: str
    contact_name: str
    contact_phone: str | None
    status: str
    total_minor: int  # in the shop currency (a sale in another one at the rate it was sold at)
    placed_at: dt.datetime


def member_key(customer_id: int) -> str:
    return f"member:{customer_id}"


def guest_key(email: str) -> str:
    return f"guest:{email.strip().lower()}"


def parse_key(key: str) -> tuple[Literal["member", "guest"], int | None, str | None]:
    kind, _, rest = key.partition(":")
    if kind == "member" and rest.isdigit():
        return "member", int(rest), None
    if kind == "guest" and "@" in rest:
        return "guest", None, rest.strip().lower()
    raise StoreError(ErrorCode.NOT_FOUND, "no such customer", key=key)


def is_erased_email(email: str) -> bool:
    return email.endswith("@" + ERASED_DOMAIN)


def summaries(*, session: Session) -> list[CustomerSummary]:
    """Every customer (erased ones excluded) with spend (in the shop currency), orders, last order
    and families bought."""
    erased = set(session.exec(select(CustomerErasure.customer_id)).all())
    members = [
        c
        for c in session.exec(select(Customer).where(Customer.role == "buyer").order_by(col(Customer.id))).all()
        if c.id not in erased
    ]
    by_email = {c.email: c for c in members}
    shop = shop_settings()
    orders = [
        _OrderRow(
            order_id, customer_id, email, name, phone, status, in_shop_minor(shop, total, currency, sold_at), placed_at
        )
        for order_id, customer_id, email, name, phone, status, total, currency, sold_at, placed_at in session.execute(
            columns(
                col(Order.id),
                col(Order.customer_id),
                col(Order.contact_email),
                col(Order.contact_name),
                col(Order.contact_phone),
                col(Order.status),
                col(Order.total_minor),
                col(Order.currency),
                SOLD_AT,
                col(Order.placed_at),
            ).order_by(col(Order.id))
        ).all()
    ]
    families: dict[int, set[str]] = defaultdict(set)
    for order_id, product_code in session.exec(select(OrderLine.order_id, OrderLine.product_code)).all():
        families[order_id].add(product_code)
    profiles = session.exec(select(CustomerProfile)).all()
    tags_of = {(p.customer_id, p.guest_email): tuple(p.tags) for p in profiles}

    groups: dict[str, list[_OrderRow]] = defaultdict(list)
    guest_names: dict[str, tuple[str, str | None]] = {}
    for order in orders:
        if order.customer_id is not None:
            groups[member_key(order.customer_id)].append(order)
        elif order.contact_email in by_email:
            groups[member_key(by_email[order.contact_email].id)].append(order)  # type: ignore[arg-type]
        elif not is_erased_email(order.contact_email):
            groups[guest_key(order.contact_email)].append(order)
            guest_names[order.contact_email] = (order.contact_name, order.contact_phone)

    def summary(
        key: str, kind: Literal["member", "guest"], cid: int | None, email: str, name: str, phone: str | None
    ) -> CustomerSummary:
        rows = groups.get(key, [])
        counted = [o for o in rows if o.status not in NOT_COUNTED]
        bought = sorted({f for o in counted for f in families.get(o.id, ())})
        return CustomerSummary(
            key=key,
            kind=kind,
            customer_id=cid,
            email=email,
            name=name,
            phone=phone,
            orders=len(counted),
            spend_minor=sum(o.total_minor for o in counted),
            last_order=max((o.placed_at for o in counted), default=None),
            families=tuple(bought),
            tags=tags_of.get((cid, None if cid else email), ()),
            order_ids=tuple(o.id for o in rows),
        )

    out = [summary(member_key(c.id), "member", c.id, c.email, c.name, c.phone) for c in members if c.id is not None]
    for email, (name, phone) in sorted(guest_names.items()):
        out.append(summary(guest_key(email), "guest", None, email, name, phone))
    return out


def matches(row: CustomerSummary, rules: CustomerFilter, *, today: dt.datetime | None = None) -> bool:
    moment = today or now()
    if rules.audience == "members" and row.kind != "member":
        return False
    if rules.audience == "guests" and row.kind != "guest":
        return False
    needle = rules.search.strip().lower()
    if needle and needle not in row.email.lower() and needle not in row.name.lower():
        return False
    if rules.min_spend_minor is not None and row.spend_minor < rules.min_spend_minor:
        return False
    if rules.max_spend_minor is not None and row.spend_minor > rules.max_spend_minor:
        return False
    if rules.min_orders is not None and row.orders < rules.min_orders:
        return False
    if rules.ordered_within_days is not None:
        since = moment - dt.timedelta(days=rules.ordered_within_days)
        if row.last_order is None or row.last_order < since:
            return False
    if rules.not_ordered_within_days is not None:
        since = moment - dt.timedelta(days=rules.not_ordered_within_days)
        if row.last_order is not None and row.last_order >= since:
            return False
    if rules.families and not set(rules.families) & set(row.families):
        return False
    wanted = {t.strip().lower() for t in rules.tags if t.strip()}
    return not wanted or bool(wanted & {t.lower() for t in row.tags})


def select_customers(
    *, session: Session, rules: CustomerFilter | dict[str, object], today: dt.datetime | None = None
) -> list[CustomerSummary]:
    """The customers these rules pick, evaluated now on the server."""
    parsed = parse_filter(rules)
    return [row for row in summaries(session=session) if matches(row, parsed, today=today)]
