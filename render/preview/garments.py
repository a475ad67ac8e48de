"""Worn products: the T-shirt family (tee, long sleeve, hoodie, zip hoodie) and the sneaker."""

from __future__ import annotations

from render.preview.canvas import Canvas
from render.preview.colours import ink_for, outline_for, shade
from render.preview.paints import Scene
from render.preview.text import text_lines

GARMENT = "#E8E8E8"
# body outline per cut: short sleeves, or long sleeves to the wrist (hoodies too)
_TEE = "M125 30 Q150 50 175 30 L220 45 L262 95 L236 112 L212 92 L212 262 L88 262 L88 92 L64 112 L38 95 L80 45 Z"
_LONG = (
    "M125 30 Q150 50 175 30 L220 45 L250 120 L272 208 L248 216 L222 128 L212 100 L212 262 L88 262 L88 100 "
    "L78 128 L52 216 L28 208 L50 120 L80 45 Z"
)
_HOOD = "M116 42 Q104 2 150 4 Q196 2 184 42 Z"
_HOOD_OPENING = "M122 33 Q150 76 178 33 Q150 50 122 33 Z"
# print areas on the front view: (x, y, width, height)
AREAS = {"print-chest-left": (160, 62, 40, 30), "print-front": (110, 100, 80, 82), "print-sleeve": (54, 72, 20, 14)}
LONG_SLEEVE_AREA = (64, 80, 16, 16)  # a long sleeve is narrower at the upper arm
BACK_AREA = (105, 70, 90, 90)  # the back print on the back view (catalogs: a zone with `side: back`)
_BACK_INSET = "translate(232 2) scale(0.22)"  # without a back view, the back print shows on a small inset
_NECK_FRONT = "M125 30 Q150 50 175 30"
_NECK_BACK = "M125 30 Q150 37 175 30"  # seen from behind the neckline barely dips
_HOOD_BACK = "M110 52 Q96 0 150 2 Q204 0 190 52 Q150 66 110 52 Z"  # the hood lying on the back


def _cut(scene: Scene) -> str:
    return scene.variant("body", "tee")


def _text_place(scene: Scene) -> str:
    """Where the buyer's text goes: the front print, else the chest, the back or the sleeve."""
    if scene.shown("print-front") or not any(scene.shown(a) for a in (*AREAS, "print-back")):
        return "front"
    if scene.shown("print-chest-left"):
        return "chest"
    return "back" if scene.shown("print-back") else "sleeve"


def _print_area(x: float, y: float, w: float, h: float, ink: str, *, width: float = 1.2, dash: str = "4 3") -> str:
    return (
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="3" fill="{ink}" fill-opacity="0.12" '
        f'stroke="{ink}" stroke-width="{width:g}" stroke-dasharray="{dash}"/>'
    )


def tshirt(scene: Scene, canvas: Canvas) -> None:
    """The front view; with `scene.back_view` the back print and any text on it go on the back
    view (`tshirt_back`), else the back print shows on a small inset of the back."""
    body = scene.paint("body")
    colour = body.fill(GARMENT)
    cut = _cut(scene)
    hooded = cut in {"hoodie", "zip-hoodie"}
    outline = _TEE if cut == "tee" else _LONG
    if hooded:
        canvas.layer(
            "hood", canvas.part(_HOOD, body, GARMENT), f'<path d="{_HOOD_OPENING}" fill="{shade(colour, 0.7)}"/>'
        )
    details = []
    line = outline_for(colour)
    if hooded:
        details.append(
            f'<path d="M140 52 L138 100 M160 52 L162 100" stroke="{line}" stroke-width="2" stroke-linecap="round"/>'
            f'<path d="M104 190 L196 190 L206 244 L94 244 Z" fill="none" stroke="{line}" stroke-width="1.5"/>'
            f'<path d="M88 248 H212 M28 200 L52 208 M272 200 L248 208" stroke="{line}" stroke-width="1.5"/>'
        )
    else:
        details.append(f'<path d="{_NECK_FRONT}" fill="none" stroke="{line}" stroke-width="4"/>')
    if cut == "zip-hoodie":
        details.append(
            f'<path d="M150 44 V262" stroke="{shade(colour, 0.55)}" stroke-width="3" stroke-dasharray="2 1"/>'
        )
    canvas.layer("body", canvas.part(outline, body, GARMENT), *details)
    print_colour = ink_for(colour)
    areas = AREAS if cut == "tee" else {**AREAS, "print-sleeve": LONG_SLEEVE_AREA}
    for layer, (x, y, w, h) in areas.items():
        if scene.shown(layer):
            canvas.layer(layer, _print_area(x, y, w, h, print_colour))
    if scene.shown("print-back") and not scene.back_view:
        x, y, w, h = BACK_AREA
        canvas.layer(
            "print-back",
            '<rect x="226" y="0" width="74" height="70" rx="4" fill="#fff" stroke="#999"/>',
            f'<g transform="{_BACK_INSET}">{canvas.part(outline, body, GARMENT, width=6)}'
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{print_colour}" fill-opacity="0.2" '
            f'stroke="{print_colour}" stroke-width="5" stroke-dasharray="12 8"/></g>',
            '<text x="263" y="66" font-size="8" text-anchor="middle" font-family="sans-serif" fill="#333">back</text>',
        )
    if not scene.lines:
        return
    ink = scene.paint("print-text").colour
    place = _text_place(scene)
    if place == "front":
        canvas.layer(
            "print-text",
            text_lines(scene.lines, x=150, y=140, size=18, background=colour, ink=ink, limit=24, width=76),
        )
    elif place == "chest":
        canvas.layer(
            "print-text",
            text_lines(scene.lines, x=180, y=81, size=10, background=colour, ink=ink, limit=24, width=38),
        )
    elif place == "back" and not scene.back_view:
        canvas.layer(
            "print-text",
            f'<g transform="{_BACK_INSET}">'
            + text_lines(scene.lines, x=150, y=120, size=24, background=colour, ink=ink, limit=24, width=86)
            + "</g>",
        )
    elif place == "sleeve":
        canvas.layer(
            "print-text",
            text_lines(
                scene.lines,
                x=areas["print-sleeve"][0] + areas["print-sleeve"][2] / 2,
                y=areas["print-sleeve"][1] + 10,
                size=6,
                background=colour,
                ink=ink,
                limit=24,
                width=areas["print-sleeve"][2] - 2,
            ),
        )


