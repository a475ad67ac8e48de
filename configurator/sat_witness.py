"""Remembered solutions of a CNF, reused as witnesses of valid values on later queries.

Every full model the solver finds is kept (the last ``capacity``, one bit per variable). For
a new query with assumptions ``A`` and ``I`` the literals unit propagation derives from
``A`` (``A`` included):

* a remembered model that already satisfies ``I`` is a solution extending ``A``;
* a remembered model ``M`` that does not is *repaired* without the solver: ``M`` overwritten
  by ``I`` differs from ``M`` only on variables of ``I``, so it is a solution iff every
  clause over those variables holds. After a click, most earlier witnesses survive this way
  (the click changes a small neighbourhood), instead of one solver call each.

The witnessed literals are the union of the accepted models; repaired rows replace their
originals so that the next click along the same path finds them agreeing.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
_WORK = 24_000_000  # bits gathered per repair check: bounds one check to a few tens of ms


def _bits(rows: npt.NDArray[np.uint8], cols: IntArray) -> npt.NDArray[np.uint8]:
    """Bits ``cols`` (0-based variable indices) of packed rows, shape (rows, cols)."""
    shifted = rows[:, cols >> 3] >> (7 - (cols & 7)).astype(np.uint8)
    return np.asarray(shifted & 1, dtype=np.uint8)


class WitnessPool:
    """The last ``capacity`` models of ``clauses`` (over variables ``1..n_vars``)."""

    def __init__(self, clauses: list[list[int]], n_vars: int, capacity: int) -> None:
        self.n_vars = n_vars
        self.capacity = capacity
        self.rows = np.zeros((capacity, (n_vars + 7) // 8), dtype=np.uint8)
        self.size = 0
        self.next = 0
        lengths = np.fromiter((len(c) for c in clauses), dtype=np.int64, count=len(clauses))
        self.lits = np.fromiter((x for c in clauses for x in c), dtype=np.int64, count=int(lengths.sum()))
        self.lengths = lengths
        self.clause_of = np.repeat(np.arange(len(clauses)), lengths)

    def add(self, model: IntArray) -> None:
        """Remember a full model (solver literals; entries beyond ``n_vars`` ignored)."""
        self.rows[self.next] = np.packbits(model[: self.n_vars] > 0)
        self.next = (self.next + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def witnessed(self, implied: IntArray) -> tuple[BoolArray, BoolArray]:
        """(positive, negative): per variable ``1..n_vars`` (index 0 unused), whether some
        solution extending ``implied`` sets it true / false."""
        pos = np.zeros(self.n_vars + 1, dtype=bool)
        neg = np.zeros(self.n_vars + 1, dtype=bool)
        if not self.size:
            return pos, neg
        rows = self.rows[: self.size]
        implied = implied[np.abs(implied) <= self.n_vars]
        ivars = np.abs(implied)
        want = (implied > 0).astype(np.uint8)
        differs = _bits(rows, ivars - 1) != want
        bad = differs.any(axis=1)
        accepted = ~bad
        if bad.any():
            accepted[bad] = self._repair(np.flatnonzero(bad), ivars, want, differs[bad])
        if not accepted.any():
            return pos, neg
        good = rows[accepted]
        pos[1:] = np.unpackbits(np.bitwise_or.reduce(good, axis=0), count=self.n_vars).astype(bool)
        neg[1:] = ~np.unpackbits(np.bitwise_and.reduce(good, axis=0), count=self.n_vars).astype(bool)
        pos[ivars] = implied > 0
        neg[ivars] = implied < 0
        return pos, neg

    def _repair(self, idx: IntArray, ivars: IntArray, want: npt.NDArray[np.uint8], differs: BoolArray) -> BoolArray:
        """Which rows ``idx`` become solutions once overwritten by the implied literals;
        those are overwritten in place."""
        changed = np.zeros(self.n_vars + 1, dtype=bool)
        changed[ivars[differs.any(axis=0)]] = True
        touched = np.zeros(self.lengths.shape[0], dtype=bool)
        touched[self.clause_of[changed[np.abs(self.lits)]]] = True
        sel = touched[self.clause_of]
        lits = self.lits[sel]
        ok = np.zeros(idx.shape[0], dtype=bool)
        if not lits.size:
            ok[:] = True
        else:
            starts = np.concatenate([[0], np.cumsum(self.lengths[touched])[:-1]])
            forced = np.full(self.n_vars + 1, -1, dtype=np.int8)
            forced[ivars] = want.astype(np.int8)
            lit_forced = forced[np.abs(lits)]
            fixed = lit_forced >= 0
            step = max(1, _WORK // lits.size)
            # newest rows first: they are the likeliest to be close to the current query
            order = np.argsort(-((idx - self.next) % self.capacity))
            for lo in range(0, min(idx.shape[0], 4 * step), step):
                part = order[lo : lo + step]
                vals = _bits(self.rows[idx[part]], np.abs(lits) - 1)
                vals[:, fixed] = lit_forced[fixed].astype(np.uint8)
                true = vals == (lits > 0)
                ok[part] = np.logical_and.reduce(np.logical_or.reduceat(true, starts, axis=1), axis=1)
        if ok.any():
            on = np.zeros(self.n_vars, dtype=bool)
            on[ivars[want == 1] - 1] = True
            over = np.zeros(self.n_vars, dtype=bool)
            over[ivars - 1] = True
            fix, mask = np.packbits(on), np.packbits(over)
            rows = self.rows[idx[ok]]
            self.rows[idx[ok]] = (rows & ~mask) | fix
        return ok
