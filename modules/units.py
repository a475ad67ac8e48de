"""Units a catalog may use: for numeric modules and for material quantities."""

from __future__ import annotations

UNITS: dict[str, str] = {
    "mm": "millimetre",
    "cm": "centimetre",
    "m": "metre",
    "in": "inch",
    "m2": "square metre",
    "cm2": "square centimetre",
    "ml": "millilitre",
    "l": "litre",
    "g": "gram",
    "kg": "kilogram",
    "pcs": "piece",
    "pair": "pair",
    "set": "set",
    "W": "watt",
    "GB": "gigabyte",
    "TB": "terabyte",
    "h": "hour",
    "EU": "EU shoe size",
}


def check_unit(value: str) -> str:
    if value not in UNITS:
        raise ValueError(f"unknown unit '{value}'; known units: {', '.join(UNITS)}")
    return value
