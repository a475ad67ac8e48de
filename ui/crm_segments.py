"""The customers page's segment tab: a rule builder with a live count, saved segments, a coupon
sent to a segment's members, and the campaigns sent so far with how many coupons were used.

Counts are computed by the server from the rules (`store.crm.preview_segment`), never from the page.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

import i18n
from pricing.shop import NAMED_LANGUAGES
from store.campaigns import list_campaigns, target_segment
from store.crm import SegmentView, delete_segment, list_segments, preview_segment, save_segment
from store.crm_rules import CustomerFilter
from store.tables import CouponCreate
from ui.actions import call
from ui.auth import User
from ui.crm_customers import family_codes, shop_currency, shop_money, to_minor
from ui.format import counted
from ui.safe import md_escape, staff_table


def rules_form() -> dict[str, object]:
    """The segment builder's rules, as `store.crm_rules.CustomerFilter` fields."""
    first = st.columns(3)
    audience = first[0].selectbox(
        "Who",
        ["all", "members", "guests"],
        key="seg:audience",
        help="Guests (order e-mails without an account) are counted, but coupons go to members only.",
    )
    min_spend = first[1].number_input(
        f"Spent at least ({shop_currency()})", min_value=0.0, value=None, key="seg:min-spend"
    )
    max_spend = first[2].number_input(
        f"Spent at most ({shop_currency()})", min_value=0.0, value=None, key="seg:max-spend"
    )
    second = st.columns(3)
    min_orders = second[0].number_input("At least N orders", min_value=0, value=None, step=1, key="seg:min-orders")
    within = second[1].number_input("Ordered in the last N days", min_value=1, value=None, step=1, key="seg:within")
    lapsed = second[2].number_input("No order in the last N days", min_value=1, value=None, step=1, key="seg:lapsed")
    families = st.multiselect("Bought product family (any of)", family_codes(), key="seg:families")
    tags = st.text_input("Has preference tag (any of, comma-separated)", key="seg:tags")
    return {
        "audience": audience,
        "min_spend_minor": to_minor(min_spend),
        "max_spend_minor": to_minor(max_spend),
        "min_orders": int(min_orders) if min_orders is not None else None,
        "ordered_within_days": int(within) if within else None,
        "not_ordered_within_days": int(lapsed) if lapsed else None,
        "families": families,
        "tags": [t.strip() for t in tags.split(",") if t.strip()],
    }


def describe(rules: CustomerFilter) -> str:
    parts: list[str] = [] if rules.audience == "all" else [rules.audience]
    if rules.min_spend_minor is not None:
        parts.append(f"spent ≥ {shop_money(rules.min_spend_minor)}")
    if rules.max_spend_minor is not None:
        parts.append(f"spent ≤ {shop_money(rules.max_spend_minor)}")
    if rules.min_orders is not None:
        parts.append(f"≥ {rules.min_orders} orders")
    if rules.ordered_within_days:
        parts.append(f"ordered in last {rules.ordered_within_days} days")
    if rules.not_ordered_within_days:
        parts.append(f"no order in last {rules.not_ordered_within_days} days")
    if rules.families:
        parts.append("bought " + " or ".join(rules.families))
    if rules.tags:
        parts.append("tagged " + " or ".join(rules.tags))
    return ", ".join(parts) or "everyone"


def segments_tab(user: User) -> None:
    st.subheader("Build a segment")
    rules = rules_form()
    picked = call(preview_segment, actor_id=user.id, rules=rules)
    if picked is not None:
        members = sum(1 for r in picked if r.kind == "member")
        total, member_col, guest_col = st.columns(3)
        total.metric("Customers in segment", len(picked))
        member_col.metric("Members (can get a coupon)", members)
        guest_col.metric("Guests", len(picked) - members)
    name = st.text_input("Segment name", max_chars=80, key="seg:name")
    if st.button("Save segment", key="seg:save", type="primary"):
        saved = call(save_segment, actor_id=user.id, name=name, rules=rules)
        if saved is not None:
            who = f"{counted(saved.members, 'member')}, {counted(saved.guests, 'guest')}"
            st.success(f"Segment '{md_escape(saved.name)}' saved: {who}.")

    segments = call(list_segments, actor_id=user.id) or []
    st.subheader("Saved segments")
    if not segments:
        st.info("No segment saved yet.")
    else:
        staff_table(
            [
                {"Segment": s.name, "Rules": describe(s.rules), "Members": s.members, "Guests": s.guests}
                for s in segments
            ],
            hide_index=True,
            width="stretch",
        )
        by_id = {s.id: s for s in segments}
        coupon_form(user, by_id)
        delete_form(user, by_id)
    campaigns_list(user)


