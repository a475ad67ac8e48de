"""The drawing surface the product drawings write to: layers, texture patterns, outlined parts.

Each layer is one `<g id="layer-NAME">`; a texture is a pattern laid over the part's colour, its
definition emitted once, and only when a part uses it, so the SVG is a pure function of the scene.

A drawing may have a back view (`turn_over`): its layers are drawn on a second 300 x 280 canvas
at the same scale, `BACK_SHIFT` to the right of the front, and the picture is cropped to the
two views (`TWO_VIEWS`), with a band above them naming each view (`captions`, in the buyer's
language); a drawing without one keeps its single 300 x 280 view.
"""

from __future__ import annotations

from collections.abc import Mapping
from xml.sax.saxutils import escape

from render.preview.colours import outline_for
from render.preview.paints import Paint

# texture -> pattern body (drawn over the part's own colour, so it works on any colour)
PATTERNS: dict[str, tuple[int, str]] = {
    "heather": (
        6,
        '<circle cx="1" cy="1" r="0.8" fill="#fff" opacity="0.35"/><circle cx="4" cy="4" r="0.7" '
        'fill="#000" opacity="0.18"/>',
    ),
    "carbon": (
        8,
        '<rect width="4" height="4" fill="#fff" opacity="0.10"/><rect x="4" y="4" width="4" '
        'height="4" fill="#fff" opacity="0.10"/>',
    ),
    "brushed": (4, '<path d="M0 1 H4" stroke="#fff" stroke-width="0.6" opacity="0.35"/>'),
    "leather": (
        7,
        '<circle cx="2" cy="2" r="1" fill="#000" opacity="0.12"/><circle cx="5.5" cy="5" r="0.8" '
        'fill="#fff" opacity="0.12"/>',
    ),
    "suede": (3, '<circle cx="1" cy="1" r="0.6" fill="#fff" opacity="0.15"/>'),
    "knit": (6, '<path d="M0 0 L3 4 L6 0" fill="none" stroke="#000" stroke-width="0.7" opacity="0.2"/>'),
    "canvas": (4, '<path d="M0 2 H4 M2 0 V4" stroke="#000" stroke-width="0.5" opacity="0.15"/>'),
    "mesh": (5, '<circle cx="2.5" cy="2.5" r="1.2" fill="#000" opacity="0.3"/>'),
    "felt": (3, '<circle cx="1.5" cy="1.5" r="0.7" fill="#000" opacity="0.12"/>'),
    "speckle": (
        9,
        '<circle cx="2" cy="3" r="1" fill="#000" opacity="0.35"/><circle cx="7" cy="7" r="0.8" '
        'fill="#fff" opacity="0.5"/>',
    ),
    "wood": (
        24,
        '<path d="M0 5 Q6 3 12 5 T24 5 M0 13 Q6 11 12 14 T24 13 M0 20 Q8 18 14 20 T24 20" '
        'fill="none" stroke="#000" stroke-width="0.8" opacity="0.18"/>',
    ),
}
ALIASES = {"carbon-weave": "carbon", "oak": "wood", "walnut": "wood", "ash": "wood", "rubber": "felt", "gum": "suede"}
GRADIENTS: dict[str, str] = {
    "metallic": '<stop offset="0" stop-color="#fff" stop-opacity="0.45"/><stop offset="0.45" stop-color="#fff" '
    'stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.25"/>',
    "pearl": '<stop offset="0" stop-color="#fff" stop-opacity="0.6"/><stop offset="0.5" stop-color="#f3e6ff" '
    'stop-opacity="0.25"/><stop offset="1" stop-color="#c8d8ff" stop-opacity="0.3"/>',
    "glass": '<stop offset="0" stop-color="#fff" stop-opacity="0.5"/><stop offset="0.35" stop-color="#fff" '
    'stop-opacity="0.05"/><stop offset="1" stop-color="#9fc3e6" stop-opacity="0.35"/>',
}


BACK_SHIFT = 260  # x of the back view's origin in the picture: the garments' sleeves leave margins
TWO_VIEWS = (24, 0, 512, 280)  # the viewBox of front and back together: x 24..276 of each view
_VIEW_EDGE = 280  # the front view ends and the back view (at its x 20) begins here
CAPTION_BAND = 34  # above the two views: each one's name ("Front", "Back"), 26 units high
_CAPTION_SIZE = 26  # 12 px in the cart's 239 px wide picture (512 units), 15 px on the configure page's 300


