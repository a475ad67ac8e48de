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

`groups` translates the configurator steps (by their English name), `rules` the message a rule
gives the buyer (by rule code) and `print_zones` the names of the print zones (by zone code).
The merchant's price labels are translated by code: `surcharges`, `setup_fees`, `formulas` and
`price_lists`; the grades and finishes of material options by their English word (`grades`,
`finishes`). A price line keeps its English label where it is stored; `pricing.labels` names it
again in the buyer's language.

Anything not translated falls back to the catalog's own text (the default language), so a
translation can be partial. Unknown languages, modules and options are reported at their line.

>>> from modules.loader import load_catalog
>>> tee = load_catalog("catalogs/tshirt.yaml")
>>> translated(tee, "es").name, translated(tee, "de").name
('Camiseta personalizada', 'Custom T-shirt')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeVar

from pydantic import Field

from modules.base import Frozen
from modules.fields import Code, Description, Name
from modules.kinds import ChoiceModule
from modules.options import MaterialOption
from modules.price_rules import Formula, PriceList, SetupFee, Surcharge

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
    category: Name | None = Field(default=None, description="the shop category's name in the language")
    base: TextTranslation | None = None
    modules: dict[Code, ModuleTranslation] = Field(default_factory=dict)
    groups: dict[Name, Name] = Field(default_factory=dict, description="step name -> its name in the language")
    rules: dict[Code, Description] = Field(default_factory=dict, description="rule code -> the buyer's message")
    print_zones: dict[Code, Name] = Field(default_factory=dict, description="print zone code -> its name")
    surcharges: dict[Code, Name] = Field(default_factory=dict, description="surcharge code -> its label")
    setup_fees: dict[Code, Name] = Field(default_factory=dict, description="setup fee code -> its label")
    formulas: dict[Code, Name] = Field(default_factory=dict, description="price formula code -> its label")
    price_lists: dict[Code, Name] = Field(default_factory=dict, description="price list code -> its label")
    grades: dict[Name, Name] = Field(default_factory=dict, description="material grade -> its name in the language")
    finishes: dict[Name, Name] = Field(default_factory=dict, description="material finish -> its name in the language")


PRICE_LABELS = ("surcharges", "setup_fees", "formulas", "price_lists")  # translated by code
MATERIAL_WORDS = (("grades", "grade"), ("finishes", "finish"))  # translated by the English word


T = TypeVar("T", bound=Frozen)


def _texts(thing: T, text: TextTranslation | str | None) -> T:
    if text is None:
        return thing
    if isinstance(text, str):
        return thing.model_copy(update={"name": text})
    update = {key: value for key, value in (("name", text.name), ("description", text.description)) if value}
    return thing.model_copy(update=update) if update else thing


Priced = TypeVar("Priced", Formula, Surcharge, SetupFee, PriceList)


def _labelled(rules: tuple[Priced, ...], labels: dict[str, str]) -> tuple[Priced, ...]:
    return tuple(
        rule.model_copy(update={"label": labels[rule.code]}) if labels.get(rule.code) else rule for rule in rules
    )


def _material(option: T, found: CatalogTranslation) -> T:
    if not isinstance(option, MaterialOption):
        return option
    update = {}
    for section, field in MATERIAL_WORDS:
        word = getattr(option, field)
        if word and (said := getattr(found, section).get(word)):
            update[field] = said
    return option.model_copy(update=update) if update else option


def translated(catalog: Catalog, lang: str | None) -> Catalog:
    """The catalog with the names, descriptions and rule messages of `lang` where it has them
    (codes, prices and rule logic unchanged, so the same compiled engine serves every language)."""
    found = catalog.translations.get(lang or "")
    if found is None:
        return catalog
    modules = []
    for module in catalog.modules:
        text = found.modules.get(module.code)
        if module.group and module.group in found.groups:
            module = module.model_copy(update={"group": found.groups[module.group]})
        changed = _texts(module, text)
        options = getattr(module, "options", None)
        if options is not None and ((text is not None and text.options) or found.grades or found.finishes):
            named = text.options if text is not None else {}
            shown = tuple(_material(_texts(o, named.get(o.code)), found) for o in options)
            if any(new is not old for new, old in zip(shown, options, strict=True)):
                changed = changed.model_copy(update={"options": shown})
        modules.append(changed)
    rules = tuple(
        rule.model_copy(update={"message": found.rules[rule.code]}) if found.rules.get(rule.code) else rule
        for rule in catalog.rules
    )
    zones = tuple(_texts(zone, found.print_zones.get(zone.code)) for zone in catalog.print_zones)
    prices = catalog.pricing
    pricing = prices.model_copy(
        update={section: _labelled(getattr(prices, section), getattr(found, section)) for section in PRICE_LABELS}
    )
    result = _texts(catalog, found)
    update = {
        "base": _texts(catalog.base, found.base),
        "modules": tuple(modules),
        "rules": rules,
        "print_zones": zones,
        "pricing": pricing,
    }
    return result.model_copy(update=update)


