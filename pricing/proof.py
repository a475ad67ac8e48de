"""The proof a catalog passes before anyone can buy from it (pure, in-process).

`prove_text` loads a catalog file (and its CSV tables) with the located loader, then proves that
the shop can sell from it: it compiles the rules (within a node and time budget), counts the
valid products, texts not typed yet counting as empty (none: refused, naming the rules that
clash, each located at file:line:column), opens the configure page's first state, runs the
model checks (dead, forced and unpriced options: notes, since staff may publish them
knowingly), and prices the cheapest and the dearest design through the real quote. Any
refusal is a located `modules.errors.Problem`.

This function trusts its own code, not the catalog: run it through
`pricing.proof_runner.run_proof` (a separate process with time and memory limits) wherever a
bad catalog must not hold the caller, as the store and `python -m configurator check` do.

>>> report = prove_text(open("catalogs/tshirt.yaml").read(), file="catalogs/tshirt.yaml")
>>> report.ok, report.count, report.backend
(True, 10128, 'mdd')
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable, Mapping
from typing import Any

from configurator.catalog_engine import CatalogEngine
from configurator.compile import Budget
from configurator.errors import ConfiguratorError
from configurator.model_checks import conflicting_rules, option_findings, unpriced_options
from modules.catalog import Catalog
from modules.errors import CatalogError, Problem, ProblemCode
from modules.loader import load_catalog_text
from modules.yaml_source import SourceMap, parse_yaml
from pricing.bounds import PriceBounds, concrete_selection
from pricing.context import QuoteContext
from pricing.errors import QuoteError
from pricing.proof_report import ProofLimits, ProofReport
from pricing.quote import quote
from pricing.shop import ShopSettings, load_shop


class _Locator:
    """Where rules and options stand in the catalog file, for located proof problems."""

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.source: SourceMap | None = None
        self.data: Any = None
        with contextlib.suppress(CatalogError):  # the loader accepted it; stay located anyway
            self.data, self.source = parse_yaml(text, file)

    def _at(self, path: tuple[str | int, ...], code: ProblemCode, message: str) -> Problem:
        if self.source is None:
            return Problem(self.file, 1, 1, code, message)
        return self.source.problem(path, code, message)

    def whole(self, message: str, key: str = "modules") -> Problem:
        """A problem of the whole catalog, at its `modules` (or another top-level) key."""
        return self._at((key,), ProblemCode.INCONSISTENT, message)

    def rule(self, code: str, message: str) -> Problem:
        rules = self.data.get("rules") if isinstance(self.data, dict) else None
        for index, rule in enumerate(rules if isinstance(rules, list) else []):
            if isinstance(rule, dict) and str(rule.get("code")) == code:
                return self._at(("rules", index), ProblemCode.INCONSISTENT, message)
        module = code.removeprefix("module:").removeprefix("visible:").split(".")[0]
        modules = self.data.get("modules") if isinstance(self.data, dict) else None
        for index, item in enumerate(modules if isinstance(modules, list) else []):
            if isinstance(item, dict) and str(item.get("code")) == module:
                return self._at(("modules", index), ProblemCode.INCONSISTENT, message)
        return self.whole(message)


def _rule_names(codes: tuple[str, ...]) -> str:
    return ", ".join(f"'{c}'" for c in codes)


def prove_text(
    text: str,
    *,
    file: str,
    csv_files: Mapping[str, str] | None = None,
    limits: ProofLimits | None = None,
    shop: ShopSettings | None = None,
    date: dt.date | None = None,
) -> ProofReport:
    """Load and prove one catalog file; CSV tables are given by name."""
    started = time.perf_counter()
    tables = dict(csv_files or {})
    try:
        catalog = load_catalog_text(
            text, file=file, read_csv=lambda name: tables[name].encode() if name in tables else None
        )
    except CatalogError as exc:
        return ProofReport(file, exc.problems, seconds=time.perf_counter() - started)
    report = prove_catalog(catalog, text=text, file=file, limits=limits, shop=shop, date=date)
    return ProofReport(**{**report.__dict__, "seconds": time.perf_counter() - started})


def prove_catalog(
    catalog: Catalog,
    *,
    text: str,
    file: str,
    limits: ProofLimits | None = None,
    shop: ShopSettings | None = None,
    date: dt.date | None = None,
) -> ProofReport:
    """Prove a loaded catalog (`text` is its file, to locate problems)."""
    limits = limits or ProofLimits()
    started = time.perf_counter()
    where = _Locator(text, file)

    def refused(*problems: Problem, count: int | None = None, backend: str | None = None) -> ProofReport:
        return ProofReport(file, problems, count, backend, seconds=time.perf_counter() - started)

    budget = Budget(
        max_nodes=limits.max_nodes,
        max_bits=limits.max_bits,
        max_memory_bytes=limits.memory_bytes // 2,
    )
    try:
        engine = CatalogEngine(catalog, budget=budget)
    except ConfiguratorError as exc:
        if "no valid configuration" not in str(exc):
            return refused(where.whole(f"the rules cannot be compiled: {exc}"))
        return _contradiction(catalog, where, refused, limits)
    backend = engine.engine.backend
    count: int | None = None
    notes: list[str] = []
    if backend == "sat":  # a SAT engine exists only for a solvable problem; it does not count
        notes.append(f"exact count unavailable: SAT fallback ({engine.engine.fallback_reason})")
    else:
        count = engine.count()
        if count == 0:
            return _contradiction(catalog, where, refused, limits)
    engine.state({})  # what the configure page shows first
    # the model checks on the one compiled engine; "rule never fires" (one compile per rule) is
    # the staff page's longer check, not part of the proof
    findings = option_findings(engine.model, engine.engine) + unpriced_options(catalog)
    notes += [f.message for f in findings]
    shop = shop or load_shop()
    notes += [
        f"price list '{p.code}' is in {p.currency}, which the shop does not sell in: it is never used"
        for p in catalog.pricing.price_lists
        if p.currency not in (None, catalog.currency, *shop.sale_currencies)
    ]
    date = date or dt.date.today()
    bounds = PriceBounds(engine.model, engine.engine, date=date)
    prices: list[str] = []
    for maximize in (False, True):
        found = engine.engine.complete({}, bounds.costs, maximize=maximize)
        if found is None:
            return _contradiction(catalog, where, refused, limits)
        design = concrete_selection(engine.model, found)
        which = "dearest" if maximize else "cheapest"
        try:
            priced = quote(catalog=catalog, selection=design, context=QuoteContext(shop=shop, date=date))
        except QuoteError as exc:
            return refused(where.whole(f"the {which} design cannot be quoted: {exc}"), count=count, backend=backend)
        if backend == "mdd" and priced.subtotal != bounds.total_of(found):
            engine_price = bounds.total_of(found).text()
            message = f"the {which} design quotes {priced.subtotal.text()}, the engine's price says {engine_price}"
            return refused(where.whole(message, "pricing"), count=count, backend=backend)
        prices.append(priced.subtotal.display())
    if backend == "mdd":
        bounds.info_at({})  # the price effects the configure page shows
    return ProofReport(file, (), count, backend, prices[0], prices[1], time.perf_counter() - started, tuple(notes))


def _contradiction(
    catalog: Catalog, where: _Locator, refused: Callable[..., ProofReport], limits: ProofLimits
) -> ProofReport:
    from configurator.catalog_model import compile_catalog

    rules = conflicting_rules(compile_catalog(catalog).problem, budget_seconds=limits.explain_seconds)
    if not rules:
        return refused(where.whole("no valid product: the modules' own constraints allow none"), count=0)
    message = (
        f"no valid product: rule '{rules[0]}' never holds"
        if len(rules) == 1
        else f"no valid product: rules {_rule_names(rules)} cannot all hold together"
    )
    problems = [where.rule(code, message) for code in rules]
    return refused(*problems, count=0)
