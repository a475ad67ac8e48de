"""The customers page's customer tab: search and list, a customer's file, stated needs, data export
and erasure (confirmed twice). Every action goes through `store.crm` / `store.crm_privacy`, which
re-check the role; customer text is shown with `st.text`, dataframes or escaped markdown only.
"""

from __future__ import annotations

import json

import streamlit as st

from pricing.money import Money
from pricing.shop import shop_settings
from store.crm import customer_detail, list_customers, save_profile
from store.crm_privacy import erase_customer, export_customer
from store.crm_rules import CustomerSummary
from ui.actions import call
from ui.auth import User
from ui.format import counted, money, status_label
from ui.resources import product_list
from ui.safe import md_escape, staff_table


def shop_currency() -> str:
    """The currency staff read and type amounts in: the shop's (`pricing/shop.yaml`), the one the
    store keeps customer spend, segment rules and coupon amounts in."""
    return shop_settings().currency


def shop_money(minor: int) -> str:
    """Minor units of the shop currency, as staff read them."""
    return money(Money.from_minor(minor, shop_currency()))


def to_minor(amount: float | None) -> int | None:
    """An amount typed in a number box, in minor units of the shop currency through Money (the
    currency's own places)."""
    return None if amount is None else Money(str(amount), shop_currency()).rounded().to_minor()


def family_codes() -> list[str]:
    return sorted({str(row["code"]) for row in product_list()})


def family_name(code: str) -> str:
    """A product family as staff read it elsewhere ("Custom T-shirt", not "tshirt"); its code
    when it is not on sale any more."""
    return next((str(row["name"]) for row in product_list() if row["code"] == code), code)


def filters_form() -> dict[str, object]:
    """The list's filters, as `store.crm_rules.CustomerFilter` fields."""
    columns = st.columns([3, 2, 2, 2])
    search = columns[0].text_input("Search name or e-mail", key="crm:search", max_chars=120)
    audience = columns[1].selectbox("Who", ["all", "members", "guests"], key="crm:audience")
    min_spend = columns[2].number_input(
        f"Spent at least ({shop_currency()})", min_value=0.0, value=None, key="crm:min-spend"
    )
    within = columns[3].number_input("Ordered in the last N days", min_value=1, value=None, step=1, key="crm:within")
    families = st.multiselect("Bought product family", family_codes(), format_func=family_name, key="crm:families")
    return {
        "search": search,
        "audience": audience,
        "min_spend_minor": to_minor(min_spend),
        "ordered_within_days": int(within) if within else None,
        "families": families,
    }


def table(rows: list[CustomerSummary]) -> list[dict[str, object]]:
    return [
        {
            "Name": r.name,
            "E-mail": r.email,
            "Kind": r.kind,
            "Orders": r.orders,
            "Spend": shop_money(r.spend_minor),
            "Last order": r.last_order.date().isoformat() if r.last_order else "",
            "Families": ", ".join(sorted(map(family_name, r.families))),
            "Tags": ", ".join(r.tags),
        }
        for r in rows
    ]


def customers_tab(user: User) -> None:
    rules = filters_form()
    rows = call(list_customers, actor_id=user.id, rules=rules)
    if rows is None:
        return
    st.caption(f"{counted(len(rows), 'customer')}, biggest spenders first")
    if not rows:
        st.info("No customer matches these filters.")
        return
    staff_table(table(rows), hide_index=True, width="stretch")
    labels = {r.key: f"{r.name} <{r.email}> ({r.kind})" for r in rows}
    key = st.selectbox("Open a customer", list(labels), format_func=labels.__getitem__, key="crm:customer")
    if key:
        customer_file(user, key)


