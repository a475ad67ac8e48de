"""Vehicles: the bicycle (frame, wheels, components, accessories) and the hatchback (paint, roof,
wheels), both side views facing right."""

from __future__ import annotations

import math

from render.preview.canvas import Canvas
from render.preview.colours import outline_for, shade
from render.preview.paints import Paint, Scene

REAR, FRONT, BB = (70, 172), (230, 172), (150, 174)
SEAT, HEAD_TOP, HEAD_LOW = (128, 92), (212, 90), (218, 112)


def _wheel(cx: float, cy: float, paint: Paint, tyre_mm: float, deep: bool, canvas: Canvas) -> str:
    rim = paint.fill("#3A3A3A")
    tyre = 3 + tyre_mm / 8
    spokes = "".join(
        f'<path d="M{cx:g} {cy:g} L{cx + 44 * math.cos(a):.1f} {cy + 44 * math.sin(a):.1f}" '
        f'stroke="#9A9A9A" stroke-width="0.8"/>'
        for a in (i * math.pi / 12 for i in range(24 if not deep else 20))
    )
    depth = 9 if deep else 4
    parts = [
        spokes,
        f'<circle cx="{cx:g}" cy="{cy:g}" r="{52 - tyre / 2:g}" fill="none" stroke="#1E1E1E" stroke-width="{tyre:g}"/>',
        f'<circle cx="{cx:g}" cy="{cy:g}" r="{50 - tyre - depth / 2:g}" fill="none" stroke="{rim}" '
        f'stroke-width="{depth}"/>',
        f'<circle cx="{cx:g}" cy="{cy:g}" r="4" fill="#777" stroke="#333"/>',
    ]
    overlay = canvas.texture(paint.texture)
    if overlay:
        parts.append(
            f'<circle cx="{cx:g}" cy="{cy:g}" r="{50 - tyre - depth / 2:g}" fill="none" '
            f'stroke="{overlay}" stroke-width="{depth}"/>'
        )
    return "".join(parts)


def _path(*points: tuple[float, float]) -> str:
    return "M" + " L".join(f"{x:g} {y:g}" for x, y in points)


def bicycle(scene: Scene, canvas: Canvas) -> None:
    wheels = scene.paint("wheels")
    deep = (wheels.texture or "").startswith("carbon") or wheels.variant == "deep"
    tyre_mm = scene.number("tyres.width_mm", 28)
    canvas.layer("wheels", _wheel(*REAR, wheels, tyre_mm, deep, canvas), _wheel(*FRONT, wheels, tyre_mm, deep, canvas))
    frame = scene.paint("frame")
    tubes = " ".join(
        (
            _path(BB, REAR, SEAT, BB, HEAD_LOW, HEAD_TOP, SEAT),
            _path(HEAD_LOW, FRONT),
        )
    )
    canvas.layer("frame", canvas.tube(tubes, frame, "#1C1C1C", width=7))
    groupset = scene.paint("groupset").fill("#5A5A5A")
    canvas.layer(
        "components",
        # seatpost and saddle, stem and drop bar, crank, chainring and chain
        f'<path d="M128 92 L124 76" stroke="#2A2A2A" stroke-width="5"/><path d="M104 72 Q124 66 146 72 L142 77 '
        'Q122 73 108 77 Z" fill="#1F1F1F" stroke="#777" stroke-width="1"/>'
        '<path d="M212 90 L214 80 L232 78 Q246 80 244 94 Q242 104 234 100" fill="none" stroke="#2A2A2A" '
        'stroke-width="4" stroke-linecap="round"/>'
        f'<circle cx="{BB[0]}" cy="{BB[1]}" r="15" fill="none" stroke="{groupset}" stroke-width="4"/>'
        f'<path d="M150 174 L160 194" stroke="{groupset}" stroke-width="4" stroke-linecap="round"/>'
        f'<path d="M150 159 L70 166 M150 189 L70 178" stroke="{outline_for("#FFFFFF")}" stroke-width="1.5"/>'
        f'<circle cx="70" cy="172" r="7" fill="none" stroke="{groupset}" stroke-width="3"/>',
    )
    if scene.shown("mudguards"):
        colour = scene.paint("mudguards").fill("#222222")
        canvas.layer(
            "mudguards",
            f'<path d="M12 168 A58 58 0 0 1 118 134 M182 134 A58 58 0 0 1 288 168" fill="none" '
            f'stroke="{outline_for(colour)}" stroke-width="6"/><path d="M12 168 A58 58 0 0 1 118 134 M182 134 '
            f'A58 58 0 0 1 288 168" fill="none" stroke="{colour}" stroke-width="4"/>',
        )
    if scene.shown("rack"):
        canvas.layer(
            "rack",
            canvas.tube("M40 96 L118 96 M52 96 L70 172 M104 96 L126 100", scene.paint("rack"), "#444444", width=3),
        )
    if scene.shown("bottle-cages"):
        canvas.layer(
            "bottle-cages",
            '<rect x="160" y="126" width="12" height="34" rx="5" transform="rotate(-52 166 143)" '
            'fill="#C9D6DF" stroke="#555"/>',
        )
    if scene.shown("kickstand"):
        canvas.layer("kickstand", canvas.tube("M112 174 L100 228", scene.paint("kickstand"), "#3A3A3A", width=3))
    if scene.shown("lights"):
        canvas.layer(
            "lights",
            f'<circle cx="226" cy="104" r="6" fill="{scene.paint("lights").fill("#FFD34D")}" stroke="#555"/>'
            '<rect x="34" y="90" width="8" height="10" rx="2" fill="#E53935" stroke="#555"/>',
        )


