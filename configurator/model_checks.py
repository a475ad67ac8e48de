"""Checks of a catalog before it is published, each finding naming the rules responsible.

- dead options (no valid product has them), options always forced, modules left with a single
  possible value, contradictions (no valid product at all, with a minimal set of rules that
  clash), options that look unpriced (free where the module's other choices cost extra), rules
  that never fire (removing them changes nothing);
- the exact number of valid products;
- a diff against the published version (`configurator.model_diff`, re-exported here): options
  added and removed, price changes, and how many products valid under the published version are
  no longer valid.

Pure: neither streamlit nor sqlmodel; small catalogs are checked exhaustively, and
`rule_budget_seconds` bounds the one check that recompiles per rule.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from configurator.catalog_model import OFF, CatalogProblem, compile_catalog
from configurator.engine import Engine
from configurator.errors import ConfiguratorError
from configurator.model_diff import Diff, PriceChange, _engine, _money, diff_catalogs, still_valid_count
from configurator.problem import Problem, Variable
from modules.catalog import Catalog
from modules.checks import NONE
from modules.fields import condition_modules
from modules.kinds import ChoiceModule, MultiChoice, SingleChoice
from modules.options import OptionBase


@dataclass(frozen=True)
class Finding:
    kind: str  # dead-option | forced-option | single-value | contradiction | unpriced | rule-never-fires
    module: str | None
    option: str | None
    message: str
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    count: int | None
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = field(default=())

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    @property
    def blocking(self) -> bool:
        """A contradiction or a dead option: publishing would sell a broken catalog."""
        return any(f.kind in ("contradiction", "dead-option") for f in self.findings)


def _satisfiable(problem: Problem) -> bool:
    try:
        engine = Engine(problem, backend="sat")
        return engine.is_consistent({})
    except ConfiguratorError:
        return False


def _rule_codes(problem: Problem) -> list[str]:
    return list(dict.fromkeys(c.rule for c in problem.constraints))


def _without(problem: Problem, rules: set[str]) -> Problem:
    return Problem(problem.variables, tuple(c for c in problem.constraints if c.rule not in rules))


def _only(problem: Problem, rules: set[str]) -> Problem:
    return Problem(problem.variables, tuple(c for c in problem.constraints if c.rule in rules))


def conflicting_rules(
    problem: Problem, *, budget_seconds: float | None = None, clock: Callable[[], float] = time.monotonic
) -> tuple[str, ...]:
    """A minimal set of rules that together allow no product (deletion filter).

    A rule that allows nothing on its own (`expr: "false"`) is found first, from small encodings.
    Each deletion step re-encodes the remaining rules (seconds on large catalogs): past
    `budget_seconds` the set found so far is returned, which still allows no product but may
    not be minimal."""
    keep = _rule_codes(problem)
    for code in keep:
        if not _satisfiable(_only(problem, {code})):
            return (code,)
    started = clock()
    for code in list(keep):
        if budget_seconds is not None and clock() - started > budget_seconds:
            break
        trial = set(keep) - {code}
        if not _satisfiable(_only(problem, trial)):
            keep = [c for c in keep if c != code]
    return tuple(keep)


def option_findings(compiled: CatalogProblem, engine: Engine) -> list[Finding]:
    """Dead and always-forced options, modules with a single value (one compiled engine)."""
    choices = engine.valid_choices({})
    problem = compiled.problem
    out: list[Finding] = []

    def rules_for(var: int, value: int) -> tuple[str, ...]:
        return engine.explain({}, var, value).rules

    for module in compiled.catalog.modules:
        if isinstance(module, MultiChoice):
            for option in module.options:
                var = compiled.option_var[(module.code, option.code)]
                possible_values = choices.values[var]
                labels = problem.variables[var].values
                if possible_values == (labels.index(OFF),):
                    out.append(
                        Finding(
                            "dead-option",
                            module.code,
                            option.code,
                            f"{module.name}: {option.name} can never be picked",
                            rules_for(var, 1 - labels.index(OFF)),
                        )
                    )
                elif len(possible_values) == 1:
                    out.append(
                        Finding(
                            "forced-option",
                            module.code,
                            option.code,
                            f"{module.name}: {option.name} is always included",
                            rules_for(var, labels.index(OFF)),
                        )
                    )
            continue
        if not isinstance(module, ChoiceModule):
            continue
        var = compiled.module_var[module.code]
        labels = problem.variables[var].values
        possible: set[int] = set(choices.values[var])
        for option in module.options:
            index = labels.index(option.code)
            if index not in possible:
                out.append(
                    Finding(
                        "dead-option",
                        module.code,
                        option.code,
                        f"{module.name}: {option.name} can never be chosen",
                        rules_for(var, index),
                    )
                )
        if len(possible) == 1 and len(labels) > 1:
            (only,) = possible
            others = tuple(dict.fromkeys(r for i in range(len(labels)) if i != only for r in rules_for(var, i)))
            shown = "no option" if labels[only] == NONE else labels[only]
            kind = "forced-option" if labels[only] != NONE else "single-value"
            out.append(
                Finding(
                    kind,
                    module.code,
                    None if labels[only] == NONE else labels[only],
                    f"{module.name} has a single possible value: {shown}",
                    others,
                )
            )
    return out


def _priced_modules(catalog: Catalog) -> set[str]:
    pricing = catalog.pricing
    reads: set[str] = set()
    for formula in pricing.formulas:
        reads |= condition_modules(formula.amount) | condition_modules(formula.when)
    for surcharge in pricing.surcharges:
        reads |= condition_modules(surcharge.when)
    for fee in pricing.setup_fees:
        reads |= condition_modules(fee.when)
    for price_list in pricing.price_lists:
        reads |= {key.split(".", 1)[0] for key in price_list.options}
    return reads


def _has_price(option: OptionBase) -> bool:
    return option.price != 0 or option.price_percent is not None


def _material_cost(catalog: Catalog, option: OptionBase) -> Decimal | None:
    """What an option's own bill of materials costs, or None when a quantity is an expression
    or a material has no unit cost (unknown)."""
    costs = {m.code: m.unit_cost for m in catalog.materials}
    total = Decimal(0)
    for use in option.materials:
        unit_cost = costs.get(use.material)
        if isinstance(use.quantity, str) or unit_cost is None:
            return None
        total += Decimal(use.quantity) * Decimal(unit_cost)
    return total


def _newly_free(published: Catalog | None, module_code: str, option_code: str) -> bool:
    """True when the option is new since `published`, or was priced there (None: all are new)."""
    if published is None:
        return True
    before = next((m for m in published.modules if m.code == module_code), None)
    old = before.option(option_code) if isinstance(before, ChoiceModule) else None
    return old is None or _has_price(old)


def unpriced_options(catalog: Catalog, published: Catalog | None = None) -> list[Finding]:
    """Free options that look like a forgotten price (or a margin leak).

    Only options that cost nothing, are not their module's default and whose module no price rule
    reads are considered. One is flagged when
    - its own materials cost more than those of the module's default (known costs only), or
    - it is new (or newly free) since the `published` version, the module's default (if any) is
      free too, and every other non-default option of its module costs extra.
    Free defaults ("included") and free alternatives that were published as such (sizes, standard
    colours) are how catalogs are meant to be written, and are not flagged.
    """
    priced = _priced_modules(catalog)
    out: list[Finding] = []
    for module in catalog.modules:
        if not isinstance(module, ChoiceModule) or module.code in priced:
            continue
        choices = [o for o in module.options if not o.default]
        default = next((o for o in module.options if o.default), None)
        baseline = (
            Decimal(0) if isinstance(module, MultiChoice) or default is None else _material_cost(catalog, default)
        )
        for option in choices:
            if _has_price(option):
                continue
            cost = _material_cost(catalog, option)
            if cost is not None and baseline is not None and cost > baseline:
                extra = _money(cost - baseline)
                than = f"than {default.name}'s" if default is not None and not isinstance(module, MultiChoice) else ""
                out.append(
                    Finding(
                        "unpriced",
                        module.code,
                        option.code,
                        f"{module.name}: {option.name} is free, but its materials cost "
                        f"{extra} {catalog.currency} more {than}".strip(),
                    )
                )
                continue
            others = [o for o in choices if o is not option]
            included = default is None or isinstance(module, MultiChoice) or not _has_price(default)
            if (
                included  # a free option next to a priced default is a cheaper alternative
                and others
                and all(_has_price(o) for o in others)
                and _newly_free(published, module.code, option.code)
            ):
                out.append(
                    Finding(
                        "unpriced",
                        module.code,
                        option.code,
                        f"{module.name}: {option.name} is free, while every other optional choice "
                        f"of {module.name} costs extra",
                    )
                )
    return out


def idle_rules(
    compiled: CatalogProblem, count: int, *, budget_seconds: float, clock: Callable[[], float] = time.monotonic
) -> tuple[list[Finding], list[str]]:
    """Catalog rules whose removal leaves the same products: they never forbid anything."""
    findings: list[Finding] = []
    unchecked: list[str] = []
    started = clock()
    for rule in compiled.catalog.rules:
        if clock() - started > budget_seconds:
            unchecked.append(rule.code)
            continue
        engine = _engine(_without(compiled.problem, {rule.code}))
        if engine is None or engine.count() != count:
            continue
        reason = "every valid product satisfies it anyway"
        if rule.kind == "requires":
            reason = "its `if` never holds together with its `then` failing in any otherwise valid product"
        elif rule.kind == "excludes":
            reason = "its conditions are never all possible together, even without it"
        findings.append(
            Finding("rule-never-fires", None, None, f"rule {rule.code} never fires: {reason}", (rule.code,))
        )
    return findings, unchecked


def check_catalog(catalog: Catalog, *, published: Catalog | None = None, rule_budget_seconds: float = 20.0) -> Report:
    """Every check on one catalog (a draft of `published`, the version on sale, if given)."""
    compiled = compile_catalog(catalog)
    engine = _engine(compiled.problem)
    findings: list[Finding] = unpriced_options(catalog, published)
    if engine is None:
        rules = conflicting_rules(compiled.problem, budget_seconds=rule_budget_seconds)
        message = "no valid product: these rules cannot all hold together: " + ", ".join(rules)
        return Report(0, (Finding("contradiction", None, None, message, rules), *findings))
    notes: list[str] = []
    try:
        count: int | None = engine.count()
    except ConfiguratorError as exc:
        count = None
        notes.append(f"exact count unavailable: {exc}")
    findings = option_findings(compiled, engine) + findings
    if count is not None:
        idle, unchecked = idle_rules(compiled, count, budget_seconds=rule_budget_seconds)
        findings += idle
        if unchecked:
            notes.append(f"{len(unchecked)} rule(s) not checked for firing (time budget): {', '.join(unchecked)}")
    return Report(count, tuple(findings), tuple(notes))


__all__ = [
    "Diff",
    "Finding",
    "PriceChange",
    "Report",
    "Variable",
    "check_catalog",
    "conflicting_rules",
    "diff_catalogs",
    "idle_rules",
    "option_findings",
    "still_valid_count",
    "unpriced_options",
]

_ = SingleChoice  # single-choice modules are the `ChoiceModule`s that are not `MultiChoice`