def tshirt_back(scene: Scene, canvas: Canvas) -> None:
    """The back view, at the front's scale: the body seen from behind (the hood lying on it), the
    back print area and the buyer's text when it goes on the back. Its layers are `back-body`,
    `back-hood`, `print-back` and `print-text`."""
    body = scene.paint("body")
    colour = body.fill(GARMENT)
    cut = _cut(scene)
    outline = _TEE if cut == "tee" else _LONG
    line = outline_for(colour)
    details = []
    if cut == "tee":
        details.append(f'<path d="{_NECK_BACK}" fill="none" stroke="{line}" stroke-width="4"/>')
    else:
        details.append(f'<path d="M88 248 H212 M28 200 L52 208 M272 200 L248 208" stroke="{line}" stroke-width="1.5"/>')
        if cut == "long-sleeve":
            details.append(f'<path d="{_NECK_BACK}" fill="none" stroke="{line}" stroke-width="4"/>')
    canvas.layer("back-body", canvas.part(outline.replace(_NECK_FRONT, _NECK_BACK), body, GARMENT), *details)
    if cut in {"hoodie", "zip-hoodie"}:
        canvas.layer(
            "back-hood",
            canvas.part(_HOOD_BACK, body, GARMENT),
            f'<path d="M150 8 V56" stroke="{line}" stroke-width="1.5" stroke-linecap="round"/>',
        )
    if scene.shown("print-back"):
        canvas.layer("print-back", _print_area(*BACK_AREA, ink_for(colour)))
    if scene.lines and _text_place(scene) == "back":
        x, y, w, h = BACK_AREA
        canvas.layer(
            "print-text",
            text_lines(
                scene.lines,
                x=x + w / 2,
                y=y + h / 2,
                size=18,
                background=colour,
                ink=scene.paint("print-text").colour,
                limit=24,
                width=w - 4,
            ),
        )


SHOE = "#F4F2EC"


def sneaker(scene: Scene, canvas: Canvas) -> None:
    sole = scene.paint("sole")
    canvas.layer(
        "sole",
        canvas.part("M18 196 L282 196 Q294 212 278 226 L30 226 Q12 214 18 196 Z", sole, SHOE),
        f'<path d="M22 214 H282" stroke="{outline_for(sole.fill(SHOE))}" stroke-width="1" stroke-dasharray="3 3"/>',
    )
    upper = scene.paint("upper")
    upper_colour = upper.fill(SHOE)
    canvas.layer(
        "upper",
        canvas.part("M30 198 L40 128 Q80 108 120 118 L170 88 Q210 98 240 148 Q276 164 282 198 Z", upper, SHOE),
        f'<path d="M46 190 L54 136 Q84 122 118 128" fill="none" stroke="{outline_for(upper_colour)}" '
        'stroke-width="1" stroke-dasharray="3 2"/>',
        f'<path d="M120 118 L170 88 L188 96 L140 128 Z" fill="{shade(upper_colour, 0.85)}" '
        f'stroke="{outline_for(upper_colour)}" stroke-width="1"/>',
    )
    canvas.layer("toe", canvas.part("M228 150 Q274 160 282 198 L222 198 Q218 172 228 150 Z", scene.paint("toe"), SHOE))
    heel = scene.paint("heel")
    canvas.layer("heel", canvas.part("M30 198 L40 128 Q56 122 64 126 L60 198 Z", heel, SHOE))
    laces = scene.paint("laces").fill("#FFFFFF")
    eyelets = "".join(
        f'<circle cx="{x}" cy="{y}" r="2.2" fill="#777"/>' for x, y in ((134, 120), (148, 112), (162, 104), (176, 96))
    )
    canvas.layer(
        "laces",
        eyelets,
        f'<path d="M132 118 L178 102 M140 126 L186 110 M148 134 L196 118" stroke="{outline_for(laces)}" '
        'stroke-width="6.5" stroke-linecap="round"/>'
        f'<path d="M132 118 L178 102 M140 126 L186 110 M148 134 L196 118" stroke="{laces}" '
        'stroke-width="4.5" stroke-linecap="round"/>',
    )
    if scene.lines:
        canvas.layer(
            "monogram",
            text_lines(
                scene.lines,
                x=47,
                y=182,
                size=11,
                background=heel.fill(SHOE),
                ink=scene.paint("monogram").colour,
                limit=3,
            ),
        )
