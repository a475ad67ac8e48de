"""Catalog names and descriptions in the buyer languages (the optional `translations:` section).

```yaml
translations:
  es:
    name: Camiseta personalizada
    description: Camisetas orgánicas cortadas e impresas por encargo en Oporto.
    base: {name: Prenda cosida}
    modules:
      colour:
        name: Color
        options: {black: Negro, white: {name: Blanco óptico, description: Algodón sin teñir}}
```

Anything not translated falls back to the catalog's own text (the default language), so a
translation can be partial. Unknown languages, modules and options are reported at their line.

>>> from modules.loader import load_catalog
>>> tee = load_catalog("catalogs/tshirt.yaml")
>>> translated(tee, "es").name, translated(tee, "de").name
('Camiseta personalizada', 'Custom T-shirt')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from pydantic import Field

from modules.base import Frozen
from modules.fields import Code, Description, Name

if TYPE_CHECKING:
    from modules.catalog import Catalog


class TextTranslation(Frozen):
    name: Name | None = None
    description: Description | None = None


class ModuleTranslation(TextTranslation):
    options: dict[Code, Name | TextTranslation] = Field(
        default_factory=dict, description="option code -> its name, or {name, description}"
    )


class CatalogTranslation(TextTranslation):
    base: TextTranslation | None = None
    modules: dict[Code, ModuleTranslation] = Field(default_factory=dict)


T = TypeVar("T", bound=Frozen)


def _texts(thing: T, text: TextTranslation | str | None) -> T:
    if text is None:
        return thing
    if isinstance(text, str):
        return thing.model_copy(update={"name": text})
    update = {key: value for key, value in (("name", text.name), ("description", text.description)) if value}
    return thing.model_copy(update=update) if update else thing


def translated(catalog: Catalog, lang: str | None) -> Catalog:
    """The catalog with the names and descriptions of `lang` where it has them (codes, prices and
    rules unchanged, so the same compiled engine serves every language)."""
    found = catalog.translations.get(lang or "")
    if found is None:
        return catalog
    modules = []
    for module in catalog.modules:
        text = found.modules.get(module.code)
        if text is None:
            modules.append(module)
            continue
        changed = _texts(module, text)
        options = getattr(module, "options", None)
        if options is not None and text.options:
            changed = changed.model_copy(
                update={"options": tuple(_texts(o, text.options.get(o.code)) for o in options)}
            )
        modules.append(changed)
    result = _texts(catalog, found)
    return result.model_copy(update={"base": _texts(catalog.base, found.base), "modules": tuple(modules)})