def delete_form(user: User, segments: dict[int, SegmentView]) -> None:
    with st.expander("Delete a segment"):
        names = {sid: s.name for sid, s in segments.items()}
        segment_id = st.selectbox("Segment to delete", list(names), format_func=names.__getitem__, key="seg:delete")
        if st.button("Delete segment", key="seg:delete-button") and segment_id is not None:
            name = call(delete_segment, actor_id=user.id, segment_id=segment_id)
            if name is not None:
                st.session_state["crm:flash"] = f"Segment '{md_escape(name)}' deleted; coupons sent keep its name."
                st.rerun()


def coupon_form(user: User, segments: dict[int, SegmentView]) -> None:
    st.subheader("Send a coupon to a segment")
    names = {sid: f"{s.name} ({counted(s.members, 'member')})" for sid, s in segments.items()}
    segment_id = st.selectbox("Segment", list(names), format_func=names.__getitem__, key="seg:target")
    with st.form("seg:coupon"):
        first = st.columns(3)
        code = first[0].text_input("Coupon code", max_chars=32, key="seg:code")
        label = first[1].text_input("What it gives (shown to buyers)", max_chars=120, key="seg:label")
        kind = first[2].selectbox("Kind", ["percent", "fixed", "free-shipping"], key="seg:kind")
        with st.expander("Its name in other languages (optional: buyers otherwise read it worded from its terms)"):
            labels = {
                lang: cell.text_input(i18n.LANGUAGES[lang], max_chars=120, key=f"seg:label:{lang}")
                for lang, cell in zip(NAMED_LANGUAGES, st.columns(len(NAMED_LANGUAGES)), strict=True)
            }
        second = st.columns(3)
        percent = second[0].number_input("Percent off", min_value=1, max_value=100, value=10, key="seg:percent")
        amount = second[1].number_input(f"Amount off ({shop_currency()})", min_value=0.01, value=5.0, key="seg:amount")
        minimum = second[2].number_input(
            f"Minimum spend ({shop_currency()})", min_value=0.0, value=0.0, key="seg:minimum"
        )
        until = st.date_input(
            "Valid until", value=dt.datetime.now(dt.UTC).date() + dt.timedelta(days=30), key="seg:until"
        )
        subject = st.text_input("E-mail subject", value="A coupon for you", max_chars=200, key="seg:subject")
        message = st.text_area("Message", max_chars=2_000, key="seg:message")
        send = st.form_submit_button("Send the coupon to the segment's members", type="primary")
    if send and segment_id is not None:
        try:
            data = coupon_data(code, label, kind, percent, amount, minimum, until, labels)
        except ValidationError as exc:
            st.error(md_escape(f"{'.'.join(str(p) for p in exc.errors()[0]['loc'])}: {exc.errors()[0]['msg']}"))
            return
        result = call(
            target_segment, actor_id=user.id, segment_id=segment_id, coupon=data, subject=subject, message=message
        )
        if result is not None:
            left_out = f"; {counted(result.guests_left_out, 'guest')} left out" if result.guests_left_out else ""
            st.success(f"Coupon {md_escape(result.code)} sent to {counted(result.recipients, 'member')}{left_out}.")


def coupon_data(
    code: str,
    label: str,
    kind: str,
    percent: float,
    amount: float,
    minimum: float,
    until: object,
    labels: dict[str, str] | None = None,
) -> CouponCreate:
    return CouponCreate(
        code=code,
        label=label or code,
        labels=labels or {},  # blank names are dropped by the store
        kind=kind,
        percent=int(percent) if kind == "percent" else None,
        amount_minor=to_minor(amount) if kind == "fixed" else None,
        minimum_spend_minor=to_minor(minimum) or 0,
        currency=shop_currency(),
        valid_from=dt.datetime.now(dt.UTC).date(),
        valid_until=until if isinstance(until, dt.date) else None,
        max_uses_per_customer=1,
    )


def campaigns_list(user: User) -> None:
    campaigns = call(list_campaigns, actor_id=user.id) or []
    if campaigns:
        st.subheader("Campaigns")
        staff_table(
            [
                {
                    "Coupon": c.code,
                    "Gives": c.label,
                    "Segment": c.segment_name,
                    "Sent on": c.created_at.date().isoformat(),
                    "Sent": c.sent,
                    "Used": c.used,
                }
                for c in campaigns
            ],
            hide_index=True,
            width="stretch",
        )
