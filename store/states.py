"""The states an order and a return request go through, and the roles an account may have: one
place for each name the database stores, and for what the buyer may do in each state.

They are `StrEnum`s, so the stored value is the plain string (`OrderStatus.PAID == "paid"`).

>>> OrderStatus("paid") is OrderStatus.PAID, buyer_may_cancel("in_production")
(True, False)
>>> [str(role) for role in STAFF_ROLES]
['merchandiser', 'operations', 'admin']
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
