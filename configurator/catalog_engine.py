"""The rules engine in the catalog's own terms: modules, options and a buyer's selection.

`CatalogEngine(catalog)` compiles once (cache it per catalog fingerprint) and then answers, for
any partial selection, which choices still lead to a valid product, why the others do not and
which of the buyer's choices to change to free them, completes a selection, and validates it.

A partial selection maps module codes to values as `modules.selection` parses them. A
multi-choice module's picks are choices of their own; options not picked stay open while the
buyer designs (the engine shows which boxes may still be ticked, and a box the rules force as
included). A text module is known to the engine by its length.

A design is *complete* when every required decision is made: a multi-choice module is the set
of its ticked boxes plus the boxes the rules force; an optional module left alone, an optional
text left empty and a module that does not apply are "none". `closed_selection` is the product a
complete design stands for: what goes to the cart, the quote and the order.

>>> from modules.loader import load_catalog
>>> engine = CatalogEngine(load_catalog("catalogs/tshirt.yaml"))
>>> state = engine.state({"fabric": "linen"})
>>> [o.code for o in state.module("colour").options if not o.available]
['black', 'navy', 'burgundy']
>>> reason = engine.explain({"fabric": "linen"}, "colour", "black")
>>> [c.module for c in reason.conflicts], reason.rules[0].code
(['fabric'], 'colour-by-fabric')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from configurator.catalog_model import ON, CatalogProblem, compile_catalog, label_of
from configurator.compile import Budget, Progress
from configurator.engine import Costs, Engine
from configurator.errors import ConfiguratorError
from modules.catalog import Catalog
from modules.checks import NONE
from modules.expr import Value
from modules.kinds import ChoiceModule, Module, MultiChoice, NumericModule, QuantityModule, SingleChoice, TextModule
from modules.selection import (
    Selection,
    SelectionError,
    SelectionErrorCode,
    SelectionProblem,
    Violation,
    parse_selection,
    parse_value,
    violations,
)

Strategy = Literal["default", "cheapest"]
# Cost of ticking a box the buyer left unticked in a module they chose in: more than any price
# or preference difference, so it happens only where the rules demand it.
_KEEP_UNTICKED = 1e12


class UnavailableChoiceError(ConfiguratorError):
    """The value exists but no valid product has it together with the buyer's other choices."""

    def __init__(self, module: str, value: str, reason: Reason) -> None:
        self.module = module
        self.value = value
        self.reason = reason
        super().__init__(f"{module}={value} is not available with the current choices")


class InconsistentSelectionError(ConfiguratorError):
    """No valid product extends the given choices (e.g. a stale or tampered session)."""


@dataclass(frozen=True)
class OptionState:
    code: str
    name: str
    available: bool  # some valid product has it with the buyer's choices in the *other* modules
    selected: bool  # the buyer chose it
    forced: bool  # not chosen, but every valid product has it


@dataclass(frozen=True)
class ModuleState:
    code: str
    name: str
    kind: str
    applicable: bool  # False when every valid product leaves this module empty (hidden)
    options: tuple[OptionState, ...] = ()  # single and multi choice
    values: tuple[Decimal, ...] = ()  # numeric and quantity: feasible values
    lengths: tuple[int, int] | None = None  # text: feasible length range
    forced: Value = None  # the only value left (single, numeric, quantity), if not chosen
    can_be_empty: bool = False  # an optional single choice may still be left without an option


@dataclass(frozen=True)
class ConfigurationState:
    modules: tuple[ModuleState, ...]
    complete: bool  # every required decision is made: the design is one valid product
    count: int | None  # valid products the design may still become (1 once complete; None: unknown)
    open_modules: tuple[str, ...] = ()  # modules that still need a decision (incomplete designs)

    def module(self, code: str) -> ModuleState:
        return next(m for m in self.modules if m.code == code)


@dataclass(frozen=True)
class Conflict:
    module: str
    name: str  # the module's name
    value: str  # what the buyer chose, in words


@dataclass(frozen=True)
class RuleRef:
    code: str
    message: str


@dataclass(frozen=True)
class Reason:
    """Why a choice is unavailable: the buyer's conflicting choices, the rules involved, and
    the smallest sets of modules to change (each a one-click repair)."""

    conflicts: tuple[Conflict, ...]
    rules: tuple[RuleRef, ...]
    repairs: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ValidConfiguration:
    selection: Mapping[str, Value]


