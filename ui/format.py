"""How amounts and dates read on the pages."""

from __future__ import annotations

import datetime as dt

from pricing.money import Money
from store.states import OrderStatus


def money(amount: Money) -> str:
    """
    >>> money(Money("1234.5", "EUR"))
    '€1,234.50'
    >>> money(Money("-3", "USD"))
    '-$3.00'
    """
    return amount.display()


def effect(amount: Money) -> str:
    """A price effect next to an option: '+€3.00', '-€2.50' when cheaper, '' when it changes nothing.

    >>> effect(Money("3", "EUR")), effect(Money("-2.5", "EUR")), effect(Money("0", "EUR"))
    ('+€3.00', '-€2.50', '')
    """
    return f"+{money(amount)}" if amount.amount > 0 else money(amount) if amount.amount < 0 else ""


def day(value: dt.date) -> str:
    return f"{value:%a} {value.day} {value:%b}"


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


def status_label(status: str) -> str:
    """An order status as people read it, on buyer and staff pages alike.

    >>> status_label("in_production"), status_label(OrderStatus.PAID)
    ('In production', 'Paid')
    """
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())
