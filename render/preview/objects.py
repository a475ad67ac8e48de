"""Things that stand: the PC (case form, window, parts inside, lighting) and the table (top, legs)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from render.preview.canvas import Canvas
from render.preview.colours import outline_for, shade
from render.preview.paints import Scene

FLOOR = 262
# case variant -> side-view (depth, height) in drawing units
CASES = {
    "sff": (190, 96),
    "cube": (150, 150),
    "mini": (180, 196),
    "mesh": (206, 226),
    "silent": (206, 226),
    "tower": (222, 252),
}


def pc_tower(scene: Scene, canvas: Canvas) -> None:
    case = scene.paint("case")
    colour = case.fill("#2B2B2E")
    variant = scene.variant("case", "mesh")
    depth, height = CASES.get(variant, CASES["mesh"])
    x, y = 150 - depth / 2, FLOOR - height
    line = outline_for(colour)
    shell = f"M{x:g} {y:g} h{depth:g} v{height:g} h{-depth:g} Z"
    win = (x + 12, y + 12, depth - 40, height - 24)
    parts = [canvas.part(shell, case, "#2B2B2E")]
    parts.append(
        f'<rect x="{win[0]:g}" y="{win[1]:g}" width="{win[2]:g}" height="{win[3]:g}" rx="3" fill="#1A2430" '
        f'stroke="{line}" stroke-width="1.5"/>'
    )
    # inside: board, cooler, graphics card (its length follows the chosen card), power supply shroud
    board_w, board_h = win[2] * 0.72, win[3] * 0.62
    parts.append(
        f'<rect x="{win[0] + 6:g}" y="{win[1] + 6:g}" width="{board_w:g}" height="{board_h:g}" '
        f'fill="#24402F" stroke="#3E6B50"/>'
    )
    cooler = min(board_w * 0.35, 38)
    parts.append(
        f'<rect x="{win[0] + 16:g}" y="{win[1] + 14:g}" width="{cooler:g}" height="{cooler:g}" '
        f'rx="3" fill="#8C9096" stroke="#555"/>'
    )
    gpu_len = min(win[2] - 12, scene.number("gpu.length_mm", 260) / 360 * (win[2] - 12))
    gpu_y = win[1] + board_h * 0.7
    parts.append(
        f'<rect x="{win[0] + 6:g}" y="{gpu_y:g}" width="{gpu_len:g}" height="{max(board_h * 0.16, 8):g}" rx="2" '
        'fill="#3A3D42" stroke="#999"/>'
    )
    if height > 120:
        parts.append(
            f'<rect x="{win[0]:g}" y="{win[1] + win[3] * 0.8:g}" width="{win[2]:g}" '
            f'height="{win[3] * 0.2:g}" fill="{shade(colour, 0.8)}"/>'
        )
    # the front panel (right): a mesh grille or a solid sound-damped door
    front_x = x + depth - 22
    parts.append(
        f'<rect x="{front_x:g}" y="{y + 6:g}" width="16" height="{height - 12:g}" '
        f'fill="{shade(colour, 1.15)}" stroke="{line}"/>'
    )
    if variant in {"mesh", "tower", "cube", "mini"}:
        parts.append(
            f'<rect x="{front_x:g}" y="{y + 6:g}" width="16" height="{height - 12:g}" fill="{canvas.texture("mesh")}"/>'
        )
    parts.append(f'<circle cx="{front_x + 8:g}" cy="{y + 14:g}" r="3" fill="#9FD3FF" stroke="{line}"/>')
    parts.append(
        f'<rect x="{x + 10:g}" y="{FLOOR:g}" width="16" height="5" fill="#111"/><rect x="{x + depth - 26:g}" '
        f'y="{FLOOR:g}" width="16" height="5" fill="#111"/>'
    )
    canvas.layer("case", *parts)
    if scene.shown("rgb"):
        glow = scene.paint("rgb").fill("#7B61FF")
        canvas.layer(
            "rgb",
            f'<rect x="{win[0] + 2:g}" y="{win[1] + 2:g}" width="{win[2] - 4:g}" height="{win[3] - 4:g}" rx="3" '
            f'fill="none" stroke="{glow}" stroke-width="3"/><circle cx="{win[0] + 16 + cooler / 2:g}" '
            f'cy="{win[1] + 14 + cooler / 2:g}" r="{cooler / 2 - 3:g}" fill="none" stroke="{glow}" '
            f'stroke-width="2.5"/>',
        )


def _legs(variant: str) -> str:
    if variant == "hairpin":
        return "M62 132 L70 250 L78 132 M232 132 L240 250 L248 132 M100 110 L104 216 M258 110 L262 216"
    if variant == "trestle":
        return "M70 132 L56 250 M70 132 L92 250 M60 226 L88 226 M236 132 L222 250 M236 132 L258 250 M226 226 L254 226"
    if variant == "pedestal":
        return "M170 132 L170 236 M130 250 L210 250 M150 236 L190 236"
    if variant == "tapered":
        return "M62 132 L66 250 M242 132 L238 250 M98 112 L100 214 M262 112 L260 214 M62 140 H242"
    return "M60 132 L60 250 L98 216 L98 110 M240 132 L240 250 L268 216 L268 110 M60 250 H84 M240 250 H264"


def table(scene: Scene, canvas: Canvas) -> None:
    """The table in proportion: 200 cm wide and 110 cm high fill the drawing, smaller ones shrink
    toward the floor's left corner; dimension lines give its width, depth and height with their
    units (the 3D view, on demand, shows the same sizes on its axes)."""
    start = len(canvas.parts)
    _table(scene, canvas)
    width, depth, height = scene.number("width", 160), scene.number("depth", 80), scene.number("height", 75)
    across = min(max(width / 200, 0.35), 1.0)
    up = min(max(height / 110, 0.35), 1.0)
    drawn = "".join(canvas.parts[start:])
    canvas.parts[start:] = [
        f'<g transform="translate(40 250) scale({across:.3f} {up:.3f}) translate(-40 -250)">{drawn}</g>'
    ]
    unit = str(scene.attributes.get("width.unit") or "cm")
    canvas.layer("dimensions", *_dimensions(across, up, width, depth, height, unit))
    # the table and its dimension lines: from the height's label on the left to the top's back
    # corner, from the depth's line above the top to under the width's label
    right = 40 + (290 - 40) * across + 6
    top = 250 + (76 - 250) * up - 14
    canvas.focus = (4.0, round(top, 1), round(right - 4, 1), round(286 - top, 1))


def _size(value: float, unit: str) -> str:
    return escape(f"{value:g} {unit}")


def _dimensions(across: float, up: float, width: float, depth: float, height: float, unit: str) -> list[str]:
    """Dimension lines outside the drawn table (scaled by `across` and `up` about the floor's
    left corner, 40 250): width under the floor, height on the left, depth beside the top's left
    edge, off the table (the right edge has the top's side face under it)."""

    def at(x: float, y: float) -> tuple[float, float]:
        return 40 + (x - 40) * across, 250 + (y - 250) * up

    right, _ = at(250, 120)
    top = at(40, 120)[1]
    front_x, front_y = at(35, 111)  # the top's front-left and back-left corners, moved out by 10
    back_x, back_y = at(95, 76)
    line = 'stroke="#555" stroke-width="1"'
    label = 'font-family="sans-serif" font-size="12" fill="#333"'
    return [
        f'<path d="M40 266 H{right:.1f} M40 261 V271 M{right:.1f} 261 V271" {line}/>',
        f'<text x="{(40 + right) / 2:.1f}" y="279" text-anchor="middle" {label}>{_size(width, unit)}</text>',
        f'<path d="M24 250 V{top:.1f} M19 250 H29 M19 {top:.1f} H29" {line}/>',
        f'<text transform="translate(16 {(250 + top) / 2:.1f}) rotate(-90)" text-anchor="middle" {label}>'
        f"{_size(height, unit)}</text>",
        f'<path d="M{front_x:.1f} {front_y:.1f} L{back_x:.1f} {back_y:.1f}" {line}/>',
        f'<text x="{back_x - 8:.1f}" y="{back_y:.1f}" text-anchor="end" {label}>{_size(depth, unit)}</text>',
    ]


def _table(scene: Scene, canvas: Canvas) -> None:
    legs = scene.paint("legs")
    variant = scene.variant("legs", "u-frame")
    canvas.layer("legs", canvas.tube(_legs(variant), legs, "#1E1E1E", width=8 if variant != "hairpin" else 4))
    top = scene.paint("top")
    canvas.layer(
        "top",
        canvas.part("M40 120 L100 85 L290 85 L250 120 Z", top, "#C8A165"),
        canvas.part("M40 120 L250 120 L250 134 L40 134 Z", top, "#C8A165"),
        f'<path d="M250 120 L290 85 L290 99 L250 134 Z" fill="{shade(top.fill("#C8A165"), 0.75)}" '
        f'stroke="{outline_for(top.fill("#C8A165"))}" stroke-width="2" stroke-linejoin="round"/>',
    )
