"""Words that reach a buyer from data rather than from code: the shop's delivery modes
(`pricing/shop.yaml`) and the order statuses (`store.states`). They are listed here so that
extraction puts them in the catalogs; pages translate them with `_(label)` where they show them."""

from __future__ import annotations


def N_(message: str) -> str:  # gettext's name for "mark for extraction only"
    return message


DATA_WORDS = (
    N_("Standard ground"),
    N_("Express"),
    N_("Air freight"),
    N_("Placed"),
    N_("Paid"),
    N_("In production"),
    N_("Shipped"),
    N_("Delivered"),
    N_("Cancelled"),
    N_("Return requested"),
    N_("Returned"),
    N_("Exchanged"),
)