CAR = "#B0B0B0"
_BODY = (
    "M18 200 L18 170 Q20 152 48 148 L90 142 L126 104 Q134 97 150 97 L210 97 Q224 97 236 108 L264 140 "
    "Q286 145 288 162 L288 200 L259 200 A31 31 0 0 0 197 200 L113 200 A31 31 0 0 0 51 200 Z"
)
_ROOF = "M126 104 Q134 97 150 97 L210 97 Q224 97 236 108 L230 110 Q220 103 208 103 L152 103 Q140 103 133 109 Z"
_WINDOWS = "M100 140 L130 110 L158 108 L158 140 Z M166 108 L220 108 Q228 108 234 114 L254 140 L166 140 Z"
# wheel variant -> (rim radius, rim colour, spokes, spoke colour)
RIMS = {
    "steel": (17, "#8E8E8E", 0, "#C8C8C8"),
    "alloy-16": (17, "#C9CCCF", 5, "#C9CCCF"),
    "alloy-17": (19, "#BFC3C7", 10, "#D9DCDF"),
    "diamond-18": (21, "#2E2F31", 10, "#E6E8EA"),
}


def _car_wheel(cx: float, paint: Paint, variant: str) -> str:
    radius, rim, spokes, spoke = RIMS.get(variant, RIMS["steel"])
    rim = paint.colour if paint.colour else rim
    parts = [
        f'<circle cx="{cx:g}" cy="200" r="28" fill="#1B1B1B" stroke="#444" stroke-width="1"/>',
        f'<circle cx="{cx:g}" cy="200" r="{radius}" fill="{rim}" stroke="#555" stroke-width="1"/>',
    ]
    if spokes == 0:  # a steel wheel under a plastic cover: a disc with holes
        parts.append(f'<circle cx="{cx:g}" cy="200" r="{radius - 3}" fill="{spoke}"/>')
        parts += [
            f'<circle cx="{cx + 9 * math.cos(a):.1f}" cy="{200 + 9 * math.sin(a):.1f}" r="2" fill="#555"/>'
            for a in (i * math.pi / 4 for i in range(8))
        ]
    for i in range(spokes):
        a = i * 2 * math.pi / spokes
        x, y = cx + (radius - 2) * math.cos(a), 200 + (radius - 2) * math.sin(a)
        parts.append(
            f'<path d="M{cx:g} 200 L{x:.1f} {y:.1f}" stroke="{spoke}" '
            f'stroke-width="{4 if spokes == 5 else 2.5}" stroke-linecap="round"/>'
        )
    parts.append(f'<circle cx="{cx:g}" cy="200" r="4" fill="#666"/>')
    return "".join(parts)


def hatchback(scene: Scene, canvas: Canvas) -> None:
    body = scene.paint("body")
    colour = body.fill(CAR)
    line = outline_for(colour)
    canvas.layer(
        "body",
        canvas.part(_BODY, body, CAR),
        f'<path d="{_WINDOWS}" fill="#2F3D4C" stroke="{line}" stroke-width="1.5"/>',
        f'<path d="{_WINDOWS}" fill="{canvas.texture("glass")}"/>',
        f'<path d="M162 108 L162 196 M112 142 L112 186" stroke="{line}" stroke-width="1"/>'
        f'<path d="M142 152 H154 M206 152 H218" stroke="{line}" stroke-width="2.5" stroke-linecap="round"/>'
        f'<path d="M236 120 L246 118 L248 128 L240 130 Z" fill="{shade(colour, 0.8)}" stroke="{line}"/>'
        '<path d="M272 150 Q284 152 286 160 L270 160 Z" fill="#FFF4C2" stroke="#888"/>'
        '<path d="M18 160 L30 158 L30 172 L18 172 Z" fill="#C62828" stroke="#888"/>',
    )
    roof = scene.paint("roof")
    roof_paint = roof if (roof.colour or roof.texture) else body
    canvas.layer("roof", canvas.part(_ROOF, roof_paint, CAR, width=1))
    wheels = scene.paint("wheels")
    variant = scene.variant("wheels", "steel")
    canvas.layer("wheels", _car_wheel(82, wheels, variant), _car_wheel(228, wheels, variant))
