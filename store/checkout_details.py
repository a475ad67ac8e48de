"""Who orders and where it goes, validated by the store before an order is placed.

`place_order` checks the buyer and delivery details first thing (`checked`); the checkout page
shows the refusal. Every problem is reported at once: `StoreError(BAD_INPUT)` with `field` (the
first field at fault) and `problems` (field -> reason), and a message naming each field by the
label the buyer sees. Each reason is a `store.errors.Reason` (its template marked for the
catalogs, its figures kept), so the checkout page says it under the field in the buyer's language.

>>> buyer, delivery = checked(
...     {"email": " Ana@Example.org ", "name": "Ana Lima"},
...     Delivery(name="Ana Lima", line1="Rua A 1", postal_code="1000-001", city="Lisboa", country="pt"),
... )
>>> buyer.email, delivery.country
('ana@example.org', 'PT')
>>> try:
...     checked({"email": "ana", "name": ""}, Delivery(name="", line1="", postal_code="", city="", country=""))
... except StoreError as refusal:
...     print(refusal.data["field"], sorted(refusal.data["problems"]))
...     print(refusal.reasons["email"].template)
email ['city', 'country', 'email', 'line1', 'name', 'postal_code']
this is not an e-mail address (name@example.com)
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from i18n.words import N_
from pricing.shop import ShopSettings, shop_settings
from store.errors import Reason, StoreError
from store.input_checks import Unfit, clean_email, clean_phone, clean_text, from_validation, refused
from store.quotes import Delivery


def _line(limit: int, *, required: bool = True) -> Any:
    return BeforeValidator(functools.partial(clean_text, limit=limit, required=required))


# The limits are those of the order's columns (store.tables.orders.OrderBase).
Name = Annotated[str, _line(120)]
Street = Annotated[str, _line(200)]
Street2 = Annotated[str, _line(200, required=False)]
PostalCode = Annotated[str, _line(20)]
City = Annotated[str, _line(120)]

LABELS = {
    "email": N_("E-mail"),
    "name": N_("Full name"),
    "phone": N_("Phone"),
    "customer_id": N_("Account"),
    "line1": N_("Street and number"),
    "line2": N_("Address line 2"),
    "postal_code": N_("Postal code"),
    "city": N_("City"),
    "country": N_("Country"),
    "mode": N_("Delivery mode"),
}
NO_POSTAL_CODE = N_("a postal code has letters or digits")
NOT_DELIVERED_TO = N_("we deliver to {countries}, not to {country}")
CHOOSE_MODE = N_("choose one of {modes}")


class BuyerDetails(BaseModel):
    """Who orders: an account (`customer_id`) or a guest; the contact data goes on the order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    email: Annotated[str, BeforeValidator(clean_email)]
    name: Name
    phone: Annotated[str | None, BeforeValidator(clean_phone)] = None
    customer_id: int | None = Field(default=None, ge=1, strict=True)


class DeliveryDetails(BaseModel):
    """Where and how the order goes: a full address in a country the shop delivers to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Name
    line1: Street
    line2: Street2 = ""
    postal_code: PostalCode
    city: City
    country: str
    mode: str | None = None  # a delivery mode of the shop; None: the shop's default

    @field_validator("postal_code")
    @classmethod
    def _postal_code(cls, value: str) -> str:
        if not any(ch.isalnum() for ch in value):
            raise Unfit(NO_POSTAL_CODE)
        return value

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, value: object, info: ValidationInfo) -> str:
        code = clean_text(value, limit=2, required=True).upper()
        countries = _shop(info).vat_rates
        if code not in countries:
            raise Unfit(NOT_DELIVERED_TO, countries=", ".join(sorted(countries)), country=repr(code))
        return code

    @field_validator("mode", mode="before")
    @classmethod
    def _mode(cls, value: object, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        code = clean_text(value, limit=64)
        if not code:
            return None
        modes = [m.code for m in _shop(info).delivery_modes]
        if code not in modes:
            raise Unfit(CHOOSE_MODE, modes=", ".join(modes))
        return code


def _shop(info: ValidationInfo) -> ShopSettings:
    context = info.context if isinstance(info.context, dict) else {}
    shop = context.get("shop")
    return shop if isinstance(shop, ShopSettings) else shop_settings()


def _raw(details: object, fields: tuple[str, ...]) -> Any:
    """A model's or dataclass's fields as a dict (pydantic then checks every value's type)."""
    if isinstance(details, BaseModel):
        return details.model_dump()
    if isinstance(details, dict):
        return details
    return {name: getattr(details, name) for name in fields if hasattr(details, name)}


def checked(
    buyer: object, delivery: object, *, shop: ShopSettings | None = None
) -> tuple[BuyerDetails, DeliveryDetails]:
    """Both validated, or one BAD_INPUT listing every field at fault (buyer's first)."""
    context = {"shop": shop or shop_settings()}
    problems: dict[str, Reason] = {}
    results: list[BaseModel] = []
    for model, raw in (
        (BuyerDetails, _raw(buyer, tuple(BuyerDetails.model_fields))),
        (DeliveryDetails, _raw(delivery, tuple(DeliveryDetails.model_fields))),
    ):
        try:
            results.append(model.model_validate(raw, context=context))
        except ValidationError as exc:
            for field, reason in from_validation(exc, labels=LABELS).reasons.items():
                problems.setdefault(field, reason)
    if problems:
        raise _refusal(problems)
    buyer_details, delivery_details = results
    assert isinstance(buyer_details, BuyerDetails) and isinstance(delivery_details, DeliveryDetails)
    return buyer_details, delivery_details


def _refusal(problems: dict[str, Reason]) -> StoreError:
    return refused(problems, labels={field: LABELS.get(field, field) for field in problems})


def as_delivery(details: DeliveryDetails) -> Delivery:
    """The validated details as the pricing and order code take them."""
    return Delivery(**details.model_dump())
