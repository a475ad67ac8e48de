"""Which colour each drawing layer gets from the buyer's choices (`option.preview`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from modules.catalog import Catalog
from modules.expr import Value
from modules.kinds import ChoiceModule, TextModule

# A texture without its own colour is painted in the material's usual tone.
TEXTURE_TONES = {
    "oak": "#C8A165",
    "walnut": "#5C4033",
    "ash": "#E3D5B8",
    "carbon": "#2B2B2E",
    "carbon-weave": "#2B2B2E",
    "leather": "#8B5A2B",
    "suede": "#A0785A",
    "knit": "#9AA0A6",
    "canvas": "#D8CFB8",
    "mesh": "#7F8C8D",
    "felt": "#8D8D8D",
    "rubber": "#2E2E2E",
    "brushed": "#A8A9AD",
}
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True, slots=True)
class Paint:
    colour: str | None = None
    texture: str | None = None

    def fill(self, fallback: str) -> str:
        """A safe fill colour: the option's hex, else the texture's tone, else `fallback`."""
        if self.colour and _HEX.match(self.colour):
            return self.colour
        return TEXTURE_TONES.get(self.texture or "", fallback)


def _codes(value: Value) -> list[str]:
    if isinstance(value, frozenset):
        return sorted(str(v) for v in value)
    return [value] if isinstance(value, str) else []


def layer_paints(catalog: Catalog, selection: Mapping[str, Value]) -> dict[str, Paint]:
    """Layer -> paint, for every layer a chosen option shows. A colour beats a texture's tone
    (a dyed suede upper is the dye's colour), whichever module comes first."""
    paints: dict[str, Paint] = {}
    for module in catalog.modules:
        if not isinstance(module, ChoiceModule):
            continue
        for code in _codes(selection.get(module.code)):
            option = module.option(code)
            if option is None or option.preview is None:
                continue
            old = paints.get(option.preview.layer, Paint())
            paints[option.preview.layer] = Paint(
                colour=option.preview.colour or old.colour, texture=option.preview.texture or old.texture
            )
    return paints


def texts(catalog: Catalog, selection: Mapping[str, Value]) -> list[str]:
    """The engraving / print texts the buyer typed, in catalog order."""
    return [
        value
        for module in catalog.modules
        if isinstance(module, TextModule) and isinstance(value := selection.get(module.code), str) and value
    ]
