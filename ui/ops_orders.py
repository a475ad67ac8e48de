"""The staff order page's widgets: filters, the list, and one order's sections with their actions.

Every action calls one `store.order_actions` service (which re-checks the role); a refusal is
shown plainly with `st.error` and nothing changes. Buyer text is shown with `st.text`, in data
frames, or escaped, never as markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from pricing.money import Money
from store.db import transaction
from store.errors import StoreError
from store.lifecycle import Status
from store.materials import units
from store.operations import OrderFilter, OrderListPage
from store.order_actions import advance_order, complete_step
from store.order_detail import StaffOrderDetail
from ui import ops_documents
from ui.auth import User
from ui.format import money
from ui.resources import engine
from ui.safe import md_escape, staff_table

FLASH = "ops:flash"
LABELS = {
    Status.PAID: "Mark as paid",
    Status.IN_PRODUCTION: "Start production",
    Status.SHIPPED: "Mark as shipped",
    Status.DELIVERED: "Mark as delivered",
    Status.CANCELLED: "Cancel the order (refunds a paid order)",
}


def amount(minor: int, currency: str) -> str:
    return money(Money.from_minor(minor, currency))


def act(action: Callable[..., Any], success: str, *, clear: tuple[str, ...] = (), **kwargs: Any) -> None:
    """Run one staff action; on success empty the `clear` inputs and rerun with `success` shown,
    on refusal show why (and keep what was typed)."""
    try:
        with transaction(engine()) as session:
            action(session=session, **kwargs)
    except StoreError as exc:
        st.error(md_escape(exc.message))
        return
    for key in clear:
        st.session_state.pop(key, None)
    st.session_state[FLASH] = success
    st.rerun()


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(md_escape(message))


def filters(products: list[dict[str, Any]]) -> tuple[OrderFilter, int]:
    """The filter bar; returns the filter and the page number asked for."""
    with st.container(border=True):
        left, middle, right = st.columns(3)
        text = left.text_input("Search", key="ops:text", placeholder="order no., reference, e-mail or name")
        status = middle.selectbox(
            "Status", ["", *[s.value for s in Status]], key="ops:status", format_func=lambda s: s or "any"
        )
        codes = ["", *[str(p["code"]) for p in products]]
        names = {str(p["code"]): str(p["name"]) for p in products}
        product = right.selectbox(
            "Product family", codes, key="ops:product", format_func=lambda c: names.get(c, c) or "any"
        )
        left, middle, right = st.columns(3)
        since = left.date_input("Placed from", value=None, key="ops:from")
        until = middle.date_input("Placed until", value=None, key="ops:to")
        attention = right.checkbox("Needs attention only", key="ops:attention")
        page = int(right.number_input("Page", min_value=1, max_value=100_000, step=1, key="ops:page"))
    return (
        OrderFilter(
            status=status or None,
            placed_from=since if isinstance(since, dt.date) else None,
            placed_to=until if isinstance(until, dt.date) else None,
            product_code=product or None,
            text=text,
            needs_attention=attention,
        ),
        page,
    )


def order_list(listing: OrderListPage) -> str | None:
    """The page of orders as a table, and a picker for one of them; returns its reference."""
    noun = "order" if listing.total == 1 else "orders"
    st.caption(f"{listing.total} {noun} · page {listing.page} of {listing.pages}")
    if not listing.rows:
        if listing.total:
            st.info(f"There are {listing.pages} pages of orders; choose a lower page number.")
        else:
            st.info("No order matches these filters.")
        return None
    staff_table(
        [
            {
                "No.": r.number,
                "Placed": r.placed_at.strftime("%Y-%m-%d %H:%M"),
                "Status": r.status,
                "Buyer": r.contact_name,
                "E-mail": r.contact_email,
                "Products": r.products,
                "Total": amount(r.total_minor, r.currency),
                "Promised": r.promised_delivery.isoformat() if r.promised_delivery else "",
                "Attention": ", ".join(r.attention),
            }
            for r in listing.rows
        ],
        hide_index=True,
        width="stretch",
    )
    by_reference = {r.reference: r for r in listing.rows}
    return st.selectbox(
        "Open order",
        list(by_reference),
        key="ops:order",
        format_func=lambda ref: (
            f"#{by_reference[ref].number} · {by_reference[ref].contact_name} · {by_reference[ref].status}"
        ),
    )


def summary(detail: StaffOrderDetail) -> None:
    order = detail.order
    st.subheader(f"Order #{detail.number}")
    for reason in detail.attention:
        st.warning(f"Needs attention: {reason}")
    a, b, c, d = st.columns(4)
    a.metric("Status", order.status.replace("_", " "))
    b.metric("Total", amount(order.total_minor, order.currency))
    c.metric("Placed", order.placed_at.strftime("%Y-%m-%d"))
    d.metric("Promised", order.promised_delivery.isoformat() if order.promised_delivery else "-")
    st.text(f"Reference: {order.token}")
    if detail.replaces is not None:
        link = detail.replaces
        st.info(f"Replacement (exchange, no charge) for order #{link.number} ({link.status}), reference {link.token}")
    for link in detail.replaced_by:
        st.info(f"Replaced by order #{link.number} ({link.status.replace('_', ' ')}), reference {link.token}")
    st.text(f"Buyer: {order.contact_name} <{order.contact_email}>")
    address = ", ".join(
        p for p in (order.ship_name, order.ship_line1, order.ship_line2, order.ship_postal_code, order.ship_city) if p
    )
    st.text(f"Ship to: {address}, {order.ship_country}")


def state_buttons(user: User, detail: StaffOrderDetail) -> None:
    if not detail.next_states:
        if detail.order.status == Status.RETURN_REQUESTED:
            st.info("Settle the return request below to move this order on.")
        return
    note = st.text_input("Note for the buyer (optional)", key=f"ops:note:{detail.number}", max_chars=500)
    columns = st.columns(len(detail.next_states))
    for column, state in zip(columns, detail.next_states, strict=True):
        label = LABELS.get(Status(state), state)
        if column.button(label, key=f"ops:to:{state}", type="secondary" if state == "cancelled" else "primary"):
            act(
                advance_order,
                f"Order #{detail.number} is now {state.replace('_', ' ')}.",
                actor_id=user.id,
                order=detail.order.token,
                to=state,
                note=note,
                clear=(f"ops:note:{detail.number}",),
            )


def production(user: User, detail: StaffOrderDetail) -> None:
    st.subheader("Production steps")
    if not detail.steps:
        st.caption("This order has no production steps.")
        return
    open_for_work = detail.order.status in (Status.PAID, Status.IN_PRODUCTION)
    for step in detail.steps:
        done = step.status == "done"
        when = f" (done {step.done_at:%Y-%m-%d %H:%M})" if done and step.done_at else ""
        ticked = st.checkbox(
            md_escape(f"Item {step.line_position} · {step.name}{when}"),
            value=done,
            disabled=done or not open_for_work,
            key=f"ops:step:{step.id}",
        )
        if ticked and not done:
            act(
                complete_step,
                f"Done: {step.name}",
                actor_id=user.id,
                order=detail.order.token,
                step_id=step.id,
            )


def lines(detail: StaffOrderDetail) -> None:
    st.subheader("Items")
    for line in detail.lines:
        with st.container(border=True):
            st.text(
                f"{line.position}. {line.product_name} × {line.quantity} — "
                f"{amount(line.line_total_minor, line.currency)} (catalog version {line.catalog_version})"
            )
            for choice in ops_documents.choices(line.snapshot):
                st.text(f"   {choice}")
    st.subheader("Bill of materials")
    if detail.bill_of_materials:
        staff_table(
            [
                {"Material": b.material_name, "Code": b.material_code, "Quantity": b.quantity, "Unit": b.unit}
                for b in detail.bill_of_materials
            ],
            hide_index=True,
        )
    else:
        st.caption("No materials recorded.")
    if detail.needs:
        st.caption("Purchase needs of this order")
        staff_table(
            [
                {
                    "Material": n.material_name,
                    "Quantity": format(units(n.quantity_micro), "f"),
                    "Unit": n.unit,
                    "Status": n.status,
                    "Ordered": n.ordered_at.strftime("%Y-%m-%d") if n.ordered_at else "",
                    "Received": n.received_at.strftime("%Y-%m-%d") if n.received_at else "",
                }
                for n in detail.needs
            ],
            hide_index=True,
        )


def timeline(detail: StaffOrderDetail) -> None:
    st.subheader("Timeline")
    staff_table(
        [
            {"When": e.at.strftime("%Y-%m-%d %H:%M"), "Status": e.status, "What": e.message, "By": e.actor}
            for e in detail.events
        ],
        hide_index=True,
        width="stretch",
    )
    if detail.payments:
        st.caption("Payments")
        staff_table(
            [
                {
                    "When": p.at.strftime("%Y-%m-%d %H:%M"),
                    "Kind": p.kind,
                    "Amount": amount(p.amount_minor, p.currency),
                    "Provider": p.provider + (" (test)" if p.test_mode else ""),
                    "Reference": p.reference,
                }
                for p in detail.payments
            ],
            hide_index=True,
        )
