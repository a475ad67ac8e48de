"""Recommendations learned from sales: which still-valid value a buyer is most likely to pick next.

`Recommender.fit(domain_sizes, sales)` counts, over past configurations ``{var: value}`` (a
sale may leave variables out), how often every pair of values was sold together. Asked about
a variable given the values a buyer has revealed, it pools the evidence of each revealed value
(how the variable's values were distributed among the sales that had it) with the variable's
own popularity, in log space. Each piece of evidence is weighted by how much its variable tells
about the target in the sales (mutual information over the target's entropy, capped at 1), and
the total weight is capped too: many revealed values are mostly redundant, and counting each in
full (naive Bayes) is overconfident. The engine's valid values add evidence of their own: a
variable the rules have narrowed to a few values says "a sale with one of these", at a lower
weight since the rules already account for part of it. Pairwise evidence cannot see that the
buyers who took two values together chose differently from the buyers of each, so the pooled
score is mixed (in log space, 60/40) with a vote of the distinct past sales, each weighted by how
well it agrees with everything revealed: a sale disagreeing with a revealed value counts
exp(-2 x that value's weight above) as much, smoothed towards the variable's popularity. Scores
are only ever compared among the valid values the caller passes, so a recommendation is always a
value the buyer may take.

Measured on the public Renault "medium" model with a year of its sales (`python -m configurator
recommend`, `bench/recommend_bench.py`, bench/RESULTS.md): over ten held-out folds of the seeded
split, 5.72% of next choices guessed wrong against 6.67% for the most popular valid value (5.78%
with the pairwise score alone), under a millisecond each with the engine's valid values (the
ranking alone about 0.3 ms); the gain varies a lot between folds (little on some). The settings
were chosen on five folds (the mix's gain there: 0.05 points; on the other five: 0.07).

>>> model = Recommender.fit([2, 2], [{0: 0, 1: 0}] * 3 + [{0: 1, 1: 1}] * 2)
>>> model.rank(1, {}, [0, 1]), model.rank(1, {0: 1}, [0, 1]), model.rank(1, {0: 1}, [0])
([0, 1], [1, 0], [0])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_CHUNK = 4096  # sales one-hot encoded at a time while counting


@dataclass(frozen=True)
class RecommendSettings:
    """How the evidence is weighed (the pairwise settings chosen on folds 0-4 of the public Renault
    sales split, the neighbours' on folds 0-4 of the seeded split of `recommend_eval.grouped_folds`)."""

    weight: float = 3.0  # evidence weight per unit of normalised mutual information (capped at 1)
    implied: float = 0.3  # relative weight of a variable the rules narrowed but the buyer did not set
    total: float = 3.0  # cap on the summed evidence weight
    smoothing: float = 0.5  # pseudo-count spread over a variable's values by their popularity
    neighbours: float = 0.4  # share of the past-sales-that-agree score in the mix (0: pairwise only)
    agreement: float = 2.0  # a sale disagreeing with a revealed value counts exp(-agreement x trust) as much
    neighbour_smoothing: float = 1.0  # pseudo-sales spread by popularity over the neighbours' votes


class Recommender:
    """Pairwise sales statistics over the variables the sales record; immutable once fitted."""

    def __init__(
        self,
        sizes: Sequence[int],
        recorded: Sequence[int],
        pairs: FloatArray,
        settings: RecommendSettings,
        sales: IntArray | None = None,
        sale_weights: FloatArray | None = None,
    ) -> None:
        self.sizes = tuple(int(s) for s in sizes)
        self.settings = settings
        self.recorded = tuple(recorded)
        self._local = {var: r for r, var in enumerate(self.recorded)}
        local_sizes = [self.sizes[v] for v in self.recorded]
        self._off = np.concatenate([[0], np.cumsum(local_sizes)]).astype(np.int64)
        self._pairs = pairs  # _pairs[g, h]: weight of sales with global values g and h together
        self._log_prior = [self._prior(r) for r in range(len(self.recorded))]
        self._weights = self._evidence_weights()
        # distinct past sales (value per recorded variable, -1 where not recorded) and their weight
        self._sales = np.zeros((0, len(self.recorded)), dtype=np.int64) if sales is None else sales
        self._sale_weights = np.zeros(len(self._sales)) if sale_weights is None else sale_weights

    # ----------------------------------------------------------------- fitting
    @classmethod
    def fit(
        cls,
        sizes: Sequence[int],
        sales: Iterable[Mapping[int, int]],
        *,
        weights: Iterable[float] | None = None,
        settings: RecommendSettings | None = None,
    ) -> Recommender:
        """Learn from past configurations ``{variable index: value index}`` (e.g. orders; a
        repeated configuration counts each time, or pass `weights`, e.g. quantities).
        Variables no sale mentions get no recommendation of their own."""
        rows = list(sales)
        w = np.ones(len(rows)) if weights is None else np.asarray(list(weights), dtype=np.float64)
        if w.shape != (len(rows),) or (w < 0).any():
            raise ValueError("one non-negative weight per sale")
        for row in rows:
            for var, value in row.items():
                if not 0 <= var < len(sizes) or not 0 <= value < sizes[var]:
                    raise ValueError(f"sale value {var}={value} is outside the domains")
        recorded = sorted({var for row in rows for var in row})
        local = {var: r for r, var in enumerate(recorded)}
        off = np.concatenate([[0], np.cumsum([sizes[v] for v in recorded])]).astype(np.int64)
        pairs = np.zeros((int(off[-1]), int(off[-1])))
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            onehot = np.zeros((len(chunk), int(off[-1])))
            for n, row in enumerate(chunk):
                for var, value in row.items():
                    onehot[n, off[local[var]] + value] = 1.0
            pairs += (onehot * w[start : start + len(chunk), None]).T @ onehot
        table = np.full((len(rows), len(recorded)), -1, dtype=np.int64)
        for n, row in enumerate(rows):
            for var, value in row.items():
                table[n, local[var]] = value
        distinct, inverse = np.unique(table, axis=0, return_inverse=True)
        sale_weights = np.bincount(inverse.ravel(), weights=w, minlength=len(distinct)).astype(np.float64)
        return cls(sizes, recorded, pairs, settings or RecommendSettings(), distinct, sale_weights)

    def _block(self, r: int, s: int) -> FloatArray:
        o = self._off
        return self._pairs[o[r] : o[r + 1], o[s] : o[s + 1]]

    def _prior(self, r: int) -> FloatArray:
        counts = np.asarray(self._block(r, r).diagonal(), dtype=np.float64) + self.settings.smoothing
        return np.asarray(np.log(counts / counts.sum()), dtype=np.float64)

    def _evidence_weights(self) -> FloatArray:
        """weights[k, i]: how far a value of recorded variable i is trusted about variable k."""
        n = len(self.recorded)
        out = np.zeros((n, n))
        for k in range(n):
            prior = np.exp(self._log_prior[k])
            entropy = -float((prior * self._log_prior[k]).sum())
            if entropy <= 1e-12:
                continue
            for i in range(n):
                if i != k:
                    info = _mutual_information(self._block(i, k))
                    out[k, i] = min(1.0, self.settings.weight * info / entropy)
        return out

    # ----------------------------------------------------------------- queries
    def counts(self, var: int) -> FloatArray:
        """How many sales (weighted) had each value of `var` (zeros if no sale records it)."""
        r = self._local.get(var)
        if r is None:
            return np.zeros(self.sizes[var])
        return np.asarray(self._block(r, r).diagonal(), dtype=np.float64).copy()

    def scores(
        self,
        var: int,
        revealed: Mapping[int, int],
        domains: Sequence[Sequence[int]] | None = None,
    ) -> FloatArray:
        """A log-score per value of `var` (higher: more likely) given the buyer's `revealed`
        values and, optionally, the values still valid for every variable (`domains`, e.g.
        `Engine.valid_choices(revealed).values`). All zeros if no sale records `var`."""
        k = self._local.get(var)
        if k is None:
            return np.zeros(self.sizes[var])
        rows: list[npt.NDArray[np.int64]] = []
        weights: list[float] = []
        for other, value in revealed.items():
            i = self._local.get(other)
            if i is not None and i != k and self._weights[k, i] > 0:
                rows.append(np.asarray([self._off[i] + value]))
                weights.append(float(self._weights[k, i]))
        if domains is not None:
            for other, allowed in enumerate(domains):
                i = self._local.get(other)
                if i is None or i == k or other in revealed or len(allowed) >= self.sizes[other]:
                    continue
                if self._weights[k, i] > 0 and len(allowed):
                    rows.append(self._off[i] + np.asarray(allowed, dtype=np.int64))
                    weights.append(self.settings.implied * float(self._weights[k, i]))
        pooled = self._pooled(k, rows, weights)
        share = self.settings.neighbours
        if share <= 0 or not len(self._sales):
            return pooled
        return np.asarray((1 - share) * pooled + share * self._neighbours(k, revealed), dtype=np.float64)

    def _pooled(self, k: int, rows: list[npt.NDArray[np.int64]], weights: list[float]) -> FloatArray:
        """Log-linear pooling of the pairwise evidence about recorded variable `k`."""
        prior = self._log_prior[k]
        if not rows:
            return prior.copy()
        o = self._off
        seen = np.stack([self._pairs[g, o[k] : o[k + 1]].sum(axis=0) for g in rows])
        seen += self.settings.smoothing * np.exp(prior)
        evidence = np.log(seen / seen.sum(axis=1, keepdims=True)) - prior
        w = np.asarray(weights)
        if w.sum() > self.settings.total:
            w *= self.settings.total / w.sum()
        return np.asarray(prior + w @ evidence, dtype=np.float64)

    def _neighbours(self, k: int, revealed: Mapping[int, int]) -> FloatArray:
        """Log-share of each value of recorded variable `k` among the past sales, each weighted
        by how well it agrees with the revealed values: a disagreement on a variable divides its
        weight by exp(agreement x how far that variable is trusted about `k`); a variable a sale
        did not record neither agrees nor disagrees. Smoothed towards `k`'s popularity."""
        cols = [i for v in revealed if (i := self._local.get(v)) is not None and i != k]
        values = np.asarray([revealed[self.recorded[i]] for i in cols], dtype=np.int64)
        sub = self._sales[:, cols]
        disagree = (sub != values) & (sub >= 0)
        penalty = self.settings.agreement * self._weights[k, cols]
        w = self._sale_weights * np.exp(-(disagree @ penalty))
        votes = self._sales[:, k]
        has = votes >= 0
        size = self.sizes[self.recorded[k]]
        mass = np.bincount(votes[has], weights=w[has], minlength=size).astype(np.float64)
        alpha = self.settings.neighbour_smoothing
        mass += alpha * np.exp(self._log_prior[k])
        return np.asarray(np.log(mass / mass.sum()), dtype=np.float64)

    def probabilities(
        self,
        var: int,
        revealed: Mapping[int, int],
        valid: Sequence[int],
        domains: Sequence[Sequence[int]] | None = None,
    ) -> dict[int, float]:
        """The model's probability of each valid value of `var` (summing to 1 over `valid`)."""
        if not valid:
            return {}
        s = self.scores(var, revealed, domains)[list(valid)]
        p = np.exp(s - s.max())
        p /= p.sum()
        return {int(v): float(x) for v, x in zip(valid, p, strict=True)}

    def rank(
        self,
        var: int,
        revealed: Mapping[int, int],
        valid: Sequence[int],
        domains: Sequence[Sequence[int]] | None = None,
    ) -> list[int]:
        """The `valid` values of `var`, most likely first (ties keep the given order)."""
        s = self.scores(var, revealed, domains)
        return sorted(valid, key=lambda v: -s[v])

    def predict(
        self,
        var: int,
        revealed: Mapping[int, int],
        valid: Sequence[int],
        domains: Sequence[Sequence[int]] | None = None,
    ) -> int:
        """The most likely valid value of `var`; ValueError if there is none."""
        if not valid:
            raise ValueError("no valid value to recommend")
        s = self.scores(var, revealed, domains)
        best = max(range(len(valid)), key=lambda n: (s[valid[n]], -n))
        return int(valid[best])


def _mutual_information(joint: FloatArray) -> float:
    total = float(joint.sum())
    if total <= 0:
        return 0.0
    p = joint / total
    outer = np.outer(p.sum(axis=1), p.sum(axis=0))
    nz = p > 0
    return float((p[nz] * np.log(p[nz] / outer[nz])).sum())


def most_popular(counts: FloatArray, valid: Sequence[int]) -> int:
    """The valid value sold most often (the first on ties): the baseline recommendations beat."""
    if not valid:
        raise ValueError("no valid value to recommend")
    best = max(range(len(valid)), key=lambda n: (counts[valid[n]], -n))
    return int(valid[best])
