"""The diff of a draft against the published version: options added and removed, price changes,
and how many products valid under the published version are no longer valid.

Pure: neither streamlit nor sqlmodel.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from configurator.catalog_model import OFF, CatalogProblem, compile_catalog
from configurator.engine import Engine
from configurator.errors import ConfiguratorError
from configurator.problem import Constraint, Problem, Table
from modules.catalog import Catalog
from modules.kinds import ChoiceModule


@dataclass(frozen=True)
class PriceChange:
    what: str  # "base" or "module.option"
    before: str
    after: str


@dataclass(frozen=True)
class Diff:
    added: tuple[str, ...]  # "module.option"
    removed: tuple[str, ...]
    price_changes: tuple[PriceChange, ...]
    still_valid: int | None  # products valid under both versions (None: not computed)
    published_count: int | None
    note: str = ""

    @property
    def invalidated(self) -> int | None:
        if self.still_valid is None or self.published_count is None:
            return None
        return self.published_count - self.still_valid


def _engine(problem: Problem) -> Engine | None:
    """An engine, or None when the problem has no valid configuration."""
    try:
        engine = Engine(problem)
        engine.valid_choices({})
    except ConfiguratorError:
        return None
    return engine


def _money(amount: Decimal) -> str:
    return format(amount.normalize(), "f")


def _prices(catalog: Catalog) -> dict[str, str]:
    out = {"base": _money(catalog.base.price)}
    for module in catalog.modules:
        if isinstance(module, ChoiceModule):
            for option in module.options:
                percent = option.price_percent
                shown = f"{_money(Decimal(percent))}%" if percent is not None else _money(option.price)
                out[f"{module.code}.{option.code}"] = shown
    return out


def _options(catalog: Catalog) -> list[str]:
    return [f"{m.code}.{o.code}" for m in catalog.modules if isinstance(m, ChoiceModule) for o in m.options]


def _module_only(compiled: CatalogProblem) -> Problem:
    """The problem without derived price variables (they are functions of the modules)."""
    keep = [i for i, v in enumerate(compiled.problem.variables) if not v.name.startswith("price:")]
    where = {old: new for new, old in enumerate(keep)}
    constraints: list[Constraint] = []
    for c in compiled.problem.constraints:
        if isinstance(c, Table) and all(v in where for v in c.scope):
            constraints.append(Table(tuple(where[v] for v in c.scope), c.tuples, c.rule, c.negative))
    return Problem(tuple(compiled.problem.variables[i] for i in keep), tuple(constraints))


def _translate(table: Table, new: Problem, old: Problem) -> Table | None:
    """`table` of the new problem over the old problem's variables and value indices.

    A variable only in the new problem must be a multi-choice option (0/1): products of the old
    version do not pick it, so only rows where it is off are kept. None if that is not the case.
    """
    names = {v.name: i for i, v in enumerate(old.variables)}
    keep_cols: list[int] = []
    scope: list[int] = []
    rows = table.tuples
    mask = np.ones(rows.shape[0], dtype=bool)
    for col, var in enumerate(table.scope):
        variable = new.variables[var]
        if variable.name not in names:
            if variable.values != (OFF, "1"):
                return None
            mask &= rows[:, col] == variable.values.index(OFF)
            continue
        old_var = names[variable.name]
        old_values = old.variables[old_var].values
        lookup = np.array([old_values.index(x) if x in old_values else -1 for x in variable.values], dtype=np.int64)
        if rows.shape[0]:
            mapped = lookup[rows[:, col]]
            mask &= mapped >= 0
        keep_cols.append(col)
        scope.append(old_var)
    if not scope:
        return None
    kept = rows[mask][:, keep_cols] if rows.shape[0] else rows[:, keep_cols]
    translated = (
        np.stack(
            [
                np.array(
                    [old.variables[scope[i]].values.index(new.variables[table.scope[c]].values[x]) for x in kept[:, i]],
                    dtype=np.int64,
                )
                for i, c in enumerate(keep_cols)
            ],
            axis=1,
        )
        if kept.shape[0]
        else np.zeros((0, len(scope)), dtype=np.int64)
    )
    return Table(tuple(scope), translated, table.rule, table.negative)


def still_valid_count(published: Catalog, draft: Catalog) -> tuple[int | None, str]:
    """How many products valid under `published` are valid under `draft` too (None with a reason)."""
    if {m.code for m in published.modules} != {m.code for m in draft.modules}:
        return None, "modules were added or removed: products of the two versions are not comparable one to one"
    old = _module_only(compile_catalog(published))
    new = _module_only(compile_catalog(draft))
    names = {v.name for v in new.variables}
    constraints: list[Constraint] = list(old.constraints)
    for i, variable in enumerate(old.variables):
        if variable.name not in names:  # a removed multi-choice option: products that picked it
            constraints.append(Table((i,), [(variable.values.index(OFF),)], "removed-option"))
            continue
        new_values = next(v for v in new.variables if v.name == variable.name).values
        allowed = [(k,) for k, x in enumerate(variable.values) if x in new_values]
        if len(allowed) != len(variable.values):
            constraints.append(Table((i,), allowed, f"domain:{variable.name}"))
    for c in new.constraints:
        if not isinstance(c, Table):
            return None, "the draft has constraints this comparison cannot translate"
        translated = _translate(c, new, old)
        if translated is None:
            return None, "the draft has variables the published version does not know"
        constraints.append(translated)
    engine = _engine(Problem(old.variables, tuple(constraints)))
    if engine is None:
        return 0, ""
    try:
        return engine.count(), ""
    except ConfiguratorError as exc:
        return None, str(exc)


def diff_catalogs(published: Catalog, draft: Catalog) -> Diff:
    before, after = _options(published), _options(draft)
    old_prices, new_prices = _prices(published), _prices(draft)
    changes = tuple(
        PriceChange(key, old_prices[key], new_prices[key])
        for key in new_prices
        if key in old_prices and old_prices[key] != new_prices[key]
    )
    engine = _engine(_module_only(compile_catalog(published)))
    published_count = engine.count() if engine is not None else 0
    still, note = still_valid_count(published, draft)
    return Diff(
        added=tuple(x for x in after if x not in before),
        removed=tuple(x for x in before if x not in after),
        price_changes=changes,
        still_valid=still,
        published_count=published_count,
        note=note,
    )


__all__ = ["Diff", "PriceChange", "diff_catalogs", "still_valid_count"]