class Canvas:
    """`pictures`: layer -> data URI of the merchandiser's artwork, drawn over the layer's shapes
    across the whole drawing (artwork is made on the 300 x 280 canvas)."""

    def __init__(self, pictures: Mapping[str, str] | None = None) -> None:
        self.defs: dict[str, str] = {}
        self.parts: list[str] = []  # the front view's layers
        self.back_parts: list[str] = []  # the back view's, if the drawing has one
        self._drawn = self.parts
        self.pictures = dict(pictures or {})
        # Where the product is (x, y, width, height), for a drawing that does not fill the canvas: a
        # picture that is to show the product large (a cart line, a shop card) is cut to it.
        self.focus: tuple[float, float, float, float] | None = None

    def turn_over(self) -> None:
        """Draw the layers that follow on the back view."""
        self._drawn = self.back_parts

    def layer(self, name: str, *shapes: str) -> None:
        picture = self.pictures.get(name)
        image = (
            f'<image href="{picture}" x="0" y="0" width="300" height="280" preserveAspectRatio="xMidYMid meet"/>'
            if picture
            else ""
        )
        self._drawn.append(f'<g id="layer-{name}">' + "".join(shapes) + image + "</g>")

    def texture(self, texture: str | None) -> str | None:
        """`url(#...)` of the texture's overlay (its definition registered), or None."""
        if not texture:
            return None
        name = ALIASES.get(texture, texture)
        if name in PATTERNS:
            size, body = PATTERNS[name]
            self.defs[name] = (
                f'<pattern id="tex-{name}" width="{size}" height="{size}" '
                f'patternUnits="userSpaceOnUse">{body}</pattern>'
            )
        elif name in GRADIENTS:
            self.defs[name] = (
                f'<linearGradient id="tex-{name}" x1="0" y1="0" x2="0.4" y2="1">{GRADIENTS[name]}</linearGradient>'
            )
        else:
            return None
        return f"url(#tex-{name})"

    def part(self, d: str, paint: Paint, fallback: str, *, width: float = 2, extra: str = "") -> str:
        """A closed part: filled with the paint's colour, its texture laid over, outlined so it
        shows on any background."""
        fill = paint.fill(fallback)
        shape = (
            f'<path d="{d}" fill="{fill}" stroke="{outline_for(fill)}" stroke-width="{width:g}" '
            f'stroke-linejoin="round"{extra}/>'
        )
        overlay = self.texture(paint.texture)
        if overlay:
            shape += f'<path d="{d}" fill="{overlay}" stroke="none"/>'
        return shape

    def tube(self, d: str, paint: Paint, fallback: str, *, width: float = 7) -> str:
        """A stroked part (frame tubes, legs): an outline line under the coloured line."""
        colour = paint.fill(fallback)
        overlay = self.texture(paint.texture)
        grain = (
            f'<path d="{d}" fill="none" stroke="{overlay}" stroke-width="{width:g}" stroke-linecap="round"/>'
            if overlay
            else ""
        )
        return (
            f'<path d="{d}" fill="none" stroke="{outline_for(colour)}" stroke-width="{width + 3:g}" '
            'stroke-linecap="round" stroke-linejoin="round"/>'
            f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width:g}" stroke-linecap="round" '
            'stroke-linejoin="round"/>' + grain
        )

    def svg(
        self, width: int = 300, height: int = 280, *, captions: tuple[str, str] = ("Front", "Back"), fit: bool = False
    ) -> str:
        """The picture; with a back view, `captions` name the front and the back above each view;
        `fit`: cut to the drawing's `focus` where it has one."""
        defs = "".join(self.defs[k] for k in sorted(self.defs))
        if not self.back_parts:
            x, y, wide, high = self.focus if fit and self.focus else (0, 0, width, height)
            return (
                f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x:g} {y:g} {wide:g} {high:g}" '
                f'width="{wide:g}" height="{high:g}">'
                + (f"<defs>{defs}</defs>" if defs else "")
                + "".join(self.parts)
                + "</svg>"
            )
        left, top, wide, high = TWO_VIEWS
        edge = _VIEW_EDGE - BACK_SHIFT
        clips = (
            f'<clipPath id="clip-view-front"><rect x="0" y="0" width="{_VIEW_EDGE}" height="{high}"/></clipPath>'
            f'<clipPath id="clip-view-back"><rect x="{edge}" y="0" width="{300 - edge}" height="{high}"/></clipPath>'
        )
        names = "".join(
            f'<text id="caption-{view}" x="{centre:g}" y="{top - 10}" text-anchor="middle" '
            f'font-family="sans-serif" font-size="{_CAPTION_SIZE}" font-weight="600" fill="#222" stroke="#fff" '
            f'stroke-width="5" stroke-linejoin="round" paint-order="stroke">{escape(name)}</text>'
            for view, centre, name in (
                ("front", (left + _VIEW_EDGE) / 2, captions[0]),
                ("back", (_VIEW_EDGE + left + wide) / 2, captions[1]),
            )
        )
        top, high = top - CAPTION_BAND, high + CAPTION_BAND
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left} {top} {wide} {high}" width="{wide}" '
            f'height="{high}"><defs>{clips}{defs}</defs><g id="view-captions">{names}</g>'
            '<g id="view-front" clip-path="url(#clip-view-front)">' + "".join(self.parts) + "</g>"
            f'<g id="view-back" transform="translate({BACK_SHIFT} 0)" clip-path="url(#clip-view-back)">'
            + "".join(self.back_parts)
            + "</g></svg>"
        )
