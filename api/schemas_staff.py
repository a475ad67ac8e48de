"""Request and response bodies of the staff routes: tokens, the order list and actions, return
requests, material stock. One order in full is `api.schemas_staff_order`."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.responses import MoneyOut, minor
from api.schemas_orders import ReturnOut, return_out
from store.api_tokens import TokenHolder
from store.materials import MaterialLevel
from store.operations import OrderListPage
from store.return_requests import ReturnPage
from store.states import OrderStatus, status_label

OrderStatusName = Literal[
    "placed", "paid", "in_production", "shipped", "delivered", "cancelled", "return_requested", "returned", "exchanged"
]
assert set(OrderStatusName.__args__) == {s.value for s in OrderStatus}  # type: ignore[attr-defined]


class TokenIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"email": "ops@shop.example.org", "password": "correct horse battery"}]},
    )

    email: str = Field(max_length=254)
    password: str = Field(max_length=1_000)


class AccountOut(BaseModel):
    id: int
    email: str
    name: str
    role: str


class TokenInfoOut(BaseModel):
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105  (the scheme, not a secret)
    expires_at: dt.datetime
    account: AccountOut


class TokenOut(TokenInfoOut):
    access_token: str = Field(description="send as `Authorization: Bearer <access_token>`; shown only once")


def token_info(holder: TokenHolder) -> TokenInfoOut:
    account = AccountOut(id=holder.customer_id, email=holder.email, name=holder.name, role=holder.role)
    return TokenInfoOut(expires_at=holder.expires_at, account=account)


class OrderRowOut(BaseModel):
    number: int
    reference: str = Field(description="the order's token (staff paths take it)")
    placed_at: dt.datetime
    status: str
    status_label: str
    contact_name: str
    contact_email: str
    products: str
    total: MoneyOut
    promised_delivery: dt.date | None
    attention: list[str] = Field(description="open return, unanswered message, overdue")


class OrderPageOut(BaseModel):
    orders: list[OrderRowOut]
    total: int
    page: int
    page_size: int
    pages: int


def order_page(page: OrderListPage) -> OrderPageOut:
    rows = [
        OrderRowOut(
            number=r.number,
            reference=r.reference,
            placed_at=r.placed_at,
            status=r.status,
            status_label=status_label(r.status),
            contact_name=r.contact_name,
            contact_email=r.contact_email,
            products=r.products,
            total=minor(r.total_minor, r.currency),
            promised_delivery=r.promised_delivery,
            attention=list(r.attention),
        )
        for r in page.rows
    ]
    return OrderPageOut(orders=rows, total=page.total, page=page.page, page_size=page.page_size, pages=page.pages)


class AdvanceIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"to": "shipped", "note": ""}]})

    to: OrderStatusName = Field(description="one of the order's `next_states`")
    note: str = Field(default="", max_length=500, description="shown to the buyer with the update")


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"approve": True, "note": ""}]})

    approve: bool = Field(description="true: refund the return or make the exchange; false: refuse it")
    note: str = Field(default="", max_length=500, description="to the buyer; required to refuse")


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"body": "It ships on Friday."}]})

    body: str = Field(min_length=1, max_length=4_000)


class ReturnRowOut(ReturnOut):
    order_number: int
    order_reference: str
    order_status: str
    contact_name: str


class ReturnPageOut(BaseModel):
    returns: list[ReturnRowOut]
    total: int
    page: int
    page_size: int


def return_page(page: ReturnPage) -> ReturnPageOut:
    rows = [
        ReturnRowOut(
            **return_out(r.request).model_dump(),
            order_number=r.order_number,
            order_reference=r.order_reference,
            order_status=r.order_status,
            contact_name=r.contact_name,
        )
        for r in page.rows
    ]
    return ReturnPageOut(returns=rows, total=page.total, page=page.page, page_size=page.page_size)


class MaterialOut(BaseModel):
    """Quantities are exact decimal text in the material's unit."""

    code: str
    name: str
    unit: str
    available: str
    reserved: str
    open_need: str = Field(description="bought for orders and not ordered from the supplier yet")
    supplier: str
    supplier_lead_days: int
    reorder_point: str
    reorder_quantity: str
    below_reorder_point: bool


def material_out(level: MaterialLevel) -> MaterialOut:
    def text(value: object) -> str:
        return format(value, "f")

    return MaterialOut(
        code=level.code,
        name=level.name,
        unit=level.unit,
        available=text(level.available),
        reserved=text(level.reserved),
        open_need=text(level.open_need),
        supplier=level.supplier,
        supplier_lead_days=level.supplier_lead_days,
        reorder_point=text(level.reorder_point),
        reorder_quantity=text(level.reorder_quantity),
        below_reorder_point=level.below_reorder_point,
    )
