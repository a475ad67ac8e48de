"""Layered SVG drawings of the product families, recoloured by the buyer's choices.

Every drawing is a list of layers; a layer's shapes use `{fill}`, which becomes the colour of the
chosen option that paints it (`option.preview.layer`). Optional layers (a rack, a print area)
appear only when an option shows them. The buyer's text is XML-escaped before it is placed, and
fills are checked hex colours, so nothing a buyer types can become markup.

>>> svg = drawing("tshirt", {"body": Paint(colour="#112233")}, ["<b>Hi</b>"])
>>> 'fill="#112233"' in svg and "&lt;b&gt;Hi&lt;/b&gt;" in svg and "<b>" not in svg
True
"""

from __future__ import annotations

from collections.abc import Mapping
from xml.sax.saxutils import escape

from modules.catalog import Catalog
from modules.expr import Value
from render.preview.paints import Paint, layer_paints, texts

# template -> [(layer, always drawn?, default fill, shapes)]
Layer = tuple[str, bool, str, str]

_WHEEL = '<circle cx="{x}" cy="150" r="52" fill="none" stroke="{{fill}}" stroke-width="9"/>'
DRAWINGS: dict[str, list[Layer]] = {
    "tshirt": [
        (
            "body",
            True,
            "#E8E8E8",
            '<path d="M70 40 L120 20 Q150 40 180 20 L230 40 L270 90 L235 110 L220 95 '
            'L220 260 L80 260 L80 95 L65 110 L30 90 Z" fill="{fill}" stroke="#555" stroke-width="2"/>',
        ),
        (
            "print-chest-left",
            False,
            "#444",
            '<rect x="170" y="70" width="30" height="22" fill="{fill}" opacity="0.5"/>',
        ),
        ("print-front", False, "#444", '<rect x="105" y="110" width="90" height="80" fill="{fill}" opacity="0.25"/>'),
        ("print-back", False, "#444", '<rect x="110" y="230" width="80" height="18" fill="{fill}" opacity="0.25"/>'),
        ("print-sleeve", False, "#444", '<rect x="40" y="80" width="22" height="14" fill="{fill}" opacity="0.5"/>'),
    ],
    "sneaker": [
        (
            "sole",
            True,
            "#F4F2EC",
            '<path d="M20 200 L280 200 Q290 215 275 225 L30 225 Q15 215 20 200 Z" '
            'fill="{fill}" stroke="#555" stroke-width="2"/>',
        ),
        (
            "upper",
            True,
            "#F4F2EC",
            '<path d="M30 200 L40 130 Q80 110 120 120 L170 90 Q210 100 240 150 '
            'Q275 165 280 200 Z" fill="{fill}" stroke="#555" stroke-width="2"/>',
        ),
        ("toe", True, "#F4F2EC", '<path d="M230 150 Q272 160 280 200 L225 200 Z" fill="{fill}" stroke="#555"/>'),
        ("heel", True, "#F4F2EC", '<path d="M30 200 L40 130 Q55 125 62 128 L58 200 Z" fill="{fill}" stroke="#555"/>'),
        (
            "laces",
            True,
            "#FFFFFF",
            '<path d="M130 118 L185 100 M138 128 L195 110 M146 138 L205 120" '
            'stroke="{fill}" stroke-width="5" stroke-linecap="round"/>',
        ),
    ],
    "pc-tower": [
        (
            "case",
            True,
            "#2B2B2E",
            '<rect x="80" y="30" width="150" height="240" rx="6" fill="{fill}" '
            'stroke="#555" stroke-width="2"/><rect x="95" y="50" width="120" height="170" fill="#9fb3c8" '
            'opacity="0.35"/>',
        ),
        (
            "rgb",
            False,
            "#7B61FF",
            '<rect x="95" y="50" width="120" height="170" fill="none" stroke="{fill}" '
            'stroke-width="4"/><circle cx="155" cy="110" r="28" fill="none" stroke="{fill}" stroke-width="3"/>',
        ),
    ],
    "bicycle": [
        ("wheels", True, "#333333", _WHEEL.format(x=70) + _WHEEL.format(x=230)),
        (
            "frame",
            True,
            "#1C1C1C",
            '<path d="M70 150 L120 80 L210 80 L230 150 M120 80 L150 150 L210 80 '
            'M70 150 L150 150 M110 65 L125 65 M205 80 L200 60 L220 58" fill="none" stroke="{fill}" '
            'stroke-width="7" stroke-linecap="round"/>',
        ),
        (
            "mudguards",
            False,
            "#222222",
            '<path d="M15 140 A58 58 0 0 1 120 110 M180 110 A58 58 0 0 1 287 140" '
            'fill="none" stroke="{fill}" stroke-width="4"/>',
        ),
        (
            "rack",
            False,
            "#444444",
            '<path d="M40 78 L110 78 M50 78 L70 150 M100 78 L105 95" fill="none" stroke="{fill}" stroke-width="4"/>',
        ),
        (
            "lights",
            False,
            "#FFD34D",
            '<circle cx="222" cy="70" r="6" fill="{fill}"/><circle cx="40" cy="84" r="5" fill="#E53935"/>',
        ),
    ],
    "hatchback": [
        (
            "wheels",
            True,
            "#333333",
            '<circle cx="85" cy="200" r="30" fill="{fill}" stroke="#111" '
            'stroke-width="6"/><circle cx="230" cy="200" r="30" fill="{fill}" stroke="#111" stroke-width="6"/>',
        ),
        (
            "body",
            True,
            "#B0B0B0",
            '<path d="M20 195 L25 150 Q40 130 80 125 L110 85 Q130 75 200 78 L250 120 '
            'Q285 130 290 160 L290 195 Z" fill="{fill}" stroke="#444" stroke-width="2"/><path d="M118 92 '
            'L200 90 L235 122 L100 124 Z" fill="#9fb3c8"/>',
        ),
        ("roof", True, "#B0B0B0", '<path d="M110 85 Q130 75 200 78 L205 84 Q132 80 116 90 Z" fill="{fill}"/>'),
    ],
    "table": [
        (
            "legs",
            True,
            "#1E1E1E",
            '<path d="M60 120 L60 250 M240 120 L240 250 M95 105 L95 215 M265 105 '
            'L265 215" stroke="{fill}" stroke-width="10" stroke-linecap="round"/>',
        ),
        (
            "top",
            True,
            "#C8A165",
            '<path d="M40 120 L100 85 L290 85 L250 120 Z" fill="{fill}" stroke="#555" '
            'stroke-width="2"/><path d="M40 120 L250 120 L250 132 L40 132 Z" fill="{fill}" stroke="#555"/>',
        ),
    ],
}
# Where the buyer's text goes on each drawing (x, y, font size).
TEXT_AT: dict[str, tuple[int, int, int]] = {"tshirt": (150, 155, 16), "sneaker": (95, 185, 12)}


def drawing(template: str, paints: Mapping[str, Paint], lines: list[str]) -> str:
    """The SVG of `template` with `paints` applied and `lines` of text placed (escaped)."""
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 280" width="300" height="280">']
    for layer, always, fallback, shapes in DRAWINGS.get(template, []):
        if not always and layer not in paints:
            continue
        fill = paints.get(layer, Paint()).fill(fallback)
        parts.append(f'<g id="layer-{layer}">' + shapes.replace("{fill}", fill) + "</g>")
    if lines and template in TEXT_AT:
        x, y, size = TEXT_AT[template]
        for index, line in enumerate(lines[:3]):
            parts.append(
                f'<text x="{x}" y="{y + index * (size + 4)}" font-size="{size}" text-anchor="middle" '
                f'font-family="sans-serif" fill="#222">{escape(line[:40])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def preview_svg(catalog: Catalog, selection: Mapping[str, Value]) -> str | None:
    """The drawing of this catalog for these choices; None when the catalog names no drawing we have."""
    if catalog.preview is None or catalog.preview.template not in DRAWINGS:
        return None
    return drawing(catalog.preview.template, layer_paints(catalog, selection), texts(catalog, selection))
