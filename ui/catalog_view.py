"""Pure helpers that turn a catalog into rows for tables (unit-tested without Streamlit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from configurator.catalog_engine import ConfigurationState
from modules.catalog import Catalog
from modules.expr import Value
from modules.kinds import ChoiceModule, MultiChoice, NumericModule, QuantityModule, TextModule
from pricing.lines import prices_on
from pricing.money import Money
from pricing.shop import ShopSettings


def base_price(catalog: Catalog, shop: ShopSettings, currency: str, day: dt.date) -> Money:
    """The base price in force on `day` in `currency`: its own price list's, else converted."""
    return Money(prices_on(catalog, day, shop.sale_currency(currency)).base, currency)


def module_summary(catalog: Catalog) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for module in catalog.modules:
        if isinstance(module, ChoiceModule):
            picks = " (several)" if isinstance(module, MultiChoice) else ""
            detail = f"{len(module.options)} options{picks}"
        elif isinstance(module, NumericModule):
            detail = f"{module.min}–{module.max} {module.unit}, step {module.step}"
        elif isinstance(module, QuantityModule):
            detail = f"{module.min}–{module.max} pieces"
        elif isinstance(module, TextModule):
            detail = f"text up to {module.max_length} characters"
        else:  # pragma: no cover - every kind is listed above
            detail = ""
        rows.append({"Module": module.name, "Kind": module.kind, "Choices": detail, "Step": module.group or ""})
    return rows


def option_rows(catalog: Catalog, effects: Mapping[tuple[str, str], str]) -> list[dict[str, str]]:
    """One row per option; `effects` are the configure page's price effects for an empty design
    (`ConfigureView.effects`), so both pages show the same figures (surcharges included)."""
    rows: list[dict[str, str]] = []
    for module in catalog.modules:
        if not isinstance(module, ChoiceModule):
            continue
        for option in module.options:
            rows.append(
                {
                    "Module": module.name,
                    "Option": option.name,
                    "Price effect": effects.get((module.code, option.code)) or "included",
                    "Extra days": str(option.lead_time_days),
                    "Default": "yes" if option.default else "",
                }
            )
    return rows


def summary_lines(catalog: Catalog, state: ConfigurationState, selection: dict[str, Value]) -> list[str]:
    """'Module: choice' lines for what the buyer chose or the rules forced, in catalog words."""
    lines: list[str] = []
    for module in catalog.modules:
        module_state = state.module(module.code)
        if not module_state.applicable:
            continue
        if isinstance(module, MultiChoice):
            names = [o.name for o in module_state.options if o.selected or o.forced]
            if names:
                lines.append(f"{module.name}: {', '.join(names)}")
            continue
        value = selection.get(module.code, module_state.forced)
        if value is None or value == "":
            continue
        if isinstance(module, ChoiceModule):
            option = module.option(str(value))
            shown = option.name if option else str(value)
        elif isinstance(module, NumericModule) and isinstance(value, Decimal):
            shown = f"{value.normalize():f} {module.unit}"
        else:
            shown = str(value)
        forced = " (set by your other choices)" if module.code not in selection else ""
        lines.append(f"{module.name}: {shown}{forced}")
    return lines
