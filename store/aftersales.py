"""After-sales: returns and exchanges in the policy window, reviews and replies, support messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

import i18n
from i18n.words import N_
from settings import get_settings
from store.audit import audit
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.exchanges import check_exchange, make_replacement, public
from store.input_checks import text, validated
from store.input_checks import text as checked_text
from store.lifecycle import advance, find_order, refund, restore_points_once, restore_stock_once
from store.orders import default_provider
from store.payments import PaymentProvider
from store.states import OrderStatus, ReturnStatus
from store.tables import (
    LoyaltyEntry,
    MerchantReply,
    Order,
    OrderLine,
    ReturnRequest,
    ReturnRequestCreate,
    ReturnRequestPublic,
    Review,
    ReviewCreate,
    ReviewPublic,
    SupportMessage,
    SupportMessageCreate,
    SupportMessagePublic,
    now,
)


def request_return(
    *,
    session: Session,
    order: str,
    data: ReturnRequestCreate,
    customer_id: int | None = None,
    window_days: int | None = None,
    at: dt.datetime | None = None,
) -> ReturnRequestPublic:
    """The buyer asks to return or exchange a delivered order, within the window after delivery."""
    data = validated(ReturnRequestCreate, data.model_dump() if isinstance(data, ReturnRequestCreate) else data)
    reason = text(data.reason, field="reason", label=N_("Reason"), limit=2_000, required=True, multiline=True)
    data = data.model_copy(update={"reason": reason})
    if data.kind not in ("return", "exchange"):
        raise StoreError(ErrorCode.BAD_INPUT, "kind is 'return' or 'exchange'", field="kind")
    if data.kind == "return" and (data.order_line_id is not None or data.replacement_selection is not None):
        raise StoreError(ErrorCode.BAD_INPUT, "a return takes no new choices", field="replacement_selection")
    window = get_settings().return_window_days if window_days is None else window_days
    moment = at or now()
    with atomic(session):
        row = find_order(session=session, order=order, customer_id=customer_id, lock=True)
        if row.delivered_at is None:
            raise StoreError(ErrorCode.NOT_DELIVERED, N_("only a delivered order can be returned"), status=row.status)
        closes = row.delivered_at + dt.timedelta(days=window)
        if moment > closes:
            raise StoreError.worded(
                ErrorCode.RETURN_WINDOW_CLOSED,
                N_("returns close {days} days after delivery"),
                {"days": window},
                closed_at=closes.isoformat(),
                window_days=window,
            )
        values = data.model_dump()
        if data.kind == "exchange" and (data.order_line_id is not None or data.replacement_selection is not None):
            # The item and new choices are checked (and priced) now, and again on approval.
            checked = check_exchange(
                session=session,
                order=row,
                order_line_id=data.order_line_id,
                selection=data.replacement_selection,
            )
            values["replacement_selection"] = checked.selection
        advance(session=session, order=row, to=OrderStatus.RETURN_REQUESTED, actor="buyer", note=data.kind)
        request = ReturnRequest(order_id=row.id, currency=row.currency, **values)  # type: ignore[arg-type]
        session.add(request)
        session.flush()
        return public(session, request)


def resolve_return(
    *,
    session: Session,
    return_id: int,
    outcome: str,
    actor: str,
    provider: PaymentProvider | None = None,
) -> ReturnRequestPublic:
    """The merchant settles a request: `refund` (money back, stock restored once), `exchange`, or `reject`.

    An exchange that names an item and new choices makes the replacement order in this same
    transaction (store.exchanges.make_replacement); one without (older requests, or arranged by
    message) only records the outcome."""
    with atomic(session):
        request = session.get(ReturnRequest, return_id, with_for_update=True, populate_existing=True)
        if request is None:
            raise StoreError(ErrorCode.NOT_FOUND, "no such return request")
        if request.status != ReturnStatus.REQUESTED:
            raise StoreError(ErrorCode.ILLEGAL_TRANSITION, f"this request is already {request.status}")
        order = find_order(session=session, order=_token(session, request.order_id), lock=True)
        if outcome == "refund":
            advance(session=session, order=order, to=OrderStatus.RETURNED, actor=actor)
            restore_stock_once(session=session, order=order, kind="restock")
            refund(
                session=session, order=order, amount_minor=order.total_minor, provider=provider or default_provider()
            )
            request.status, request.refund_minor = ReturnStatus.REFUNDED, order.total_minor
            if order.customer_id is not None:  # points earned on a refunded order are withdrawn
                earned = session.exec(
                    select(LoyaltyEntry.points).where(
                        LoyaltyEntry.order_id == order.id, LoyaltyEntry.reason == "earned"
                    )
                ).all()
                if sum(earned):
                    session.add(
                        LoyaltyEntry(
                            customer_id=order.customer_id, order_id=order.id, points=-sum(earned), reason="refund"
                        )
                    )
                restore_points_once(session=session, order=order)  # and points spent on it come back
        elif outcome == "exchange":
            if request.kind != "exchange":
                raise StoreError(ErrorCode.BAD_INPUT, "this request is a return, not an exchange", field="outcome")
            advance(session=session, order=order, to=OrderStatus.EXCHANGED, actor=actor)
            if request.order_line_id is not None:
                make_replacement(session=session, order=order, request=request, actor=actor)
            request.status = ReturnStatus.EXCHANGED
        elif outcome == "reject":
            advance(session=session, order=order, to=OrderStatus.DELIVERED, actor=actor, note="return request declined")
            request.status = ReturnStatus.REJECTED
        else:
            raise StoreError(ErrorCode.BAD_INPUT, "outcome is refund, exchange or reject", field="outcome")
        request.resolved_at = now()
        audit(session=session, actor=actor, action=f"return.{outcome}", entity=request)
        session.flush()
        return public(session, request)


@dataclass(frozen=True, slots=True)
class AfterSales:
    """What the buyer already asked or wrote about an order, so the page shows it instead of
    offering the same form again."""

    returns: list[ReturnRequestPublic]  # oldest first
    reviews: dict[int, ReviewPublic]  # order line id -> its review (with the merchant's reply)
    replaces: str | None = None  # this order replaces (exchange) the order with this private token

    @property
    def pending_return(self) -> ReturnRequestPublic | None:
        return next((r for r in self.returns if r.status == ReturnStatus.REQUESTED), None)


def after_sales(*, session: Session, order: str, customer_id: int | None = None) -> AfterSales:
    """The order's return requests and reviews (only the order's own buyer gets here)."""
    with atomic(session):
        row = find_order(session=session, order=order, customer_id=customer_id)
        returns = session.exec(
            select(ReturnRequest).where(ReturnRequest.order_id == row.id).order_by(col(ReturnRequest.id))
        ).all()
        reviews = session.exec(
            select(Review, MerchantReply.text)
            .join(MerchantReply, col(MerchantReply.review_id) == col(Review.id), isouter=True)
            .where(Review.order_id == row.id)
        ).all()
        original = session.exec(
            select(Order.token)
            .join(ReturnRequest, col(ReturnRequest.order_id) == col(Order.id))
            .where(ReturnRequest.replacement_order_id == row.id)
        ).first()
        return AfterSales(
            [public(session, r) for r in returns],
            {
                review.order_line_id: ReviewPublic.model_validate(review, update={"reply": reply})
                for review, reply in reviews
            },
            original,
        )


def _token(session: Session, order_id: int) -> str:
    row = session.get(Order, order_id)
    assert row is not None
    return row.token


def add_review(
    *, session: Session, order: str, order_line_id: int, data: ReviewCreate, customer_id: int | None = None
) -> ReviewPublic:
    """One review per delivered order line (overall, product quality, delivery speed, service)."""
    data = validated(ReviewCreate, data.model_dump() if isinstance(data, ReviewCreate) else data)
    data = data.model_copy(update={"text": text(data.text, field="text", label="Review", limit=4_000, multiline=True)})
    try:
        with atomic(session):
            row = find_order(session=session, order=order, customer_id=customer_id)
            line = session.get(OrderLine, order_line_id)
            if line is None or line.order_id != row.id:
                raise StoreError(ErrorCode.NOT_FOUND, "no such order line")
            if row.delivered_at is None:
                raise StoreError(ErrorCode.NOT_DELIVERED, N_("reviews open once the order is delivered"))
            review = Review(
                order_line_id=line.id,  # type: ignore[arg-type]
                order_id=row.id,
                product_code=line.product_code,
                author_name=row.contact_name.split()[0] if row.contact_name.strip() else "Buyer",
                **data.model_dump(),
            )
            session.add(review)
            session.flush()
            return ReviewPublic.model_validate(review)
    except IntegrityError:
        raise StoreError(ErrorCode.ALREADY_REVIEWED, N_("this item has a review already")) from None


def reply_to_review(*, session: Session, review_id: int, text: str, actor: str) -> ReviewPublic:
    text = checked_text(text, field="text", label="Reply", limit=4_000, multiline=True)
    if not text:
        raise StoreError(ErrorCode.BAD_INPUT, "a reply needs text", field="text")
    try:
        with atomic(session):
            review = session.get(Review, review_id)
            if review is None:
                raise StoreError(ErrorCode.NOT_FOUND, "no such review")
            session.add(MerchantReply(review_id=review_id, text=text.strip()))
            audit(session=session, actor=actor, action="review.reply", entity=review)
            session.flush()
            return ReviewPublic.model_validate(review, update={"reply": text.strip()})
    except IntegrityError:
        raise StoreError(ErrorCode.ALREADY_REPLIED, "this review has a reply already") from None


def reviews_for_product(*, session: Session, product_code: str) -> list[ReviewPublic]:
    rows = session.exec(
        select(Review, MerchantReply.text)
        .join(MerchantReply, col(MerchantReply.review_id) == col(Review.id), isouter=True)
        .where(Review.product_code == product_code)
        .order_by(col(Review.created_at).desc())
    ).all()
    return [ReviewPublic.model_validate(review, update={"reply": reply}) for review, reply in rows]


def post_message(
    *, session: Session, order: str, data: SupportMessageCreate, author: str, customer_id: int | None = None
) -> SupportMessagePublic:
    """A support message on an order, from the buyer (token checked) or the merchant."""
    body = text(
        data.body if isinstance(data, SupportMessageCreate) else getattr(data, "body", None),
        field="body",
        label=N_("Message"),
        limit=4_000,
        required=True,
        multiline=True,
    )
    data = SupportMessageCreate.model_validate({"body": body})
    if author not in ("buyer", "merchant"):
        raise StoreError(ErrorCode.BAD_INPUT, "author is buyer or merchant", field="author")
    with atomic(session):
        row = find_order(session=session, order=order, customer_id=customer_id)
        message = SupportMessage(order_id=row.id, author=author, body=data.body.strip())  # type: ignore[arg-type]
        session.add(message)
        if author == "merchant":
            from store.notify import notify_buyer

            subject = i18n.gettext("A message about your order", i18n.language(row.language))
            notify_buyer(session=session, order=row, subject=subject, body=data.body)
        session.flush()
        return SupportMessagePublic.model_validate(message)


def messages(*, session: Session, order: str, customer_id: int | None = None) -> list[SupportMessagePublic]:
    with atomic(session):
        row = find_order(session=session, order=order, customer_id=customer_id)
        rows = session.exec(
            select(SupportMessage).where(SupportMessage.order_id == row.id).order_by(col(SupportMessage.id))
        ).all()
        return [SupportMessagePublic.model_validate(m) for m in rows]
