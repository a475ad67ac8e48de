"""Compile a catalog into the engine's finite-domain problem, with the same meaning as
`modules.selection` (the reference semantics; tests compare the two exhaustively).

Variables:
- single choice: one variable over its option codes (plus `none` when optional or hidden);
- multi choice: one 0/1 variable per option, named `module.option`;
- numeric / quantity: one variable over the grid values (plus `none` when it can be hidden);
- text: one variable over the text length `0..max_length` (rules may use `len(text)`);
- price terms: one derived variable per pricing formula (its amount) and per conditional
  surcharge or setup fee (`0`/`1`), so price bounds stay exact with an additive cost per value.

Every rule becomes one table over the variables it reads, built by evaluating the reference
semantics on each combination; the table carries the rule code, so explanations name it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from configurator.errors import ModelError
from configurator.problem import Problem, Table, Variable
from modules.catalog import Catalog
from modules.checks import NONE
from modules.expr import Attributes, EvaluationError, Value
from modules.fields import compile_expression, condition_modules
from modules.kinds import (
    ChoiceModule,
    Module,
    MultiChoice,
    NumericModule,
    QuantityModule,
    SingleChoice,
    TextModule,
)
from modules.price_rules import SetupFee, Surcharge
from modules.rules import Constraint, Excludes, Requires
from modules.rules import Table as TableRule
from modules.selection import ConditionData, attributes_of, holds, rule_violations, violations_of_module

MAX_COMBINATIONS = 2_000_000
Env = dict[str, Value]
Row = tuple[int, ...]
ON, OFF = "1", "0"


class CatalogCompileError(ModelError):
    """A rule reads too many combinations to tabulate, or uses text in an unsupported way."""


def label_of(value: Decimal) -> str:
    """The variable label of a number: `120` for 120.0, `2.5` for 2.50."""
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)


@dataclass
class CatalogProblem:
    """The compiled problem plus the maps between a buyer's selection and variable values."""

    catalog: Catalog
    problem: Problem
    module_var: dict[str, int]  # single, numeric, quantity, text modules
    option_var: dict[tuple[str, str], int]  # multi-choice options
    term_var: dict[str, int] = field(default_factory=dict)  # price terms, by price rule code
    term_amounts: dict[str, list[Decimal]] = field(default_factory=dict)  # formula amounts per value

    def vars_of(self, module: Module) -> list[int]:
        if isinstance(module, MultiChoice):
            return [self.option_var[(module.code, o.code)] for o in module.options]
        return [self.module_var[module.code]]

    def assignment(self, selection: Mapping[str, Value]) -> dict[int, int]:
        """Variable values for a (partial) parsed selection; modules not in it stay open."""
        out: dict[int, int] = {}
        for code, value in selection.items():
            module = self.catalog.module(code)
            if module is None:
                raise ModelError(f"unknown module {code!r}")
            if isinstance(module, MultiChoice):
                picks = value if isinstance(value, frozenset) else frozenset()
                for option in module.options:
                    out[self.option_var[(code, option.code)]] = 1 if option.code in picks else 0
                continue
            var = self.module_var[code]
            labels = self.problem.variables[var].values
            if isinstance(module, TextModule):
                label = str(len(value) if isinstance(value, str) else 0)
            elif value is None:
                label = NONE
            elif isinstance(value, Decimal):
                label = label_of(value)
            else:
                label = str(value)
            if label not in labels:
                raise ModelError(f"{code}={label} is outside the module's values")
            out[var] = labels.index(label)
        return out

    def selection(self, assignment: Mapping[int, int]) -> dict[str, Value]:
        """The selection a (complete) assignment stands for; text modules get placeholder text."""
        return _decode(self.catalog, self.problem, self.module_var, self.option_var, assignment)


def _module_domain(module: Module, hideable: bool) -> list[str]:
    if isinstance(module, SingleChoice):
        optional = hideable or not module.required
        return [*module.option_codes, *([NONE] if optional else [])]
    if isinstance(module, NumericModule):
        return [*(label_of(v) for v in module.values()), *([NONE] if hideable else [])]
    if isinstance(module, QuantityModule):
        return [*(str(q) for q in range(module.min, module.max + 1)), *([NONE] if hideable else [])]
    if isinstance(module, TextModule):
        return [str(n) for n in range(0 if hideable else module.least_characters, module.max_length + 1)]
    raise AssertionError(module.kind)


