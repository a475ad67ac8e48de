"""Segment rules as pure predicates over customer summaries: partitions and monotonic bounds."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from store.crm_rules import CustomerFilter, CustomerSummary, matches

NOW = dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)


@st.composite
def customers(draw):
    kind = draw(st.sampled_from(["member", "guest"]))
    orders = draw(st.integers(0, 5))
    ago = draw(st.integers(0, 400))
    return CustomerSummary(
        key=f"{kind}:{draw(st.integers(1, 10**6))}",
        kind=kind,
        customer_id=1 if kind == "member" else None,
        email="x@example.org",
        name="X",
        phone=None,
        orders=orders,
        spend_minor=draw(st.integers(0, 10**6)) if orders else 0,
        last_order=NOW - dt.timedelta(days=ago, hours=draw(st.integers(0, 23))) if orders else None,
        families=tuple(draw(st.lists(st.sampled_from(["mug", "bike", "tshirt"]), max_size=2, unique=True))),
        tags=tuple(draw(st.lists(st.sampled_from(["gifts", "b2b"]), max_size=2, unique=True))),
    )


@given(st.lists(customers(), max_size=30), st.integers(1, 365))
def test_ordered_within_and_not_within_the_same_days_split_everyone(rows, days):
    recent = [r for r in rows if matches(r, CustomerFilter(ordered_within_days=days), today=NOW)]
    lapsed = [r for r in rows if matches(r, CustomerFilter(not_ordered_within_days=days), today=NOW)]
    assert len(recent) + len(lapsed) == len(rows)
    assert not {id(r) for r in recent} & {id(r) for r in lapsed}


@given(st.lists(customers(), max_size=30))
def test_members_and_guests_split_everyone(rows):
    members = [r for r in rows if matches(r, CustomerFilter(audience="members"))]
    guests = [r for r in rows if matches(r, CustomerFilter(audience="guests"))]
    assert len(members) + len(guests) == len(rows) == len([r for r in rows if matches(r, CustomerFilter())])


@given(st.lists(customers(), max_size=30), st.integers(0, 10**6), st.integers(0, 10**6))
def test_a_higher_minimum_spend_never_picks_more(rows, low, extra):
    def count(minimum):
        return sum(matches(r, CustomerFilter(min_spend_minor=minimum)) for r in rows)

    assert count(low + extra) <= count(low)
    both = CustomerFilter(min_spend_minor=low, max_spend_minor=low + extra)
    assert all(low <= r.spend_minor <= low + extra for r in rows if matches(r, both))
