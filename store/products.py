"""What an order line means for production, from its catalog: values, BOM, steps, snapshot.

Pure functions over `modules` (no database): the order service stores what they return.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import ROUND_CEILING, Decimal
from typing import Any

from modules.base import MaterialUse
from modules.catalog import Catalog
from modules.expr import Attributes, EvaluationError, Value
from modules.fields import compile_expression
from modules.kinds import ChoiceModule, Module, MultiChoice, NumericModule, QuantityModule, SingleChoice, TextModule
from modules.selection import (
    attributes_of,
    dump_selection,
    dump_value,
)

MICRO = Decimal(1_000_000)  # stock quantities are stored in millionths of a unit


class LineProblem(ValueError):
    """A selection that does not make a valid product of its catalog (any more)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


json_value = dump_value  # a selection value as JSON (sets as sorted lists, exact numbers)
json_selection = dump_selection


def _chosen(module: Module, value: Value) -> bool:
    return value is not None and value != "" and value != frozenset()


def _uses(module: Module, value: Value) -> list[tuple[MaterialUse, Decimal]]:
    """(BOM line, multiplier) pairs a module contributes for its value."""
    if isinstance(module, SingleChoice) and isinstance(value, str):
        option = module.option(value)
        return [(use, Decimal(1)) for use in option.materials] if option else []
    if isinstance(module, MultiChoice) and isinstance(value, frozenset):
        return [(use, Decimal(1)) for code in sorted(value) if (o := module.option(code)) for use in o.materials]
    if isinstance(module, QuantityModule) and isinstance(value, Decimal):
        return [(use, value) for use in module.materials]
    if isinstance(module, NumericModule | TextModule) and _chosen(module, value):
        return [(use, Decimal(1)) for use in module.materials]
    return []


def _amount(use: MaterialUse, selection: Mapping[str, Value], attributes: Attributes) -> Decimal:
    if isinstance(use.quantity, Decimal):
        return use.quantity
    try:
        result = compile_expression(use.quantity).evaluate(selection, attributes)
    except EvaluationError as exc:
        raise LineProblem([f"material {use.material}: {exc}"]) from None
    if isinstance(result, bool) or not isinstance(result, Decimal) or result < 0:
        raise LineProblem([f"material {use.material}: '{use.quantity}' is not a quantity ({result!r})"])
    return result


def bill_of_materials(catalog: Catalog, selection: Mapping[str, Value], quantity: int = 1) -> dict[str, Decimal]:
    """Material code -> quantity for `quantity` items: base + chosen options + module materials."""
    attributes = attributes_of(catalog)
    needs: dict[str, Decimal] = defaultdict(Decimal)
    uses = [(use, Decimal(1)) for use in catalog.base.materials]
    for module in catalog.modules:
        uses += _uses(module, selection.get(module.code))
    for use, factor in uses:
        needs[use.material] += _amount(use, selection, attributes) * factor * quantity
    return {code: amount for code, amount in sorted(needs.items()) if amount > 0}


def to_micro(amount: Decimal) -> int:
    """Millionths of a unit, rounded up (never reserve less than production needs)."""
    return int((amount * MICRO).to_integral_value(rounding=ROUND_CEILING))


def production_steps(catalog: Catalog, selection: Mapping[str, Value]) -> list[tuple[str | None, str]]:
    """(module code or None for the base, step name), in catalog order, for the chosen modules.
    A step named again by a module (the sneaker's base and its sole both say "Attach sole") is
    one piece of work: it is listed once, where it first appears."""
    steps: list[tuple[str | None, str]] = [(None, name) for name in dict.fromkeys(catalog.base.production_steps)]
    seen = {name.casefold() for _, name in steps}
    for module in catalog.modules:
        if _chosen(module, selection.get(module.code)):
            for name in module.production_steps:
                if name.casefold() not in seen:
                    seen.add(name.casefold())
                    steps.append((module.code, name))
    return steps


def describe(catalog: Catalog, selection: Mapping[str, Value]) -> list[dict[str, Any]]:
    """Per module: code, name and the chosen value with option names, as the buyer saw them."""
    rows: list[dict[str, Any]] = []
    for module in catalog.modules:
        value = selection.get(module.code)
        if not _chosen(module, value):
            continue
        row: dict[str, Any] = {"module": module.code, "module_name": module.name, "kind": module.kind}
        if isinstance(module, ChoiceModule):
            codes = sorted(value) if isinstance(value, frozenset) else [value]
            row["options"] = [
                {"code": c, "name": o.name} for c in codes if isinstance(c, str) and (o := module.option(c))
            ]
        else:
            row["value"] = json_value(value)
            if isinstance(module, NumericModule):
                row["unit"] = module.unit
        rows.append(row)
    return rows
