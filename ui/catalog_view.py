"""Pure helpers that turn a catalog into rows for tables (unit-tested without Streamlit)."""

from __future__ import annotations

from modules.catalog import Catalog
from modules.kinds import ChoiceModule, MultiChoice, NumericModule, QuantityModule, TextModule


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


def option_rows(catalog: Catalog) -> list[dict[str, str]]:
    currency = catalog.currency
    rows: list[dict[str, str]] = []
    for module in catalog.modules:
        if not isinstance(module, ChoiceModule):
            continue
        for option in module.options:
            if option.price_percent is not None:
                price = f"+{option.price_percent}%"
            else:
                price = f"+{option.price} {currency}" if option.price else "included"
            rows.append(
                {
                    "Module": module.name,
                    "Option": option.name,
                    "Price effect": price,
                    "Extra days": str(option.lead_time_days),
                    "Default": "yes" if option.default else "",
                }
            )
    return rows
