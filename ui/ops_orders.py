"""The staff order page's widgets: filters, the list, and one order's sections with their actions.

Every action calls one `store.order_actions` service (which re-checks the role); a refusal is
shown plainly with `st.error` and nothing changes. Buyer text is shown with `st.text`, in data
frames, or escaped, never as markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from pricing.formatting import country
from pricing.money import Money
from store.materials import units
from store.operations import OrderFilter, OrderListPage
from store.order_actions import advance_order, complete_step
from store.order_detail import StaffOrderDetail
from store.snapshots import LineSnapshot
from store.states import OrderStatus
from ui.auth import User
from ui.format import money, status_label
from ui.ops_actions import ERROR, act, action_button, refusal
from ui.safe import md_escape, staff_table

OPEN = "ops:open"  # (reference, label) of the order on screen: changed only by the picker
PICKED = "ops:order"
LABELS = {
    OrderStatus.PAID: "Mark as paid",
    OrderStatus.IN_PRODUCTION: "Start production",
    OrderStatus.SHIPPED: "Mark as shipped",
    OrderStatus.DELIVERED: "Mark as delivered",
    OrderStatus.CANCELLED: "Cancel the order (refunds a paid order)",
}


def amount(minor: int, currency: str) -> str:
    return money(Money.from_minor(minor, currency))


def filters(products: list[dict[str, Any]]) -> tuple[OrderFilter, int]:
    """The filter bar; returns the filter and the page number asked for."""
    with st.container(border=True):
        left, middle, right = st.columns(3)
        text = left.text_input("Search", key="ops:text", placeholder="order no., reference, e-mail or name")
        status = middle.selectbox(
            "Status",
            ["", *[s.value for s in OrderStatus]],
            key="ops:status",
            format_func=lambda s: status_label(s) if s else "any",
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
    """The page of orders as a table, and a picker for one of them; returns the reference of the
    order on screen. That order changes only when staff pick another one: a status change that
    reorders the list, or takes the order out of the filtered list, leaves it on screen."""
    noun = "order" if listing.total == 1 else "orders"
    st.caption(f"{listing.total} {noun} · page {listing.page} of {listing.pages}")
    opened: tuple[str, str] | None = st.session_state.get(OPEN)
    if not listing.rows:
        if listing.total:
            st.info(f"There are {listing.pages} pages of orders; choose a lower page number.")
        else:
            st.info("No order matches these filters.")
        if opened is None:
            return None
    else:
        staff_table(
            [
                {
                    "No.": r.number,
                    "Placed": r.placed_at.strftime("%Y-%m-%d %H:%M"),
                    "Status": status_label(r.status),
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
    # Labels never hold anything an action changes (such as the status): the browser sends the
    # chosen label back, and a label that changed used to make the picker fall back to the first order.
    labels = {r.reference: f"#{r.number} · {r.contact_name}" for r in listing.rows}
    if opened is None:
        first = listing.rows[0]
        opened = (first.reference, labels[first.reference])
        st.session_state[OPEN] = opened
    if opened[0] not in labels:
        labels = {opened[0]: f"{opened[1]} (not in this list)", **labels}
    st.session_state["ops:labels"] = labels
    st.session_state[PICKED] = opened[0]
    st.selectbox(
        "Open order", list(labels), key=PICKED, format_func=lambda ref: labels.get(ref, ref), on_change=_picked
    )
    return opened[0]


def _picked() -> None:
    """The picker's callback: open the order chosen, if it is one the picker offered."""
    reference = st.session_state.get(PICKED)
    labels: dict[str, str] = st.session_state.get("ops:labels", {})
    if reference in labels:
        st.session_state[OPEN] = (reference, labels[reference].removesuffix(" (not in this list)"))


