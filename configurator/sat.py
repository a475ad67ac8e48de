"""SAT fallback backend (python-sat, incremental solver with assumptions).

Encoding (compact, no auxiliary variable per table row):

* a 2-valued variable is one Boolean (value index 1 <-> true); a larger domain is one-hot
  with exactly-one (pairwise at-most-one up to 6 values, sequential counter above);
* a negative table is one clause per forbidden row; a positive table is either the clauses
  of its (smaller) complement, or a reduced *trie* of its rows with one auxiliary literal
  per internal trie node: ``node & x=a -> child`` and ``node & x=b -> false`` for a value b
  with no child. The root is implicitly true. Trie nodes with equal subtrees are shared, so
  a binary table costs one auxiliary per distinct support set, not one per row;
* a :class:`Clause` is one clause.

Valid choices (complete propagation) per click:

1. the *backbone* (values forced or impossible under no assignment) is computed once at build
   time and added as unit clauses; those values are never re-checked (on the Linux model
   most variables are always on or off);
2. per click, ``propagate(assumptions)`` marks every value that unit propagation already
   rules out, with no search;
3. remembered models (the last 1,024 full solutions found, see
   :mod:`configurator.sat_witness`) certify every value they use, with no solver call: a
   model that disagrees with the new assumptions is first *repaired* by overwriting it with
   the propagated literals, kept if every clause over the changed variables still holds;
   after a click most values keep a witness this way. When a click opens a group (its
   clause breaks in the remembered models), the first new model's choices on the blocking
   variables are propagated too and the models repaired once more (up to twice per click);
4. the remaining candidates are settled by ``solve(assumptions + [act])`` with a clause
   ``act -> (c1 | c2 | ...)`` over all of them. SAT: the model marks every value it uses
   (the phase of every value variable is set towards values not witnessed yet, else to the
   "lean" value 0, so that exclusive groups keep room for new witnesses); UNSAT: every
   remaining candidate is unsupported at once. The clause is then retired with ``-act``.

On automotive2_4 (18,616 features) the build pass needs about 270 models to witness the
35,445 possible values; a click then needs one propagation and, typically, no search.

The solver is Glucose 4 (``CONFIGURATOR_SAT_SOLVER`` overrides it): on the Linux model it
beat MiniSat 2.2 and MapleChrono (on automotive2_4 MapleChrono needs twice the solver calls of
Glucose along the same clicks); CaDiCaL 1.9.5 aborts ("can only get value in satisfied
state") on the first click in this python-sat build.

Exact counting is not attempted here (model counting of such instances can take hours):
:class:`configurator.errors.UnsupportedOperationError` says so immediately.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from pysat.card import CardEnc, EncType
from pysat.solvers import Solver

from configurator.problem import Clause, Problem, Table
from configurator.sat_witness import WitnessPool

BoolArray = npt.NDArray[np.bool_]
SOLVER = os.environ.get("CONFIGURATOR_SAT_SOLVER", "glucose4")
_POOL = 1024  # remembered models: full solutions reused as witnesses on later clicks
_ROUNDS = 2  # repairs retried with a new model's choices on the variables that blocked them
_TABLE_DIRECT_LIMIT = 4096


class SatModel:
    """CNF encoding of a problem plus an incremental solver."""

    def __init__(self, problem: Problem, *, selectors: bool = False) -> None:
        self.problem = problem
        sizes = problem.domain_sizes
        self.val_off = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self.n_values = int(self.val_off[-1])
        self.top = 0
        lit_of: list[int] = []
        self.clauses: list[list[int]] = []
        for d in sizes:
            if d == 1:
                b = self._new()
                self.clauses.append([b])
                lit_of.append(b)
            elif d == 2:
                b = self._new()
                lit_of.extend([-b, b])
            else:
                lits = [self._new() for _ in range(d)]
                lit_of.extend(lits)
                self.clauses.append(lits)
                self._at_most_one(lits)
        self.lit_of = np.asarray(lit_of, dtype=np.int64)
        self.var_of_value = np.repeat(np.arange(len(sizes)), sizes)
        # selector literal per constraint (only when explanations need rule labels)
        self.selector: list[int] = []
        for c in problem.constraints:
            sel = self._new() if selectors else 0
            self.selector.append(sel)
            for cl in self._encode(c):
                self.clauses.append([-sel, *cl] if sel else cl)
        self.solver: Any = Solver(name=SOLVER, bootstrap_with=self.clauses)

    def close(self) -> None:
        self.solver.delete()

    # ----------------------------------------------------------------- encoding
    def _new(self) -> int:
        self.top += 1
        return self.top

    def lit(self, var: int, value: int) -> int:
        return int(self.lit_of[int(self.val_off[var]) + value])

    def _at_most_one(self, lits: list[int]) -> None:
        if len(lits) <= 6:
            self.clauses.extend([-a, -b] for i, a in enumerate(lits) for b in lits[i + 1 :])
            return
        enc = CardEnc.atmost(lits=lits, bound=1, top_id=self.top, encoding=EncType.seqcounter)
        self.clauses.extend(enc.clauses)
        self.top = max(self.top, enc.nv)

    def _encode(self, c: Table | Clause) -> list[list[int]]:
        if isinstance(c, Clause):
            return [[self.lit(v, a) if p else -self.lit(v, a) for v, a, p in c.literals]]
        rows = np.unique(c.tuples, axis=0) if c.tuples.shape[0] else c.tuples
        if c.negative:
            return [self._forbid(c.scope, r) for r in rows]
        sizes = [self.problem.variables[v].size for v in c.scope]
        space = int(np.prod(sizes, dtype=np.float64))
        if space - rows.shape[0] <= min(rows.shape[0], _TABLE_DIRECT_LIMIT):
            allowed = {tuple(int(x) for x in r) for r in rows}
            return [self._forbid(c.scope, r) for r in np.ndindex(*sizes) if tuple(r) not in allowed]
        return self._trie(c.scope, rows)

    def _forbid(self, scope: Sequence[int], row: Sequence[int] | npt.NDArray[Any]) -> list[int]:
        return [-self.lit(v, int(a)) for v, a in zip(scope, row, strict=True)]

    def _trie(self, scope: tuple[int, ...], rows: npt.NDArray[np.int32]) -> list[list[int]]:
        """Reduced trie of the rows; one auxiliary literal per internal node."""
        out: list[list[int]] = []
        memo: dict[tuple[int, tuple[tuple[int, int], ...]], int] = {}
        k = len(scope)

        def build(sub: npt.NDArray[np.int32], col: int) -> int:
            """Node literal (0 = terminal true) for rows ``sub`` from column ``col``."""
            if col == k:
                return 0
            column = sub[:, col]
            children = tuple((int(a), build(sub[column == a], col + 1)) for a in np.unique(column))
            key = (col, children)
            node = memo.get(key)
            if node is not None:
                return node
            node = self._new()
            memo[key] = node
            var = scope[col]
            have = dict(children)
            for a in range(self.problem.variables[var].size):
                if a not in have:
                    out.append([-node, -self.lit(var, a)])
                elif have[a]:
                    out.append([-node, -self.lit(var, a), have[a]])
            return node

        root = build(rows, 0)
        if root:
            out.append([root])
        return out

    # ----------------------------------------------------------------- queries
    def assumptions(self, assignment: dict[int, int]) -> list[int]:
        return [self.lit(v, a) for v, a in assignment.items()]

    def model_values(self, model: npt.NDArray[np.int64] | None = None) -> BoolArray:
        """Global value ids true in ``model`` (default: the solver's last model)."""
        if model is None:
            model = self.last_model()
        lits = self.lit_of
        out: BoolArray = (model[np.abs(lits) - 1] > 0) == (lits > 0)
        return out

    def last_model(self) -> npt.NDArray[np.int64]:
        model = self.solver.get_model()
        return np.fromiter(model, dtype=np.int64, count=len(model))

    def solve(self, assumptions: list[int]) -> bool:
        return bool(self.solver.solve(assumptions=assumptions))

    def core(self) -> list[int]:
        return list(self.solver.get_core() or [])


class SatBackend:
    """Valid choices, consistency and (heuristic) completion on a :class:`SatModel`."""

    name = "sat"

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.model = SatModel(problem)
        m = self.model
        self.calls = 0
        self._pool = WitnessPool(m.clauses, m.top, _POOL)
        # solver variables that carry values, and their "lean" default phase (value 0 of a
        # Boolean, "not this value" of a one-hot literal): a model that takes no more than
        # it must leaves room in exclusive groups for the values still to be witnessed
        self._value_vars = np.unique(np.abs(m.lit_of))
        self._phase = np.zeros(m.top + 1, dtype=np.int64)
        self._phase[self._value_vars] = -self._value_vars
        # start open: every value is a candidate until the backbone pass settles it
        self.possible = np.ones(m.n_values, dtype=bool)
        self.solvable = m.solve([])
        if self.solvable:
            self.possible = self._supported_search({}, self.possible)
            for g in np.flatnonzero(~self.possible):
                # impossible values are fixed for good: helps every later call
                m.solver.add_clause([-int(m.lit_of[g])])

    def _steer(self, wanted: BoolArray, last: npt.NDArray[np.int64] | None = None) -> None:
        """Phases of every value variable: towards values not witnessed yet, else lean.

        After a satisfiable call the solver's saved phases are its model ``last``: then
        only the phases that differ from it are sent."""
        m = self.model
        phase = self._phase.copy()
        lits = m.lit_of[wanted]
        phase[np.abs(lits)] = lits
        target = phase[self._value_vars]
        if last is not None:
            target = target[target != last[self._value_vars - 1]]
        m.solver.set_phases(target.tolist())

    def _supported_search(self, assignment: dict[int, int], candidates: BoolArray) -> BoolArray:
        m = self.model
        assum = m.assumptions(assignment)
        todo = candidates.copy()
        ok, implied = m.solver.propagate(assumptions=assum)
        self.calls += 1
        if not ok:
            return np.zeros(m.n_values, dtype=bool)
        imp = np.fromiter([*assum, *implied], dtype=np.int64, count=len(assum) + len(implied))
        if imp.size:
            # a value whose literal propagation made false is impossible (for one-hot
            # domains exactly-one propagates the siblings of an implied value too)
            status = np.zeros(m.top + 1, dtype=np.int8)
            status[np.abs(imp)] = np.sign(imp)
            todo &= status[np.abs(m.lit_of)] * np.sign(m.lit_of) != -1
        # remembered full solutions that extend the assignment (as they are, or repaired
        # by the implied literals) witness their values with no solver call
        pos, neg = self._pool.witnessed(imp)
        lits = m.lit_of
        supported = np.where(lits > 0, pos[np.abs(lits)], neg[np.abs(lits)]) & todo
        todo &= ~supported
        model: npt.NDArray[np.int64] | None = None
        rounds = 0
        while todo.any():
            batch = np.flatnonzero(todo)
            lits = m.lit_of[batch].tolist()
            self._steer(todo, model)
            self.calls += 1
            if len(lits) == 1:
                sat = m.solve([*assum, lits[0]])
            else:
                # "at least one of these is true": one SAT call finds a new witness, or
                # one UNSAT call proves every remaining candidate unsupported at once
                act = m._new()
                m.solver.add_clause([-act, *lits])
                sat = m.solve([*assum, act])
                m.solver.add_clause([-act])  # retire the batch clause for good
            if sat:
                model = m.last_model()
                seen = m.model_values(model)
                self._pool.add(model)
                supported |= seen
                todo &= ~seen
                if rounds < _ROUNDS and todo.any():
                    rounds += 1
                    seen = self._repair_like(assum, model)
                    supported |= seen & todo
                    todo &= ~seen
            else:
                todo[batch] = False
        return supported

    def _repair_like(self, assum: list[int], model: npt.NDArray[np.int64]) -> BoolArray:
        """Values witnessed by remembered models repaired once more, now also taking the
        choices ``model`` makes on the variables that blocked the last repairs (typically
        a group whose parent the click switched on, where a remembered model has no
        member: the group clause broke). Every repaired row is a solution extending the
        assumptions, so the values it uses are supported."""
        m = self.model
        blocking = self._pool.blocking_vars()
        if not blocking.size:
            return np.zeros(m.n_values, dtype=bool)
        choice = np.where(model[blocking - 1] > 0, blocking, -blocking).tolist()
        self.calls += 1
        ok, implied = m.solver.propagate(assumptions=[*assum, *choice])
        if not ok:  # cannot happen: ``model`` satisfies all of them
            return np.zeros(m.n_values, dtype=bool)
        every = [*assum, *choice, *implied]
        pos, neg = self._pool.witnessed(np.fromiter(every, dtype=np.int64, count=len(every)), keep=False)
        lits = m.lit_of
        seen: BoolArray = np.where(lits > 0, pos[np.abs(lits)], neg[np.abs(lits)])
        return seen

    def supported(self, assignment: dict[int, int]) -> BoolArray:
        candidates = self.possible.copy()
        for v, a in assignment.items():
            o = int(self.model.val_off[v])
            candidates[o : o + self.problem.variables[v].size] = False
            candidates[o + a] = True
        return self._supported_search(assignment, candidates)

    def consistent(self, assignment: dict[int, int]) -> bool:
        self.calls += 1
        return self.model.solve(self.model.assumptions(assignment))

    def complete(self, assignment: dict[int, int], costs: npt.NDArray[np.float64]) -> list[int] | None:
        """A valid completion steered (not guaranteed optimal) towards cheap values."""
        m = self.model
        best = np.zeros(m.n_values, dtype=bool)
        for v in range(len(self.problem.variables)):
            o, d = int(m.val_off[v]), self.problem.variables[v].size
            best[o + int(np.argmin(costs[o : o + d]))] = True
        self._steer(best)
        if not m.solve(m.assumptions(assignment)):
            return None
        seen = m.model_values()
        return [int(g - m.val_off[m.var_of_value[g]]) for g in np.flatnonzero(seen)]
