"""Plain data the order documents are printed from (no database objects, no Streamlit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class DocLine:
    position: int
    name: str
    quantity: int
    unit_minor: int
    total_minor: int
    choices: tuple[str, ...] = ()  # "Module: option" as sold


@dataclass(frozen=True, slots=True)
class DocAddress:
    name: str
    line1: str
    line2: str
    postal_code: str
    city: str
    country: str

    def lines(self) -> list[str]:
        rows = [self.name, self.line1, self.line2, f"{self.postal_code} {self.city}".strip(), self.country]
        return [row for row in rows if row.strip()]


@dataclass(frozen=True, slots=True, kw_only=True)
class DocOrder:
    number: int
    reference: str
    placed_at: dt.datetime
    status: str
    contact_name: str
    contact_email: str
    ship_to: DocAddress
    currency: str
    lines: tuple[DocLine, ...]
    subtotal_minor: int
    discount_minor: int
    shipping_minor: int
    tax_minor: int
    tax_rate: str = ""  # percent as text, when known
    tax_included: bool = True
    total_minor: int
    promised_delivery: dt.date | None = None
    paid_minor: int = 0
    refunded_minor: int = 0
    materials: tuple[tuple[str, str], ...] = field(default=())  # (material, quantity with unit)