def summary(detail: StaffOrderDetail) -> None:
    order = detail.order
    st.subheader(f"Order #{detail.number}")
    for reason in detail.attention:
        st.warning(f"Needs attention: {reason}")
    a, b, c, d = st.columns(4)
    a.metric("Status", status_label(order.status))
    b.metric("Total", amount(order.total_minor, order.currency))
    c.metric("Placed", order.placed_at.strftime("%Y-%m-%d"))
    d.metric("Promised", order.promised_delivery.isoformat() if order.promised_delivery else "-")
    st.text(f"Reference: {order.token}")
    if detail.replaces is not None:
        link = detail.replaces
        state = status_label(link.status).lower()
        st.info(f"Replacement (exchange, no charge) for order #{link.number} ({state}), reference {link.token}")
    for link in detail.replaced_by:
        st.info(f"Replaced by order #{link.number} ({status_label(link.status).lower()}), reference {link.token}")
    st.text(f"Buyer: {order.contact_name} <{order.contact_email}>")
    address = ", ".join(
        p for p in (order.ship_name, order.ship_line1, order.ship_line2, order.ship_postal_code, order.ship_city) if p
    )
    st.text(f"Ship to: {address}, {country(order.ship_country, 'en')}")


def state_buttons(user: User, detail: StaffOrderDetail) -> None:
    if not detail.next_states:
        if detail.order.status == OrderStatus.RETURN_REQUESTED:
            st.info("Settle the return request below to move this order on.")
        return
    note_key = f"ops:note:{detail.number}"
    st.text_input("Note for the buyer (optional)", key=note_key, max_chars=500)
    columns = st.columns(len(detail.next_states))
    for column, state in zip(columns, detail.next_states, strict=True):
        action_button(
            column,
            LABELS.get(OrderStatus(state), state),
            key=f"ops:to:{state}",
            type="secondary" if state == "cancelled" else "primary",
            action=advance_order,
            success=f"Order #{detail.number} is now {state.replace('_', ' ')}.",
            clear=(note_key,),
            read={"note": note_key},
            actor_id=user.id,
            order=detail.order.token,
            to=state,
        )


def production(user: User, detail: StaffOrderDetail) -> None:
    st.subheader("Production steps")
    if not detail.steps:
        st.caption("This order has no production steps.")
        return
    open_for_work = detail.order.status in (OrderStatus.PAID, OrderStatus.IN_PRODUCTION)
    for step in detail.steps:
        done = step.status == "done"
        when = f" (done {step.done_at:%Y-%m-%d %H:%M})" if done and step.done_at else ""
        key = f"ops:step:{step.id}"
        st.checkbox(
            md_escape(f"Item {step.line_position} · {step.name}{when}"),
            value=done,
            disabled=done or not open_for_work,
            key=key,
            on_change=_tick,
            kwargs={"key": key, "user_id": user.id, "order": detail.order.token, "step_id": step.id, "name": step.name},
        )
        refusal(st, key)


def _tick(*, key: str, user_id: int, order: str, step_id: int, name: str) -> None:
    """A step's callback: tick it off on the order it was drawn for (never untick)."""
    if not st.session_state.get(key):
        return
    act(complete_step, f"Done: {name}", where=key, actor_id=user_id, order=order, step_id=step_id)
    if f"{ERROR}:{key}" in st.session_state:
        st.session_state[key] = False


def lines(detail: StaffOrderDetail) -> None:
    st.subheader("Items")
    for line in detail.lines:
        with st.container(border=True):
            st.text(
                f"{line.position}. {line.product_name} × {line.quantity} — "
                f"{amount(line.line_total_minor, line.currency)} (catalog version {line.catalog_version})"
            )
            st.text("\n".join(LineSnapshot.of(line.snapshot).choices()))  # one block, one choice a line
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
                    "Status": n.status.replace("_", " ").capitalize(),  # "Open", not the stored "open"
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
            {
                "When": e.at.strftime("%Y-%m-%d %H:%M"),
                "Status": status_label(e.status),
                "What": e.message,
                "By": e.actor,
            }
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
