"""The states an order and a return request go through, and the roles an account may have: one
place for each name the database stores, and for what the buyer may do in each state.

They are `StrEnum`s, so the stored value is the plain string (`OrderStatus.PAID == "paid"`).

>>> OrderStatus("paid") is OrderStatus.PAID, buyer_may_cancel("in_production")
(True, False)
>>> [str(role) for role in STAFF_ROLES]
['merchandiser', 'operations', 'admin']
>>> status_label("in_production"), return_status_label(ReturnStatus.REFUNDED)
('In production', 'Refunded')
"""

from __future__ import annotations

from enum import StrEnum


class OrderStatus(StrEnum):
    PLACED = "placed"
    PAID = "paid"
    IN_PRODUCTION = "in_production"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    RETURN_REQUESTED = "return_requested"
    RETURNED = "returned"
    EXCHANGED = "exchanged"


# The way an order goes when nothing goes wrong: what the buyer's tracker shows, step by step.
TRACKED_PATH = (
    OrderStatus.PLACED,
    OrderStatus.PAID,
    OrderStatus.IN_PRODUCTION,
    OrderStatus.SHIPPED,
    OrderStatus.DELIVERED,
)


class ReturnStatus(StrEnum):
    REQUESTED = "requested"
    REFUNDED = "refunded"
    EXCHANGED = "exchanged"
    REJECTED = "rejected"


class Role(StrEnum):
    BUYER = "buyer"
    MERCHANDISER = "merchandiser"
    OPERATIONS = "operations"
    ADMIN = "admin"


ROLES: tuple[Role, ...] = tuple(Role)
STAFF_ROLES: tuple[Role, ...] = (Role.MERCHANDISER, Role.OPERATIONS, Role.ADMIN)  # every staff role
MERCHANDISING: tuple[Role, ...] = (Role.MERCHANDISER, Role.ADMIN)  # catalogs, customers
OPERATIONS: tuple[Role, ...] = (Role.OPERATIONS, Role.ADMIN)  # orders, production, returns
ADMIN: tuple[Role, ...] = (Role.ADMIN,)  # staff accounts

# What the buyer may do to their own order, by its status (the services check it again).
BUYER_CANCELLABLE = frozenset({OrderStatus.PLACED, OrderStatus.PAID})  # before production starts
BUYER_RETURNABLE = frozenset({OrderStatus.DELIVERED})  # a return or an exchange


def buyer_may_cancel(status: str) -> bool:
    return status in BUYER_CANCELLABLE


def buyer_may_return(status: str) -> bool:
    return status in BUYER_RETURNABLE


# How people read each state, on the pages and in the API alike.
STATUS_LABELS: dict[str, str] = {
    OrderStatus.PLACED: "Placed",
    OrderStatus.PAID: "Paid",
    OrderStatus.IN_PRODUCTION: "In production",
    OrderStatus.SHIPPED: "Shipped",
    OrderStatus.DELIVERED: "Delivered",
    OrderStatus.CANCELLED: "Cancelled",
    OrderStatus.RETURN_REQUESTED: "Return requested",
    OrderStatus.RETURNED: "Returned",
    OrderStatus.EXCHANGED: "Exchanged",
}
RETURN_STATUS_LABELS: dict[str, str] = {
    ReturnStatus.REQUESTED: "Requested",
    ReturnStatus.REFUNDED: "Refunded",
    ReturnStatus.EXCHANGED: "Exchanged",
    ReturnStatus.REJECTED: "Refused",
}


def status_label(status: str) -> str:
    """An order status as people read it ('In production', not 'in_production')."""
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def return_status_label(status: str) -> str:
    return RETURN_STATUS_LABELS.get(status, status.replace("_", " ").capitalize())
