"""My order: reached by its private link (`?order=<token>`) or from the account's history."""

import streamlit as st

from store.aftersales import add_review, after_sales, messages, request_return
from store.db import transaction
from store.errors import StoreError
from store.lifecycle import cancel_order, get_order
from store.states import buyer_may_cancel, buyer_may_return
from store.tables import ReturnRequestCreate, ReviewCreate
from ui import order_view
from ui.auth import current_user
from ui.format import date, status_label
from ui.language import _, picker
from ui.resources import database

picker()
token = st.query_params.get("order") or st.session_state.get("order:token")
if not token:
    st.title(_("Find your order"))
    typed = st.text_input(_("The order link from your confirmation e-mail"), key="order:typed")
    if typed:
        st.query_params["order"] = order_view.token_in(typed)
        st.rerun()
    st.stop()

user = current_user()
cid = user.id if user else None
try:
    with transaction(database()) as session:
        detail = get_order(session=session, order=token, customer_id=cid)
        thread = messages(session=session, order=token, customer_id=cid)
        done = after_sales(session=session, order=token, customer_id=cid)
except StoreError:
    st.title(_("Order not found"))
    st.error(_("No order has this reference. Check the link in your confirmation e-mail."))
    st.stop()

order = detail.order
st.session_state["order:token"] = token
st.title(_("Your order: {status}").format(status=_(status_label(order.status))))
st.text(_("Order #{number} · placed on {date}").format(number=detail.number, date=date(order.placed_at.date())))
flash = st.session_state.pop("order:flash", None)
if flash:
    st.success(flash)
order_view.delivery(detail)
order_view.tracker(detail)
order_view.timeline(detail)
order_view.bill(detail)
order_view.invoice_button(detail, customer_id=cid)
who = {"order": token, "customer_id": cid}

if buyer_may_cancel(order.status) and st.button(_("Cancel this order"), key="order:cancel"):
    order_view.run(cancel_order, _("Your order is cancelled and will be refunded in full."), **who)

order_view.replaces(done.replaces)
order_view.returns(done.returns)
if buyer_may_return(order.status) and done.pending_return is None:
    # Open state kept in session state (key + on_change): a rerun must not fold the box the buyer
    # is filling in.
    with st.expander(_("Return or exchange"), key="order:return-box", on_change="rerun"):
        kinds = {"return": _("return"), "exchange": _("exchange")}
        kind = st.radio(
            _("I would like"), list(kinds), format_func=kinds.__getitem__, horizontal=True, key="order:kind"
        )
        change = order_view.exchange_choices(detail) if kind == "exchange" else None
        reason = st.text_area(_("Why?"), max_chars=2000, key="order:reason")
        if st.button(_("Send request"), key="order:return", disabled=kind == "exchange" and change is None):
            line_id, selection = change or (None, None)
            data = ReturnRequestCreate(kind=kind, reason=reason, order_line_id=line_id, replacement_selection=selection)
            order_view.run(request_return, _("We received your request."), data=data, **who)

if order.delivered_at is not None:
    st.subheader(_("Review"))
    for line in detail.lines:
        product = order_view.line_names(line)[0]
        review = done.reviews.get(line.id)
        if review is not None:
            order_view.your_review(product, review)
            continue
        with st.expander(
            _("Review: {product}").format(product=product), key=f"order:review-box:{line.id}", on_change="rerun"
        ):
            stars = order_view.star_ratings(line.id)
            text = st.text_area(_("Your review"), max_chars=4000, key=f"review:{line.id}:text")
            rated = all(value is not None for value in stars.values())
            if not rated:
                st.caption(_("Give each a rating from one to five stars to publish your review."))
            if st.button(_("Publish review"), key=f"review:{line.id}:send", disabled=not rated) and rated:
                given = {field: value for field, value in stars.items() if value is not None}
                order_view.run(
                    add_review,
                    _("Thank you for your review."),
                    order_line_id=line.id,
                    data=ReviewCreate(text=text, **given),
                    **who,
                )

st.subheader(_("Messages"))
order_view.conversation(thread)
st.text_area(_("Write to us about this order"), max_chars=4000, key=order_view.MESSAGE)
st.button(_("Send message"), key="order:send", on_click=order_view.send_message, kwargs=who)
order_view.message_refusal()
