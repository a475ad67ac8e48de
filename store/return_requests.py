"""Return and exchange requests across orders, for operations staff: newest first, filtered by
status, one page at a time. The role is re-checked on every read; settling a request is
`store.order_actions.settle_return`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from store.db import atomic
from store.exchanges import public
from store.staff import authorize
from store.states import OPERATIONS, ReturnStatus
from store.tables import Order, ReturnRequest, ReturnRequestPublic

MAX_PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class ReturnRow:
    request: ReturnRequestPublic
    order_number: int
    order_reference: str
    order_status: str
    contact_name: str


@dataclass(frozen=True, slots=True)
class ReturnPage:
    rows: list[ReturnRow]
    total: int
    page: int
    page_size: int


def list_returns(
    *,
    session: Session,
    actor_id: int,
    status: ReturnStatus | None = None,
    page: int = 1,
    page_size: int = 25,
) -> ReturnPage:
    """Requests with `status` (any when None), newest first, with the order each belongs to."""
    page_size = min(max(page_size, 1), MAX_PAGE_SIZE)
    page = max(page, 1)
    with atomic(session):
        authorize(session=session, actor_id=actor_id, roles=OPERATIONS)
        where = [col(ReturnRequest.status) == status] if status is not None else []
        total = session.exec(select(func.count()).select_from(ReturnRequest).where(*where)).one()
        found = session.exec(
            select(ReturnRequest, Order)
            .join(Order, col(Order.id) == col(ReturnRequest.order_id))
            .where(*where)
            .order_by(col(ReturnRequest.created_at).desc(), col(ReturnRequest.id).desc())
            .offset((page - 1) * page_size)
            .limit(page_size)
        ).all()
        rows = [
            ReturnRow(public(session, request), order.id, order.token, order.status, order.contact_name)  # type: ignore[arg-type]
            for request, order in found
        ]
        return ReturnPage(rows=rows, total=int(total), page=page, page_size=page_size)
