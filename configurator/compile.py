"""Compile a :class:`Problem` into an :class:`MDD`, within a budget.

Why CUDD then our own MDD (and not an MDD built directly in Python): the expensive part of
compilation is hundreds of thousands of ``apply`` (AND/OR) steps with a unique table and a
computed cache; CUDD (shipped compiled inside the ``dd`` wheel) does those in C, a pure
Python MDD ``apply`` would be 50-100x slower. The per-click queries, however, need a
*layered* diagram over the original multi-valued variables so that a click is a few numpy
calls per level; so once the BDD is built we convert it into a quasi-reduced MDD
(:mod:`configurator.mdd`) and drop the BDD.

Encoding: each variable gets ``ceil(log2(d))`` BDD bits (log encoding), contiguous and
most-significant first, in a static variable order. Codes >= d are excluded by a domain
constraint conjoined first. Dynamic reordering is off: the MDD needs the bits of a variable
to stay together, and it would make the result depend on CUDD's timing of reorderings.
Tables are built as a trie from the bottom column up (one BDD operation per distinct
parent/child pair, not one per row and bit).

Portfolio (:mod:`configurator.portfolio`): several (variable order, conjunction schedule)
candidates are compiled in a fixed sequence, each under :class:`Budget` (live nodes and BDD
operations, checked at fixed points of the schedule; CUDD's memory is capped for a single
step);
the smallest diagram is kept. :class:`CompileBudgetExceeded` is raised with the reasons
when no candidate fits (the engine then falls back to SAT).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from configurator.errors import CompileBudgetExceeded, UnsatisfiableProblemError
from configurator.filtering import pairwise_filter
from configurator.mdd import MDD
from configurator.ordering import ORDERS, SCHEDULES, total_span
from configurator.portfolio import CANDIDATES, Candidate, CandidateResult, CompileReport
from configurator.problem import Clause, Problem, Table

# A progress hook: called with the fraction done (0..1) and a short phrase, a few times per
# second at most. It may raise to abandon the compile (the exception propagates unchanged).
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Budget:
    """What one compile may spend: counts only, never wall-clock time, so that a model gets
    the same backend on every machine under any load."""

    # live BDD nodes (CUDD's count, checked at fixed points of the schedule), per candidate
    max_nodes: int = 3_000_000
    # BDD operations (counted by the compiler, see _Builder.ops), per candidate and in all
    max_ops: int = 20_000_000
    max_total_ops: int = 40_000_000
    # the first candidate tried (smallest total span: the likely winner) may spend this many
    # operations instead of max_ops, on top of max_total_ops: a large model that only a good
    # order compiles gets it, without giving every other candidate as much (synthetic
    # 268-variable model: FORCE bottom-up, 112M operations). When it needs more than max_ops,
    # its diagram is kept and the other candidates are skipped, so that the compile costs
    # about the lead's time (the top-down ones spend seconds per million operations on such
    # models).
    lead_ops: int = 150_000_000
    # ... but this many of the next candidates that share the lead's conjunction schedule
    # and use another variable order still run, each stopped at the lead's operations and
    # peak live nodes (times op_ratio / node_ratio) and within max_total_ops, and the smaller
    # diagram is kept: the order with the smallest span is not always the smallest diagram
    # (an earlier synthetic 99-variable model: FORCE 1,471,556 BDD nodes in 82 M operations,
    # greedy 887,339 in 29 M). Only the lead's schedule: the top-down candidates cost about
    # a second per million operations on such models, the bottom-up ones a twentieth.
    runner_ups: int = 1
    # once one candidate has compiled, a later one stops at this many times the operations,
    # or the peak live nodes, of the best so far: costlier to build rarely means smaller
    op_ratio: float = 1.0
    node_ratio: float = 1.0
    # a diagram this small (BDD nodes) answers a click in about a millisecond: once one
    # candidate gives it, the others are skipped, so the search for a smaller one never costs
    # more than it could save (an earlier synthetic 99-variable model: 212,769 nodes, picked in
    # 1.6 s, against 8 s for trying every candidate)
    enough_nodes: int = 250_000
    candidates: tuple[Candidate, ...] = CANDIDATES
    max_mdd_edges: int = 5_000_000
    # larger models (eCos, busybox, Linux, automotive) never compiled in our tests: do not
    # spend the time budget on them
    max_bits: int = 1000
    # CUDD's memory ceiling (unique table + caches); live nodes are the binding limit
    max_memory_bytes: int = 1 << 30
    # drop the table rows that an overlapping table does not support (same solutions;
    # configurator.filtering) before any candidate runs
    pairwise_filter: bool = True


class _Builder:
    def __init__(self, problem: Problem, order: list[int], budget: Budget) -> None:
        import dd.cudd

        self.problem = problem
        self.order = order
        self.bdd: Any = dd.cudd.BDD(memory_estimate=budget.max_memory_bytes)
        self.bdd.configure(reordering=False, max_memory=budget.max_memory_bytes)
        self.sizes = problem.domain_sizes
        self.bits: list[list[str]] = [[] for _ in problem.variables]
        names: list[str] = []
        for var in order:
            nb = max(1, (self.sizes[var] - 1).bit_length())
            self.bits[var] = [f"v{var}_{j}" for j in range(nb)]
            names.extend(self.bits[var])
        self.bdd.declare(*names)
        self.base_level = [self.bdd.level_of_var(b[0]) for b in self.bits]
        self._lit: dict[tuple[int, int], Any] = {}
        self._sets: dict[tuple[int, tuple[int, ...]], Any] = {}
        self.root: Any = None
        # BDD operations, counted by us (CUDD's own counters depend on its address-hashed,
        # lossy computed table, so they vary from run to run): one per apply we issue, and
        # for each conjunction into the partial diagram, its live nodes after the step (the
        # work of an apply grows with the diagram it walks).
        self.ops = 0
        self.peak = 0  # live nodes, the largest seen at a check
        self.last = 0  # live nodes at the last check
        self.checked = 0  # constraints conjoined at the last check

    def lit(self, var: int, value: int) -> Any:
        key = (var, value)
        u = self._lit.get(key)
        if u is None:
            bits = self.bits[var]
            nb = len(bits)
            u = self.bdd.cube({bits[j]: bool((value >> (nb - 1 - j)) & 1) for j in range(nb)})
            self.ops += 1
            self._lit[key] = u
        return u

    def domain(self, var: int) -> Any:
        d = self.sizes[var]
        if d == 1 << len(self.bits[var]):
            return self.bdd.true
        u = self.bdd.false
        for a in range(d):
            u = u | self.lit(var, a)
        self.ops += d
        return u

    def table(self, c: Table) -> Any:
        level = [self.base_level[v] for v in c.scope]
        cols = sorted(range(len(c.scope)), key=lambda j: level[j])  # top column first
        rows = np.unique(c.tuples[:, cols], axis=0) if c.tuples.shape[0] else c.tuples
        u = self._rows(rows, [c.scope[j] for j in cols])
        return ~u if c.negative else u

    def values(self, var: int, values: tuple[int, ...]) -> Any:
        """``var`` in ``values`` (cached: tables share many value sets)."""
        key = (var, values)
        u = self._sets.get(key)
        if u is None:
            u = self.bdd.false
            for a in values:
                u = u | self.lit(var, a)
            self.ops += len(values)
            self._sets[key] = u
        return u

    def _rows(self, rows: np.ndarray, scope: list[int]) -> Any:
        """BDD of distinct, lexicographically sorted rows (columns top-down), built as a trie
        from its bottom column up: one BDD operation per distinct (parent, child) pair, and
        the children of a parent that share a sub-function share one value set."""
        n_rows, width = rows.shape
        if n_rows == 0:
            return self.bdd.false
        if width == 0:
            return self.bdd.true
        change = np.ones((n_rows, width), dtype=bool)
        change[1:] = rows[1:] != rows[:-1]
        starts_at = np.logical_or.accumulate(change, axis=1)  # prefix 0..j starts a group
        children: list[Any] = [self.bdd.true] * n_rows
        for j in range(width - 1, -1, -1):
            kids = np.flatnonzero(starts_at[:, j])
            parents = np.flatnonzero(starts_at[:, j - 1]) if j else np.zeros(1, dtype=np.int64)
            bounds = [*np.searchsorted(kids, parents).tolist(), len(kids)]
            vals = rows[kids, j].tolist()
            var = scope[j]
            out: list[Any] = []
            for p in range(len(parents)):
                lo, hi = bounds[p], bounds[p + 1]
                by_child: dict[Any, list[int]] = {}
                for k in range(lo, hi):
                    by_child.setdefault(children[k], []).append(vals[k])
                u = self.bdd.false
                for child, vs in by_child.items():
                    u = u | (self.values(var, tuple(vs)) & child)
                self.ops += 2 * len(by_child)
                out.append(u)
            children = out
        return children[0]

    def clause(self, c: Clause) -> Any:
        u = self.bdd.false
        for var, val, pos in c.literals:
            lit = self.lit(var, val)
            u = u | (lit if pos else ~lit)
        self.ops += len(c.literals)
        return u


def compile_mdd(problem: Problem, budget: Budget | None = None, progress: Progress | None = None) -> MDD:
    """Compile ``problem``; raises :class:`UnsatisfiableProblemError` if it has no solution.

    ``progress`` (optional) hears how far the compile is: the candidates of the portfolio are
    the first 90 %, the conversion to the layered diagram the rest."""
    return compile_report(problem, budget, progress).mdd


def _silent(fraction: float, message: str) -> None:
    """The progress hook of a compile nobody watches."""


class _Stop(Exception):
    def __init__(self, reason: str, nodes: int, ops: int, mb: float) -> None:
        super().__init__(reason)
        self.reason, self.nodes, self.ops, self.mb = reason, nodes, ops, mb


def _stats(b: _Builder) -> tuple[int, float]:
    """Live nodes (canonical: the same on every run) and CUDD's memory in MB (informational:
    its caches resize on hit rates, which vary)."""
    with warnings.catch_warnings():  # dd warns that "mem" is in bytes since 0.5.7
        warnings.simplefilter("ignore")
        st = b.bdd.statistics()
    return int(st["n_nodes"]), float(st["mem"]) / 2**20


def _build(
    problem: Problem,
    order: list[int],
    schedule: list[int],
    budget: Budget,
    max_ops: int,
    max_nodes: int,
    tick: Callable[[int, int], None] = lambda done, total: None,
) -> _Builder:
    """Conjoin every constraint in ``schedule``; the live-node and operation budgets are
    checked every ``len(schedule) // 64`` constraints, and after each one once the diagram
    is large (deterministic points: asking CUDD costs about a millisecond); CUDD's memory cap
    bounds a single step."""
    b = _Builder(problem, order, budget)
    root = b.bdd.true
    for var in order:
        root = root & b.domain(var)
    every = max(1, len(schedule) // 64)
    for i, k in enumerate(schedule, start=1):
        c = problem.constraints[k]
        try:
            root = root & (b.table(c) if isinstance(c, Table) else b.clause(c))
        except ValueError as exc:  # dd: CUDD returned NULL, its memory cap was reached
            if "NULL" not in str(exc):
                raise
            cap = f"over CUDD's memory cap ({budget.max_memory_bytes / 2**20:,.0f} MB)"
            raise _Stop(cap, b.peak, b.ops + (i - b.checked) * (1 + b.peak), budget.max_memory_bytes / 2**20) from None
        if root == b.bdd.false:
            raise UnsatisfiableProblemError(f"no valid configuration (found while adding rule {c.rule})")
        if i % every and i != len(schedule) and b.last * 16 < max_nodes:
            continue
        tick(i, len(schedule))
        nodes, mb = _stats(b)
        # the conjunctions since the last check, as large as now; past 1/16 of the node
        # budget every constraint is checked, so a blow-up is caught within one step
        b.ops += (i - b.checked) * (1 + nodes)
        b.checked, b.last = i, nodes
        b.peak = max(b.peak, nodes)
        if nodes > max_nodes:
            raise _Stop(f"over {max_nodes:,} live nodes", nodes, b.ops, mb)
        if b.ops > max_ops:
            raise _Stop(f"over {max_ops:,} operations", nodes, b.ops, mb)
    if root == b.bdd.false:
        raise UnsatisfiableProblemError("no valid configuration")
    b.root = root
    return b


def compile_report(problem: Problem, budget: Budget | None = None, progress: Progress | None = None) -> CompileReport:
    """Try the portfolio's candidates, keep the smallest diagram: the report holds the MDD,
    the pick and every candidate's figures. Same problem and budget -> same report (but
    for ``seconds``)."""
    budget = budget or Budget()
    report = progress or _silent
    bits = sum(max(1, (d - 1).bit_length()) for d in problem.domain_sizes)
    if bits > budget.max_bits:
        raise CompileBudgetExceeded(f"{bits:,} BDD variables exceed the limit {budget.max_bits:,}")
    original = problem
    if budget.pairwise_filter:
        problem = pairwise_filter(problem)  # same solutions, fewer rows to conjoin
    results: list[CandidateResult] = []
    best: _Builder | None = None
    best_size = best_ops = best_peak = 0
    best_name = ""
    lead: Candidate | None = None  # the first candidate, once it has compiled
    lead_ops = runner_ups = 0
    tried: dict[tuple[tuple[int, ...], tuple[int, ...]], str] = {}
    orders = {name: ORDERS[name](problem) for name in dict.fromkeys(c.order for c in budget.candidates)}
    spans = {name: total_span(order, problem) for name, order in orders.items()}
    # smallest total span first: the likely winner runs first and caps the others
    ranked = sorted(enumerate(budget.candidates), key=lambda ic: (spans[ic[1].order], ic[0]))
    share = 0.9 / len(ranked)
    for rank, (_, cand) in enumerate(ranked):
        t0 = time.perf_counter()
        report(rank * share, f"variable order {cand.name}")

        def tick(done: int, total: int, rank: int = rank, name: str = cand.name) -> None:
            report((rank + done / total) * share, f"variable order {name}: {done:,} of {total:,} rules combined")

        order = orders[cand.order]
        schedule = SCHEDULES[cand.schedule](problem, order)
        key = (tuple(order), tuple(schedule))
        if key in tried:
            results.append(CandidateResult(cand.name, False, 0, 0, 0.0, 0.0, f"skipped: same as {tried[key]}"))
            continue
        tried[key] = cand.name
        if best is not None and best_size <= budget.enough_nodes:
            results.append(CandidateResult(cand.name, False, 0, 0, 0.0, 0.0, f"skipped: {best_name} is small enough"))
            continue
        runner_up = False
        if lead is not None and lead_ops > budget.max_ops:
            runner_up = runner_ups < budget.runner_ups and cand.schedule == lead.schedule and cand.order != lead.order
            if not runner_up:
                reason = f"skipped: {lead.name} needed the lead budget"
                results.append(CandidateResult(cand.name, False, 0, 0, 0.0, 0.0, reason))
                continue
            runner_ups += 1
        left = budget.max_total_ops - sum(r.ops for r in results[1:])
        if left <= 0 and rank:
            results.append(CandidateResult(cand.name, False, 0, 0, 0.0, 0.0, "skipped: operations budget spent"))
            continue
        max_ops, max_nodes = min(budget.max_ops, left), budget.max_nodes
        if rank == 0:
            max_ops = max(max_ops, budget.lead_ops)
        if runner_up:
            max_ops = left  # capped at the lead's operations below
        if best is not None:
            max_ops = min(max_ops, int(budget.op_ratio * best_ops))
            max_nodes = min(max_nodes, int(budget.node_ratio * best_peak))
        try:
            b = _build(problem, order, schedule, budget, max_ops, max_nodes, tick)
        except ValueError as exc:  # CUDD's memory cap, reached on the domains (rare)
            if "NULL" not in str(exc):
                raise
            cap = f"over CUDD's memory cap ({budget.max_memory_bytes / 2**20:,.0f} MB)"
            results.append(CandidateResult(cand.name, False, 0, 0, 0.0, time.perf_counter() - t0, cap))
            continue
        except _Stop as stop:
            secs = time.perf_counter() - t0
            results.append(CandidateResult(cand.name, False, stop.nodes, stop.ops, stop.mb, secs, stop.reason))
            continue
        size = int(b.root.dag_size)
        ops = b.ops
        _, mb = _stats(b)
        results.append(CandidateResult(cand.name, True, size, ops, mb, time.perf_counter() - t0))
        if rank == 0:
            lead, lead_ops = cand, ops
        if best is None or size < best_size:
            best, best_size, best_ops, best_peak, best_name = b, size, ops, b.peak, cand.name
        del b
    if best is None:
        reasons = "; ".join(f"{r.name}: {r.reason}" for r in results)
        raise CompileBudgetExceeded(f"no variable order compiled within budget ({reasons})")
    report(0.9, f"building the decision diagram ({best_name})")
    mdd = _to_mdd(best, best.root, original, budget)
    report(1.0, f"compiled: {mdd.n_nodes:,} nodes")
    return CompileReport(best_name, tuple(results), mdd)


def _to_mdd(b: _Builder, root: Any, problem: Problem, budget: Budget) -> MDD:
    order = b.order
    n = len(order)
    false = b.bdd.false
    level_nodes: list[Any] = [root]  # Function objects of the current level, by local id
    node_off = [0]
    src_l: list[np.ndarray] = []
    dst_l: list[np.ndarray] = []
    val_l: list[np.ndarray] = []
    edge_off = [0]
    for lvl in range(n):
        var = order[lvl]
        d = b.sizes[var]
        nb = len(b.bits[var])
        base = b.base_level[var]
        nxt: dict[Any, int] = {}
        nxt_nodes: list[Any] = []
        es: list[int] = []
        ed: list[int] = []
        ev: list[int] = []
        top = base + nb  # first BDD level below this variable
        for i, f in enumerate(level_nodes):
            # depth first, low branch before high: codes in increasing order (node ids of
            # the next level are given in order of first use). The low branch is followed in
            # place and only the high one is pushed.
            stack = [(f, 0, 0)]
            pop, push = stack.pop, stack.append
            while stack:
                g, j, code = pop()
                while True:
                    if j == nb:
                        if code < d and g != false:
                            k = nxt.get(g)
                            if k is None:
                                k = nxt[g] = len(nxt_nodes)
                                nxt_nodes.append(g)
                            es.append(i)
                            ed.append(k)
                            ev.append(code)
                        break
                    level = g.level
                    if level >= top:
                        # no bit of this variable left to test: every remaining code leads to g
                        first = code << (nb - j)
                        last = min(d, (code + 1) << (nb - j))
                        if g != false and first < last:
                            k = nxt.get(g)
                            if k is None:
                                k = nxt[g] = len(nxt_nodes)
                                nxt_nodes.append(g)
                            es.extend([i] * (last - first))
                            ed.extend([k] * (last - first))
                            ev.extend(range(first, last))
                        break
                    code *= 2
                    if level == base + j:
                        # dd.cudd returns the children of the *regular* node: re-apply the
                        # complement bit of the edge we came through.
                        lo, hi = (~g.low, ~g.high) if g.negated else (g.low, g.high)
                        # a false branch adds no edge: not walked (about half the steps)
                        if hi != false:
                            push((hi, j + 1, code + 1))
                        if lo == false:
                            break
                        g = lo
                    else:
                        push((g, j + 1, code + 1))
                    j += 1
        if len(es) + edge_off[-1] > budget.max_mdd_edges:
            raise CompileBudgetExceeded(f"MDD exceeded {budget.max_mdd_edges:,} edges")
        node_off.append(node_off[-1] + len(level_nodes))
        srcs = np.asarray(es, dtype=np.int64) + node_off[-2]
        dsts = np.asarray(ed, dtype=np.int64) + node_off[-1]
        vals = np.asarray(ev, dtype=np.int64)
        perm = np.lexsort((vals, srcs))
        src_l.append(srcs[perm])
        dst_l.append(dsts[perm])
        val_l.append(vals[perm])
        edge_off.append(edge_off[-1] + len(es))
        level_nodes = nxt_nodes
    # the last level holds only the true terminal (the BDD is reduced and domain-exact)
    if len(level_nodes) != 1 or level_nodes[0] != b.bdd.true:
        raise AssertionError("MDD conversion: last level is not the terminal")
    node_off.append(node_off[-1] + 1)
    return MDD(
        order=np.asarray(order, dtype=np.int64),
        domain_sizes=np.asarray(b.sizes, dtype=np.int64),
        node_off=np.asarray(node_off, dtype=np.int64),
        edge_off=np.asarray(edge_off, dtype=np.int64),
        src=np.concatenate(src_l) if src_l else np.zeros(0, dtype=np.int64),
        dst=np.concatenate(dst_l) if dst_l else np.zeros(0, dtype=np.int64),
        val=np.concatenate(val_l) if val_l else np.zeros(0, dtype=np.int64),
        fingerprint=problem.fingerprint(),
    )
