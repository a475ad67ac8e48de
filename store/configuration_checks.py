"""Why choices are unavailable and what frees them, where a design breaks the rules, and whether it
can be sold: the configure page's "why not?" panel and the API's state and validation, from the
rules engine's explanations (`CatalogEngine.explain`, `apply_repair`) and the quote's checks.

>>> from modules.loader import load_catalog
>>> tee = load_catalog("catalogs/tshirt.yaml")
>>> why = unavailable_choices(catalog=tee, fingerprint=tee.fingerprint(), selection={"fabric": "linen"})
>>> black = why[("colour", "black")]
>>> [c.module for c in black.reason.conflicts], black.repair.change, black.repair.selection["colour"]
(['fabric'], ('fabric',), 'black')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial

from configurator.catalog_engine import (
    CatalogEngine,
    ConfigurationState,
    InconsistentSelectionError,
    Reason,
    UnavailableChoiceError,
)
from configurator.errors import ConfiguratorError
from modules.catalog import Catalog
from modules.expr import Value
from modules.kinds import ChoiceModule, MultiChoice
from modules.selection import SelectionError, dump_selection, dump_value
from pricing.errors import QuoteError
from pricing.quote import checked_selection
from store.configuration import SelectionKey, compiled_engine, selection_key, selection_of
from store.memo import Memo


@dataclass(frozen=True, slots=True)
class Repair:
    """One change that frees a choice: drop the buyer's choices in `change`, then take it."""

    change: tuple[str, ...]  # module codes whose choices are dropped
    selection: dict[str, Value]  # the buyer's design after the repair, the wanted choice made


@dataclass(frozen=True, slots=True)
class Unavailable:
    module: str
    option: str | None  # None: leaving an optional module empty
    reason: Reason  # the buyer's conflicting choices and the rules involved
    repair: Repair | None  # the smallest repair that works, if any change of choices frees it


@dataclass(frozen=True, slots=True)
class DesignProblem:
    """Where a design breaks (`("selection", module)` or `("rules", rule code)`) and why."""

    loc: tuple[str, ...]
    kind: str  # conflict | incomplete | a rule kind | a module check (required, picks, visibility)
    message: str


# Why-not answers are memoised per catalog version and normalised selection, in two layers: the
# whole answer of a selection (a state call that comes back), and each option's answer keyed by
# what it depends on (so the next click reuses most of them, see `_option_key`). Both bounded.
_REASONS: Memo[tuple[str, str, SelectionKey], dict[tuple[str, str], Unavailable]] = Memo(size=512)
_OPTIONS: Memo[tuple[str, str, str, str | None, SelectionKey], Unavailable] = Memo(size=8192)


def unavailable_choices(
    *, catalog: Catalog, fingerprint: str, selection: Mapping[str, Value], state: ConfigurationState | None = None
) -> dict[tuple[str, str], Unavailable]:
    """For every option of a module that applies and that no valid product allows with the buyer's
    other choices: why, and the first repair that frees it (as the page's "why not?" panel offers).

    `state` is the engine's state of this selection when the caller has it already (the configure
    view's): it is not computed twice."""
    key = selection_key(selection)

    def build() -> dict[tuple[str, str], Unavailable]:
        engine = compiled_engine(catalog=catalog, fingerprint=fingerprint)
        chosen = selection_of(key)
        shown = state if state is not None else engine.state(chosen)
        found: dict[tuple[str, str], Unavailable] = {}
        for module in shown.modules:
            if not module.applicable:
                continue
            for option in module.options:
                if option.available or option.selected:
                    continue
                found[(module.code, option.code)] = _option_answer(engine, fingerprint, key, module.code, option.code)
        return found

    return _REASONS.get((catalog.code, fingerprint, key), build)


def why_unavailable(
    *, catalog: Catalog, fingerprint: str, selection: Mapping[str, Value], module: str, option: str | None
) -> Unavailable:
    """Why one choice (`option` None: leaving the module empty) is not available with the buyer's
    other choices, and the first repair that frees it: the answer `unavailable_choices` gives for
    it, from the same memo. Raises SelectionError for a module or option the catalog lacks."""
    engine = compiled_engine(catalog=catalog, fingerprint=fingerprint)
    return _option_answer(engine, fingerprint, selection_key(selection), module, option)


def _option_answer(
    engine: CatalogEngine, fingerprint: str, key: SelectionKey, module: str, option: str | None
) -> Unavailable:
    """One option's answer, memoised by what it depends on (`_option_key`)."""
    base = _option_key(engine, key, module)
    why = _OPTIONS.get(
        (engine.catalog.code, fingerprint, module, option, base),
        partial(_unavailable, engine, selection_of(base), module, option),
    )
    return why if base == key else _in_order(why, selection_of(key))


