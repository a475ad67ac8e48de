"""Print zones: where a buyer may place their own picture (a logo, a photo) on the product.

A zone sits on a preview layer and covers a rectangle of the preview's drawing (a 300-unit wide
canvas; `x`, `y`, `width`, `height` in its units) on one side of the product: `side: front` (the
default, the drawing's own view) or `side: back`, whose rectangle is on the drawing's back view,
drawn at the same scale beside the front; only a drawing with a back view (`BACK_VIEW_TEMPLATES`)
may have one. It applies when `visible_if` holds (for the
T-shirt: when that placement is chosen) and costs `price` per item when the buyer uses it, shown
as its own price line. `max_bytes` and `max_pixels` may tighten the shop's limits for uploads.

A placement is where the picture sits in the zone: `x` and `y` are the picture's centre as a
fraction of the zone (0 = left or top edge, 1 = right or bottom) and `scale` its width as a
fraction of the zone's width, so the picture stays wholly inside the zone (`placement_problem`).

>>> zone = PrintZone(code="front", name="Front", layer="print-front",
...                  area=ZoneArea(x=110, y=100, width=80, height=82))
>>> placement_problem(zone, x=0.5, y=0.5, scale=0.5, aspect=1.0) is None
True
>>> placement_problem(zone, x=0.1, y=0.5, scale=0.5, aspect=1.0)
'the picture reaches past the left edge of Front: move it right or make it smaller'
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer

from modules.base import Frozen
from modules.fields import Amount, Code, Condition, Name

MAX_ZONES = 20
# the preview drawings (`preview.template`) that have a back view, where a zone with `side: back`
# sits; `render.preview.svg.BACK_DRAWINGS` draws exactly these
BACK_VIEW_TEMPLATES = frozenset({"tshirt"})
MAX_ZONE_BYTES = 2_000_000  # the shop's own upload limit; a zone may only lower it
MAX_ZONE_PIXELS = 8_000_000
MIN_SCALE = 0.05
MAX_SCALE = 1.0
_EDGE = 1e-9

Coordinate = Annotated[Decimal, Field(ge=0, le=10_000, max_digits=10, decimal_places=4)]
Extent = Annotated[Decimal, Field(gt=0, le=10_000, max_digits=10, decimal_places=4)]


class ZoneArea(Frozen):
    """The zone's rectangle in the preview drawing's units."""

    x: Coordinate
    y: Coordinate
    width: Extent
    height: Extent


class PrintZone(Frozen):
    """One place a buyer may print their own picture."""

    code: Code
    name: Name
    layer: Code = Field(description="the preview layer the zone belongs to (an option's preview.layer)")
    area: ZoneArea
    side: Literal["front", "back"] = Field(
        default="front", description="the side of the product the zone is on: its view in the preview"
    )
    visible_if: Condition | None = Field(default=None, description="when the zone applies (else always)")
    price: Amount = Field(default=Decimal(0), description="per item, when the buyer places a picture here")
    max_bytes: int | None = Field(default=None, ge=1, le=MAX_ZONE_BYTES)
    max_pixels: int | None = Field(default=None, ge=1, le=MAX_ZONE_PIXELS)

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> Any:
        """The default side is left out, so a catalog hashes (`Catalog.fingerprint`) and is stored
        as it was before zones had sides."""
        data = handler(self)
        if isinstance(data, dict) and data.get("side") == "front":
            del data["side"]
        return data


def placement_box(zone: PrintZone, *, x: float, y: float, scale: float, aspect: float) -> tuple[float, ...]:
    """(left, top, width, height) of the picture in drawing units; `aspect` is height / width."""
    area = zone.area
    width = float(area.width) * scale
    height = width * aspect
    left = float(area.x) + float(area.width) * x - width / 2
    top = float(area.y) + float(area.height) * y - height / 2
    return left, top, width, height


def placement_problem(zone: PrintZone, *, x: float, y: float, scale: float, aspect: float) -> str | None:
    """Why the placement does not fit the zone, or None when the picture is wholly inside it."""
    values = {"x": x, "y": y, "scale": scale, "aspect": aspect}
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return f"{name} must be a number"
    if not 0 <= x <= 1 or not 0 <= y <= 1:
        return "the position must be from 0 to 1 across and down the zone"
    if not MIN_SCALE <= scale <= MAX_SCALE:
        return f"the size must be from {MIN_SCALE:g} to {MAX_SCALE:g} of the zone's width"
    if aspect <= 0:
        return "the picture has no height"
    left, top, width, height = placement_box(zone, x=x, y=y, scale=scale, aspect=aspect)
    area = zone.area
    right, bottom = float(area.x) + float(area.width), float(area.y) + float(area.height)
    if height > float(area.height) + _EDGE:
        return f"the picture is taller than {zone.name}: make it smaller"
    if left < float(area.x) - _EDGE:
        return f"the picture reaches past the left edge of {zone.name}: move it right or make it smaller"
    if left + width > right + _EDGE:
        return f"the picture reaches past the right edge of {zone.name}: move it left or make it smaller"
    if top < float(area.y) - _EDGE:
        return f"the picture reaches past the top edge of {zone.name}: move it down or make it smaller"
    if top + height > bottom + _EDGE:
        return f"the picture reaches past the bottom edge of {zone.name}: move it up or make it smaller"
    return None


def centred_placement(zone: PrintZone, aspect: float) -> tuple[float, float, float]:
    """(x, y, scale) of the largest picture of this aspect that fits the zone, centred."""
    area = zone.area
    fit = min(MAX_SCALE, float(area.height) / (float(area.width) * aspect)) if aspect > 0 else MAX_SCALE
    return 0.5, 0.5, max(MIN_SCALE, min(MAX_SCALE, fit * 0.9))