@dataclass(frozen=True)
class InvalidConfiguration:
    selection: Mapping[str, Value]
    violations: tuple[Violation, ...]


class CatalogEngine:
    def __init__(
        self,
        catalog: Catalog,
        *,
        budget: Budget | None = None,
        progress: Progress | None = None,
        model: CatalogProblem | None = None,
        engine: Engine | None = None,
    ) -> None:
        """Compile `catalog` (`progress` hears how it goes), or take the `model` and `engine`
        compiled earlier from it (`configurator.artifact.load_catalog_engine` does)."""
        self.catalog = catalog
        self._default_costs: dict[tuple[int, int], float] | None = None
        self.model: CatalogProblem = model if model is not None else compile_catalog(catalog)
        # Shared by every buyer session: the engine itself is safe to call from several threads.
        self.engine = engine if engine is not None else Engine(self.model.problem, budget=budget, progress=progress)
        self._rule_messages = {r.code: r.message for r in catalog.rules}

    # -- selection <-> assignment -----------------------------------------------------------
    def assignment(self, selection: Selection) -> dict[int, int]:
        """Variable values for the buyer's choices; a tampered value is a SelectionError.

        Ticked boxes are 1 and unticked ones stay open. Text is the buyer's to type, never the
        engine's to choose: an untyped text is empty (so what applies only with some text stays
        hidden until they type it), except a text that needs characters, which stays open."""
        out: dict[int, int] = {}
        for code, value in parse_selection(self.catalog, selection).items():
            module = self._module(code)
            if isinstance(module, MultiChoice):
                picks = value if isinstance(value, frozenset) else frozenset()
                for option in picks:
                    out[self.model.option_var[(code, option)]] = 1
            elif not (isinstance(module, TextModule) and not value):
                out.update(self.model.assignment({code: value}))
        for module in self.catalog.modules:
            if isinstance(module, TextModule) and self.model.module_var[module.code] not in out:
                empty = self._empty_index(module)
                if empty is not None:
                    out[self.model.module_var[module.code]] = empty
        return out

    def _empty_index(self, module: Module, var: int | None = None) -> int | None:
        """The value index that means "none" for a module variable: an unticked box, no option
        of an optional (or hidden) module, an empty text; None where the module has no such value."""
        if isinstance(module, MultiChoice):
            return 0
        var = self.model.module_var[module.code] if var is None else var
        labels = self.model.problem.variables[var].values
        empty = "0" if isinstance(module, TextModule) else NONE
        return labels.index(empty) if empty in labels else None

    def _closure(
        self, assignment: Mapping[int, int], values: tuple[tuple[int, ...], ...]
    ) -> tuple[dict[int, int] | None, tuple[str, ...]]:
        """The buyer's choices with every open decision that may be "none" taken as none and every
        forced value taken, if that is one valid product; else None and the modules still open."""
        closed = dict(assignment)
        undecided: list[str] = []
        for module in self.catalog.modules:
            for var in self.model.vars_of(module):
                if var in closed:
                    continue
                if len(values[var]) == 1:
                    closed[var] = values[var][0]
                    continue
                empty = self._empty_index(module, var)
                if empty is None or empty not in values[var]:
                    undecided.append(module.code)
                    break
                closed[var] = empty
        if undecided:
            return None, tuple(undecided)
        if self.engine.is_consistent(closed):
            return closed, ()
        # Each open module could be none, but not all of them together: they all need a look.
        opened = (m.code for m in self.catalog.modules if any(v not in assignment for v in self.model.vars_of(m)))
        return None, tuple(c for c in opened if self._choosable(c, values))

    def _choosable(self, code: str, values: tuple[tuple[int, ...], ...]) -> bool:
        module = self._module(code)
        return any(len(values[v]) > 1 for v in self.model.vars_of(module))

    def closed_selection(self, selection: Selection) -> dict[str, Value] | None:
        """The one product a complete design stands for (every module valued, forced boxes ticked,
        the buyer's own text), or None while a required decision is still open."""
        assignment = self.assignment(selection)
        if not self.engine.is_consistent(assignment):
            return None
        closed, _ = self._closure(assignment, self.engine.valid_choices(assignment).values)
        if closed is None:
            return None
        return self._with_text(self.model.selection(closed), selection)

    def _with_text(self, full: dict[str, Value], selection: Selection) -> dict[str, Value]:
        """The engine knows text by its length only: keep the buyer's text, invent none."""
        for module in self.catalog.modules:
            if isinstance(module, TextModule):
                typed = selection.get(module.code)
                full[module.code] = typed if isinstance(typed, str) else ""
        return full

    def _module(self, code: str) -> Module:
        module = self.catalog.module(code)
        if module is None:
            problem = SelectionProblem(code, SelectionErrorCode.UNKNOWN_MODULE, f"'{code}' is not a module")
            raise SelectionError([problem])
        return module

    def _var_value(self, module: Module, value: Value) -> tuple[int, int]:
        """The variable and value index that stand for choosing `value` in `module`."""
        if isinstance(module, MultiChoice):
            if not isinstance(value, str) or (module.code, value) not in self.model.option_var:
                raise ConfiguratorError(f"{value!r} is not an option of {module.code!r}")
            return self.model.option_var[(module.code, value)], 1
        ((var, index),) = self.model.assignment({module.code: value}).items()
        return var, index

    # -- valid choices ----------------------------------------------------------------------
    def state(self, selection: Selection) -> ConfigurationState:
        assignment = self.assignment(selection)
        if not self.engine.is_consistent(assignment):
            raise InconsistentSelectionError("no valid product has all these choices together")
        choices = self.engine.valid_choices(assignment)
        problem = self.model.problem
        modules: list[ModuleState] = []
        closed, still_open = self._closure(assignment, choices.values)
        for module in self.catalog.modules:
            chosen = selection.get(module.code)
            if isinstance(module, MultiChoice):
                picks = chosen if isinstance(chosen, frozenset) else frozenset()
                options = []
                for option in module.options:
                    var = self.model.option_var[(module.code, option.code)]
                    values = choices.values[var]
                    options.append(
                        OptionState(option.code, option.name, 1 in values, option.code in picks, values == (1,))
                    )
                applicable = any(o.available for o in options)
                modules.append(ModuleState(module.code, module.name, module.kind, applicable, tuple(options)))
                continue
            var = self.model.module_var[module.code]
            values = choices.values[var]
            if var in assignment:
                # What the buyer could switch this module to: valid with all their *other* choices.
                others = {k: v for k, v in assignment.items() if k != var}
                values = self.engine.valid_choices(others).values[var]
            labels = [problem.variables[var].values[i] for i in values]
            applicable = labels != [NONE] and labels != ["0"] if isinstance(module, TextModule) else labels != [NONE]
            forced: Value = None
            if len(labels) == 1 and var not in assignment and labels[0] != NONE:
                forced = labels[0] if isinstance(module, SingleChoice) else _number(module, labels[0])
            if isinstance(module, ChoiceModule):
                options = [
                    OptionState(o.code, o.name, o.code in labels, chosen == o.code, forced == o.code)
                    for o in module.options
                ]
                can_be_empty = isinstance(module, SingleChoice) and not module.required and NONE in labels
                modules.append(
                    ModuleState(
                        module.code,
                        module.name,
                        module.kind,
                        applicable,
                        tuple(options),
                        forced=forced,
                        can_be_empty=can_be_empty,
                    )
                )
            elif isinstance(module, NumericModule | QuantityModule):
                values_ = tuple(Decimal(label) for label in labels if label != NONE)
                modules.append(
                    ModuleState(module.code, module.name, module.kind, applicable, values=values_, forced=forced)
                )
            else:
                lengths = [int(label) for label in labels]
                modules.append(
                    ModuleState(module.code, module.name, module.kind, applicable, lengths=(min(lengths), max(lengths)))
                )
        complete = closed is not None
        count = 1 if complete else self.engine.count(assignment) if self.engine.backend == "mdd" else None
        return ConfigurationState(tuple(modules), complete, count, still_open)

    def choose(self, selection: Selection, module_code: str, raw: object) -> dict[str, Value]:
        """A new selection with the buyer's choice; refused (structured) if it is unavailable.

        For a multi-choice module, `raw` is the full set of picks."""
        module = self._module(module_code)
        value = parse_value(module, raw)
        trial = {**selection, module_code: value}
        if not self.engine.is_consistent(self.assignment(trial)):
            others = {k: v for k, v in selection.items() if k != module_code}
            if isinstance(module, MultiChoice) and isinstance(value, frozenset):
                old = selection.get(module_code)
                added = sorted(value - (old if isinstance(old, frozenset) else frozenset()))
                probe: Value = added[0] if added else next(iter(sorted(value)), None)
                others[module_code] = value - {probe} if probe is not None else value
            else:
                probe = value
            label = str(probe)
            raise UnavailableChoiceError(module_code, label, self.explain(others, module_code, probe))
        return trial

    def revalidate(self, raw: Mapping[str, object]) -> tuple[dict[str, Value], list[str]]:
        """The saved choices (a shared link, a cart line) that still fit this catalog version, in
        catalog order, and a notice per dropped one.

        >>> from modules.loader import load_catalog
        >>> engine = CatalogEngine(load_catalog("catalogs/tshirt.yaml"))
        >>> kept, notices = engine.revalidate({"fabric": "linen", "colour": "black", "gone": "x"})
        >>> kept
        {'fabric': 'linen'}
        >>> notices[0], notices[1]
        ('Colour: the saved choice no longer fits with your other choices', "'gone' is no longer part of this product")
        """
        notices: list[str] = []
        selection: dict[str, Value] = {}
        for module in self.catalog.modules:
            if module.code not in raw:
                continue
            try:
                selection = self.choose(selection, module.code, raw[module.code])
            except SelectionError:
                notices.append(f"{module.name}: the saved choice is no longer offered")
            except ConfiguratorError:
                notices.append(f"{module.name}: the saved choice no longer fits with your other choices")
        unknown = sorted(set(raw) - {m.code for m in self.catalog.modules})
        notices += [f"'{code}' is no longer part of this product" for code in unknown]
        return selection, notices

    # -- explanations and repairs ------------------------------------------------------------
    def explain(self, selection: Selection, module_code: str, value: Value) -> Reason:
        module = self._module(module_code)
        base = {k: v for k, v in selection.items() if k != module_code or isinstance(module, MultiChoice)}
        assignment = self.assignment(base)
        var, index = self._var_value(module, value)
        assignment.pop(var, None)
        explanation = self.engine.explain(assignment, var, index)
        conflicts = tuple(self._conflict(v, i) for v, i in explanation.conflict.items())
        rules = tuple(self._rule(code) for code in explanation.rules if not code.startswith("price:"))
        repairs = tuple(
            tuple(dict.fromkeys(self._module_of_var(v) for v in repair))
            for repair in self.engine.repairs(assignment, var, index)
        )
        return Reason(conflicts, rules, repairs)

    def apply_repair(
        self, selection: Selection, module_code: str, value: Value, repair: tuple[str, ...]
    ) -> dict[str, Value]:
        """Drop the buyer's choices in the `repair` modules, then make the wanted choice."""
        kept = {k: v for k, v in selection.items() if k not in repair}
        module = self._module(module_code)
        if isinstance(module, MultiChoice) and isinstance(value, str):
            old = kept.get(module_code)
            picks = (old if isinstance(old, frozenset) else frozenset()) | {value}
            return self.choose(kept, module_code, sorted(picks))
        return self.choose(kept, module_code, value)

    def _module_of_var(self, var: int) -> str:
        name = self.model.problem.variables[var].name
        return name.split(".", 1)[0]

    def _conflict(self, var: int, index: int) -> Conflict:
        name = self.model.problem.variables[var].name
        label = self.model.problem.variables[var].values[index]
        code, _, option = name.partition(".")
        module = self._module(code)
        if isinstance(module, MultiChoice):
            option_name = next(o.name for o in module.options if o.code == option)
            words = option_name if label == ON else f"no {option_name}"
        elif isinstance(module, ChoiceModule):
            chosen = module.option(label)
            words = chosen.name if chosen is not None else "none"
        elif isinstance(module, TextModule):
            words = "no text" if label == "0" else f"{label} characters"
        elif isinstance(module, NumericModule):
            words = f"{label} {module.unit}"
        else:
            words = label
        return Conflict(code, module.name, words)

    def _rule(self, code: str) -> RuleRef:
        if code in self._rule_messages:
            return RuleRef(code, self._rule_messages[code] or f"rule {code}")
        kind, _, target = code.partition(":")
        module_code, _, option_code = target.partition(".")
        module = self.catalog.module(module_code)
        name = module.name if module is not None else module_code
        if kind == "visible" and option_code and isinstance(module, ChoiceModule):
            option = module.option(option_code)
            return RuleRef(code, f"'{option.name if option else option_code}' is only offered with some choices")
        if kind == "module":
            return RuleRef(code, f"'{name}' applies only with some choices, and then needs a valid value")
        return RuleRef(code, code)

    # -- completion, validation, counting -----------------------------------------------------
    def complete(
        self,
        selection: Selection,
        *,
        strategy: Strategy = "default",
        costs: Costs | None = None,
    ) -> dict[str, Value]:
        """A complete valid product extending the buyer's choices (what "finish for me" gives).

        `default`: the catalog's defaults wherever the rules allow, then the first options;
        `cheapest`: pass `costs` (per variable value, e.g. from pricing) to minimise them.
        The buyer's choices are kept: in a multi-choice module they touched, a box they left
        unticked is ticked only where the rules leave no other way; their text is kept and no
        text is invented. The result is complete: `state(result).complete` holds unless a
        text module needs characters the buyer has not typed yet."""
        assignment = self.assignment(selection)
        flat = self.engine.flat_costs(self.default_costs() if costs is None else costs)
        touched = [m for m in self.catalog.modules if isinstance(m, MultiChoice) and m.code in selection]
        for module in touched:
            for option in module.options:
                var = self.model.option_var[(module.code, option.code)]
                if var not in assignment:
                    flat[int(self.engine.val_off[var]) + 1] += _KEEP_UNTICKED
        full = self.engine.complete(assignment, flat)
        if full is None:
            raise InconsistentSelectionError("no valid product has all these choices together")
        return self._with_text(self.model.selection(full), selection)

    def default_costs(self) -> dict[tuple[int, int], float]:
        """Prefer defaults, then earlier options, empty text, no extra picks, sizes near the
        default (else small ones). Worked out once per engine; each call gets its own copy."""
        if self._default_costs is None:
            self._default_costs = self._work_out_default_costs()
        return dict(self._default_costs)

    def _work_out_default_costs(self) -> dict[tuple[int, int], float]:
        costs: dict[tuple[int, int], float] = {}
        for module in self.catalog.modules:
            if isinstance(module, MultiChoice):
                for option in module.options:
                    var = self.model.option_var[(module.code, option.code)]
                    # A default pick is preferred, but less than leaving an optional module empty.
                    costs[(var, 1)] = 0.0 if option.default else 1.0
                    costs[(var, 0)] = 0.5 if option.default else 0.0
                continue
            var = self.model.module_var[module.code]
            labels = self.model.problem.variables[var].values
            preferred = _preferred_label(module)
            place = _nearest_first(module, labels)
            for index, label in enumerate(labels):
                rank = 0.0 if label == preferred else 1.0 + place.get(index, index) / (len(labels) + 1)
                if label == NONE:
                    # An optional module stays empty unless it has a default; a module that
                    # is only empty when hidden is not hidden on purpose.
                    optional = isinstance(module, SingleChoice) and not module.required
                    rank = 0.0 if optional and preferred is None else 1.5
                costs[(var, index)] = rank
        return costs

    def validate(self, selection: Selection) -> ValidConfiguration | InvalidConfiguration:
        """The reference check of a complete selection (every module and every rule)."""
        found = violations(self.catalog, selection)
        if found:
            return InvalidConfiguration(dict(selection), tuple(found))
        return ValidConfiguration(dict(selection))

    def count(self, selection: Selection | None = None) -> int:
        """Exact number of valid products extending the choices; an untyped text counts as empty
        (a text that needs characters counts once per allowed length)."""
        return self.engine.count(self.assignment(selection or {}))


def _number(module: Module, label: str) -> Value:
    return Decimal(label) if isinstance(module, NumericModule | QuantityModule) else label


def _nearest_first(module: Module, labels: tuple[str, ...] | list[str]) -> dict[int, int]:
    """A size's place when the catalog's default size is not allowed: the nearest to the default
    first (the smaller of two as near), as the configure page's slider suggests it. Empty for a
    module without a default size (then earlier values come first)."""
    if not isinstance(module, NumericModule | QuantityModule) or module.default is None:
        return {}
    target = Decimal(module.default)
    sized = [i for i, label in enumerate(labels) if label != NONE]
    sized.sort(key=lambda i: (abs(Decimal(labels[i]) - target), Decimal(labels[i])))
    return {index: place for place, index in enumerate(sized)}


def _preferred_label(module: Module) -> str | None:
    if isinstance(module, SingleChoice):
        return next((o.code for o in module.options if o.default), None)
    if isinstance(module, NumericModule | QuantityModule) and module.default is not None:
        return label_of(Decimal(module.default))
    if isinstance(module, TextModule):
        return str(module.least_characters)
    return None