def customer_file(user: User, key: str) -> None:
    detail = call(customer_detail, actor_id=user.id, key=key)
    if detail is None:
        return
    summary = detail.summary
    st.subheader(md_escape(summary.name))
    st.text(f"{summary.email}   {summary.phone or ''}   ({summary.kind})")
    spend, orders, last = st.columns(3)
    spend.metric("Spent", shop_money(summary.spend_minor))
    orders.metric("Orders", summary.orders)
    last.metric("Last order", summary.last_order.date().isoformat() if summary.last_order else "never")
    st.markdown("**Orders**")
    staff_table(
        [
            {
                "No.": o.number,
                "Placed": o.placed_at.strftime("%Y-%m-%d %H:%M"),
                "Status": status_label(o.status),
                "Total": money(Money.from_minor(o.total_minor, o.currency)),
                "Products": ", ".join(o.product_names),
            }
            for o in detail.orders
        ],
        hide_index=True,
        width="stretch",
    )
    if detail.designs:
        st.markdown("**Saved designs**")
        staff_table(
            [
                {"Name": d.name, "Product": d.product_code, "Saved": d.created_at.date().isoformat()}
                for d in detail.designs
            ],
            hide_index=True,
        )
    st.markdown("**Coupons sent and used**")
    if detail.campaigns:
        staff_table(
            [
                {
                    "Coupon": c.code,
                    "Segment": c.segment_name,
                    "Sent": c.sent_at.date().isoformat(),
                    "Used": c.used_at.date().isoformat() if c.used_at else "not yet",
                    "Order no.": c.order_number,
                }
                for c in detail.campaigns
            ],
            hide_index=True,
        )
    else:
        st.caption("No coupon sent yet." if summary.kind == "member" else "Guests are not sent coupons.")
    profile_form(user, key, detail.profile.needs, detail.profile.tags)
    export_section(user, key)
    erase_section(user, key)


def profile_form(user: User, key: str, needs: str, tags: tuple[str, ...]) -> None:
    with st.form(f"crm:profile:{key}"):
        st.markdown("**Stated needs and preferences**")
        text = st.text_area("Needs (what they told us)", value=needs, max_chars=4_000, key=f"crm:needs:{key}")
        tag_text = st.text_input("Tags, comma-separated", value=", ".join(tags), key=f"crm:tags:{key}")
        if st.form_submit_button("Save needs and tags"):
            saved = call(save_profile, actor_id=user.id, key=key, needs=text, tags=tag_text.split(","))
            if saved is not None:
                st.success("Saved.")


def export_section(user: User, key: str) -> None:
    st.markdown("**Data export**")
    if st.button("Prepare a data export (JSON)", key="crm:export"):
        data = call(export_customer, actor_id=user.id, key=key)
        if data is not None:
            st.session_state["crm:export-data"] = {"key": key, "json": json.dumps(data, indent=2, default=str)}
    ready = st.session_state.get("crm:export-data")
    if isinstance(ready, dict) and ready.get("key") == key:
        st.success("The export is ready (the export was recorded in the audit log).")
        st.download_button(
            "Download the export",
            data=ready["json"],
            file_name="customer-export.json",
            mime="application/json",
            key="crm:export-download",
        )


def erase_section(user: User, key: str) -> None:
    with st.expander("Erase this customer's personal data (on their request)"):
        st.warning(
            "Irreversible: name, e-mail, phone, addresses, messages, review texts and typed text in orders "
            "are erased; the account can no longer sign in. Order amounts stay for the accounts."
        )
        understood = st.checkbox("I understand this cannot be undone", key=f"crm:erase-ack:{key}")
        typed = st.text_input("Type the customer's e-mail address to confirm", key=f"crm:erase-confirm:{key}")
        if st.button("Erase personal data", key="crm:erase", type="primary", disabled=not understood):
            orders = call(erase_customer, actor_id=user.id, key=key, confirm_email=typed)
            if orders is not None:
                st.session_state.pop("crm:customer", None)
                st.session_state["crm:flash"] = f"Personal data erased ({counted(orders, 'order')} anonymised)."
                st.rerun()
