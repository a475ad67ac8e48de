"""The buyer's order page: timeline, bill, and the after-sales forms. Buyer text goes through
st.text or md_escape only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

import streamlit as st

from i18n.words import N_
from modules.kinds import SingleChoice
from modules.translations import translated
from pricing.formatting import country
from pricing.labels import order_delivery, order_discounts
from store.aftersales import post_message
from store.db import transaction
from store.errors import StoreError
from store.lifecycle import OrderDetail, get_invoice, get_order
from store.snapshots import LineSnapshot
from store.states import TRACKED_PATH, OrderStatus, ReturnStatus
from store.tables import OrderLinePublic, ReturnRequestPublic, ReviewPublic, SupportMessageCreate, SupportMessagePublic
from ui import ops_documents
from ui.actions import attempt, refusal
from ui.cart_view import catalog_for
from ui.format import cents as format_cents
from ui.format import date, day, moment, status_label
from ui.language import _, current
from ui.line_picture import line_picture, picture_alt, shown_width
from ui.resources import database, sold_catalog, sold_line_catalog
from ui.reviews_view import REVIEW_ASPECTS
from ui.safe import md_escape


def token_in(typed: str) -> str:
    """The order reference in what a buyer pasted: the whole private link from the e-mail
    (`https://shop/order?order=<reference>`, possibly with more parameters) or the reference alone."""
    text = typed.strip()
    if "order=" in text:
        text = text.split("order=", 1)[1].split("&", 1)[0].split("#", 1)[0]
    return text.strip()


def run(action: Callable[..., Any], success: str, **kwargs: Any) -> bool:
    """Call a store service in one transaction; show its refusal, or `success` after a rerun."""
    if not attempt(action, **kwargs).ok:
        return False
    st.session_state["order:flash"] = success
    st.rerun()
    return True


MESSAGE = "order:message"


def send_message(*, order: str, customer_id: int | None) -> None:
    """The "Send message" callback: post what is typed; on success empty the box (a callback
    may set a widget's value, the script after the widget may not), on refusal keep it."""
    body = str(st.session_state.get(MESSAGE) or "")
    if not body.strip():
        st.session_state[f"{MESSAGE}:error"] = _("Write a message first.")
        return
    try:
        with transaction(database()) as session:
            data = SupportMessageCreate(body=body)
            post_message(session=session, order=order, customer_id=customer_id, data=data, author="buyer")
    except (StoreError, ValueError) as exc:
        text = refusal(exc) if isinstance(exc, StoreError) else str(exc).splitlines()[0]
        st.session_state[f"{MESSAGE}:error"] = text
        return
    st.session_state[MESSAGE] = ""
    st.session_state["order:flash"] = _("Message sent.")


def message_refusal() -> None:
    error = st.session_state.pop(f"{MESSAGE}:error", None)
    if error:
        st.warning(md_escape(error))


def cents(minor: int, currency: str) -> str:
    return format_cents(minor, currency)


def event_text(message: str) -> str:
    """A timeline entry in the page's language: the store writes its events in English, from the
    message catalogs' words ("Payment received"), sometimes followed by a note (": <note>") that is
    shown as written."""
    said = _(message)
    if said != message or ": " not in message:
        return said
    head, note = message.split(": ", 1)
    return f"{_(head)}: {note}"


def line_names(line: OrderLinePublic) -> tuple[str, tuple[str, ...]]:
    """The product's name and the choices of an order line in the page's language, from the
    catalog version it was sold under (names stored at sale where that version is not at hand)."""
    catalog = sold_line_catalog(line)
    snapshot = LineSnapshot.of(line.snapshot)
    if catalog is None:
        return line.product_name, snapshot.choices()
    shown = translated(catalog, current())
    return shown.name, snapshot.choices_named(shown)


def _planned(detail: OrderDetail, status: OrderStatus) -> dt.date | None:
    """When a step not reached yet is expected: shipping and delivery from the promise made at
    checkout (the other steps follow within hours)."""
    window = detail.pricing.get("delivery")
    if status == OrderStatus.SHIPPED and isinstance(window, dict) and window.get("ships_on"):
        try:
            return dt.date.fromisoformat(str(window["ships_on"]))
        except ValueError:
            return None
    if status == OrderStatus.DELIVERED:
        return detail.order.promised_delivery
    return None


def tracker(detail: OrderDetail) -> None:
    """The order's way, step by step: each step done (with its day), the one it is at, the ones to
    come (with the expected day), and the workshop's progress while it is being made. A cancelled
    or returned order has left the way: its timeline tells what happened."""
    order = detail.order
    if order.status not in TRACKED_PATH:
        return
    reached = {event.status: event.created_at for event in detail.events}
    at = TRACKED_PATH.index(OrderStatus(order.status))
    with st.container(key="order-tracker"):
        for column, (index, status) in zip(st.columns(len(TRACKED_PATH)), enumerate(TRACKED_PATH), strict=True):
            name = _(status_label(status))
            if index < at or (index == at and status == OrderStatus.DELIVERED):
                when = reached.get(status)
                column.markdown(f":material/check_circle: **{name}**")
                column.caption(day(when.date()) if when else _("done"))
            elif index == at:
                column.markdown(f":material/radio_button_checked: **{name}**")
                column.caption(_("now"))
            else:
                planned = _planned(detail, status)
                column.markdown(f":gray[:material/radio_button_unchecked: {name}]")
                column.caption(_("expected {date}").format(date=day(planned)) if planned else _("to come"))
    done, steps = detail.made
    if order.status == OrderStatus.IN_PRODUCTION and steps:
        st.progress(
            done / steps, text=_("Being made: {done} of {steps} workshop steps done").format(done=done, steps=steps)
        )


def timeline(detail: OrderDetail) -> None:
    st.subheader(_("Timeline"))
    for event in detail.events:
        left, right = st.columns([1, 3])
        left.text(moment(event.created_at))
        right.text(f"{_(status_label(event.status))} — {event_text(event.message)}")


def delivery(detail: OrderDetail) -> None:
    order = detail.order
    estimate = order.model_dump().get("promised_delivery")
    if order.delivered_at:
        st.success(_("Delivered on {date}.").format(date=day(order.delivered_at.date())))
    elif order.status in (OrderStatus.CANCELLED, OrderStatus.RETURNED):
        st.info(_("This order is closed."))
    elif estimate:
        st.info(_("Expected delivery by {date}.").format(date=day(estimate)))


def confirmation(token: str) -> None:
    """The order just placed: its number, date, items, total and expected delivery."""
    try:
        with transaction(database()) as session:
            detail = get_order(session=session, order=token)
    except StoreError:
        return
    order = detail.order
    st.subheader(_("Order #{number}").format(number=detail.number))
    when = _("Placed on {date} at {time} UTC").format(
        date=date(order.placed_at.date()), time=f"{order.placed_at:%H:%M}"
    )
    if order.promised_delivery:
        when += " · " + _("expected delivery by {date}").format(date=day(order.promised_delivery))
    st.caption(when)
    bill(detail)


def bill(detail: OrderDetail) -> None:
    order = detail.order
    pricing, discount = detail.pricing, order.discount_minor
    st.subheader(_("What you bought"))
    for line in detail.lines:
        with st.container(border=True):
            left, right = st.columns([3, 1])
            name, choices = line_names(line)
            left.text(f"{line.quantity} × {name}")
            left.caption(md_escape(" · ".join(choices)))
            placed = line.snapshot.get("artwork") if isinstance(line.snapshot, dict) else None
            for picture in (placed if isinstance(placed, dict) else {}).values():
                if isinstance(picture, dict):
                    left.caption(
                        _("Your picture in {zone}: {file}").format(
                            zone=md_escape(str(picture.get("zone_name", ""))),
                            file=md_escape(str(picture.get("file_name", ""))),
                        )
                    )
            right.text(cents(line.line_total_minor, line.currency))
            svg = _preview(line)
            if svg:
                right.image(svg, width=shown_width(svg, 120), alt=picture_alt(svg, name))
    # Each discount by the name the cart gave it, from the quote recorded at sale.
    rows = [(_("Items"), cents(order.subtotal_minor, order.currency))]
    rows += [(name, cents(-amount, order.currency)) for name, amount in order_discounts(pricing, discount, current())]
    # The delivery method as the cart and checkout named it, with the free-shipping coupon that made it free.
    rows.append(order_delivery(pricing, order.shipping_minor, order.currency, current()))
    rows.append((_("Total"), cents(order.total_minor, order.currency)))
    for label, amount in rows:
        left, right = st.columns([3, 1], wrap=False)  # an amount stays beside its label on a phone
        left.text(label)
        right.text(amount)
    st.caption(_("VAT included: {amount}.").format(amount=cents(order.tax_minor, order.currency)))
    st.text(
        _("Ship to: {address}").format(
            address=f"{order.ship_name}, {order.ship_line1}, {order.ship_postal_code} {order.ship_city}, "
            f"{country(order.ship_country, current())}"
        )
    )


def _invoice(token: str, customer_id: int | None) -> bytes:
    """The invoice, read again from the stored order through the store's check that this buyer may
    see it (the page's copy of the order is never trusted for amounts)."""
    with transaction(database()) as session:
        detail = get_invoice(session=session, order=token, customer_id=customer_id)
    return ops_documents.invoice(detail, sold_line_catalog)


def invoice_button(detail: OrderDetail, *, customer_id: int | None) -> None:
    """The invoice to download, the same the shop prints, once the order has been paid for."""
    if detail.paid_minor <= 0:
        return
    st.download_button(
        _("Download invoice (PDF)"),
        data=partial(_invoice, detail.order.token, customer_id),
        file_name=f"invoice-{detail.number}.pdf",
        mime="application/pdf",
        key="order:invoice",
        on_click="ignore",
        icon=":material/receipt:",
    )


def _preview(line: OrderLinePublic) -> str | None:
    """The line drawn as sold: from the catalog version recorded on it, not today's."""
    catalog = sold_catalog(line.product_code, line.catalog_version, line.catalog_fingerprint)
    if catalog is None:
        return None
    placed = line.snapshot.get("artwork") if isinstance(line.snapshot, dict) else None
    return line_picture(catalog, line.configuration, placed)


def conversation(items: list[SupportMessagePublic]) -> None:
    for message in items:
        who = _("You") if message.author == "buyer" else _("Merchant")
        st.caption(f"{who}, {moment(message.created_at)}")
        st.text(message.body)


RETURN_STATES = {
    "requested": N_("we are looking at it"),
    "refunded": N_("refunded"),
    "exchanged": N_("exchanged"),
    "rejected": N_("declined"),
}
RETURN_KINDS = {
    "return": N_("Return requested on {date}: {state}"),
    "exchange": N_("Exchange requested on {date}: {state}"),
}


def returns(requests: list[ReturnRequestPublic]) -> None:
    """The buyer's return / exchange requests with where each stands (the reason as plain text),
    the change asked for and, once approved, the link to the replacement order."""
    if not requests:
        return
    st.subheader(_("Returns and exchanges"))
    for request in requests:
        state = _(RETURN_STATES.get(request.status, request.status))
        kind = RETURN_KINDS.get(request.kind, RETURN_KINDS["return"])
        note = _(kind).format(date=day(request.created_at.date()), state=state)
        if request.status == ReturnStatus.REFUNDED and request.refund_minor:
            note += f" ({cents(request.refund_minor, request.currency)})"
        (st.info if request.status == ReturnStatus.REQUESTED else st.caption)(note + ".")
        st.text(_("Your reason: {reason}").format(reason=request.reason))
        if request.item:
            st.text(_("{item}, instead: {changes}").format(item=request.item, changes="; ".join(request.changes)))
        if request.replacement_token:
            st.page_link(
                "pages/buyer/order.py",
                label=_("Follow your replacement (no charge)"),
                query_params={"order": request.replacement_token},
            )


def replaces(token: str | None) -> None:
    """On a replacement order: where it came from."""
    if token:
        st.info(_("This order replaces an item you exchanged, at no charge."))
        st.page_link("pages/buyer/order.py", label=_("See the original order"), query_params={"order": token})


def _option_name(names: dict[Any, str], code: Any) -> str:
    return names.get(code, str(code))


def exchange_choices(detail: OrderDetail) -> tuple[int, dict[str, Any]] | None:
    """The item to exchange and the choices wanted instead: one selectbox per single-choice module
    of the product as the shop makes it today, preselected with what was bought. Other choices
    stay as bought. The server checks the whole product and its price again."""
    items = {line.id: line for line in detail.lines}
    line_id = st.selectbox(
        _("Item to exchange"),
        list(items),
        format_func=lambda i: _("Item {position}: {product}").format(
            position=items[i].position, product=line_names(items[i])[0]
        ),
        key="order:exchange:line",
    )
    line = items[line_id]
    catalog = catalog_for(line.product_code)
    if catalog is None:
        st.warning(_("This product is no longer made: ask for a return instead."))
        return None
    selection = dict(line.configuration)
    for module in catalog.modules:
        if not isinstance(module, SingleChoice):
            continue
        codes: list[Any] = [o.code for o in module.options]
        if not module.required:
            codes.insert(0, None)  # shown as "None"
        names: dict[Any, str] = {None: _("None"), **{o.code: o.name for o in module.options}}
        current = selection.get(module.code)
        selection[module.code] = st.selectbox(
            module.name,
            codes,
            index=codes.index(current) if current in codes else 0,
            format_func=partial(_option_name, names),
            key=f"order:exchange:{line.id}:{module.code}",
        )
    st.caption(_("An exchange for the same or a lower price is free; for a dearer choice, return this one instead."))
    return line.id, selection


def star_ratings(line_id: int) -> dict[str, int | None]:
    """One row of five stars per aspect of a review, none lit until the buyer picks (a preset
    rating would be published by anyone who only writes text): aspect -> 1..5, or None."""
    given: dict[str, int | None] = {}
    for field, label in REVIEW_ASPECTS:
        st.text(_(label))
        picked = st.feedback("stars", key=f"review:{line_id}:{field}")
        given[field] = None if picked is None else picked + 1
    return given


def your_review(product: str, review: ReviewPublic) -> None:
    """A review the buyer already published for an item, with the shop's reply."""
    with st.container(border=True):
        st.text(_("Your review of {product}: {stars}/5 overall").format(product=product, stars=review.overall))
        st.caption(
            _("Product quality {quality}/5 · delivery speed {speed}/5 · service {service}/5 · published {date}").format(
                quality=review.product_quality,
                speed=review.delivery_speed,
                service=review.service,
                date=day(review.created_at.date()),
            )
        )
        if review.text:
            st.text(review.text)
        if review.reply:
            st.text(_("Reply from the shop: {reply}").format(reply=review.reply))
