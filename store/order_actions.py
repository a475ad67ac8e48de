"""What operations staff do to an order. Each action is one transaction that re-checks the role
(`store.staff.authorize`) before it writes, leaves an audit row and tells the buyer when it matters.
Most reuse the lifecycle and after-sales services inside `store.staff_action.staff_action`.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

import i18n
from i18n.words import N_
from store.aftersales import post_message, reply_to_review, resolve_return
from store.audit import audit
from store.errors import ErrorCode, StoreError
from store.input_checks import text
from store.lifecycle import advance, change_status, find_order
from store.notify import notify_buyer
from store.operations import staff_next_states
from store.payments import PaymentProvider
from store.staff_action import staff_action
from store.states import OrderStatus
from store.tables import (
    Order,
    OrderEvent,
    OrderPublic,
    ProductionStep,
    ReturnRequest,
    ReturnRequestPublic,
    Review,
    ReviewPublic,
    SupportMessage,
    SupportMessageCreate,
    SupportMessagePublic,
    now,
)

NOTE_MAX = 500
REPLY_MAX = 4_000


def _text(value: str, *, field: str, limit: int, required: bool) -> str:
    cleaned = text(value, field=field, label=field, limit=limit, multiline=True)
    if required and not cleaned:
        raise StoreError(ErrorCode.BAD_INPUT, f"{field}: please write something", field=field)
    return cleaned


def advance_order(
    *,
    session: Session,
    actor_id: int,
    order: str,
    to: str,
    note: str = "",
    provider: PaymentProvider | None = None,
) -> OrderPublic:
    """Move an order to one of its valid next states (cancelling a paid order refunds it)."""
    note = _text(note, field="note", limit=NOTE_MAX, required=False)
    with staff_action(session, actor_id) as actor:
        row = find_order(session=session, order=order, lock=True)
        allowed = staff_next_states(row.status)
        if to not in allowed:
            hint = "settle the return request instead" if row.status == OrderStatus.RETURN_REQUESTED else ""
            raise StoreError(
                ErrorCode.ILLEGAL_TRANSITION,
                f"an order that is {row.status} cannot become {to}" + (f"; {hint}" if hint else ""),
                current=row.status,
                requested=to,
                allowed=allowed,
            )
        return change_status(
            session=session, order=order, to=OrderStatus(to), actor=actor, note=note, provider=provider
        )


def complete_step(*, session: Session, actor_id: int, order: str, step_id: int) -> OrderPublic:
    """Tick off one production step of `order`. The first step of a paid order starts production;
    once every step is done the buyer's timeline says the order is ready to ship."""
    with staff_action(session, actor_id) as actor:
        row = find_order(session=session, order=order, lock=True)
        step = session.get(ProductionStep, step_id)
        if step is None or step.order_id != row.id:
            raise StoreError(ErrorCode.NOT_FOUND, "no such production step on this order", step_id=step_id)
        if row.status not in (OrderStatus.PAID, OrderStatus.IN_PRODUCTION):
            raise StoreError(
                ErrorCode.ILLEGAL_TRANSITION,
                f"production steps are ticked off while an order is paid or in production (it is {row.status})",
                current=row.status,
            )
        done = session.execute(
            update(ProductionStep)
            .where(col(ProductionStep.id) == step_id, col(ProductionStep.status) == "pending")
            .values(status="done", done_at=now())
        )
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise StoreError(ErrorCode.ILLEGAL_TRANSITION, f"step '{step.name}' is done already", step_id=step_id)
        if row.status == OrderStatus.PAID:
            advance(session=session, order=row, to=OrderStatus.IN_PRODUCTION, actor=actor, note=step.name)
        audit(session=session, actor=actor, action="production.step_done", entity=step, data={"order_id": row.id})
        pending = session.exec(
            select(ProductionStep.id).where(ProductionStep.order_id == row.id, ProductionStep.status == "pending")
        ).first()
        if pending is None:
            session.add(
                OrderEvent(
                    order_id=row.id,
                    previous_status=row.status,
                    status=row.status,
                    message="Your order is made and will ship soon",
                    actor=actor,
                )
            )
        session.flush()
        return OrderPublic.model_validate(row)


def settle_return(
    *,
    session: Session,
    actor_id: int,
    return_id: int,
    approve: bool,
    note: str = "",
    order: str | None = None,
    provider: PaymentProvider | None = None,
) -> ReturnRequestPublic:
    """Approve (a return is refunded through the payment provider, an exchange is sent) or refuse
    a buyer's request; a note goes to the buyer as a message on the order. With `order` (the
    order on the operator's screen) a request of any other order is refused."""
    note = _text(note, field="note", limit=NOTE_MAX, required=not approve)
    with staff_action(session, actor_id) as actor:
        request = session.get(ReturnRequest, return_id)
        if request is None or (order is not None and request.order_id != find_order(session=session, order=order).id):
            raise StoreError(ErrorCode.NOT_FOUND, "no such return request on this order", return_id=return_id)
        outcome = ("refund" if request.kind == "return" else "exchange") if approve else "reject"
        if note:
            session.add(SupportMessage(order_id=request.order_id, author="merchant", body=note))
            row = session.get(Order, request.order_id)
            if row is not None:
                about = N_("About your return request")
                if request.kind != "return":
                    about = N_("About your exchange request")
                notify_buyer(
                    session=session, order=row, subject=i18n.gettext(about, i18n.language(row.language)), body=note
                )
        return resolve_return(session=session, return_id=return_id, outcome=outcome, actor=actor, provider=provider)


def reply_to_message(*, session: Session, actor_id: int, order: str, text: str) -> SupportMessagePublic:
    """Answer the buyer on an order's message thread; the buyer gets the answer by e-mail."""
    body = _text(text, field="reply", limit=REPLY_MAX, required=True)
    with staff_action(session, actor_id) as actor:
        row = find_order(session=session, order=order)
        audit(session=session, actor=actor, action="message.reply", entity=row, data={"chars": len(body)})
        return post_message(session=session, order=order, data=SupportMessageCreate(body=body), author="merchant")


def answer_review(
    *, session: Session, actor_id: int, review_id: int, text: str, order: str | None = None
) -> ReviewPublic:
    """Publish the shop's one reply to a review and let the reviewer know. With `order` (the order
    on the operator's screen) a review of any other order is refused."""
    body = _text(text, field="reply", limit=REPLY_MAX, required=True)
    with staff_action(session, actor_id) as actor:
        review = session.get(Review, review_id)
        if review is None or (order is not None and review.order_id != find_order(session=session, order=order).id):
            raise StoreError(ErrorCode.NOT_FOUND, "no such review on this order", review_id=review_id)
        row = session.get(Order, review.order_id)
        if row is not None:
            subject = i18n.gettext("We replied to your review", i18n.language(row.language))
            notify_buyer(session=session, order=row, subject=subject, body=body)
        return reply_to_review(session=session, review_id=review_id, text=body, actor=actor)


__all__ = [
    "advance_order",
    "answer_review",
    "complete_step",
    "reply_to_message",
    "settle_return",
    "staff_action",
]
