"""Layered SVG drawings of the product families, following the buyer's choices.

A catalog names its drawing (`preview.template`); each option's `preview` says which layer it
paints, with what colour or texture, in which shape (`variant`) and with which uploaded artwork.
Optional layers (a rack, a print area) appear only when an option shows them. The buyer's text is
XML-escaped and drawn in an ink that reads on the part it sits on; fills are checked hex colours,
so nothing a buyer types can become markup. The same scene always gives the same bytes.

>>> svg = drawing("tshirt", Scene(paints={"body": Paint(colour="#112233")}, lines=("<b>Hi</b>",)))
>>> 'fill="#112233"' in svg and "&lt;b&gt;Hi&lt;/b&gt;" in svg and "<b>" not in svg
True
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from typing import Any

from modules.catalog import Catalog
from modules.expr import Value
from render.preview import garments, objects, vehicles
from render.preview.canvas import Canvas
from render.preview.paints import Paint, Scene, scene_of
from render.preview.zones import Pictures, zone_layers

Drawer = Callable[[Scene, Canvas], None]
DRAWINGS: dict[str, Drawer] = {
    "tshirt": garments.tshirt,
    "sneaker": garments.sneaker,
    "bicycle": vehicles.bicycle,
    "hatchback": vehicles.hatchback,
    "pc-tower": objects.pc_tower,
    "table": objects.table,
}
ARTWORK_TYPES = {"image/svg+xml", "image/png", "image/jpeg"}

__all__ = ["DRAWINGS", "Paint", "Scene", "drawing", "preview_svg"]


def _pictures(scene: Scene) -> dict[str, str]:
    """Layer -> data URI of its artwork, for the artwork the caller supplied (checked files only)."""
    found: dict[str, str] = {}
    for layer, paint in scene.paints.items():
        stored = scene.artwork.get(paint.artwork or "")
        if stored is not None and stored[0] in ARTWORK_TYPES:
            found[layer] = f"data:{stored[0]};base64," + base64.b64encode(stored[1]).decode("ascii")
    return found


def drawing(template: str, scene: Scene) -> str:
    """The SVG of `template` for `scene` (an empty drawing for an unknown template)."""
    canvas = Canvas(_pictures(scene))
    draw = DRAWINGS.get(template)
    if draw is not None:
        draw(scene, canvas)
    return canvas.svg()


def preview_svg(
    catalog: Catalog,
    selection: Mapping[str, Value],
    artwork: Mapping[str, tuple[str, bytes]] | None = None,
    *,
    placements: Mapping[str, Any] | None = None,
    pictures: Pictures | None = None,
) -> str | None:
    """The drawing of this catalog for these choices, with the catalog's uploaded `artwork`
    (sha256 -> (media type, bytes)) and the buyer's `pictures` where `placements` put them (print
    zone -> {sha256, x, y, scale}); None when the catalog names no drawing we have."""
    if catalog.preview is None or catalog.preview.template not in DRAWINGS:
        return None
    svg = drawing(catalog.preview.template, scene_of(catalog, selection, artwork))
    if placements and pictures:
        svg = svg.removesuffix("</svg>") + zone_layers(catalog, placements, pictures) + "</svg>"
    return svg
