"""Explanations (minimal conflicts) and repairs (minimal correction sets) of a choice.

Both work over the buyer's own choices, with the engine's backend as the oracle:

* :func:`quickxplain` (Junker 2004) finds a subset-minimal conflict among the assigned
  literals in O(k log(n/k)) consistency checks for a conflict of size k among n choices;
* :func:`correction_sets` enumerates a few minimal correction sets (sets of choices to
  change), smallest first: each is found by the backend (a shortest path on the MDD, exact
  minimum size; greedy growth on SAT, subset-minimal), then alternatives are explored by
  forbidding, one at a time, each member of a set already found.
* :func:`rules_involved` names the rules of a conflict from a SAT core over per-constraint
  selector literals, shrunk by deletion.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from configurator.problem import Problem
from configurator.sat import SatModel

Item = tuple[int, int]
Oracle = Callable[[dict[int, int]], bool]


def quickxplain(background: list[Item], items: list[Item], consistent: Oracle) -> list[Item]:
    """Minimal subset X of ``items`` with background + X inconsistent (precondition:
    background + items is inconsistent, background alone consistent)."""

    def inconsistent(sel: list[Item]) -> bool:
        return not consistent(dict(sel))

    def qx(base: list[Item], delta: bool, cands: list[Item]) -> list[Item]:
        if delta and inconsistent(base):
            return []
        if len(cands) == 1:
            return cands
        half = len(cands) // 2
        c1, c2 = cands[:half], cands[half:]
        d2 = qx(base + c1, bool(c1), c2)
        d1 = qx(base + d2, bool(d2), c1)
        return d1 + d2

    if not items or inconsistent(background):
        return []
    return qx(background, False, items)


def correction_sets(
    assignment: dict[int, int],
    find: Callable[[frozenset[int]], frozenset[int] | None],
    limit: int,
    max_calls: int = 24,
) -> list[tuple[int, ...]]:
    """Up to ``limit`` distinct correction sets, smallest first."""
    found: list[frozenset[int]] = []
    seen_frozen: set[frozenset[int]] = set()
    queue: deque[frozenset[int]] = deque([frozenset()])
    calls = 0
    while queue and calls < max_calls and len(found) < 2 * limit:
        frozen = queue.popleft()
        if frozen in seen_frozen:
            continue
        seen_frozen.add(frozen)
        calls += 1
        mcs = find(frozen)
        if mcs is None:
            continue
        if mcs not in found and not any(f < mcs for f in found):
            found = [f for f in found if not mcs < f] + [mcs]
        for v in sorted(mcs):
            queue.append(frozen | {v})
    found.sort(key=lambda s: (len(s), sorted(s)))
    return [tuple(sorted(s)) for s in found[:limit]]


def rules_involved(problem: Problem, model: SatModel, conflict: dict[int, int], max_checks: int = 200) -> list[str]:
    """Rule codes of a small set of constraints that, with ``conflict``, are inconsistent."""
    lits = model.assumptions(conflict)
    selectors = [s for s in model.selector if s]
    if model.solve([*lits, *selectors]):
        return []
    core = set(model.core())
    sel_index = {s: k for k, s in enumerate(model.selector) if s}
    needed = [s for s in selectors if s in core]
    checks = 0
    i = 0
    while i < len(needed) and checks < max_checks:  # deletion-based shrinking
        trial = needed[:i] + needed[i + 1 :]
        checks += 1
        if model.solve([*lits, *trial]):
            i += 1
        else:
            core = set(model.core())
            needed = [s for s in trial if s in core]
    return sorted({problem.constraints[sel_index[s]].rule for s in needed})
