"""The staff order page's after-sales sections: return and exchange requests, messages, reviews,
and the packing slip and invoice downloads. Buyer text is shown with `st.text` only."""

from __future__ import annotations

import streamlit as st

from store.order_actions import answer_review, reply_to_message, settle_return
from store.order_detail import StaffOrderDetail
from ui import ops_documents
from ui.auth import User
from ui.ops_actions import action_button
from ui.ops_orders import amount
from ui.resources import sold_line_catalog


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
            note_key = f"ops:return:{request.id}:note"
            st.text_input("Note to the buyer (needed to refuse)", key=note_key, max_chars=500)
            approve_label = (
                "Approve and refund"
                if request.kind == "return"
                else "Approve and make the replacement"
                if request.changes
                else "Approve the exchange"
            )
            left, right = st.columns(2)
            for column, approve in ((left, True), (right, False)):
                action_button(
                    column,
                    approve_label if approve else "Refuse",
                    key=f"ops:return:{request.id}:{'approve' if approve else 'refuse'}",
                    type="primary" if approve else "secondary",
                    action=settle_return,
                    success=f"The {request.kind} is {'approved' if approve else 'refused'}.",
                    clear=(note_key,),
                    read={"note": note_key},
                    actor_id=user.id,
                    order=detail.order.token,
                    return_id=request.id,
                    approve=approve,
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
    reply_key = f"ops:reply:{detail.number}"
    st.text_area("Write to the buyer", key=reply_key, max_chars=4_000)
    action_button(
        st,
        "Send",
        key=f"ops:reply:send:{detail.number}",
        type="secondary",
        action=reply_to_message,
        success="Message sent to the buyer.",
        clear=(reply_key,),
        read={"text": reply_key},
        actor_id=user.id,
        order=detail.order.token,
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
            reply_key = f"ops:review:{review.id}:text"
            st.text_area("Reply", key=reply_key, max_chars=4_000)
            action_button(
                st,
                "Publish reply",
                key=f"ops:review:{review.id}:send",
                type="secondary",
                action=answer_review,
                success="Reply published.",
                clear=(reply_key,),
                read={"text": reply_key},
                actor_id=user.id,
                order=detail.order.token,
                review_id=review.id,
            )


def _production_sheet(detail: StaffOrderDetail) -> bytes:
    from ui.resources import buyer_picture

    pictures = {sha: found for sha in ops_documents.order_pictures(detail) if (found := buyer_picture(sha))}
    return ops_documents.production_sheet(detail, pictures, sold_line_catalog)


def documents(detail: StaffOrderDetail) -> None:
    left, middle, right = st.columns(3)
    left.download_button(
        "Packing slip (PDF)",
        data=lambda: ops_documents.packing_slip(detail, sold_line_catalog),
        file_name=f"packing-slip-{detail.number}.pdf",
        mime="application/pdf",
        key="ops:doc:slip",
        on_click="ignore",
        icon=":material/inventory:",
    )
    middle.download_button(
        "Production sheet (PDF)",
        data=lambda: _production_sheet(detail),
        file_name=f"production-{detail.number}.pdf",
        mime="application/pdf",
        key="ops:doc:production",
        on_click="ignore",
        icon=":material/print:",
    )
    right.download_button(
        "Invoice (PDF)",
        data=lambda: ops_documents.invoice(detail, sold_line_catalog),
        file_name=f"invoice-{detail.number}.pdf",
        mime="application/pdf",
        key="ops:doc:invoice",
        on_click="ignore",
        icon=":material/receipt:",
    )