def _decode(
    catalog: Catalog,
    problem: Problem,
    module_var: Mapping[str, int],
    option_var: Mapping[tuple[str, str], int],
    assignment: Mapping[int, int],
) -> dict[str, Value]:
    env: dict[str, Value] = {}
    for module in catalog.modules:
        if isinstance(module, MultiChoice):
            keys = [(module.code, o.code) for o in module.options]
            if all(option_var[k] in assignment for k in keys):
                env[module.code] = frozenset(o for k in keys if assignment[option_var[k]] == 1 for o in k[1:])
            continue
        var = module_var[module.code]
        if var not in assignment:
            continue
        label = problem.variables[var].values[assignment[var]]
        if isinstance(module, TextModule):
            env[module.code] = "x" * int(label)
        elif label == NONE:
            env[module.code] = None
        elif isinstance(module, SingleChoice):
            env[module.code] = label
        else:
            env[module.code] = Decimal(label)
    return env


class _Builder:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.attributes: Attributes = attributes_of(catalog)
        self.variables: list[Variable] = []
        self.tables: list[Table] = []
        self.module_var: dict[str, int] = {}
        self.option_var: dict[tuple[str, str], int] = {}

    def add_var(self, name: str, values: Iterable[str]) -> int:
        self.variables.append(Variable(name, tuple(values)))
        return len(self.variables) - 1

    def declare_modules(self) -> None:
        for module in self.catalog.modules:
            hideable = module.visible_if is not None
            if isinstance(module, MultiChoice):
                for option in module.options:
                    self.option_var[(module.code, option.code)] = self.add_var(
                        f"{module.code}.{option.code}", (OFF, ON)
                    )
            else:
                self.module_var[module.code] = self.add_var(module.code, _module_domain(module, hideable))

    def scope_vars(self, modules: Iterable[str]) -> list[int]:
        out: list[int] = []
        for code in sorted(set(modules)):
            module = self.catalog.module(code)
            if module is None:
                continue
            if isinstance(module, MultiChoice):
                out += [self.option_var[(code, o.code)] for o in module.options]
            else:
                out.append(self.module_var[code])
        return out

    def tabulate(
        self, rule: str, scope: list[int], allowed: Callable[[dict[str, Value], tuple[int, ...]], bool]
    ) -> None:
        """Add a table of the combinations of `scope` for which `allowed(env, values)` holds."""
        sizes = [self.variables[v].size for v in scope]
        total = 1
        for s in sizes:
            total *= s
        if total > MAX_COMBINATIONS:
            raise CatalogCompileError(f"rule {rule!r} reads {total:,} combinations; at most {MAX_COMBINATIONS:,}")
        problem = Problem(tuple(self.variables))
        rows: list[tuple[int, ...]] = []
        all_rows = True
        for values in itertools.product(*(range(s) for s in sizes)):
            env = _decode(
                self.catalog, problem, self.module_var, self.option_var, dict(zip(scope, values, strict=True))
            )
            if allowed(env, values):
                rows.append(values)
            else:
                all_rows = False
        if not all_rows and not scope:
            # a rule that reads no module and never holds (`expr: "false"`): no product at all; an
            # empty table on the first variable keeps the rule's code for the explanations
            self.tables.append(Table([0], [], rule=rule))
        elif not all_rows:
            self.tables.append(Table(scope, rows, rule=rule))

    def own_constraints(self) -> None:
        """Visibility, required values, picks and text length: what `module_violations` checks."""
        for module in self.catalog.modules:
            reads = condition_modules(module.visible_if) - {module.code}
            scope = self.scope_vars(reads) + self.vars_of(module)
            if module.visible_if is not None or isinstance(module, MultiChoice):
                self.tabulate(f"module:{module.code}", scope, partial(_module_ok, module, self.attributes))
            if isinstance(module, ChoiceModule):
                for option in module.options:
                    if option.visible_if is None:
                        continue
                    cond = option.visible_if
                    reads = condition_modules(cond) | {module.code}
                    self.tabulate(
                        f"visible:{module.code}.{option.code}",
                        self.scope_vars(reads),
                        partial(_option_ok, module.code, option.code, cond, self.attributes),
                    )

    def vars_of(self, module: Module) -> list[int]:
        return self.scope_vars([module.code])

    def rules(self) -> None:
        for rule in self.catalog.rules:
            reads: set[str] = set()
            if isinstance(rule, Requires):
                reads = condition_modules(rule.if_) | condition_modules(rule.then)
            elif isinstance(rule, Excludes):
                for condition in rule.conditions:
                    reads |= condition_modules(condition)
            elif isinstance(rule, Constraint):
                reads = condition_modules(rule.expr) | condition_modules(rule.when)
            elif isinstance(rule, TableRule):
                reads = set(rule.modules)
            single_rule = self.catalog.model_copy(update={"rules": (rule,)})
            self.tabulate(
                rule.code,
                self.scope_vars(reads),
                partial(_rule_ok, single_rule, self.attributes),
            )

    def price_terms(self) -> tuple[dict[str, int], dict[str, list[Decimal]]]:
        term_var: dict[str, int] = {}
        term_amounts: dict[str, list[Decimal]] = {}
        pricing = self.catalog.pricing
        for formula in pricing.formulas:
            reads = condition_modules(formula.amount) | condition_modules(formula.when)
            scope = self.scope_vars(reads)
            problem = Problem(tuple(self.variables))
            combos: list[tuple[tuple[int, ...], Decimal]] = []
            for values in itertools.product(*(range(self.variables[v].size) for v in scope)):
                env = _decode(
                    self.catalog, problem, self.module_var, self.option_var, dict(zip(scope, values, strict=True))
                )
                combos.append((values, _formula_amount(formula.amount, formula.when, env, self.attributes)))
            amounts = sorted({a for _, a in combos})
            var = self.add_var(f"price:{formula.code}", (label_of(a) for a in amounts))
            self.tables.append(
                Table(
                    [*scope, var], [(*values, amounts.index(a)) for values, a in combos], rule=f"price:{formula.code}"
                )
            )
            term_var[formula.code] = var
            term_amounts[formula.code] = amounts
        items: list[Surcharge | SetupFee] = [*pricing.surcharges, *pricing.setup_fees]
        for item in items:
            if item.when is None:
                continue
            when = item.when
            scope = self.scope_vars(condition_modules(when))
            var = self.add_var(f"price:{item.code}", (OFF, ON))
            self.tabulate(
                f"price:{item.code}",
                [*scope, var],
                partial(_term_ok, when, self.attributes),
            )
            term_var[item.code] = var
        return term_var, term_amounts


