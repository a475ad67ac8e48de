"""Custom module kinds, as a tagged union on `kind`.

To add a module kind: add a model here with `kind: Literal["..."]`, add it to `Module`, then teach
`modules/checks.py` (load-time checks), `modules/selection.py` (what a buyer's value looks like),
the rules compiler in `configurator/` and the pricing in `pricing/` about it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from modules.base import Frozen, MaterialUse
from modules.fields import Amount, Code, Condition, Days, Description, ModuleCode, Name, Quantity, Unit
from modules.options import Option
from modules.text import CHARSETS

MAX_OPTIONS = 2_000


class ModuleBase(Frozen):
    code: ModuleCode
    name: Name
    description: Description = ""
    group: Name | None = Field(default=None, description="the configurator step this module is shown in")
    visible_if: Condition | None = Field(
        default=None, description="the module applies only when this holds; otherwise it has no value"
    )
    production_steps: tuple[Name, ...] = ()


class ChoiceModule(ModuleBase):
    options: tuple[Option, ...] = Field(default=(), max_length=MAX_OPTIONS)

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    @property
    def option_codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.options)


class SingleChoice(ChoiceModule):
    """Pick exactly one option (or none, when `required` is false)."""

    kind: Literal["single"]
    required: bool = True


class MultiChoice(ChoiceModule):
    """Pick between `min_picks` and `max_picks` options."""

    kind: Literal["multi"]
    min_picks: int = Field(default=0, ge=0)
    max_picks: int | None = Field(default=None, ge=1)


class NumericModule(ModuleBase):
    """A number on a grid: min, min + step, ..., max (e.g. a width in cm)."""

    kind: Literal["numeric"]
    min: Decimal
    max: Decimal
    step: Decimal = Field(default=Decimal(1), gt=0)
    unit: Unit
    default: Decimal | None = None
    lead_time_days: Days = 0
    materials: tuple[MaterialUse, ...] = ()

    def values(self) -> list[Decimal]:
        count = int((self.max - self.min) / self.step) + 1
        return [self.min + i * self.step for i in range(count)]

    def allows(self, value: Decimal) -> bool:
        """Whether `value` is on the grid: within min..max and a whole number of steps from min."""
        offset = (value - self.min) / self.step
        return self.min <= value <= self.max and offset == offset.to_integral_value()


class TextModule(ModuleBase):
    """Free text such as an engraving or monogram."""

    kind: Literal["text"]
    required: bool = False
    min_length: int = Field(default=0, ge=0)
    max_length: int = Field(ge=1, le=500)
    charset: Literal["digits", "upper", "letters", "latin", "latin-extended"] = "latin-extended"
    allowed: str | None = Field(default=None, description="explicit allowed characters (instead of charset)")
    uppercase: bool = Field(default=False, description="turn the text into capitals (monograms)")
    price_per_character: Amount = Decimal(0)
    price_if_present: Amount = Decimal(0)
    lead_time_days: Days = 0
    preview_layer: Code | None = None
    materials: tuple[MaterialUse, ...] = ()

    @property
    def allowed_characters(self) -> str:
        if self.allowed is not None:
            return self.allowed
        return CHARSETS[self.charset]

    @model_validator(mode="after")
    def _lengths(self) -> TextModule:
        if self.min_length > self.max_length:
            raise ValueError(f"min_length {self.min_length} is more than max_length {self.max_length}")
        return self

    @property
    def least_characters(self) -> int:
        """A required text needs at least one character even when min_length is 0."""
        return max(self.min_length, 1 if self.required else 0)


class QuantityModule(ModuleBase):
    """A count of identical add-ons (shelves, RAM sticks...), priced and consumed per unit."""

    kind: Literal["quantity"]
    min: int = Field(default=0, ge=0)
    max: int = Field(ge=0, le=10_000)
    default: int | None = None
    unit_price: Amount = Decimal(0)
    weight_kg: Quantity = Decimal(0)
    lead_time_days: Days = 0
    materials: tuple[MaterialUse, ...] = Field(default=(), description="consumed per unit")


Module = Annotated[
    SingleChoice | MultiChoice | NumericModule | TextModule | QuantityModule,
    Field(discriminator="kind"),
]
ChoiceKinds = SingleChoice | MultiChoice
