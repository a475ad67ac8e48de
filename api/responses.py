"""What the commerce routes share in their OpenAPI description: money, documented problem
responses (`application/problem+json`), the `Idempotency-Key` header and links between operations.

>>> sorted(problems(404, 422))
[400, 404, 422, 429]
>>> money(Money("1234.5", "EUR")).display
'€1,234.50'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.problems import PROBLEM, Problem
from modules.currency_codes import MINOR_UNITS
from pricing.money import Money

_WHY: dict[int, str] = {
    400: "The request cannot be read (a body that is not JSON text)",
    401: "No staff bearer token, or one that is unknown, expired or revoked",
    402: "The payment was declined; nothing was charged",
    403: "The account's role may not do this",
    404: "Not found (a private token that matches nothing: nothing is said about what exists)",
    413: "The request body is larger than this request may send; nothing was read further or stored",
    409: "The request conflicts with the current state (a closed cart, a price that changed, a step not allowed now)",
    422: "The request is not valid: `errors` or `problems` say which field and why",
    429: "Too many requests (or sign-in attempts): wait `Retry-After` seconds",
}
_SCHEMA = Problem.model_json_schema()


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Documented problem responses for `statuses`; 400 (a body that is not JSON) and 429 (the rate
    limit) may answer any request."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in sorted({*statuses, 400, 429}):
        response: dict[str, Any] = {"description": _WHY[status], "content": {PROBLEM: {"schema": _SCHEMA}}}
        if status in (401, 429):
            name = "WWW-Authenticate" if status == 401 else "Retry-After"
            response["headers"] = {name: {"schema": {"type": "string"}}}
        out[status] = response
    return out


def merged(*parts: dict[int | str, dict[str, Any]]) -> dict[int | str, dict[str, Any]]:
    out: dict[int | str, dict[str, Any]] = {}
    for part in parts:
        for status, response in part.items():
            out.setdefault(status, {}).update(response)
    return out


@dataclass(frozen=True, slots=True)
class Link:
    """An OpenAPI link: the operation a response's values feed, its parameters as runtime
    expressions and, where it helps, a request body (literal values and expressions)."""

    operation: str
    parameters: dict[str, str]
    body: dict[str, Any] | None = None
    description: str = ""
    whole_body: bool = False  # `body` is the whole request, not values to put into a generated one


def links(status: int, **targets: Link) -> dict[int | str, dict[str, Any]]:
    """The links of one response status, by name."""
    out: dict[str, Any] = {}
    for name, link in targets.items():
        entry: dict[str, Any] = {"operationId": link.operation, "parameters": link.parameters}
        if link.body is not None:
            entry["requestBody"] = link.body
        if link.description:
            entry["description"] = link.description
        if link.whole_body:
            entry["x-schemathesis"] = {"merge_body": False}  # stateful testing sends it as it is
        out[name] = entry
    return {status: {"links": out}}


class MoneyOut(BaseModel):
    """An amount: exact decimal text in the currency's minor unit, and how a buyer reads it."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"amount": "59.70", "currency": "EUR", "display": "€59.70"}]}
    )

    amount: str = Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    display: str


def money(value: Money) -> MoneyOut:
    rounded = value.rounded()
    return MoneyOut(amount=rounded.text(), currency=rounded.currency, display=rounded.display())


def minor(units: int, currency: str) -> MoneyOut:
    return money(Money.from_minor(units, currency))


class MoneyIn(BaseModel):
    """An amount sent by the client: decimal text with at most the currency's minor unit."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"amount": "59.70", "currency": "EUR"}]})

    amount: str = Field(pattern=r"^[0-9]{1,12}(\.[0-9]{1,3})?$", description="e.g. '59.70'")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217, e.g. 'EUR'")

    @model_validator(mode="after")
    def _exact(self) -> MoneyIn:
        if self.currency not in MINOR_UNITS:
            raise ValueError(f"unknown currency {self.currency}")
        if not Money(self.amount, self.currency).is_rounded:
            raise ValueError(f"{self.currency} has {MINOR_UNITS[self.currency]} decimal places")
        return self

    def to_minor(self) -> int:
        return Money(self.amount, self.currency).to_minor()
