"""The buyer's own pictures in a product's print zones, drawn over the product drawing.

Each picture is an `<image>` with a data URI of the stored, checked file (the re-encoded PNG or
JPEG, or the rebuilt SVG), placed as the design says (`modules.print_zones.placement_box`) and
clipped to its zone, so nothing is drawn outside it. A zone on the back (`side: back`) is drawn on
the drawing's back view (`render.preview.canvas.BACK_SHIFT` right of the front), at the same
scale as the front. Placements naming a zone the catalog lacks, or a picture the caller did not
supply, are left out; so are those on the back when the drawing has no back view.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from modules.catalog import Catalog
from modules.print_zones import placement_box
from render.preview.canvas import BACK_SHIFT

PICTURE_TYPES = {"image/svg+xml", "image/png", "image/jpeg"}

# sha256 -> (media type, content, width, height) of a stored buyer picture
Pictures = Mapping[str, tuple[str, bytes, int, int]]


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def zone_layers(catalog: Catalog, placements: Mapping[str, Any], pictures: Pictures, *, back_view: bool = True) -> str:
    """SVG groups (one per placed zone, in catalog order) to lay over the drawing; `back_view`:
    the drawing shows the back view (as `render.preview.svg.preview_svg` draws it when a zone on the
    back applies)."""
    out = []
    for zone in catalog.print_zones:
        placement = placements.get(zone.code)
        if not isinstance(placement, Mapping) or (zone.side == "back" and not back_view):
            continue
        picture = pictures.get(str(placement.get("sha256", "")))
        x, y, scale = (_number(placement.get(k)) for k in ("x", "y", "scale"))
        if picture is None or x is None or y is None or scale is None:
            continue
        media, content, width, height = picture
        if media not in PICTURE_TYPES or width <= 0 or height <= 0:
            continue
        left, top, w, h = placement_box(zone, x=x, y=y, scale=scale, aspect=height / width)
        area = zone.area
        uri = f"data:{media};base64," + base64.b64encode(content).decode("ascii")
        shift = f' transform="translate({BACK_SHIFT} 0)"' if zone.side == "back" else ""
        out.append(
            f'<g id="zone-{zone.code}"{shift}><clipPath id="clip-zone-{zone.code}"><rect x="{area.x}" y="{area.y}" '
            f'width="{area.width}" height="{area.height}"/></clipPath>'
            f'<image clip-path="url(#clip-zone-{zone.code})" href="{uri}" x="{left:.3f}" y="{top:.3f}" '
            f'width="{w:.3f}" height="{h:.3f}" preserveAspectRatio="xMidYMid meet"/></g>'
        )
    return "".join(out)
