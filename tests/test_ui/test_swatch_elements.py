"""The configure page's element budget for colour swatches (AppTest on a real SQLite database).

Per click the browser re-renders every element the configure fragment sends, so its work grows
with their number: a colour module's options send one element each (the button, its swatch drawn
inside it) and the page one style element holding every swatch of the catalog, the same on every
click, not a picture per option.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from streamlit.testing.v1.element_tree import Block

from modules.kinds import ChoiceModule, MultiChoice
from tests.test_ui.buyer_app import app_at

RULE = re.compile(
    r'\.st-key-swatch-([\w-]+) \.st-key-opt-([\w-]+) button::before\{content:"";'
    r'--swatch:url\("data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"\)\}'
)


def swatch_containers(at: Any) -> dict[str, Block]:
    """Module code -> the keyed container holding its swatch options."""
    found: dict[str, Block] = {}

    def walk(node: Any) -> None:
        key = str(getattr(getattr(node, "proto", None), "id", "") or "")
        if isinstance(node, Block) and "-swatch-" in key:
            found[key.split("-swatch-", 1)[1]] = node
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def leaves(node: Any) -> list[Any]:
    if not isinstance(node, Block):
        return [node]
    return [leaf for child in node.children.values() for leaf in leaves(child)]


def swatch_styles(at: Any) -> list[str]:
    return [h.proto.body for h in at.get("html") if ".st-key-swatch-" in h.proto.body]


def swatch_pictures(at: Any) -> dict[str, str]:
    """Option button class ("colour-black") -> its swatch SVG, from the page's style rules."""
    return {
        option: base64.b64decode(data).decode()
        for body in swatch_styles(at)
        for _module, option, data in RULE.findall(body)
    }


@pytest.mark.parametrize("product", ["sneaker", "tshirt"])
def test_a_colour_module_sends_its_buttons_only_and_the_page_one_style_element(db, product):
    from render.preview.swatch import module_swatches

    at = app_at("pages/buyer/configure.py", product=product)
    at.run()
    assert not at.exception
    before = swatch_styles(at)
    first = next(b for b in at.button if b.key and b.key.startswith("opt:") and b.proto.type == "secondary")
    first.click().run()  # after a click, as the fragment's rerun sends it
    assert not at.exception
    containers = swatch_containers(at)
    assert containers, "no colour module shown"
    for module, block in containers.items():
        kinds = {element.type for element in leaves(block)}
        assert kinds == {"button"}, (module, kinds)  # no picture (or anything else) per option
    assert [image for image in at.get("image") if 'viewBox="0 0 120 22"' in _svg(image)] == []
    styles = swatch_styles(at)
    assert len(styles) == 1  # one for the page, whatever the number of colour modules
    assert styles == before  # the same on every click: the buttons' kinds draw the state
    catalog = _catalog(product)
    expected = {
        f"{module.code}-{code}"
        for module in catalog.modules
        if isinstance(module, ChoiceModule) and not isinstance(module, MultiChoice)
        for code in (module_swatches(module) or {})
    }
    assert set(swatch_pictures(at)) == expected  # a swatch for every colour option


def _catalog(product: str) -> Any:
    from modules.loader import load_catalog
    from tests.conftest import ROOT

    return load_catalog(ROOT / "catalogs" / f"{product}.yaml")


def _svg(image: Any) -> str:
    url = image.proto.imgs[0].url
    return base64.b64decode(url.split(",", 1)[1]).decode() if url.startswith("data:image/svg+xml;base64,") else ""


def test_a_swatch_rule_names_only_its_own_module_and_option():
    """Codes may hold '-': `opt:a-b:c` and `opt:a:b-c` share a class, so each rule is scoped by its
    module's container too; no catalog text can leave the rule."""
    from ui.swatch_style import style_element, swatch_rule

    one, other = swatch_rule("a-b", "c", "<svg/>"), swatch_rule("a", "b-c", "<svg/>")
    assert one.startswith(".st-key-swatch-a-b .st-key-opt-a-b-c ")
    assert other.startswith(".st-key-swatch-a .st-key-opt-a-b-c ")
    hostile = style_element([swatch_rule("x", "y", "</style><script>alert(1)</script>")])
    assert hostile.count("<") == 2 and "script" not in hostile
