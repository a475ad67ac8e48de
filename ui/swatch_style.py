"""Colour swatches drawn inside their option buttons by one style element, the same on every click.

A picture per colour option was one more element per option for the browser to re-render on every
click (the sneaker sent 43 of them). Instead each swatch is the background of its button's
`::before` box: one style element per page sets every swatch of the catalog (a CSS variable per
option button), and the app's style sheet (`ui.style`) draws the state over it from the button's
kind: a ring and check on the chosen option (primary), a veil and strike on an unavailable one
(tertiary). The element depends on the catalog only, so a click sends it unchanged and the browser
has nothing to redo. The option's name stays the button's label: the swatch never carries the
meaning alone.

The rules are built only from validated values: a class made of letters, digits, `_` and `-` (the
way Streamlit's frontend turns a key into a class) and the swatch SVG as base64, so no catalog text
can end the style element or the rule.

>>> rule = swatch_rule("colour", "black", "<svg/>")
>>> rule.startswith(".st-key-swatch-colour .st-key-opt-colour-black button::before{")
True
>>> "PHN2Zy8+" in rule
True
>>> key_class("opt:a b</style>")
'st-key-opt-a-b--style-'
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable

from modules.catalog import Catalog
from modules.kinds import ChoiceModule, MultiChoice
from render.preview.swatch import module_swatches, swatch_svg

_NOT_IN_CLASS = re.compile(r"[^a-zA-Z0-9_-]")


def key_class(key: str) -> str:
    """The class Streamlit's frontend gives the element with this widget or container key."""
    return "st-key-" + _NOT_IN_CLASS.sub("-", key.strip())


def container_key(module: str) -> str:
    """The key of the container holding a colour module's options (the style sheet's hook)."""
    return f"swatch-{module}"


def option_key(module: str, option: str) -> str:
    """The key of an option's button on the configure page."""
    return f"opt:{module}:{option}"


def swatch_rule(module: str, option: str, svg: str) -> str:
    """The rule drawing `svg` inside the option's button. Scoped by the module's container too:
    codes may hold `-`, so `opt:a-b:c` and `opt:a:b-c` share a class, never a container."""
    data = base64.b64encode(svg.encode()).decode("ascii")
    return (
        f".{key_class(container_key(module))} .{key_class(option_key(module, option))} button::before"
        f'{{content:"";--swatch:url("data:image/svg+xml;base64,{data}")}}'
    )


def style_element(rules: Iterable[str]) -> str:
    """One style element holding the rules."""
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def catalog_swatches(catalog: Catalog) -> str | None:
    """The style element with a swatch for every option of every colour module of the catalog
    (shown or not: it stays the same whatever the buyer chose), or None when it has none."""
    rules = [
        swatch_rule(module.code, code, swatch_svg(paint, selected=False, available=True))
        for module in catalog.modules
        if isinstance(module, ChoiceModule) and not isinstance(module, MultiChoice)
        for swatches in [module_swatches(module)]
        if swatches is not None
        for code, paint in swatches.items()
    ]
    return style_element(rules) if rules else None
