"""Routes: what staff do through the API with a bearer token: list and read orders, move an order
on, answer its buyer, list and settle return requests, read material stock.

Every call runs the same store service as the staff pages, which re-checks the caller's role in
its own transaction: a role that may not do it gets 403 `forbidden`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, status
from pydantic import BeforeValidator

from api.auth import Staff
from api.deps import DbSession, Provider
from api.responses import Link, links, merged, problems
from api.schemas_orders import MessageOut, ReturnOut, message_out, return_out
from api.schemas_staff import (
    AdvanceIn,
    DecisionIn,
    MaterialOut,
    OrderPageOut,
    OrderStatusName,
    ReplyIn,
    ReturnPageOut,
    material_out,
    order_page,
    return_page,
)
from api.schemas_staff_order import StaffOrderOut, staff_order
from store.materials import stock_levels
from store.operations import OrderFilter, list_orders
from store.order_actions import advance_order, reply_to_message, settle_return
from store.order_detail import order_detail
from store.return_requests import list_returns
from store.states import ReturnStatus

router = APIRouter(tags=["staff"])

Reference = Annotated[str, Path(max_length=64, description="the order's reference (its token)")]
Page = Annotated[int, Query(ge=1, le=1_000_000)]
PageSize = Annotated[int, Query(ge=1, le=200)]
_STAFF = problems(401, 403, 404, 409, 422)


def _iso_day(value: object) -> object:
    """Only a calendar day as YYYY-MM-DD (pydantic alone would also read '0' as a Unix time)."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


Day = Annotated[dt.date | None, BeforeValidator(_iso_day), Query(description="UTC day (YYYY-MM-DD), inclusive")]


@router.get(
    "/staff/orders",
    operation_id="listStaffOrders",
    response_model=OrderPageOut,
    responses=merged(
        problems(401, 403, 422),
        links(200, getStaffOrder=Link("getStaffOrder", {"reference": "$response.body#/orders/0/reference"})),
    ),
    summary="Orders, newest first, filtered (operations and admin)",
)
def orders(
    session: DbSession,
    holder: Staff,
    status_: Annotated[OrderStatusName | None, Query(alias="status")] = None,
    placed_from: Day = None,
    placed_to: Day = None,
    product: Annotated[str | None, Query(max_length=64, description="product code")] = None,
    q: Annotated[str, Query(max_length=200, description="order number or reference, buyer e-mail or name")] = "",
    needs_attention: bool = False,
    page: Page = 1,
    page_size: PageSize = 25,
) -> OrderPageOut:
    filters = OrderFilter(
        status=status_,
        placed_from=placed_from,
        placed_to=placed_to,
        product_code=product or None,
        text=q,
        needs_attention=needs_attention,
    )
    found = list_orders(session=session, actor_id=holder.customer_id, filters=filters, page=page, page_size=page_size)
    return order_page(found)


@router.get(
    "/staff/orders/{reference}",
    operation_id="getStaffOrder",
    response_model=StaffOrderOut,
    responses=merged(
        _STAFF,
        links(
            200,
            advanceStaffOrder=Link(
                "advanceStaffOrder", {"reference": "$request.path.reference"}, {"to": "$response.body#/next_states/0"}
            ),
            replyToOrder=Link("replyToOrder", {"reference": "$request.path.reference"}),
        ),
    ),
    summary="One order in full: lines as sold, bill of materials, steps, needs, history, after-sales",
)
def order(session: DbSession, holder: Staff, reference: Reference) -> StaffOrderOut:
    return staff_order(order_detail(session=session, actor_id=holder.customer_id, order=reference))


@router.post(
    "/staff/orders/{reference}/status",
    operation_id="advanceStaffOrder",
    response_model=StaffOrderOut,
    responses=_STAFF,
    summary="Move an order to one of its `next_states` (cancelling a paid order refunds it)",
)
def advance(
    session: DbSession, provider: Provider, holder: Staff, reference: Reference, body: AdvanceIn
) -> StaffOrderOut:
    advance_order(
        session=session, actor_id=holder.customer_id, order=reference, to=body.to, note=body.note, provider=provider
    )
    return staff_order(order_detail(session=session, actor_id=holder.customer_id, order=reference))


@router.post(
    "/staff/orders/{reference}/messages",
    operation_id="replyToOrder",
    status_code=status.HTTP_201_CREATED,
    response_model=MessageOut,
    responses=_STAFF,
    summary="Answer the buyer on the order's conversation (they get it by e-mail)",
)
def reply(session: DbSession, holder: Staff, reference: Reference, body: ReplyIn) -> MessageOut:
    return message_out(reply_to_message(session=session, actor_id=holder.customer_id, order=reference, text=body.body))


@router.get(
    "/staff/returns",
    operation_id="listReturnRequests",
    response_model=ReturnPageOut,
    responses=merged(
        problems(401, 403, 422),
        links(200, decideReturnRequest=Link("decideReturnRequest", {"return_id": "$response.body#/returns/0/id"})),
    ),
    summary="Return and exchange requests, newest first (operations and admin)",
)
def returns(
    session: DbSession,
    holder: Staff,
    status_: Annotated[Literal["requested", "refunded", "exchanged", "rejected"] | None, Query(alias="status")] = None,
    page: Page = 1,
    page_size: PageSize = 25,
) -> ReturnPageOut:
    found = list_returns(
        session=session,
        actor_id=holder.customer_id,
        status=ReturnStatus(status_) if status_ else None,
        page=page,
        page_size=page_size,
    )
    return return_page(found)


@router.post(
    "/staff/returns/{return_id}/decision",
    operation_id="decideReturnRequest",
    response_model=ReturnOut,
    responses=_STAFF,
    summary="Approve (refund the return, make the exchange) or refuse a request (a note is then required)",
)
def decide(
    session: DbSession,
    provider: Provider,
    holder: Staff,
    return_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    body: DecisionIn,
) -> ReturnOut:
    settled = settle_return(
        session=session,
        actor_id=holder.customer_id,
        return_id=return_id,
        approve=body.approve,
        note=body.note,
        provider=provider,
    )
    return return_out(settled)


@router.get(
    "/staff/materials",
    operation_id="listMaterials",
    response_model=list[MaterialOut],
    responses=problems(401, 403),
    summary="Material stock: available, reserved, open purchase needs, reorder settings (any staff role)",
)
def materials(session: DbSession, holder: Staff) -> list[MaterialOut]:
    return [material_out(level) for level in stock_levels(session=session, actor_id=holder.customer_id)]
