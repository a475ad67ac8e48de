"""What the configure page names, in the buyer's language: modules, options, the "why not?"
panel's reasons and the design's summary lines, from one place.

The compiled engine is shared by every language: its state and its explanations name modules
and options in the catalog's own words (`CatalogEngine.model.catalog`). `ShownNames` holds the
catalog as the buyer reads it (`modules.translations.translated`, what `ui.resources.catalog_engine_in`
puts in `engine.catalog`) and says everything the engine gives by code in it. Pure (no
Streamlit), so it is tested on its own.

>>> from configurator.catalog_engine import CatalogEngine
>>> from modules.loader import load_catalog
>>> from modules.translations import translated
>>> tee = load_catalog("catalogs/tshirt.yaml")
>>> engine = CatalogEngine(tee)
>>> names = ShownNames(tee, translated(tee, "es"), "es")
>>> names.module("fabric"), names.option("fabric", "linen")
('Tejido', 'Mezcla de lino')
>>> reason = engine.explain({"fabric": "linen"}, "colour", "black")
>>> [names.conflict(c) for c in reason.conflicts]
['Tejido: Mezcla de lino']
>>> [c.name + ": " + c.value for c in reason.conflicts]  # the engine's own words
['Fabric: Linen blend']
"""

from __future__ import annotations

import re
import weakref
from decimal import Decimal

from configurator.catalog_engine import CatalogEngine, ConfigurationState, Conflict, ModuleState, RuleRef
from i18n import DEFAULT_LANGUAGE, gettext
from modules.catalog import Catalog
from modules.expr import Value
from modules.kinds import ChoiceModule, MultiChoice, NumericModule, QuantityModule, SingleChoice, TextModule

_LENGTH = re.compile(r"(\d+) characters")  # how the engine words a text's length


class ShownNames:
    """The names a buyer of `lang` reads for what the engine names by code or in `source`'s words."""

    def __init__(self, source: Catalog, shown: Catalog, lang: str = DEFAULT_LANGUAGE) -> None:
        self.source = source  # the catalog in its own words: the engine's
        self.catalog = shown  # the catalog in the buyer's language
        self.lang = lang
        self._modules = {m.code: m.name for m in shown.modules}
        self._options: dict[str, dict[str, str]] = {
            m.code: {o.code: o.name for o in m.options} for m in shown.modules if isinstance(m, ChoiceModule)
        }
        self._rules = {r.code: r.message for r in shown.rules}
        self._words = {m.code: self._engine_words(m.code) for m in source.modules}

    @classmethod
    def of(cls, engine: CatalogEngine, lang: str) -> ShownNames:
        """The names of an engine from `ui.resources.catalog_engine_in` (its catalog in `lang`)."""
        return cls(engine.model.catalog, engine.catalog, lang)

    def _(self, message: str) -> str:
        return gettext(message, self.lang)

    def module(self, code: str) -> str:
        return self._modules.get(code, code)

    def option(self, module: str, code: str) -> str:
        return self._options.get(module, {}).get(code, code)

    def options(self, module: str) -> dict[str, str]:
        """Option code -> its name, for a choice module (what its buttons and boxes say)."""
        return dict(self._options.get(module, {}))

    def rule(self, rule: RuleRef) -> str:
        """A rule's message to the buyer (the engine gives it in the catalog's own words)."""
        return self._rules.get(rule.code) or rule.message

    def _engine_words(self, code: str) -> dict[str, str]:
        """The words `CatalogEngine.explain` says a buyer's choice of module `code` with -> the
        same in the buyer's language (what it says of a text's length or a measure is read apart)."""
        module = self.source.module(code)
        words: dict[str, str] = {}
        if isinstance(module, ChoiceModule):
            for option in module.options:
                name = self.option(code, option.code)
                words.setdefault(option.name, name)
                if isinstance(module, MultiChoice):
                    words.setdefault(f"no {option.name}", self._("no {option}").format(option=name))
            if isinstance(module, SingleChoice):
                words.setdefault("none", self._("none"))
        elif isinstance(module, TextModule):
            words["no text"] = self._("no text")
        return words

    def chosen(self, conflict: Conflict) -> str:
        """What the buyer chose, as a "why not?" reason names it."""
        said = self._words.get(conflict.module, {}).get(conflict.value)
        if said is not None:
            return said
        length = _LENGTH.fullmatch(conflict.value)
        if length and isinstance(self.source.module(conflict.module), TextModule):
            return self._("{count} characters").format(count=length.group(1))
        return conflict.value  # a measure or a number of pieces: figures and units

    def conflict(self, conflict: Conflict) -> str:
        """'Module: choice', one of the buyer's choices a "why not?" reason names."""
        name = self._modules.get(conflict.module, conflict.name)
        return f"{name}: {self.chosen(conflict)}"

    def summary(self, state: ConfigurationState, selection: dict[str, Value]) -> list[str]:
        """'Module: choice' lines for what the buyer chose or the rules forced."""
        lines: list[str] = []
        for module in self.catalog.modules:
            module_state: ModuleState = state.module(module.code)
            if not module_state.applicable:
                continue
            if isinstance(module, MultiChoice):
                names = [self.option(module.code, o.code) for o in module_state.options if o.selected or o.forced]
                if names:
                    lines.append(f"{module.name}: {', '.join(names)}")
                continue
            value = selection.get(module.code, module_state.forced)
            if value is None or value == "" or (isinstance(module, QuantityModule) and value == 0):
                continue  # nothing chosen, or none of a countable add-on ("Drawers: 0")
            if isinstance(module, ChoiceModule):
                shown = self.option(module.code, str(value))
            elif isinstance(module, NumericModule) and isinstance(value, Decimal):
                shown = f"{value.normalize():f} {module.unit}"
            else:
                shown = str(value)
            forced = " " + self._("(set by your other choices)") if module.code not in selection else ""
            lines.append(f"{module.name}: {shown}{forced}")
        return lines


_NAMED: weakref.WeakKeyDictionary[CatalogEngine, dict[str, ShownNames]] = weakref.WeakKeyDictionary()


def shown_names(engine: CatalogEngine, lang: str) -> ShownNames:
    """`ShownNames.of(engine, lang)`, made once per engine and language (the engines of
    `ui.resources.catalog_engine_in` are shared by every session, and so are their names)."""
    named = _NAMED.get(engine)
    if named is None:
        named = _NAMED.setdefault(engine, {})
    found = named.get(lang)
    if found is None:
        found = named.setdefault(lang, ShownNames.of(engine, lang))
    return found
