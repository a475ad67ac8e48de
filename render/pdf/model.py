"""Plain data the order documents are printed from (no database objects, no Streamlit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, kw_only=True)
class DocPrint:
    """A buyer's picture in a print zone, as sold: the stored file and where it sits."""

    zone: str
    zone_name: str
    area: tuple[float, float, float, float]  # the zone's x, y, width, height in preview units
    sha256: str
    media_type: str
    file_name: str
    width: int  # pixels (an SVG's viewBox size)
    height: int
    x: float  # the picture's centre, fraction of the zone across and down
    y: float
    scale: float  # the picture's width, fraction of the zone's width
    content: bytes | None  # None when the file could not be read back


@dataclass(frozen=True, slots=True)
class DocLine:
    position: int
    name: str
    quantity: int
    unit_minor: int
    total_minor: int
    choices: tuple[str, ...] = ()  # "Module: option" as sold
    prints: tuple[DocPrint, ...] = ()


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
    # Each discount (name in the document's language, minor units), when the order names them;
    # otherwise one "Discounts" row of `discount_minor`.
    discounts: tuple[tuple[str, int], ...] = ()
    shipping_minor: int
    free_reason: str | None = None  # why delivery was free, in the document's language
    delivery: str | None = None  # the delivery row's label in the document's language (None: "Shipping")
    tax_minor: int
    tax_rate: str = ""  # percent as text, when known
    tax_included: bool = True
    total_minor: int
    promised_delivery: dt.date | None = None
    paid_minor: int = 0
    refunded_minor: int = 0
    materials: tuple[tuple[str, str], ...] = field(default=())  # (material, quantity with unit)
