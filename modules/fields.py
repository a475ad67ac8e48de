"""Reusable field types of the catalog model: codes, amounts, text, colours, conditions."""

from __future__ import annotations

import keyword
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema

from modules.expr import FUNCTIONS, Expression, parse_expression
from modules.text import clean_text
from modules.units import UNITS, check_unit


def _int_to_str(value: Any) -> Any:
    # YAML reads an option code such as `42` (a shoe size) as a number; codes are text.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


RESERVED = {"true", "false", "none", *FUNCTIONS, *keyword.kwlist}


def _not_reserved(value: str) -> str:
    if value in RESERVED:
        raise ValueError(f"'{value}' is a reserved word and cannot be a module code")
    return value


# A code names an option, rule, material or product: lower-case letters, digits, '-' and '_'.
CODE_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,62}$"
Code = Annotated[
    str,
    BeforeValidator(_int_to_str),
    StringConstraints(pattern=CODE_PATTERN),
    WithJsonSchema({"type": ["string", "integer"], "pattern": CODE_PATTERN, "minimum": 0}),
]
# A module code is also a name in expressions, so it must be an identifier.
ModuleCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,62}$"),
    AfterValidator(_not_reserved),
]
AttributeName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,62}$")]


def _name(max_length: int) -> Any:
    return AfterValidator(lambda v: clean_text(v, max_length=max_length))


Name = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), _name(120)]
Description = Annotated[str, _name(2_000)]

# Money amounts in the catalog's currency: exact decimals, never negative.
Amount = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=4)]
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=7, decimal_places=4)]
Quantity = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=6)]
Days = Annotated[int, Field(ge=0, le=365)]
Hex = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]  # a content address (lowercase hex)
Unit = Annotated[str, AfterValidator(check_unit), WithJsonSchema({"enum": list(UNITS)})]


def condition_modules(condition: dict[str, Any] | str | None) -> set[str]:
    """The module codes a condition reads (an expression's names, or a mapping's keys).

    >>> sorted(condition_modules("size == 'xl' and colour != 'red'")), condition_modules({"size": ["m"]})
    (['colour', 'size'], {'size'})
    """
    if condition is None:
        return set()
    if isinstance(condition, str):
        return set(compile_expression(condition).modules)
    return set(condition)


@lru_cache(maxsize=4096)
def compile_expression(source: str) -> Expression:
    """Parse once per distinct source text (models are frozen; expressions are shared)."""
    return parse_expression(source)


def _check_expression(value: str) -> str:
    compile_expression(value)  # raises ExpressionError (a ValueError) with a clear message
    return value


ExprText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=1_000),
    AfterValidator(_check_expression),
    WithJsonSchema({"type": "string", "description": "an expression (see docs/catalog-format.md)"}),
]


def _check_condition(value: Any) -> Any:
    if isinstance(value, str):
        return _check_expression(value)
    if isinstance(value, dict):
        if not value:
            raise ValueError("a condition needs at least one module")
        for module, options in value.items():
            codes = options if isinstance(options, list) else [options]
            if not codes or not all(isinstance(_int_to_str(c), str) for c in codes):
                raise ValueError(f"module '{module}' in a condition needs an option code or a list of them")
        return {k: ([_int_to_str(c) for c in v] if isinstance(v, list) else _int_to_str(v)) for k, v in value.items()}
    raise ValueError("a condition is either {module: option or [options]} or an expression in quotes")


Condition = Annotated[
    dict[str, str | list[str]] | str,
    BeforeValidator(_check_condition),
    WithJsonSchema(
        {
            "oneOf": [
                {
                    "type": "object",
                    "additionalProperties": {
                        "oneOf": [
                            {"type": ["string", "integer"]},
                            {"type": "array", "items": {"type": ["string", "integer"]}},
                        ]
                    },
                    "minProperties": 1,
                },
                {"type": "string"},
            ],
            "description": "{module: option or [options], ...} (all must hold) or an expression",
        }
    ),
]
