"""Compile a :class:`Problem` into an :class:`MDD`, within a budget.

Why CUDD then our own MDD (and not an MDD built directly in Python): the expensive part of
compilation is hundreds of thousands of ``apply`` (AND/OR) steps with a unique table and a
computed cache; CUDD (shipped compiled inside the ``dd`` wheel) does those in C, a pure
Python MDD ``apply`` would be 50-100x slower. The per-click queries, however, need a
*layered* diagram over the original multi-valued variables so that a click is a few numpy
calls per level; so once the BDD is built we convert it into a quasi-reduced MDD
(:mod:`configurator.mdd`) and drop the BDD.

Encoding: each variable gets ``ceil(log2(d))`` BDD bits (log encoding), contiguous and
most-significant first, in the variable order chosen by :func:`ordering.force_order`.
Codes >= d are excluded by a domain constraint conjoined first. Dynamic reordering is off:
the MDD needs the bits of a variable to stay together, and a static FORCE order was as good
on the public models. Tables are built as a trie (rows split on one column at a time), which
costs one BDD operation per trie node rather than one per row and bit.

Budget: live BDD nodes and wall time are checked a few times per second between
conjunctions (CUDD's own node count is slow to ask for), CUDD's memory is capped;
:class:`CompileBudgetExceeded` is raised with the reason (the engine then falls back to SAT).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from configurator.errors import CompileBudgetExceeded, UnsatisfiableProblemError
from configurator.mdd import MDD
from configurator.ordering import conjunction_order, force_order
from configurator.problem import Clause, Problem, Table


@dataclass(frozen=True)
class Budget:
    max_nodes: int = 3_000_000
    max_seconds: float = 10.0
    max_mdd_edges: int = 5_000_000
    # larger models (eCos, busybox, Linux, automotive) never compiled in our tests: do not
    # spend the time budget on them
    max_bits: int = 1000
    # CUDD's memory ceiling (unique table + caches); live nodes are the binding limit
    max_memory_bytes: int = 1 << 30


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

    def lit(self, var: int, value: int) -> Any:
        key = (var, value)
        u = self._lit.get(key)
        if u is None:
            bits = self.bits[var]
            nb = len(bits)
            u = self.bdd.cube({bits[j]: bool((value >> (nb - 1 - j)) & 1) for j in range(nb)})
            self._lit[key] = u
        return u

    def domain(self, var: int) -> Any:
        d = self.sizes[var]
        if d == 1 << len(self.bits[var]):
            return self.bdd.true
        u = self.bdd.false
        for a in range(d):
            u = u | self.lit(var, a)
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
                out.append(u)
            children = out
        return children[0]

    def clause(self, c: Clause) -> Any:
        u = self.bdd.false
        for var, val, pos in c.literals:
            lit = self.lit(var, val)
            u = u | (lit if pos else ~lit)
        return u


def compile_mdd(problem: Problem, budget: Budget | None = None) -> MDD:
    """Compile ``problem``; raises :class:`UnsatisfiableProblemError` if it has no solution."""
    budget = budget or Budget()
    t0 = time.perf_counter()
    bits = sum(max(1, (d - 1).bit_length()) for d in problem.domain_sizes)
    if bits > budget.max_bits:
        raise CompileBudgetExceeded(f"{bits:,} BDD variables exceed the limit {budget.max_bits:,}")
    order = force_order(problem)
    b = _Builder(problem, order, budget)
    root = b.bdd.true
    last_check = time.perf_counter()
    for var in order:
        root = root & b.domain(var)
    for k in conjunction_order(problem, order):
        c = problem.constraints[k]
        root = root & (b.table(c) if isinstance(c, Table) else b.clause(c))
        if root == b.bdd.false:
            raise UnsatisfiableProblemError(f"no valid configuration (found while adding rule {c.rule})")
        now = time.perf_counter()
        if now - last_check < 0.25:
            continue
        # len(bdd) makes CUDD count live nodes (slow): only a few times per second
        last_check = now
        nodes = len(b.bdd)
        if nodes > budget.max_nodes:
            raise CompileBudgetExceeded(f"BDD exceeded {budget.max_nodes:,} nodes ({nodes:,})")
        if now - t0 > budget.max_seconds:
            raise CompileBudgetExceeded(f"BDD compile exceeded {budget.max_seconds:g} s (live nodes {nodes:,})")
    if root == b.bdd.false:
        raise UnsatisfiableProblemError("no valid configuration")
    return _to_mdd(b, root, problem, budget)


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
        for i, f in enumerate(level_nodes):
            stack = [(f, 0, 0)]
            while stack:
                g, j, code = stack.pop()
                if j == nb:
                    if code < d and g != false:
                        k = nxt.get(g)
                        if k is None:
                            k = nxt[g] = len(nxt_nodes)
                            nxt_nodes.append(g)
                        es.append(i)
                        ed.append(k)
                        ev.append(code)
                    continue
                if g.level == base + j:
                    # dd.cudd returns the children of the *regular* node: re-apply the
                    # complement bit of the edge we came through.
                    lo, hi = (~g.low, ~g.high) if g.negated else (g.low, g.high)
                    stack.append((hi, j + 1, code * 2 + 1))
                    stack.append((lo, j + 1, code * 2))
                else:
                    stack.append((g, j + 1, code * 2 + 1))
                    stack.append((g, j + 1, code * 2))
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
