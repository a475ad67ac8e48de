"""Swatches: a small picture of an option's colour or material, with its state drawn too.

A swatch never carries the meaning alone: the option's name stays on its button and in the
image's alternative text; the chosen swatch gets a thick ring and a check mark, an unavailable
one a strike, so the state reads without telling colours apart.

>>> svg = swatch_svg(Paint(colour="#1B1B1B"), selected=True, available=True)
>>> 'fill="#1B1B1B"' in svg and 'id="selected"' in svg
True
"""

from __future__ import annotations

from modules.kinds import ChoiceModule
from modules.options import ColourOption, MaterialOption, Option
from render.preview.canvas import Canvas
from render.preview.colours import ink_for, outline_for
from render.preview.paints import TEXTURE_TONES, Paint

_SHAPE = "M3 3 H117 V19 H3 Z"


def option_paint(option: Option) -> Paint | None:
    """The colour / texture an option shows as a swatch, or None when it has neither."""
    colour = option.hex if isinstance(option, ColourOption | MaterialOption) else None
    texture = option.texture if isinstance(option, ColourOption) else None
    if option.preview is not None:
        colour = colour or option.preview.colour
        texture = texture or option.preview.texture
    if colour is None and texture not in TEXTURE_TONES:
        return None
    return Paint(colour=colour, texture=texture)


def module_swatches(module: ChoiceModule) -> dict[str, Paint] | None:
    """Option code -> swatch paint, when every option of the module has one (a row of swatches
    with gaps would read as missing pictures); else None."""
    paints = {option.code: option_paint(option) for option in module.options}
    if not paints or any(p is None for p in paints.values()):
        return None
    return {code: p for code, p in paints.items() if p is not None}


def swatch_svg(paint: Paint, *, selected: bool, available: bool) -> str:
    """A 120 x 22 swatch (it stretches to its button's width): the colour with its texture, a ring
    and check when chosen, a strike when unavailable."""
    canvas = Canvas()
    fill = paint.fill("#CCCCCC")
    shapes = [canvas.part(_SHAPE, paint, "#CCCCCC", width=1)]
    if selected:
        mark = ink_for(fill)
        shapes.append(
            '<g id="selected"><path d="M1.5 1.5 H118.5 V20.5 H1.5 Z" fill="none" stroke="#111" stroke-width="3"/>'
            f'<path d="M54 11 L59 16 L68 6" fill="none" stroke="{mark}" stroke-width="3.5" '
            'stroke-linecap="round" stroke-linejoin="round"/></g>'
        )
    if not available:
        shapes.append(
            f'<g id="unavailable"><path d="M6 18 L114 4" stroke="{outline_for(fill)}" stroke-width="3"/>'
            '<path d="M3 3 H117 V19 H3 Z" fill="#fff" fill-opacity="0.45"/></g>'
        )
    canvas.layer("swatch", *shapes)
    return canvas.svg(120, 22)