def option_words(original: Catalog, shown: Catalog) -> dict[tuple[str, str], str]:
    """(module, option name in the catalog's own words) -> its name in `shown` (translated): what
    turns the engine's words (it names options in the catalog's language) into the buyer's."""
    words: dict[tuple[str, str], str] = {}
    for module in original.modules:
        other = shown.module(module.code)
        if isinstance(module, ChoiceModule) and isinstance(other, ChoiceModule):
            for option in module.options:
                named = other.option(option.code)
                words[(module.code, option.name)] = named.name if named is not None else option.name
    return words


_WORD = re.compile(r"[^\W\d_]{3,}")


def needs_words(text: str) -> bool:
    """Whether `text` has words to translate: a size ("XXL", "EU 42", "S (52 cm)") has none.

    >>> needs_words("EU 42"), needs_words("XS (49 cm, 650b)"), needs_words("XXL"), needs_words("Navy")
    (False, False, False, True)
    """
    return any(not word.isupper() for word in _WORD.findall(text))


def buyer_texts(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """(where, text) of every name, description, rule message and price label a buyer reads;
    `where` is the path of its translation, e.g. "modules.colour.options.black"."""
    yield "name", catalog.name
    yield "description", catalog.description
    yield "category", catalog.category
    yield "base.name", catalog.base.name
    yield "base.description", catalog.base.description
    for module in catalog.modules:
        yield f"modules.{module.code}.name", module.name
        yield f"modules.{module.code}.description", module.description
        if module.group:
            yield f"groups.{module.group}", module.group
        for option in getattr(module, "options", ()):
            yield f"modules.{module.code}.options.{option.code}", option.name
            yield f"modules.{module.code}.options.{option.code}.description", option.description
            if isinstance(option, MaterialOption):
                for section, field in MATERIAL_WORDS:
                    if word := getattr(option, field):
                        yield f"{section}.{word}", word
    for rule in catalog.rules:
        yield f"rules.{rule.code}", rule.message
    for zone in catalog.print_zones:
        yield f"print_zones.{zone.code}", zone.name
    for section in PRICE_LABELS:
        for priced in getattr(catalog.pricing, section):
            yield f"{section}.{priced.code}", priced.label


def _has(found: CatalogTranslation, where: str) -> bool:
    head, _, rest = where.partition(".")
    if head in ("name", "description", "category"):
        return bool(getattr(found, head))
    if head == "base":
        return found.base is not None and bool(getattr(found.base, rest))
    if head in ("groups", "rules", "print_zones", *PRICE_LABELS, *(section for section, _ in MATERIAL_WORDS)):
        return bool(getattr(found, head).get(rest))
    module_code, _, field = rest.partition(".")
    module = found.modules.get(module_code)
    if module is None:
        return False
    if field in ("name", "description"):
        return bool(getattr(module, field))
    option_code, _, part = field.removeprefix("options.").partition(".")
    text = module.options.get(option_code)
    if part == "description":
        return isinstance(text, TextTranslation) and bool(text.description)
    return bool(text if isinstance(text, str) else text and text.name)


def category_name(catalog: Catalog, lang: str | None) -> str:
    """The catalog's shop category as a buyer of `lang` reads it (its code where untranslated)."""
    found = catalog.translations.get(lang or "")
    return found.category if found is not None and found.category else catalog.category


def missing_translations(catalog: Catalog, lang: str) -> list[str]:
    """Where the catalog shows a buyer of `lang` its default-language text: the paths of
    `buyer_texts` with words in them that `translations.<lang>` leaves out (a name that stays the
    same in the language, a brand, is written there as it is)."""
    found = catalog.translations.get(lang) or CatalogTranslation()
    seen: set[str] = set()
    missing = []
    for where, text in buyer_texts(catalog):
        if text and needs_words(text) and where not in seen and not _has(found, where):
            missing.append(where)
        seen.add(where)
    return missing
