"""Load-time checks that the schema alone cannot make: references between parts of a catalog,
duplicate codes, empty modules, inconsistent defaults, visibility cycles and sizes.

Each check reports a located `Problem` and goes on, so the merchandiser sees every problem at once.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from i18n import DEFAULT_LANGUAGE, LANGUAGES
from modules.base import MaterialUse
from modules.catalog import Catalog
from modules.currency_codes import MINOR_UNITS
from modules.errors import Problem, ProblemCode
from modules.fields import compile_expression, condition_modules
from modules.kinds import ChoiceModule, MultiChoice, NumericModule, QuantityModule, SingleChoice, TextModule
from modules.options import MaterialOption
from modules.price_rules import PriceList
from modules.print_zones import BACK_VIEW_TEMPLATES
from modules.rules import WILDCARD, Constraint, Excludes, Requires, Table
from modules.yaml_source import Path, SourceMap

MAX_NUMERIC_VALUES = 10_000
MAX_TOTAL_OPTIONS = 20_000
NONE = "none"


def _hint(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class Checker:
    def __init__(self, catalog: Catalog, source: SourceMap) -> None:
        self.catalog = catalog
        self.source = source
        self.problems: list[Problem] = []
        self.modules = {m.code: m for m in catalog.modules}
        self.materials = {m.code for m in catalog.materials}

    def add(self, path: Path, code: ProblemCode, message: str, *, offset: int | None = None) -> None:
        if offset is None:
            self.problems.append(self.source.problem(path, code, message))
        else:
            self.problems.append(self.source.problem_in_text(path, offset, code, message))

    def run(self) -> list[Problem]:
        self.check_duplicates()
        self.check_modules()
        self.check_materials()
        self.check_rules()
        self.check_pricing()
        self.check_visibility_cycles()
        self.check_translations()
        self.check_print_zones()
        return self.problems

    # -- translations ---------------------------------------------------------------------------
    def check_translations(self) -> None:
        """Translations name buyer languages, and modules and options this catalog has."""
        for lang, found in self.catalog.translations.items():
            where: Path = ("translations", lang)
            if lang not in LANGUAGES or lang == DEFAULT_LANGUAGE:
                known = ", ".join(code for code in LANGUAGES if code != DEFAULT_LANGUAGE)
                self.add(where, ProblemCode.UNKNOWN_REFERENCE, f"'{lang}' is not a buyer language ({known})")
                continue
            for code, text in found.modules.items():
                module = self.catalog.module(code)
                if module is None:
                    self.add(
                        (*where, "modules", code),
                        ProblemCode.UNKNOWN_REFERENCE,
                        f"translation of unknown module '{code}'" + _hint(code, (m.code for m in self.catalog.modules)),
                    )
                    continue
                options = {o.code for o in getattr(module, "options", ())}
                for option in text.options:
                    if option not in options:
                        self.add(
                            (*where, "modules", code, "options", option),
                            ProblemCode.UNKNOWN_REFERENCE,
                            f"translation of unknown option '{code}.{option}'" + _hint(option, options),
                        )
            groups = {m.group for m in self.catalog.modules if m.group}
            known_refs = (
                ("groups", "step", groups),
                ("rules", "rule", {r.code for r in self.catalog.rules}),
                ("print_zones", "print zone", {z.code for z in self.catalog.print_zones}),
                ("surcharges", "surcharge", {s.code for s in self.catalog.pricing.surcharges}),
                ("setup_fees", "setup fee", {f.code for f in self.catalog.pricing.setup_fees}),
                ("formulas", "price formula", {f.code for f in self.catalog.pricing.formulas}),
                ("price_lists", "price list", {p.code for p in self.catalog.pricing.price_lists}),
                ("grades", "material grade", self.material_words("grade")),
                ("finishes", "material finish", self.material_words("finish")),
            )
            for section, what, known_codes in known_refs:
                for code in getattr(found, section):
                    if code not in known_codes:
                        self.add(
                            (*where, section, code),
                            ProblemCode.UNKNOWN_REFERENCE,
                            f"translation of unknown {what} '{code}'" + _hint(code, known_codes),
                        )

    def material_words(self, field: str) -> set[str]:
        """The grades (or finishes) the catalog's material options name."""
        return {
            word
            for module in self.catalog.modules
            for option in getattr(module, "options", ())
            if isinstance(option, MaterialOption) and (word := getattr(option, field))
        }

    # -- print zones ------------------------------------------------------------------------------
    def preview_layers(self) -> set[str]:
        layers = set()
        for module in self.catalog.modules:
            if isinstance(module, ChoiceModule):
                layers |= {o.preview.layer for o in module.options if o.preview is not None}
            elif isinstance(module, TextModule) and module.preview_layer is not None:
                layers.add(module.preview_layer)
        return layers

    def check_print_zones(self) -> None:
        """Zone codes are unique, name a layer the preview draws, sit on a side the drawing has, and
        apply under a sound condition."""
        zones = self.catalog.print_zones
        self.unique(((("print_zones", i, "code"), z.code) for i, z in enumerate(zones)), "print zone")
        if zones and self.catalog.preview is None:
            self.add(("print_zones",), ProblemCode.INCONSISTENT, "print zones need a preview (preview: template)")
        layers = self.preview_layers()
        for i, zone in enumerate(zones):
            path: Path = ("print_zones", i)
            if zone.layer not in layers:
                self.add(
                    (*path, "layer"),
                    ProblemCode.UNKNOWN_REFERENCE,
                    f"print zone '{zone.code}': no option draws the preview layer '{zone.layer}'"
                    + _hint(zone.layer, layers),
                )
            if zone.side == "back" and self.catalog.preview is not None:
                self.check_back(zone.code, self.catalog.preview.template, (*path, "side"))
            if zone.visible_if is not None:
                self.check_condition(zone.visible_if, (*path, "visible_if"))

    def check_back(self, zone: str, template: str, path: Path) -> None:
        """A zone on the back needs a drawing with a back view: else the buyer's picture is drawn
        nowhere they can see it."""
        if template not in BACK_VIEW_TEMPLATES:
            known = ", ".join(sorted(BACK_VIEW_TEMPLATES))
            self.add(
                path,
                ProblemCode.INCONSISTENT,
                f"print zone '{zone}' is on the back (side: back), but the drawing '{template}' has no back view "
                f"(drawings with one: {known}); put the zone on the front or use a drawing with a back view",
            )

    # -- codes ------------------------------------------------------------------------------
    def unique(self, items: Iterable[tuple[Path, str]], what: str) -> None:
        seen: dict[str, Path] = {}
        for path, code in items:
            if code in seen:
                line = self.source.at(seen[code]).line
                self.add(path, ProblemCode.DUPLICATE_CODE, f"{what} code '{code}' is used twice (first at line {line})")
            else:
                seen[code] = path

    def check_duplicates(self) -> None:
        c = self.catalog
        self.unique(((("modules", i, "code"), m.code) for i, m in enumerate(c.modules)), "module")
        self.unique(((("rules", i, "code"), r.code) for i, r in enumerate(c.rules)), "rule")
        self.unique(((("materials", i, "code"), m.code) for i, m in enumerate(c.materials)), "material")
        price_codes: list[tuple[Path, str]] = []
        for section in ("formulas", "surcharges", "setup_fees", "price_lists"):
            for i, item in enumerate(getattr(c.pricing, section)):
                price_codes.append((("pricing", section, i, "code"), item.code))
        self.unique(price_codes, "price rule")
        for mi, module in enumerate(c.modules):
            if isinstance(module, ChoiceModule):
                where = ("modules", mi, "options")
                self.unique((((*where, oi, "code"), o.code) for oi, o in enumerate(module.options)), "option")

    # -- modules ----------------------------------------------------------------------------
    def check_modules(self) -> None:
        total = sum(len(m.options) for m in self.catalog.modules if isinstance(m, ChoiceModule))
        if total > MAX_TOTAL_OPTIONS:
            self.add(("modules",), ProblemCode.TOO_LARGE, f"{total} options in all; at most {MAX_TOTAL_OPTIONS}")
        for mi, module in enumerate(self.catalog.modules):
            path: Path = ("modules", mi)
            if module.visible_if is not None:
                self.check_condition(module.visible_if, (*path, "visible_if"))
            if isinstance(module, ChoiceModule):
                self.check_choice(module, path)
            elif isinstance(module, NumericModule):
                self.check_numeric(module, path)
            elif isinstance(module, QuantityModule):
                if module.min > module.max:
                    self.add(
                        path, ProblemCode.INCONSISTENT, f"module '{module.code}': min {module.min} > max {module.max}"
                    )
                if module.default is not None and not module.min <= module.default <= module.max:
                    self.add(
                        (*path, "default"),
                        ProblemCode.INCONSISTENT,
                        f"default {module.default} is outside {module.min}..{module.max}",
                    )
                self.check_uses(module.materials, (*path, "materials"))
            elif isinstance(module, TextModule):
                if module.allowed is not None and not module.allowed:
                    self.add((*path, "allowed"), ProblemCode.EMPTY, "allowed characters must not be empty")
                self.check_uses(module.materials, (*path, "materials"))

    def check_choice(self, module: ChoiceModule, path: Path) -> None:
        if not module.options:
            self.add(path, ProblemCode.EMPTY, f"module '{module.code}' has no options")
            return
        defaults = [o.code for o in module.options if o.default]
        for oi, option in enumerate(module.options):
            opath: Path = (*path, "options", oi)
            if option.code == NONE:
                self.add((*opath, "code"), ProblemCode.INCONSISTENT, "option code 'none' is reserved for 'no option'")
            if option.visible_if is not None:
                self.check_condition(option.visible_if, (*opath, "visible_if"))
            self.check_uses(option.materials, (*opath, "materials"))
        if isinstance(module, SingleChoice) and len(defaults) > 1:
            self.add(
                path,
                ProblemCode.INCONSISTENT,
                f"module '{module.code}' has {len(defaults)} defaults ({', '.join(defaults)}); "
                "a single choice takes one",
            )
        if isinstance(module, MultiChoice):
            most = module.max_picks if module.max_picks is not None else len(module.options)
            if module.min_picks > most or module.min_picks > len(module.options):
                self.add(
                    path,
                    ProblemCode.INCONSISTENT,
                    f"module '{module.code}': min_picks {module.min_picks} cannot be met "
                    f"(max {most}, {len(module.options)} options)",
                )
            elif not module.min_picks <= len(defaults) <= most and defaults:
                self.add(
                    path,
                    ProblemCode.INCONSISTENT,
                    f"module '{module.code}': {len(defaults)} defaults, but picks must be {module.min_picks}..{most}",
                )

    def check_numeric(self, module: NumericModule, path: Path) -> None:
        if module.min >= module.max:
            self.add(
                path,
                ProblemCode.INCONSISTENT,
                f"module '{module.code}': min {module.min} must be less than max {module.max}",
            )
            return
        steps = (module.max - module.min) / module.step
        if steps != steps.to_integral_value():
            self.add(
                (*path, "step"),
                ProblemCode.INCONSISTENT,
                f"module '{module.code}': {module.max} is not reached from {module.min} in steps of {module.step}",
            )
        elif steps + 1 > MAX_NUMERIC_VALUES:
            self.add(
                (*path, "step"),
                ProblemCode.TOO_LARGE,
                f"module '{module.code}' has {int(steps) + 1} values; at most {MAX_NUMERIC_VALUES} (use a larger step)",
            )
        if module.default is not None:
            offset = (module.default - module.min) / module.step
            if not module.min <= module.default <= module.max or offset != offset.to_integral_value():
                self.add(
                    (*path, "default"),
                    ProblemCode.INCONSISTENT,
                    f"default {module.default} is not one of {module.min}..{module.max} in steps of {module.step}",
                )
        self.check_uses(module.materials, (*path, "materials"))

    # -- materials ---------------------------------------------------------------------------
    def check_materials(self) -> None:
        self.check_uses(self.catalog.base.materials, ("base", "materials"))

    def check_uses(self, uses: Iterable[MaterialUse], path: Path) -> None:
        for i, use in enumerate(uses):
            if use.material not in self.materials:
                self.add(
                    (*path, i, "material"),
                    ProblemCode.UNKNOWN_REFERENCE,
                    f"material '{use.material}' is not in the catalog's materials{_hint(use.material, self.materials)}",
                )
            if isinstance(use.quantity, str):
                self.check_expression(use.quantity, (*path, i, "quantity"))

    # -- conditions and expressions ----------------------------------------------------------
    def option_known(self, module: ChoiceModule, option: str) -> bool:
        return option in module.option_codes or (
            option == NONE and isinstance(module, SingleChoice) and not module.required
        )

    def check_condition(self, condition: dict[str, Any] | str, path: Path) -> None:
        if isinstance(condition, str):
            self.check_expression(condition, path)
            return
        for code, options in condition.items():
            kpath = (*path, code)
            module = self.modules.get(code)
            if module is None:
                self.add(kpath, ProblemCode.UNKNOWN_REFERENCE, f"'{code}' is not a module{_hint(code, self.modules)}")
                continue
            if not isinstance(module, ChoiceModule):
                self.add(
                    kpath,
                    ProblemCode.TYPE,
                    f"module '{code}' is {module.kind}: compare it in an expression, e.g. \"{code} >= 100\"",
                )
                continue
            for i, option in enumerate(options if isinstance(options, list) else [options]):
                opath = (*kpath, i) if isinstance(options, list) else kpath
                if not self.option_known(module, option):
                    self.add(
                        opath,
                        ProblemCode.UNKNOWN_REFERENCE,
                        f"option '{option}' is not an option of module '{code}'{_hint(option, module.option_codes)}",
                    )

    def check_expression(self, source: str, path: Path) -> None:
        expression = compile_expression(source)
        for ref in expression.references:
            module = self.modules.get(ref.module)
            if module is None:
                self.add(
                    path,
                    ProblemCode.UNKNOWN_REFERENCE,
                    f"'{ref.module}' in expression is not a module{_hint(ref.module, self.modules)}",
                    offset=ref.offset,
                )
                continue
            if ref.attribute is not None:
                if not isinstance(module, ChoiceModule):
                    self.add(
                        path,
                        ProblemCode.EXPRESSION,
                        f"module '{ref.module}' is {module.kind} and has no attributes",
                        offset=ref.offset,
                    )
                elif not any(ref.attribute in o.attributes for o in module.options):
                    names = {a for o in module.options for a in o.attributes}
                    self.add(
                        path,
                        ProblemCode.UNKNOWN_REFERENCE,
                        f"no option of module '{ref.module}' has attribute '{ref.attribute}'"
                        + _hint(ref.attribute, names),
                        offset=ref.offset,
                    )
            if (
                ref.option is not None
                and isinstance(module, ChoiceModule)
                and not self.option_known(module, ref.option)
            ):
                self.add(
                    path,
                    ProblemCode.UNKNOWN_REFERENCE,
                    f"option '{ref.option}' is not an option of module '{ref.module}'"
                    + _hint(ref.option, module.option_codes),
                    offset=ref.offset,
                )

    # -- rules -------------------------------------------------------------------------------
    def check_rules(self) -> None:
        for ri, rule in enumerate(self.catalog.rules):
            path: Path = ("rules", ri)
            if isinstance(rule, Requires):
                self.check_condition(rule.if_, (*path, "if"))
                self.check_condition(rule.then, (*path, "then"))
            elif isinstance(rule, Excludes):
                for ci, condition in enumerate(rule.conditions):
                    self.check_condition(condition, (*path, "conditions", ci))
            elif isinstance(rule, Constraint):
                self.check_expression(rule.expr, (*path, "expr"))
                if rule.when is not None:
                    self.check_condition(rule.when, (*path, "when"))
            elif isinstance(rule, Table):
                self.check_table(rule, path)

    def check_table(self, rule: Table, path: Path) -> None:
        columns: list[SingleChoice | None] = []
        for i, code in enumerate(rule.modules):
            module = self.modules.get(code)
            if module is None:
                self.add(
                    (*path, "modules", i),
                    ProblemCode.UNKNOWN_REFERENCE,
                    f"'{code}' in rule '{rule.code}' is not a module{_hint(code, self.modules)}",
                )
            elif not isinstance(module, SingleChoice):
                self.add(
                    (*path, "modules", i),
                    ProblemCode.TYPE,
                    f"table '{rule.code}' may only list single-choice modules; '{code}' is {module.kind}",
                )
                module = None
            columns.append(module if isinstance(module, SingleChoice) else None)
        if len(set(rule.modules)) != len(rule.modules):
            self.add((*path, "modules"), ProblemCode.DUPLICATE_CODE, f"table '{rule.code}' lists a module twice")
        for r, row in enumerate(rule.rows or ()):
            rpath: Path = (*path, "rows", r)
            if len(row) != len(columns):
                self.add(
                    rpath,
                    ProblemCode.INCONSISTENT,
                    f"row has {len(row)} values; table '{rule.code}' has {len(columns)} modules",
                )
                continue
            for c, (cell, module) in enumerate(zip(row, columns, strict=True)):
                if module is not None and cell != WILDCARD and not self.option_known(module, cell):
                    self.add(
                        (*rpath, c),
                        ProblemCode.UNKNOWN_REFERENCE,
                        f"option '{cell}' in rule '{rule.code}' is not an option of module '{module.code}'"
                        + _hint(cell, module.option_codes),
                    )

    # -- pricing -----------------------------------------------------------------------------
    def check_pricing(self) -> None:
        pricing = self.catalog.pricing
        for i, formula in enumerate(pricing.formulas):
            self.check_expression(formula.amount, ("pricing", "formulas", i, "amount"))
            if formula.when is not None:
                self.check_condition(formula.when, ("pricing", "formulas", i, "when"))
        for section in ("surcharges", "setup_fees"):
            for i, item in enumerate(getattr(pricing, section)):
                if item.when is not None:
                    self.check_condition(item.when, ("pricing", section, i, "when"))
        quantities = [t.min_quantity for t in pricing.tiers]
        if len(set(quantities)) != len(quantities):
            self.add(("pricing", "tiers"), ProblemCode.DUPLICATE_CODE, "two quantity tiers start at the same quantity")
        for i, price_list in enumerate(pricing.price_lists):
            for key in price_list.options:
                module_code, _, option = key.partition(".")
                module = self.catalog.choice_module(module_code)
                if module is None or option not in module.option_codes:
                    self.add(
                        ("pricing", "price_lists", i, "options", key),
                        ProblemCode.UNKNOWN_REFERENCE,
                        f"'{key}' in price list '{price_list.code}' is not a module.option of this catalog",
                    )
            for section in ("surcharges", "setup_fees"):
                known = [item.code for item in getattr(pricing, section)]
                for code in getattr(price_list, section):
                    if code not in known:
                        self.add(
                            ("pricing", "price_lists", i, section, code),
                            ProblemCode.UNKNOWN_REFERENCE,
                            f"'{code}' in price list '{price_list.code}' is not one of the catalog's {section}"
                            + _hint(code, known),
                        )
            self.check_price_list_currency(i, price_list)
        self.check_price_list_overlaps()

    def check_price_list_currency(self, index: int, price_list: PriceList) -> None:
        """A known currency, and listed amounts that fit its minor unit (cents, whole yen)."""
        where: Path = ("pricing", "price_lists", index)
        currency = price_list.currency or self.catalog.currency
        places = MINOR_UNITS.get(currency)
        if places is None:
            known = ", ".join(sorted(MINOR_UNITS))
            self.add((*where, "currency"), ProblemCode.UNKNOWN_REFERENCE, f"unknown currency {currency} ({known})")
            return
        amounts: list[tuple[Path, Decimal]] = []
        if price_list.base_price is not None:
            amounts.append(((*where, "base_price"), price_list.base_price))
        for section in ("options", "surcharges", "setup_fees"):
            amounts += [((*where, section, key), value) for key, value in getattr(price_list, section).items()]
        for path, amount in amounts:
            if amount != amount.quantize(Decimal(1).scaleb(-places)):
                self.add(
                    path,
                    ProblemCode.TYPE,
                    f"{amount} {currency} in price list '{price_list.code}' has more than {places} decimal places",
                )

    def check_price_list_overlaps(self) -> None:
        catalog = self.catalog
        lists = sorted(enumerate(catalog.pricing.price_lists), key=lambda item: item[1].valid_from)
        for currency in sorted({p.currency or catalog.currency for p in catalog.pricing.price_lists}):
            same = [(i, p) for i, p in lists if (p.currency or catalog.currency) == currency]
            for (_, first), (j, second) in itertools.pairwise(same):
                if first.valid_until is None or first.valid_until >= second.valid_from:
                    self.add(
                        ("pricing", "price_lists", j, "valid_from"),
                        ProblemCode.INCONSISTENT,
                        f"price list '{second.code}' overlaps '{first.code}'; which price applies would be ambiguous",
                    )

    # -- visibility cycles -------------------------------------------------------------------
    def visibility_edges(self) -> dict[str, set[str]]:
        edges: dict[str, set[str]] = {m.code: set() for m in self.catalog.modules}
        for module in self.catalog.modules:
            conditions = [module.visible_if]
            if isinstance(module, ChoiceModule):
                conditions += [o.visible_if for o in module.options]
            for condition in conditions:
                edges[module.code] |= condition_modules(condition) & edges.keys()
        return edges

    def check_visibility_cycles(self) -> None:
        edges = self.visibility_edges()
        index = {m.code: i for i, m in enumerate(self.catalog.modules)}
        reported: set[frozenset[str]] = set()
        for start in edges:
            for cycle in _cycles_from(start, edges):
                key = frozenset(cycle)
                if key in reported:
                    continue
                reported.add(key)
                self.add(
                    ("modules", index[start]),
                    ProblemCode.CYCLE,
                    f"the visibility of module '{start}' depends on itself: {' -> '.join([*cycle, start])}",
                )


def _cycles_from(start: str, edges: dict[str, set[str]]) -> Iterator[list[str]]:
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    visited: set[str] = set()
    while stack:
        node, trail = stack.pop()
        for nxt in sorted(edges[node]):
            if nxt == start:
                yield trail
                return
            if nxt not in visited:
                visited.add(nxt)
                stack.append((nxt, [*trail, nxt]))
