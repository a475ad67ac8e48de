"""Shapes every configuration route shares: money, and the documented problem responses.

>>> Money.of(PricingMoney("1234.5", "EUR")).model_dump()
{'amount': '1234.50', 'currency': 'EUR', 'display': '€1,234.50'}
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from api.problems import PROBLEM, Problem
from pricing.money import Money as PricingMoney

LANGUAGE_HELP = "buyer language of labels (en, es, pt, ru, zh_Hans; 'pt-BR' reads as pt); anything else: English"
Language = Annotated[str | None, Query(max_length=35, description=LANGUAGE_HELP)]


class Money(BaseModel):
    """An amount in one currency: an exact decimal string (never a float), its ISO 4217 currency,
    and the amount as a buyer reads it."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"amount": "29.80", "currency": "EUR", "display": "€29.80"}]}
    )

    amount: str = Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$", description="decimal string, rounded to the minor unit")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    display: str = Field(description="as the shop shows it, e.g. '€1,234.50'")

    @classmethod
    def of(cls, money: PricingMoney, *, exact: bool = False) -> Money:
        """`exact`: keep more places than the minor unit (unit prices), else rounded once."""
        return cls(
            amount=money.exact_text() if exact else money.text(), currency=money.currency, display=money.display()
        )


class ErrorItem(BaseModel):
    loc: list[str] = Field(description="where: e.g. ['body', 'selection', 'colour']")
    msg: str = Field(description="why, in words")
    type: str = Field(description="a stable error kind, e.g. 'unknown-option', 'conflict'")


class ValidationProblem(Problem):
    """A request refused as not valid: every problem with where it is and why."""

    errors: list[ErrorItem] = Field(default_factory=list)


_DESCRIPTIONS = {
    400: "The request body cannot be read (not JSON, or not UTF-8)",
    404: "Not found (or not yours to see)",
    409: "The request conflicts with the current state",
    422: "The request is not valid: `errors` says where (`loc`) and why (`msg`)",
    429: "Too many requests from this client; wait `Retry-After` seconds",
}


def _inline(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema with its nested models written in place: a problem schema is
    self-contained wherever it is documented."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(defs[ref.removeprefix("#/$defs/")])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    inlined: dict[str, Any] = resolve(schema)
    return inlined


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses for these error statuses, as `application/problem+json` (plus 429, which
    any request may get)."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in sorted({*statuses, 429}):
        model = ValidationProblem if status == 422 else Problem
        out[status] = {"description": _DESCRIPTIONS[status], "content": {PROBLEM: {"schema": _inline(model)}}}
    return out
