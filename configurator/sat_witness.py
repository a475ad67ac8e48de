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
_WORK = 300_000  # literals looked at per query by repairs: bounds them to a few ms
_CHUNK = 16  # rows repaired together
_MAX_ROWS = 256  # rows considered for repair per query


class WitnessPool:
    """The last ``capacity`` models of ``clauses`` (over variables ``1..n_vars``)."""

    def __init__(self, clauses: list[list[int]], n_vars: int, capacity: int) -> None:
        self.n_vars = n_vars
        self.capacity = capacity
        self.rows = np.zeros((capacity, (n_vars + 7) // 8), dtype=np.uint8)
        self.size = 0
        self.next = 0
        # free variables of the clauses that refused repairs in the last query
        self.blocking: list[IntArray] = []
        lengths = np.fromiter((len(c) for c in clauses), dtype=np.int64, count=len(clauses))
        self.lits = np.fromiter((x for c in clauses for x in c), dtype=np.int64, count=int(lengths.sum()))
        self.lengths = lengths
        self.cl_start = np.cumsum(lengths) - lengths
        # clauses of each variable (CSR): the clauses a changed variable can break
        clause_of = np.repeat(np.arange(len(clauses), dtype=np.int64), lengths)
        by_var = np.argsort(np.abs(self.lits), kind="stable")
        self.vc_clause = clause_of[by_var]
        self.vc_start = np.searchsorted(np.abs(self.lits)[by_var], np.arange(n_vars + 2)).astype(np.int64)
        # literals to look at when a variable changes: the cost of a repair
        self.weight = np.bincount(np.abs(self.lits), weights=lengths[clause_of], minlength=n_vars + 1)

    def add(self, model: IntArray) -> None:
        """Remember a full model (solver literals; entries beyond ``n_vars`` ignored)."""
        self.rows[self.next] = np.packbits(model[: self.n_vars] > 0)
        self.next = (self.next + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def witnessed(self, implied: IntArray, *, keep: bool = True) -> tuple[BoolArray, BoolArray]:
        """(positive, negative): per variable ``1..n_vars`` (index 0 unused), whether some
        solution extending ``implied`` sets it true / false. ``keep``: repaired rows
        replace their originals (right when ``implied`` holds in every solution of the
        query; not when it also fixes choices, which would make the rows alike)."""
        pos = np.zeros(self.n_vars + 1, dtype=bool)
        neg = np.zeros(self.n_vars + 1, dtype=bool)
        self.blocking = []
        if not self.size:
            return pos, neg
        rows = self.rows[: self.size]
        implied = implied[np.abs(implied) <= self.n_vars]
        ivars = np.abs(implied)
        on = np.zeros(self.n_vars, dtype=bool)
        on[ivars[implied > 0] - 1] = True
        over = np.zeros(self.n_vars, dtype=bool)
        over[ivars - 1] = True
        fix, mask = np.packbits(on), np.packbits(over)
        # per row, the implied variables it disagrees on (packed: cheap on every row)
        diff = (rows ^ fix) & mask
        n_diff = np.bitwise_count(diff).sum(axis=1, dtype=np.int64)
        clean = rows[n_diff == 0]
        found = clean.shape[0] > 0
        acc_or = np.bitwise_or.reduce(clean, axis=0) if found else np.zeros_like(fix)
        acc_and = np.bitwise_and.reduce(clean, axis=0) if found else np.full_like(fix, 0xFF)
        # rows worth repairing: they would witness something new; the closest first
        cand = np.flatnonzero(n_diff > 0)
        r = rows[cand]
        cand = cand[(((r & ~acc_or) | (~r & acc_and)) & ~mask).any(axis=1)]
        cand = cand[np.argsort(n_diff[cand], kind="stable")][:_MAX_ROWS]
        # (row, changed variable) pairs, read from the nonzero bytes only
        packed = diff[cand]
        row_byte, byte = np.nonzero(packed)
        bits = np.unpackbits(packed[row_byte, byte][:, None], axis=1)
        k, bit = np.nonzero(bits)
        row_of, var_of = row_byte[k], byte[k] * 8 + bit + 1
        cost = np.bincount(row_of, weights=self.weight[var_of], minlength=cand.shape[0])
        slot = np.full(cand.shape[0], -1, dtype=np.int64)
        order = np.argsort(cost, kind="stable")
        order = order[cost[order] <= _WORK]
        forced = np.full(self.n_vars + 1, -1, dtype=np.int8)
        forced[ivars] = (implied > 0).astype(np.int8)
        budget = float(_WORK)
        for lo in range(0, order.shape[0], _CHUNK):
            part = order[lo : lo + _CHUNK]
            r = rows[cand[part]]
            part = part[(((r & ~acc_or) | (~r & acc_and)) & ~mask).any(axis=1)]
            part = part[np.cumsum(cost[part]) <= budget]
            if not part.size:
                if budget < cost[order[lo]]:
                    break
                continue
            budget -= float(cost[part].sum())
            slot[part] = np.arange(part.shape[0])
            mine = slot[row_of] >= 0
            ok = self._check(cand[part], slot[row_of[mine]], var_of[mine], forced)
            slot[part] = -1
            if ok.any():
                idx = cand[part[ok]]
                repaired = (rows[idx] & ~mask) | fix
                if keep:
                    self.rows[idx] = repaired  # agrees with the query from now on
                acc_or |= np.bitwise_or.reduce(repaired, axis=0)
                acc_and &= np.bitwise_and.reduce(repaired, axis=0)
                found = True
        if not found:
            return pos, neg
        pos[1:] = np.unpackbits(acc_or, count=self.n_vars).astype(bool)
        neg[1:] = ~np.unpackbits(acc_and, count=self.n_vars).astype(bool)
        pos[ivars] = implied > 0
        neg[ivars] = implied < 0
        return pos, neg

    def blocking_vars(self) -> IntArray:
        """Free variables of the clauses that refused repairs in the last query: deciding
        them (as some solution does) lets the refused rows be repaired again."""
        if not self.blocking:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(self.blocking))

    def _check(self, idx: IntArray, r_loc: IntArray, var: IntArray, forced: npt.NDArray[np.int8]) -> BoolArray:
        """Whether each row ``idx``, overwritten by the implied literals (``forced``: per
        variable 0/1, -1 if free), satisfies every clause over the variables it changes
        (pairs: position in ``idx``, variable)."""
        counts = self.vc_start[var + 1] - self.vc_start[var]
        # a clause over several changed variables is checked more than once: harmless,
        # and cheaper than removing the duplicates
        c_pair = self.vc_clause[_ranges(self.vc_start[var], counts)]
        r_pair = np.repeat(r_loc, counts)
        lengths = self.lengths[c_pair]
        lits = self.lits[_ranges(self.cl_start[c_pair], lengths)]
        v0 = np.abs(lits) - 1
        rows = self.rows[idx[np.repeat(r_pair, lengths)], v0 >> 3]
        bit = (rows >> (7 - (v0 & 7)).astype(np.uint8)) & 1
        f = forced[v0 + 1]
        true = np.where(f >= 0, f, bit) == (lits > 0)
        fails = np.zeros(idx.shape[0], dtype=bool)
        if c_pair.size:
            broken = ~np.logical_or.reduceat(true, np.cumsum(lengths) - lengths)
            fails[r_pair[broken]] = True
            self.blocking.append(np.abs(lits[np.repeat(broken, lengths) & (f < 0)]))
        out: BoolArray = ~fails
        return out


def _ranges(starts: IntArray, counts: IntArray) -> IntArray:
    """Concatenation of ``range(s, s + c)`` for each (s, c)."""
    total = int(counts.sum())
    offsets = np.cumsum(counts) - counts
    out: IntArray = np.repeat(starts - offsets, counts) + np.arange(total, dtype=np.int64)
    return out
