"""Routes: an order reached by its private token (tracking, messages, returns and exchanges,
reviews, cancelling). A token that matches nothing is a 404 that says nothing more."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from api.deps import AppSettings, DbSession, Provider
from api.responses import Link, links, merged, problems
from api.schemas_common import Language
from api.schemas_orders import (
    MessageIn,
    MessageOut,
    OrderOut,
    ReturnIn,
    ReturnOut,
    ReviewIn,
    ReviewOut,
    message_out,
    order_out,
    return_out,
    review_out,
)
from store.aftersales import add_review, after_sales, messages, post_message, request_return
from store.lifecycle import cancel_order, get_order
from store.tables import ReturnRequestCreate, ReviewCreate, SupportMessageCreate, now

router = APIRouter(tags=["orders"])

OrderToken = Annotated[str, Path(max_length=64, description="the order's private token")]
_SAME = {"token": "$request.path.token"}


def read_order(session: DbSession, token: str, window_days: int, language: str | None = None) -> OrderOut:
    detail = get_order(session=session, order=token)
    after = after_sales(session=session, order=token)
    return order_out(detail, after, window_days=window_days, moment=now(), language=language)


@router.get(
    "/orders/{token}",
    operation_id="getOrder",
    response_model=OrderOut,
    responses=merged(
        problems(404, 422),
        links(
            200,
            listOrderMessages=Link("listOrderMessages", _SAME),
            listOrderReturns=Link("listOrderReturns", _SAME),
            postReview=Link(
                "postReview", _SAME, {"order_line_id": "$response.body#/lines/0/id"}, "review the first line"
            ),
            requestExchange=Link(
                "requestReturn",
                _SAME,
                {"kind": "exchange", "order_line_id": "$response.body#/lines/0/id"},
                "ask to exchange the first line",
            ),
        ),
    ),
    summary="Track an order: status, timeline, lines as sold, totals, delivery window, after-sales",
)
def get(session: DbSession, settings: AppSettings, token: OrderToken, language: Language = None) -> OrderOut:
    """Amounts are in the currency the order was sold in (`totals.total.currency`)."""
    return read_order(session, token, settings.return_window_days, language)


@router.get(
    "/orders/{token}/messages",
    operation_id="listOrderMessages",
    response_model=list[MessageOut],
    responses=problems(404, 422),
    summary="The conversation with the shop about this order, oldest first",
)
def list_messages(session: DbSession, token: OrderToken) -> list[MessageOut]:
    return [message_out(m) for m in messages(session=session, order=token)]


@router.post(
    "/orders/{token}/messages",
    operation_id="postOrderMessage",
    status_code=status.HTTP_201_CREATED,
    response_model=MessageOut,
    responses=problems(404, 422),
    summary="Write to the shop about this order",
)
def send_message(session: DbSession, token: OrderToken, message: MessageIn) -> MessageOut:
    data = SupportMessageCreate.model_construct(body=message.body)  # the store checks the text
    return message_out(post_message(session=session, order=token, data=data, author="buyer"))


@router.get(
    "/orders/{token}/returns",
    operation_id="listOrderReturns",
    response_model=list[ReturnOut],
    responses=problems(404, 422),
    summary="Return and exchange requests of this order, oldest first",
)
def list_returns(session: DbSession, token: OrderToken) -> list[ReturnOut]:
    return [return_out(r) for r in after_sales(session=session, order=token).returns]


@router.post(
    "/orders/{token}/returns",
    operation_id="requestReturn",
    status_code=status.HTTP_201_CREATED,
    response_model=ReturnOut,
    responses=problems(404, 409, 422),
    summary="Ask to return or exchange a delivered order (within the return window)",
)
def ask_return(session: DbSession, settings: AppSettings, token: OrderToken, body: ReturnIn) -> ReturnOut:
    data = ReturnRequestCreate.model_construct(**body.model_dump())  # the store validates it
    request = request_return(session=session, order=token, data=data, window_days=settings.return_window_days)
    return return_out(request)


@router.post(
    "/orders/{token}/reviews",
    operation_id="postReview",
    status_code=status.HTTP_201_CREATED,
    response_model=ReviewOut,
    responses=problems(404, 409, 422),
    summary="Review one line of a delivered order (once per line)",
)
def review(session: DbSession, token: OrderToken, body: ReviewIn) -> ReviewOut:
    data = ReviewCreate.model_construct(**body.model_dump(exclude={"order_line_id"}))  # the store validates it
    return review_out(add_review(session=session, order=token, order_line_id=body.order_line_id, data=data))


@router.post(
    "/orders/{token}/cancel",
    operation_id="cancelOrder",
    response_model=OrderOut,
    responses=problems(404, 409, 422),
    summary="Cancel before production starts (refunded in full)",
)
def cancel(session: DbSession, settings: AppSettings, provider: Provider, token: OrderToken) -> OrderOut:
    cancel_order(session=session, order=token, provider=provider)
    return read_order(session, token, settings.return_window_days)
