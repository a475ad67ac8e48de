"""The two backends behind :class:`configurator.engine.Engine`, one protocol.

Assignments are ``{variable index: value index}``; costs are one flat float array over
global value ids (``val_off[var] + value``). Money should be passed in integer minor units
(exact in float64 up to 2**53).
"""

from __future__ import annotations

import functools
import threading
from typing import Protocol

import numpy as np
import numpy.typing as npt

from configurator.errors import UnsupportedOperationError
from configurator.mdd import MDD
from configurator.problem import Problem
from configurator.sat import SatBackend

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


class Backend(Protocol):
    name: str

    def supported(self, assignment: dict[int, int]) -> BoolArray: ...

    def consistent(self, assignment: dict[int, int]) -> bool: ...

    def count(self, assignment: dict[int, int]) -> int: ...

    def complete(self, assignment: dict[int, int], costs: FloatArray, maximize: bool) -> list[int] | None: ...

    def bounds(self, assignment: dict[int, int], costs: FloatArray) -> tuple[FloatArray, FloatArray]: ...

    def correction(
        self, assignment: dict[int, int], frozen: frozenset[int], var: int, value: int
    ) -> frozenset[int] | None: ...


class MddBackend:
    name = "mdd"

    def __init__(self, mdd: MDD) -> None:
        self.mdd = mdd
        # The unit costs of a correction depend only on the buyer's choices and the variable asked
        # about: shared, with the sweep of the first search, by every search of one explanation
        # (up to 24) and every option of one module (thread-safe; a race only sweeps twice).
        self._correction_costs = functools.lru_cache(maxsize=256)(self._unit_costs)

    def supported(self, assignment: dict[int, int]) -> BoolArray:
        return self.mdd.supported(self.mdd.allowed_mask(assignment))

    def consistent(self, assignment: dict[int, int]) -> bool:
        return self.mdd.consistent(self.mdd.allowed_mask(assignment))

    def count(self, assignment: dict[int, int]) -> int:
        return self.mdd.count(self.mdd.allowed_mask(assignment))

    def complete(self, assignment: dict[int, int], costs: FloatArray, maximize: bool) -> list[int] | None:
        best = self.mdd.best_path(self.mdd.allowed_mask(assignment), costs, maximize)
        return None if best is None else best[1]

    def bounds(self, assignment: dict[int, int], costs: FloatArray) -> tuple[FloatArray, FloatArray]:
        return self.mdd.bounds(self.mdd.allowed_mask(assignment), costs)

    def correction(
        self, assignment: dict[int, int], frozen: frozenset[int], var: int, value: int
    ) -> frozenset[int] | None:
        """Smallest set of non-frozen assigned variables to change so var=value fits.

        Shortest path where changing an assigned variable costs 1: its length is the size
        of a minimum correction set (and the set is subset-minimal)."""
        m = self.mdd
        keep = {v: a for v, a in assignment.items() if v in frozen}
        keep[var] = value
        costs, saved = self._correction_costs(tuple(sorted(assignment.items())), var)
        deepest = max(int(m.level_of[v]) for v in keep)  # every level below it allows every value
        earlier = saved[0] if saved else None
        if earlier is not None and earlier[0] <= deepest:
            best = m.best_path(m.allowed_mask(keep), costs, below=(deepest, earlier[1]))
        else:
            sweeps: list[FloatArray] = []
            best = m.best_path(m.allowed_mask(keep), costs, sweeps=sweeps)
            saved[:] = [(deepest, sweeps[0])]  # one assignment: concurrent readers see old or new
        if best is None:
            return None
        path = best[1]
        return frozenset(v for v, a in assignment.items() if v != var and path[v] != a)

    def _unit_costs(
        self, assignment: tuple[tuple[int, int], ...], var: int
    ) -> tuple[FloatArray, list[tuple[int, FloatArray]]]:
        """Costs 1 for changing an assigned variable other than `var` (0 for keeping it), and a
        place for the sweep of the first search with them (`MDD.best_path`'s `sweeps`)."""
        m = self.mdd
        costs = np.zeros(m.n_values)
        for v, a in assignment:
            if v != var:
                o = int(m.val_off[v])
                costs[o : o + int(m.domain_sizes[v])] = 1.0
                costs[o + a] = 0.0
        return costs, []


class SatBackendAdapter:
    """The solver is stateful and not thread-safe: every call holds one lock."""

    name = "sat"

    def __init__(self, problem: Problem) -> None:
        self.sat = SatBackend(problem)
        self.lock = threading.RLock()

    def supported(self, assignment: dict[int, int]) -> BoolArray:
        with self.lock:
            return self.sat.supported(assignment)

    def consistent(self, assignment: dict[int, int]) -> bool:
        with self.lock:
            return self.sat.consistent(assignment)

    def count(self, assignment: dict[int, int]) -> int:
        raise UnsupportedOperationError("sat", "count", "exact model counting is not attempted on the SAT fallback")

    def complete(self, assignment: dict[int, int], costs: FloatArray, maximize: bool) -> list[int] | None:
        with self.lock:
            return self.sat.complete(assignment, -costs if maximize else costs)

    def bounds(self, assignment: dict[int, int], costs: FloatArray) -> tuple[FloatArray, FloatArray]:
        raise UnsupportedOperationError("sat", "bounds", "price bounds need the compiled decision diagram")

    def correction(
        self, assignment: dict[int, int], frozen: frozenset[int], var: int, value: int
    ) -> frozenset[int] | None:
        """A subset-minimal correction set by greedy growth of the kept choices."""
        with self.lock:
            return self._correction(assignment, frozen, var, value)

    def _correction(
        self, assignment: dict[int, int], frozen: frozenset[int], var: int, value: int
    ) -> frozenset[int] | None:
        kept = {v: a for v, a in assignment.items() if v in frozen}
        kept[var] = value
        if not self.sat.consistent(kept):
            return None
        m = self.sat.model
        rest = [v for v in assignment if v not in frozen and v != var]
        changed: set[int] = set()
        for v in rest:
            if v in kept:
                continue
            trial = {**kept, v: assignment[v]}
            if self.sat.consistent(trial):
                kept = trial
                seen = m.model_values()  # keep every choice the model already satisfies
                for u in rest:
                    if u not in kept and seen[int(m.val_off[u]) + assignment[u]]:
                        kept[u] = assignment[u]
            else:
                changed.add(v)
        return frozenset(changed)