def _option_key(engine: CatalogEngine, key: SelectionKey, module: str) -> SelectionKey:
    """What an option's answer depends on: the buyer's other choices. The reason leaves out the
    module's own choice and a repair replaces it (`CatalogEngine.explain`, `apply_repair`), except
    for a multi-choice module, whose other ticks stay."""
    if isinstance(engine.catalog.module(module), MultiChoice):
        return key
    return tuple(item for item in key if item[0] != module)


def _in_order(why: Unavailable, selection: Mapping[str, Value]) -> Unavailable:
    """A single choice's answer (built without the module's own choice) with its repaired design in
    the order a repair of `selection` itself gives: the kept choices in module-code order (as
    `selection_of` makes them), the freed module among them if the buyer had chosen it, else last."""
    if why.repair is None or why.module not in selection:
        return why
    return replace(why, repair=Repair(why.repair.change, dict(sorted(why.repair.selection.items()))))


def _unavailable(engine: CatalogEngine, selection: dict[str, Value], module: str, option: str | None) -> Unavailable:
    reason = engine.explain(selection, module, option)
    return Unavailable(module, option, reason, _repair(engine, selection, module, option, reason))


def _repair(
    engine: CatalogEngine, selection: dict[str, Value], module: str, option: str | None, reason: Reason
) -> Repair | None:
    """The first of the engine's repairs (smallest first) that makes the choice."""
    for change in reason.repairs:
        try:
            return Repair(change, engine.apply_repair(selection, module, option, change))
        except (ConfiguratorError, SelectionError):
            continue
    return None


def first_conflict(
    *, catalog: Catalog, fingerprint: str, selection: Mapping[str, Value]
) -> UnavailableChoiceError | None:
    """The first of the buyer's choices (in catalog order) that no valid product allows with the
    choices before it, with the engine's reason; None when some valid product has them all."""
    engine = compiled_engine(catalog=catalog, fingerprint=fingerprint)
    so_far: dict[str, Value] = {}
    for module in catalog.modules:
        if module.code not in selection:
            continue
        try:
            so_far = engine.choose(so_far, module.code, dump_value(selection[module.code]))
        except UnavailableChoiceError as exc:
            return exc
    return None


def check_design(
    *, catalog: Catalog, fingerprint: str, selection: Mapping[str, Value]
) -> tuple[dict[str, Value] | None, list[DesignProblem]]:
    """The product a design stands for and no problems when it can be sold as it is; else None and
    every problem: a choice no valid product allows with the others, a decision still open, or a
    rule or module check the design breaks (what the cart and checkout would refuse)."""
    engine = compiled_engine(catalog=catalog, fingerprint=fingerprint)
    conflict = first_conflict(catalog=catalog, fingerprint=fingerprint, selection=selection)
    if conflict is not None:
        return None, [conflict_problem(catalog, conflict)]
    try:
        state = engine.state(selection)
    except InconsistentSelectionError:  # pragma: no cover - first_conflict found none
        return None, [DesignProblem(("selection",), "conflict", "no valid product has all these choices together")]
    closed = engine.closed_selection(selection) if state.complete else None
    if closed is None:
        names = {m.code: m.name for m in catalog.modules}
        still = [
            DesignProblem(("selection", code), "incomplete", f"'{names[code]}' needs a choice")
            for code in state.open_modules
        ]
        return None, still or [DesignProblem(("selection",), "incomplete", "the design needs more choices")]
    try:
        checked_selection(catalog, dump_selection(closed))
    except QuoteError as exc:
        return None, [DesignProblem(_where(v.rule), v.kind, v.message) for v in exc.violations]
    return closed, []


def conflict_problem(catalog: Catalog, conflict: UnavailableChoiceError) -> DesignProblem:
    """A choice the buyer's other choices rule out, in their words: what, because of what, which rule."""
    module = catalog.module(conflict.module)
    name = module.name if module is not None else conflict.module
    option = module.option(conflict.value) if isinstance(module, ChoiceModule) else None
    value = option.name if option is not None else conflict.value
    because = ", ".join(f"{c.name}: {c.value}" for c in conflict.reason.conflicts)
    rules = "; ".join(r.message for r in conflict.reason.rules)
    message = f"'{name}' cannot be '{value}'" + (f" with {because}" if because else "")
    return DesignProblem(("selection", conflict.module), "conflict", message + (f" ({rules})" if rules else ""))


def _where(rule: str) -> tuple[str, ...]:
    """`module:<code>` and `visible:<code>[.<option>]` point at a module, other codes at a rule."""
    kind, _, target = rule.partition(":")
    if kind in {"module", "visible"} and target:
        return ("selection", target.split(".", 1)[0])
    return ("rules", rule)
