"""Shared pieces of the model: the strict base class, material lines, preview hints."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from modules.fields import Code, Description, ExprText, Hex, Name, Quantity, Sha256, Unit


class Frozen(BaseModel):
    """Every catalog model: immutable, unknown keys refused, no coercion of text to numbers."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class Material(Frozen):
    """A raw material or part that production consumes and purchasing buys."""

    code: Code
    name: Name
    unit: Unit
    supplier: Name | None = None
    unit_cost: Quantity | None = Field(default=None, description="purchase cost per unit, catalog currency")


class MaterialUse(Frozen):
    """One bill-of-materials line: `quantity` of `material` per item.

    `quantity` may be an expression over the selection (e.g. `width * depth / 10000` m² of board).
    """

    material: Code
    quantity: Quantity | ExprText


class Preview(Frozen):
    """How an option shows in the 2D preview: which SVG layer it paints, and with what.

    `variant` picks the shape a drawing gives the layer (a hoodie's body has a hood, alloy wheels
    have spokes); `artwork` names an uploaded picture (sha256 of the stored file) drawn as the
    layer's topmost picture, so a merchandiser's artwork replaces nothing the buyer cannot see.
    """

    layer: Code
    colour: Hex | None = None
    texture: Code | None = None
    variant: Code | None = None
    artwork: Sha256 | None = None


class ProductPreview(Frozen):
    """Which drawing the preview uses for the product family."""

    template: Code
    description: Description = ""
