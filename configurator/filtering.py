"""Pairwise consistency: drop table rows that an overlapping table does not support.

A row of a (positive) table can be part of a solution only if every other positive table
sharing variables with it has a row that agrees with it on the shared variables. Rows with no
such partner are dropped; a table that loses rows may leave rows of its neighbours without a
partner, so the filter repeats until nothing changes (a fixpoint, reached in a deterministic
sequence of steps). It never changes the set of solutions: a dropped row agrees with no
solution, since every solution restricted to the neighbour's scope is a row of the neighbour.

Negative tables (conflicts) and clauses are left as they are and do not filter: their
rows do not list what is allowed.

Industrial tables are projections of different parts of one catalogue, so many rows of a
large table have no partner in a smaller one; the compiler then builds smaller tables and
the partial diagrams stay smaller.

>>> from configurator.problem import Problem, Table, Variable
>>> v = tuple(Variable(f"v{i}", ("a", "b", "c")) for i in range(3))
>>> p = Problem(v, (Table((0, 1), [(0, 0), (1, 1), (2, 2)], "A"), Table((1, 2), [(0, 1), (1, 2)], "B")))
>>> [c.tuples.tolist() for c in pairwise_filter(p).constraints]
[[[0, 0], [1, 1]], [[0, 1], [1, 2]]]
"""

from __future__ import annotations

from collections import deque

import numpy as np
import numpy.typing as npt

from configurator.problem import Clause, Problem, Table

_KEY_LIMIT = 1 << 62


def _keys(
    rows_a: npt.NDArray[np.int32], rows_b: npt.NDArray[np.int32], sizes: list[int]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """One integer per row of each projection, equal exactly when the rows are equal."""
    space = 1
    for d in sizes:
        space *= max(1, d)
    if space < _KEY_LIMIT:
        radix = np.ones(len(sizes), dtype=np.int64)
        for j in range(len(sizes) - 2, -1, -1):
            radix[j] = radix[j + 1] * max(1, sizes[j + 1])
        return rows_a.astype(np.int64) @ radix, rows_b.astype(np.int64) @ radix
    both = np.concatenate([rows_a, rows_b]).astype(np.int64)
    _, inverse = np.unique(both, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1).astype(np.int64)
    return inverse[: rows_a.shape[0]], inverse[rows_a.shape[0] :]


def _radix(sizes: list[int]) -> npt.NDArray[np.int64] | None:
    """Weights that turn a row over variables of these domain sizes into one integer, equal
    exactly when the rows are equal (as ``_keys`` does); None when they could overflow."""
    space = 1
    for d in sizes:
        space *= max(1, d)
    if space >= _KEY_LIMIT:
        return None
    radix = np.ones(len(sizes), dtype=np.int64)
    for j in range(len(sizes) - 2, -1, -1):
        radix[j] = radix[j + 1] * max(1, sizes[j + 1])
    return radix


_Sorted = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]  # radix, sorted distinct keys


def _supported(
    a: npt.NDArray[np.int32],
    b: npt.NDArray[np.int32],
    cols_a: list[int],
    cols_b: list[int],
    sizes: list[int],
    sorted_b: _Sorted | None = None,
) -> npt.NDArray[np.bool_]:
    """Mask of the rows of ``a`` that agree with some row of ``b`` on the shared columns.

    With ``sorted_b`` (the sorted distinct keys of ``b``'s rows on those columns, kept by the
    caller while ``b`` does not change) each row of ``a`` is looked up by bisection instead of
    ``isin`` sorting or tabulating both tables' keys again."""
    if b.shape[0] == 0:
        return np.zeros(a.shape[0], dtype=bool)
    if sorted_b is None:
        ka, kb = _keys(a[:, cols_a], b[:, cols_b], sizes)
        return np.isin(ka, kb)
    radix, keys = sorted_b
    ka = a[:, cols_a].astype(np.int64) @ radix
    pos = np.searchsorted(keys, ka)
    pos[pos == keys.shape[0]] = 0
    return np.asarray(keys[pos] == ka)


def pairwise_filter(problem: Problem) -> Problem:
    """The same problem (same variables, constraints in the same sequence, same rules) with
    every positive table reduced to its pairwise-consistent rows. Returns ``problem`` itself
    when no row goes."""
    cons = problem.constraints
    sizes = problem.domain_sizes
    positive = [k for k, c in enumerate(cons) if isinstance(c, Table) and not c.negative and len(c.scope) > 0]
    rows: dict[int, npt.NDArray[np.int32]] = {}
    for k in positive:
        c = cons[k]
        assert isinstance(c, Table)
        rows[k] = np.asarray(c.tuples)
    holders: dict[int, list[int]] = {}
    for k in positive:
        for v in cons[k].scope:
            holders.setdefault(v, []).append(k)
    neighbours: dict[int, list[int]] = {
        k: sorted({j for v in cons[k].scope for j in holders[v] if j != k}) for k in positive
    }
    # (k, j): filter the rows of k by those of j; a table that shrinks queues its neighbours
    queue: deque[tuple[int, int]] = deque((k, j) for k in positive for j in neighbours[k])
    queued = set(queue)
    changed: set[int] = set()
    # per table and variables it shares with a neighbour: absent the first time they are
    # needed, None the second time, then the sorted keys of its rows on them (most are needed
    # once: sorting them would not pay); dropped when the table loses rows
    key_cache: dict[int, dict[tuple[int, ...], _Sorted | None]] = {k: {} for k in positive}
    while queue:
        k, j = queue.popleft()
        queued.discard((k, j))
        a, b = rows[k], rows[j]
        if a.shape[0] == 0:
            continue
        scope_a, scope_b = cons[k].scope, cons[j].scope
        shared = [v for v in scope_a if v in scope_b]
        cols_b = [scope_b.index(v) for v in shared]
        shared_sizes = [sizes[v] for v in shared]
        cached, key = key_cache[j], tuple(shared)
        sorted_b = cached.get(key)
        if key not in cached:
            cached[key] = None
        elif sorted_b is None:
            radix = _radix(shared_sizes)
            if radix is not None:
                sorted_b = cached[key] = (radix, np.unique(b[:, cols_b].astype(np.int64) @ radix))
        keep = _supported(a, b, [scope_a.index(v) for v in shared], cols_b, shared_sizes, sorted_b)
        if keep.all():
            continue
        rows[k] = a[keep]
        key_cache[k].clear()
        changed.add(k)
        for i in neighbours[k]:
            if i != j and (i, k) not in queued:
                queue.append((i, k))
                queued.add((i, k))
    if not changed:
        return problem
    out: list[Table | Clause] = []
    for k, c in enumerate(cons):
        if k in changed:
            assert isinstance(c, Table)
            out.append(Table(c.scope, rows[k], rule=c.rule, negative=c.negative))
        else:
            out.append(c)
    return Problem(problem.variables, tuple(out))


def row_count(problem: Problem) -> int:
    """Rows of all tables."""
    return sum(int(c.tuples.shape[0]) for c in problem.constraints if isinstance(c, Table))
