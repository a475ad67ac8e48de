"""The engine façade: one object per compiled problem, backend chosen automatically.

>>> from configurator.problem import Problem, Table, Variable
>>> p = Problem(
...     (Variable("finish", ("matte", "gloss")), Variable("engraving", ("no", "yes"))),
...     (Table((0, 1), [(0, 0), (1, 0), (1, 1)], rule="ENGRAVE-GLOSS"),),
... )
>>> e = Engine(p)
>>> e.backend, e.count()
('mdd', 3)
>>> e.valid_choices({0: 0}).values[1]
(0,)
>>> x = e.explain({0: 0}, 1, 1)
>>> x.conflict, x.rules
({0: 0}, ('ENGRAVE-GLOSS',))
>>> e.repairs({0: 0}, 1, 1)
[(0,)]

``Engine(problem)`` tries to compile a decision diagram within ``budget``; on blow-up it
falls back to SAT and records why (``backend``, ``fallback_reason``). The engine holds no
buyer state: every query takes the assignment ``{variable index: value index}``; use
``problem.resolve({"name": "label"})`` to translate names. Errors leave nothing changed.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from configurator.backends import Backend, MddBackend, SatBackendAdapter
from configurator.compile import Budget, Progress, compile_report
from configurator.errors import (
    CompileBudgetExceeded,
    InconsistentAssignmentError,
    UnavailableValueError,
    UnknownValueError,
    UnknownVariableError,
    UnsatisfiableProblemError,
)
from configurator.explain import correction_sets, quickxplain, rules_involved
from configurator.mdd import MDD
from configurator.portfolio import CompileReport
from configurator.problem import Clause, Problem
from configurator.sat import SatModel

FloatArray = npt.NDArray[np.float64]
Costs = Mapping[tuple[int, int], float] | Sequence[Sequence[float]] | FloatArray


@dataclass(frozen=True)
class ValidChoices:
    values: tuple[tuple[int, ...], ...]  # per variable: value indices still available
    forced: dict[int, int]  # unassigned variables left with exactly one value


@dataclass(frozen=True)
class Bounds:
    low: tuple[FloatArray, ...]  # per variable, per value: min total cost (inf: unavailable)
    high: tuple[FloatArray, ...]  # per variable, per value: max total cost (-inf: unavailable)


@dataclass(frozen=True)
class Violation:
    constraint: int
    rule: str


@dataclass(frozen=True)
class Explanation:
    conflict: dict[int, int]  # minimal subset of the buyer's choices excluding var=value
    rules: tuple[str, ...]  # rule codes of the constraints involved


class Engine:
    def __init__(
        self,
        problem: Problem,
        *,
        budget: Budget | None = None,
        backend: Literal["auto", "mdd", "sat"] = "auto",
        cache_dir: str | Path | None = None,
        progress: Progress | None = None,
        compiled: MDD | None = None,
    ) -> None:
        """``compiled``: a diagram of this very problem compiled earlier (see
        :mod:`configurator.artifact`), used as it is; ``progress`` hears how a compile goes."""
        self.problem = problem
        self.fallback_reason: str | None = None
        self.mdd: MDD | None = None
        # the compile portfolio's pick and per-candidate figures (None: loaded or SAT)
        self.compile_report: CompileReport | None = None
        sizes = problem.domain_sizes
        self.val_off = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self._explainer: SatModel | None = None
        self._explain_lock = threading.RLock()
        impl: Backend
        if compiled is not None:
            if compiled.fingerprint != problem.fingerprint():
                raise ValueError("the compiled diagram is of another problem")
            self.mdd = compiled
        elif backend != "sat":
            try:
                self.mdd = self._compiled(budget, cache_dir, progress)
            except CompileBudgetExceeded as exc:
                if backend == "mdd":
                    raise
                self.fallback_reason = exc.reason
        if self.mdd is not None:
            impl = MddBackend(self.mdd)
        else:
            impl = SatBackendAdapter(problem)
            if not impl.sat.solvable:
                raise UnsatisfiableProblemError("no valid configuration (SAT)")
        self._impl = impl
        self.backend: str = impl.name

    def _compiled(self, budget: Budget | None, cache_dir: str | Path | None, progress: Progress | None) -> MDD:
        path = None
        if cache_dir is not None:
            path = Path(cache_dir) / f"{self.problem.fingerprint()}.npz"
            if path.exists():
                mdd = MDD.load(path)
                if mdd.fingerprint == self.problem.fingerprint():
                    return mdd
        self.compile_report = compile_report(self.problem, budget, progress)
        mdd = self.compile_report.mdd
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            mdd.save(path)
        return mdd

    # ----------------------------------------------------------------- input checks
    def _checked(self, assignment: Mapping[int, int]) -> dict[int, int]:
        n = len(self.problem.variables)
        out: dict[int, int] = {}
        for var, value in assignment.items():
            if not isinstance(var, int) or not 0 <= var < n:
                raise UnknownVariableError(var)
            if not isinstance(value, int) or not 0 <= value < self.problem.variables[var].size:
                raise UnknownValueError(self.problem.variables[var].name, value)
            out[var] = value
        return out

    def flat_costs(self, costs: Costs) -> FloatArray:
        """Costs in any accepted form as one flat array (a copy): `val_off[var] + value`."""
        if isinstance(costs, np.ndarray) and costs.ndim == 1:
            if costs.shape[0] != int(self.val_off[-1]):
                raise ValueError("flat costs must have one entry per value of every variable")
            return costs.astype(np.float64)
        flat = np.zeros(int(self.val_off[-1]))
        if isinstance(costs, Mapping):
            for (var, value), c in costs.items():
                self._checked({var: value})
                flat[int(self.val_off[var]) + value] = c
            return flat
        if len(costs) != len(self.problem.variables):
            raise ValueError("costs need one row per variable")
        for var, row in enumerate(costs):
            if len(row) != self.problem.variables[var].size:
                raise ValueError(f"costs row {var} has {len(row)} entries")
            o = int(self.val_off[var])
            flat[o : o + len(row)] = row
        return flat

    def _split(self, flat: npt.NDArray[np.generic]) -> list[npt.NDArray[np.generic]]:
        return [flat[self.val_off[v] : self.val_off[v + 1]] for v in range(len(self.val_off) - 1)]

    # ----------------------------------------------------------------- queries
    def supported_mask(self, assignment: Mapping[int, int]) -> npt.NDArray[np.bool_]:
        """Flat boolean mask over global value ids (``val_off[var] + value``)."""
        a = self._checked(assignment)
        mask = self._impl.supported(a)
        if not mask.any():
            raise InconsistentAssignmentError(a)
        return mask

    def valid_choices(self, assignment: Mapping[int, int] | None = None) -> ValidChoices:
        a = dict(assignment or {})
        idx = np.flatnonzero(self.supported_mask(a))
        cuts = np.searchsorted(idx, self.val_off).tolist()
        local = (idx - self.val_off[np.searchsorted(self.val_off, idx, side="right") - 1]).tolist()
        values = tuple(tuple(local[cuts[v] : cuts[v + 1]]) for v in range(len(cuts) - 1))
        forced = {v: vals[0] for v, vals in enumerate(values) if len(vals) == 1 and v not in a}
        return ValidChoices(values, forced)

    def is_consistent(self, assignment: Mapping[int, int]) -> bool:
        return self._impl.consistent(self._checked(assignment))

    def choose(self, assignment: Mapping[int, int], var: int, value: int) -> dict[int, int]:
        """A new assignment with var=value, refused if that value is unavailable."""
        a = self._checked(assignment)
        self._checked({var: value})
        trial = {**a, var: value}
        if not self._impl.consistent(trial):
            v = self.problem.variables[var]
            raise UnavailableValueError(v.name, v.values[value])
        return trial

    def count(self, assignment: Mapping[int, int] | None = None) -> int:
        """Exact number of valid complete configurations extending ``assignment``."""
        return self._impl.count(self._checked(assignment or {}))

    def complete(
        self,
        assignment: Mapping[int, int] | None = None,
        costs: Costs | None = None,
        *,
        maximize: bool = False,
    ) -> dict[int, int] | None:
        """Cheapest (or dearest) valid completion; None if none exists. On the SAT backend
        the completion is valid but only steered towards cheap values, not optimal."""
        a = self._checked(assignment or {})
        flat = self.flat_costs(costs) if costs is not None else np.zeros(int(self.val_off[-1]))
        path = self._impl.complete(a, flat, maximize)
        return None if path is None else dict(enumerate(path))

    def bounds(self, assignment: Mapping[int, int], costs: Costs) -> Bounds:
        lo, hi = self._impl.bounds(self._checked(assignment), self.flat_costs(costs))
        return Bounds(
            tuple(np.asarray(x, dtype=np.float64) for x in self._split(lo)),
            tuple(np.asarray(x, dtype=np.float64) for x in self._split(hi)),
        )

    def check(self, full: Mapping[int, int]) -> list[Violation]:
        """Constraints violated by a complete assignment (with their rule codes)."""
        a = self._checked(full)
        missing = [v.name for i, v in enumerate(self.problem.variables) if i not in a]
        if missing:
            raise ValueError(f"incomplete assignment, missing {missing[:5]}")
        out = []
        for k, c in enumerate(self.problem.constraints):
            if isinstance(c, Clause):
                ok = any((a[v] == val) == pos for v, val, pos in c.literals)
            else:
                row = np.asarray([a[v] for v in c.scope], dtype=np.int32)
                hit = bool((c.tuples == row).all(axis=1).any()) if c.tuples.size else False
                ok = hit != c.negative
            if not ok:
                out.append(Violation(k, c.rule))
        return out

    def explain(self, assignment: Mapping[int, int], var: int, value: int) -> Explanation:
        """Why var=value is unavailable: a minimal subset of the buyer's other choices that
        excludes it, and the rules involved. Empty conflict + rules: the value is dead for
        every buyer; empty conflict and no rules: the value is available."""
        a = self._checked(assignment)
        self._checked({var: value})
        others = [(v, x) for v, x in a.items() if v != var]
        if self._impl.consistent({**dict(others), var: value}):
            return Explanation({}, ())
        conflict = dict(quickxplain([(var, value)], others, self._impl.consistent))
        with self._explain_lock:
            self.warm_up()
            assert self._explainer is not None
            rules = rules_involved(self.problem, self._explainer, {**conflict, var: value})
        return Explanation(conflict, tuple(rules))

    def repairs(self, assignment: Mapping[int, int], var: int, value: int, limit: int = 3) -> list[tuple[int, ...]]:
        """Up to ``limit`` minimal sets of the buyer's choices to change (unassign) so that
        var=value becomes available, smallest first. [] if var=value is dead."""
        a = self._checked(assignment)
        self._checked({var: value})

        def find(frozen: frozenset[int]) -> frozenset[int] | None:
            return self._impl.correction(a, frozen, var, value)

        return correction_sets(a, find, limit)

    def warm_up(self) -> None:
        """Build the lazily created explanation solver now (e.g. at cache time)."""
        with self._explain_lock:
            if self._explainer is None:
                self._explainer = SatModel(self.problem, selectors=True)


def popularity_costs(problem: Problem, configurations: Iterable[Mapping[int, int]]) -> FloatArray:
    """Flat costs ``-log(frequency)`` (add-one smoothed) from past (possibly partial)
    configurations ``{var: value}``: the cheapest completion under them is the "most
    popular" one (the product of per-option frequencies is maximal)."""
    sizes = problem.domain_sizes
    off = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    counts = np.ones(int(off[-1]))
    for row in configurations:
        for var, value in row.items():
            counts[int(off[var]) + value] += 1
    totals = np.add.reduceat(counts, off[:-1])
    return np.asarray([-math.log(c) for c in counts / np.repeat(totals, sizes)])