def _picked(value: Value, option: str) -> bool:
    return value == option or (isinstance(value, frozenset) and option in value)


def _option_ok(
    module: str, option: str, condition: ConditionData, attributes: Attributes, env: Env, values: Row
) -> bool:
    return not _picked(env.get(module), option) or holds(condition, env, attributes)


def _rule_ok(single_rule: Catalog, attributes: Attributes, env: Env, values: Row) -> bool:
    return not rule_violations(single_rule, env, attributes)


def _term_ok(condition: ConditionData, attributes: Attributes, env: Env, values: Row) -> bool:
    """The derived 0/1 variable (last in the row) says whether the condition holds."""
    return holds(condition, env, attributes) == (values[-1] == 1)


def _formula_amount(
    amount: str, when: ConditionData | None, env: Mapping[str, Value], attributes: Attributes
) -> Decimal:
    if when is not None and not holds(when, env, attributes):
        return Decimal(0)
    try:
        value = compile_expression(amount).evaluate(env, attributes)
    except EvaluationError:
        return Decimal(0)
    return value if isinstance(value, Decimal) else Decimal(0)


def _module_ok(module: Module, attributes: Attributes, env: Env, values: Row) -> bool:
    """The module's own constraints; option visibility has tables of its own."""
    own = (f"module:{module.code}", f"visible:{module.code}")
    return not [v for v in violations_of_module(module, env, attributes) if v.rule in own]


def compile_catalog(catalog: Catalog) -> CatalogProblem:
    """The finite-domain problem of a catalog (raise CatalogCompileError if it is too large)."""
    builder = _Builder(catalog)
    builder.declare_modules()
    builder.own_constraints()
    builder.rules()
    term_var, term_amounts = builder.price_terms()
    problem = Problem(tuple(builder.variables), tuple(builder.tables))
    return CatalogProblem(catalog, problem, builder.module_var, builder.option_var, term_var, term_amounts)
