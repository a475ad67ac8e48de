"""A product family's catalog: the shared base plus custom modules, rules and price rules."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from modules.base import Frozen, Material, MaterialUse, ProductPreview
from modules.fields import Amount, Code, Days, Description, Name, Quantity
from modules.kinds import ChoiceModule, Module
from modules.price_rules import Pricing
from modules.print_zones import MAX_ZONES, PrintZone
from modules.rules import Rule
from modules.translations import CatalogTranslation

MAX_MODULES = 200
MAX_RULES = 5_000


class Base(Frozen):
    """What every buyer gets, whatever they choose."""

    name: Name
    description: Description = ""
    price: Amount
    lead_time_days: Days = 0
    weight_kg: Quantity = Decimal(0)
    materials: tuple[MaterialUse, ...] = ()
    production_steps: tuple[Name, ...] = ()


class Catalog(Frozen):
    format: Literal[1] = Field(description="catalog format version")
    code: Code
    name: Name
    category: Code
    description: Description = ""
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "EUR"
    prices_include_tax: bool = Field(default=True, description="prices are gross (VAT included)")
    lead_time_mode: Literal["max", "sum"] = Field(
        default="max", description="how option lead times add to the base: the slowest one, or all"
    )
    base: Base
    materials: tuple[Material, ...] = ()
    modules: tuple[Module, ...] = Field(min_length=1, max_length=MAX_MODULES)
    rules: tuple[Rule, ...] = Field(default=(), max_length=MAX_RULES)
    pricing: Pricing = Pricing()
    preview: ProductPreview | None = None
    print_zones: tuple[PrintZone, ...] = Field(
        default=(), max_length=MAX_ZONES, description="where a buyer may place their own picture"
    )
    translations: dict[str, CatalogTranslation] = Field(
        default_factory=dict, description="names and descriptions by buyer language (es, pt, ru, zh_Hans)"
    )

    def module(self, code: str) -> Module | None:
        return next((m for m in self.modules if m.code == code), None)

    def choice_module(self, code: str) -> ChoiceModule | None:
        found = self.module(code)
        return found if isinstance(found, ChoiceModule) else None

    def print_zone(self, code: str) -> PrintZone | None:
        return next((z for z in self.print_zones if z.code == code), None)

    def material(self, code: str) -> Material | None:
        return next((m for m in self.materials if m.code == code), None)

    def fingerprint(self) -> str:
        """A content hash: equal catalogs (whatever their YAML layout) hash alike."""
        data = self.model_dump(mode="json", by_alias=True)
        if not data.get("translations"):
            del data["translations"]  # a catalog without translations hashes as it did before they existed
        if not data.get("print_zones"):
            del data["print_zones"]  # likewise for print zones
        canonical = json.dumps(data, sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()
