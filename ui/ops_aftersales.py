"""The staff order page's after-sales sections: return and exchange requests, messages, reviews,
and the packing slip and invoice downloads. Buyer text is shown with `st.text` only."""

from __future__ import annotations

import streamlit as st

from store.order_actions import answer_review, reply_to_message, settle_return
from store.order_detail import StaffOrderDetail
from ui import ops_documents
from ui.auth import User
from ui.ops_orders import act, amount


def returns(user: User, detail: StaffOrderDetail) -> None:
    st.subheader("Returns and exchanges")
    if not detail.returns:
        st.caption("No return or exchange was requested.")
        return
    for request in detail.returns:
        with st.container(border=True):
            st.text(f"{request.kind.capitalize()} requested {request.created_at:%Y-%m-%d %H:%M} — {request.status}")
            st.text(f"Reason: {request.reason}")
            if request.item:
                st.text(f"Exchange {request.item}")
            for change in request.changes:  # "Size: Small -> Large"
                st.text(f"Wanted instead: {change}")
            if request.replacement_token:
                st.text(f"Replacement order reference: {request.replacement_token}")
            if request.status != "requested":
                refunded = (
                    f", refunded {amount(request.refund_minor, request.currency)}" if request.refund_minor else ""
                )
                st.caption(f"Settled {request.resolved_at:%Y-%m-%d %H:%M}{refunded}" if request.resolved_at else "")
                continue
            note = st.text_input(
                "Note to the buyer (needed to refuse)", key=f"ops:return:{request.id}:note", max_chars=500
            )
            approve_label = (
                "Approve and refund"
                if request.kind == "return"
                else "Approve and make the replacement"
                if request.changes
                else "Approve the exchange"
            )
            left, right = st.columns(2)
            if left.button(approve_label, key=f"ops:return:{request.id}:approve", type="primary"):
                act(
                    settle_return,
                    f"The {request.kind} is approved.",
                    actor_id=user.id,
                    return_id=request.id,
                    approve=True,
                    note=note,
                    clear=(f"ops:return:{request.id}:note",),
                )
            if right.button("Refuse", key=f"ops:return:{request.id}:refuse"):
                act(
                    settle_return,
                    f"The {request.kind} is refused.",
                    actor_id=user.id,
                    return_id=request.id,
                    approve=False,
                    note=note,
                    clear=(f"ops:return:{request.id}:note",),
                )


def messages(user: User, detail: StaffOrderDetail) -> None:
    st.subheader("Messages")
    for message in detail.messages:
        who = "Buyer" if message.author == "buyer" else "Shop"
        with st.chat_message("user" if message.author == "buyer" else "assistant"):
            st.caption(f"{who} · {message.created_at:%Y-%m-%d %H:%M}")
            st.text(message.body)
    if not detail.messages:
        st.caption("No messages yet.")
    text = st.text_area("Write to the buyer", key=f"ops:reply:{detail.number}", max_chars=4_000)
    if st.button("Send", key="ops:reply:send"):
        act(
            reply_to_message,
            "Message sent to the buyer.",
            actor_id=user.id,
            order=detail.order.token,
            text=text,
            clear=(f"ops:reply:{detail.number}",),
        )


def reviews(user: User, detail: StaffOrderDetail) -> None:
    st.subheader("Reviews")
    if not detail.reviews:
        st.caption("No reviews yet.")
        return
    for review in detail.reviews:
        with st.container(border=True):
            st.text(
                f"Item {review.line_position} · {review.author_name} · overall {review.overall}/5, quality "
                f"{review.product_quality}/5, delivery {review.delivery_speed}/5, service {review.service}/5"
            )
            if review.text:
                st.text(review.text)
            if review.reply is not None:
                st.text(f"Our reply: {review.reply}")
                continue
            reply = st.text_area("Reply", key=f"ops:review:{review.id}:text", max_chars=4_000)
            if st.button("Publish reply", key=f"ops:review:{review.id}:send"):
                act(
                    answer_review,
                    "Reply published.",
                    actor_id=user.id,
                    review_id=review.id,
                    text=reply,
                    clear=(f"ops:review:{review.id}:text",),
                )


def documents(detail: StaffOrderDetail) -> None:
    left, right = st.columns(2)
    left.download_button(
        "Packing slip (PDF)",
        data=lambda: ops_documents.packing_slip(detail),
        file_name=f"packing-slip-{detail.number}.pdf",
        mime="application/pdf",
        key="ops:doc:slip",
        on_click="ignore",
        icon=":material/inventory:",
    )
    right.download_button(
        "Invoice (PDF)",
        data=lambda: ops_documents.invoice(detail),
        file_name=f"invoice-{detail.number}.pdf",
        mime="application/pdf",
        key="ops:doc:invoice",
        on_click="ignore",
        icon=":material/receipt:",
    )
