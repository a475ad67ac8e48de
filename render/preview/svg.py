"""Layered SVG drawings of the product families, following the buyer's choices.

A catalog names its drawing (`preview.template`); each option's `preview` says which layer it
paints, with what colour or texture, in which shape (`variant`) and with which uploaded artwork.
Optional layers (a rack, a print area) appear only when an option shows them. A drawing with a
back view (`BACK_DRAWINGS`) shows the product's back beside the front, at the same scale, when a
print zone on the back (`side: back`) applies to the design, each view captioned ("Front",
"Back") in the buyer's language. The buyer's text is
XML-escaped and drawn in an ink that reads on the part it sits on; fills are checked hex colours,
so nothing a buyer types can become markup. The same scene always gives the same bytes.

>>> svg = drawing("tshirt", Scene(paints={"body": Paint(colour="#112233")}, lines=("<b>Hi</b>",)))
>>> 'fill="#112233"' in svg and "&lt;b&gt;Hi&lt;/b&gt;" in svg and "<b>" not in svg
True
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import i18n
from modules.catalog import Catalog
from modules.expr import Value
from modules.print_zones import BACK_VIEW_TEMPLATES
from modules.selection import attributes_of
from pricing.lines import zone_applies
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
# templates that have a back view: drawn on the canvas's back view after the front (the catalog
# checks refuse a zone on the back of any other: `modules.print_zones.BACK_VIEW_TEMPLATES` names them)
BACK_DRAWINGS: dict[str, Drawer] = {"tshirt": garments.tshirt_back}
if set(BACK_DRAWINGS) != BACK_VIEW_TEMPLATES:  # pragma: no cover - a drawing added on one side only
    raise RuntimeError("BACK_DRAWINGS and modules.print_zones.BACK_VIEW_TEMPLATES must name the same drawings")
ARTWORK_TYPES = {"image/svg+xml", "image/png", "image/jpeg"}

__all__ = ["BACK_DRAWINGS", "DRAWINGS", "Paint", "Scene", "drawing", "preview_svg"]


def _pictures(scene: Scene) -> dict[str, str]:
    """Layer -> data URI of its artwork, for the artwork the caller supplied (checked files only)."""
    found: dict[str, str] = {}
    for layer, paint in scene.paints.items():
        stored = scene.artwork.get(paint.artwork or "")
        if stored is not None and stored[0] in ARTWORK_TYPES:
            found[layer] = f"data:{stored[0]};base64," + base64.b64encode(stored[1]).decode("ascii")
    return found


def drawing(template: str, scene: Scene, *, fit: bool = False) -> str:
    """The SVG of `template` for `scene` (an empty drawing for an unknown template); with
    `scene.back_view` and a template that has one, the back view beside the front; `fit`: cut to
    the product where the drawing leaves room around it (a small table)."""
    canvas = Canvas(_pictures(scene))
    draw = DRAWINGS.get(template)
    back = BACK_DRAWINGS.get(template) if scene.back_view else None
    if draw is not None:
        draw(scene if back is not None else replace(scene, back_view=False), canvas)
        if back is not None:
            canvas.turn_over()
            back(scene, canvas)
    return canvas.svg(captions=scene.captions, fit=fit)


def back_in_use(catalog: Catalog, selection: Mapping[str, Value]) -> bool:
    """Whether the drawing shows the back view: its template has one and a print zone on the back
    applies to these choices."""
    if catalog.preview is None or catalog.preview.template not in BACK_DRAWINGS:
        return False
    back = [zone for zone in catalog.print_zones if zone.side == "back"]
    attributes = attributes_of(catalog) if back else {}
    return any(zone_applies(zone, selection, attributes) for zone in back)


def preview_svg(
    catalog: Catalog,
    selection: Mapping[str, Value],
    artwork: Mapping[str, tuple[str, bytes]] | None = None,
    *,
    placements: Mapping[str, Any] | None = None,
    pictures: Pictures | None = None,
    lang: str | None = None,
    fit: bool = False,
) -> str | None:
    """The drawing of this catalog for these choices, with the catalog's uploaded `artwork`
    (sha256 -> (media type, bytes)) and the buyer's `pictures` where `placements` put them (print
    zone -> {sha256, x, y, scale}: a zone on the back is drawn on the back view, which shows when such
    a zone applies, the views captioned in `lang`); None when the catalog names no drawing we have.
    `fit`: the picture shows the product as large as it goes (a cart line, a shop card), where the
    drawing would leave room around it to show its size (the configure page's preview)."""
    if catalog.preview is None or catalog.preview.template not in DRAWINGS:
        return None
    back = back_in_use(catalog, selection)
    captions = (i18n.gettext("Front", lang), i18n.gettext("Back", lang))
    scene = replace(scene_of(catalog, selection, artwork), back_view=back, captions=captions)
    svg = drawing(catalog.preview.template, scene, fit=fit)
    if placements and pictures:
        svg = svg.removesuffix("</svg>") + zone_layers(catalog, placements, pictures, back_view=back) + "</svg>"
    return svg
