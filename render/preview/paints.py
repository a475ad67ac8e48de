"""What each drawing layer looks like for the buyer's choices (`option.preview`): a `Scene`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from modules.catalog import Catalog
from modules.expr import Value
from modules.kinds import ChoiceModule, NumericModule, TextModule
from render.preview.colours import is_hex

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
    "gum": "#C98B3C",
    "glass": "#27313D",
}


@dataclass(frozen=True, slots=True)
class Paint:
    colour: str | None = None
    texture: str | None = None
    variant: str | None = None
    artwork: str | None = None

    def fill(self, fallback: str) -> str:
        """A safe fill colour: the option's hex, else the texture's tone, else `fallback`."""
        if is_hex(self.colour):
            return str(self.colour)
        return TEXTURE_TONES.get(self.texture or "", fallback)


@dataclass(frozen=True, slots=True)
class Scene:
    """Everything a drawing reads: the paint of each shown layer, the buyer's text lines, the
    uploaded pictures by sha256 (media type, bytes) and the chosen options' attributes; `back_view`:
    the drawing also shows the product's back, at full size (a print zone on the back is in use),
    the two views named by `captions` (front, back: in the buyer's language)."""

    paints: Mapping[str, Paint] = field(default_factory=dict)
    lines: tuple[str, ...] = ()
    artwork: Mapping[str, tuple[str, bytes]] = field(default_factory=dict)
    attributes: Mapping[str, object] = field(default_factory=dict)
    back_view: bool = False
    captions: tuple[str, str] = ("Front", "Back")

    def paint(self, layer: str) -> Paint:
        return self.paints.get(layer, Paint())

    def shown(self, layer: str) -> bool:
        return layer in self.paints

    def variant(self, layer: str, default: str) -> str:
        return self.paints.get(layer, Paint()).variant or default

    def number(self, name: str, default: float) -> float:
        value = self.attributes.get(name)
        try:
            return float(value) if value is not None else default  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return default


def _codes(value: Value) -> list[str]:
    if isinstance(value, frozenset):
        return sorted(str(v) for v in value)
    return [value] if isinstance(value, str) else []


def layer_paints(catalog: Catalog, selection: Mapping[str, Value]) -> dict[str, Paint]:
    """Layer -> paint, for every layer a chosen option shows. A colour beats a texture's tone
    (a dyed suede upper is the dye's colour), whichever module comes first; the first variant
    and artwork named win too."""
    paints: dict[str, Paint] = {}
    for module in catalog.modules:
        if not isinstance(module, ChoiceModule):
            continue
        for code in _codes(selection.get(module.code)):
            option = module.option(code)
            if option is None or option.preview is None:
                continue
            hint = option.preview
            old = paints.get(hint.layer, Paint())
            paints[hint.layer] = Paint(
                colour=hint.colour or old.colour,
                texture=hint.texture or old.texture,
                variant=old.variant or hint.variant,
                artwork=old.artwork or hint.artwork,
            )
    return paints


def chosen_attributes(catalog: Catalog, selection: Mapping[str, Value]) -> dict[str, object]:
    """`module.attribute` -> value of the chosen option's attributes (single choices), e.g.
    `tyres.width_mm`, and `module` -> number for numeric modules, so a drawing can follow sizes."""
    found: dict[str, object] = {}
    for module in catalog.modules:
        if not isinstance(module, ChoiceModule):
            if isinstance(number := selection.get(module.code), Decimal):
                found[module.code] = number  # a dimension: `width`, `height`...
                if isinstance(module, NumericModule):
                    found[f"{module.code}.unit"] = module.unit
            continue
        value = selection.get(module.code)
        option = module.option(value) if isinstance(value, str) else None
        if option is not None:
            for name, attribute in option.attributes.items():
                found[f"{module.code}.{name}"] = attribute
    return found


def texts(catalog: Catalog, selection: Mapping[str, Value]) -> list[str]:
    """The engraving / print texts the buyer typed, in catalog order."""
    return [
        value
        for module in catalog.modules
        if isinstance(module, TextModule) and isinstance(value := selection.get(module.code), str) and value
    ]


def artwork_codes(catalog: Catalog) -> list[str]:
    """Every artwork (sha256) the catalog's options name, sorted: what a caller loads."""
    return sorted(
        {
            option.preview.artwork
            for module in catalog.modules
            if isinstance(module, ChoiceModule)
            for option in module.options
            if option.preview is not None and option.preview.artwork
        }
    )


def scene_of(
    catalog: Catalog, selection: Mapping[str, Value], artwork: Mapping[str, tuple[str, bytes]] | None = None
) -> Scene:
    return Scene(
        paints=layer_paints(catalog, selection),
        lines=tuple(texts(catalog, selection)),
        artwork=artwork or {},
        attributes=chosen_attributes(catalog, selection),
    )
