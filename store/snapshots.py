"""What an order line was sold as, read back: the typed view of `OrderLine.snapshot` (and of the
module rows `store.products.describe` makes for a cart line, which have the same shape).

The snapshot is written once, when the order is recorded, and kept as JSON so an order always
shows what it was sold under, whatever the catalog became. Readers go through `LineSnapshot.of`,
which tolerates rows written by older versions (a missing part reads as empty) instead of
each reader digging in dictionaries.

>>> line = LineSnapshot.of({"modules": [
...     {"module": "size", "module_name": "Size", "kind": "single", "options": [{"code": "m", "name": "M"}]},
...     {"module": "width", "module_name": "Width", "kind": "numeric", "value": "80", "unit": "cm"}],
...     "bill_of_materials": {"cotton": "0.25", "bad": "n/a"}})
>>> line.choices()
('Size: M', 'Width: 80 cm')
>>> line.materials()
{'cotton': Decimal('0.25')}
>>> LineSnapshot.of(None).modules, LineSnapshot.of({"modules": "garbage"}).modules
([], [])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from modules.catalog import Catalog
from modules.kinds import ChoiceModule


class ChosenOption(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    code: str = ""
    name: str = ""


class ChosenModule(BaseModel):
    """One module as the buyer chose it: options for a choice module, else a value (and unit)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    module: str
    module_name: str = ""
    kind: str = ""
    options: list[ChosenOption] | None = None
    value: Any = None
    unit: str | None = None

    @property
    def name(self) -> str:
        return self.module_name or self.module

    def value_text(self) -> str:
        """The choice as the buyer reads it: option names, or the value with its unit."""
        if self.options is not None:
            return ", ".join(option.name or option.code for option in self.options)
        value = self.value
        text = ", ".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
        return f"{text} {self.unit}" if text and self.unit else text

    def text(self) -> str:
        return f"{self.name}: {self.value_text()}"

    @property
    def none_taken(self) -> bool:
        """A count of add-ons at zero (no drawers): nothing to name in a line's choices."""
        if self.kind != "quantity" or isinstance(self.value, bool):
            return False
        try:
            return Decimal(str(self.value)) == 0
        except InvalidOperation:
            return False


class LineSnapshot(BaseModel):
    """The parts of a line's snapshot that readers use; the rest stays in the stored JSON."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    modules: list[ChosenModule] = []
    bill_of_materials: dict[str, Any] = {}
    production_days: int | None = None
    line_total_minor: int | None = None

    @classmethod
    def of(cls, raw: Mapping[str, Any] | None) -> LineSnapshot:
        """The stored JSON read back; a part that does not fit (an older or damaged row) reads as empty."""
        data = dict(raw or {})
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            broken = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
            return cls.model_validate({key: value for key, value in data.items() if key not in broken})

    def choices(self) -> tuple[str, ...]:
        """'Module: choice' for every module, as the buyer chose it; a count of add-ons the buyer
        took none of ("Drawers: 0") is left out.

        >>> LineSnapshot.of({"modules": [
        ...     {"module": "drawers", "module_name": "Drawers", "kind": "quantity", "value": 0},
        ...     {"module": "shelves", "module_name": "Shelves", "kind": "quantity", "value": 2}]}).choices()
        ('Shelves: 2',)
        """
        return tuple(module.text() for module in self.modules if not module.none_taken)

    def choices_named(self, catalog: Catalog | None) -> tuple[str, ...]:
        """`choices` with the module and option names of `catalog` (the version sold, translated into
        the reader's language); a module or option it does not know keeps the name stored at sale.

        >>> from modules.loader import load_catalog
        >>> from modules.translations import translated
        >>> tee = translated(load_catalog("catalogs/tshirt.yaml"), "es")
        >>> LineSnapshot.of({"modules": [{"module": "cut", "module_name": "Cut", "kind": "single",
        ...     "options": [{"code": "tee", "name": "Classic tee"}]}]}).choices_named(tee)
        ('Corte: Camiseta clásica',)
        """
        if catalog is None:
            return self.choices()
        out = []
        for chosen in self.modules:
            if chosen.none_taken:
                continue
            module = catalog.module(chosen.module)
            if module is None:
                out.append(chosen.text())
                continue
            if chosen.options is not None and isinstance(module, ChoiceModule):
                names = []
                for picked in chosen.options:
                    option = module.option(picked.code)
                    names.append(option.name if option is not None else picked.name or picked.code)
                out.append(f"{module.name}: {', '.join(names)}")
            else:
                out.append(f"{module.name}: {chosen.value_text()}")
        return tuple(out)

    def materials(self) -> dict[str, Decimal]:
        """The bill of materials as sold (material code -> quantity); unreadable amounts are left out."""
        out: dict[str, Decimal] = {}
        for code, amount in self.bill_of_materials.items():
            try:
                out[code] = Decimal(str(amount))
            except InvalidOperation:
                continue
        return out


def modules_text(rows: Sequence[Mapping[str, Any]]) -> str:
    """Module rows (`store.products.describe`, or a snapshot's) as one line: 'Size: M · Colour: Navy'."""
    return " · ".join(LineSnapshot.of({"modules": list(rows)}).choices())
