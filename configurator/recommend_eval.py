"""How often a recommendation learned from sales guesses a buyer's next choice, on held-out sales.

The protocol of the public Renault benchmarks (toulbar2/CFN-learn `renault.py`, Brouard et al.,
CP 2020): the sales are split into ten folds; the model learns from nine. Each sale of the held-out
fold is revealed one variable at a time in a random (seeded) order; before each variable is
revealed, the model predicts its value given the values revealed so far, among the values the
rules still allow (the engine's valid choices for that partial configuration). A prediction is
wrong when it differs from the value the buyer actually chose. The baseline predicts the valid
value sold most often.

A sales history is a text file: the first line names the variables, then one sale per line with
its values (labels) in that order, whitespace-separated. A folds file holds one line per sale
with its fold (0-9). Without one, `grouped_folds` makes a seeded split that, like the public
one, keeps identical configurations in the same fold (so a held-out sale is never a repeat of a
training sale).
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from configurator.engine import Engine
from configurator.errors import ImportFormatError
from configurator.problem import Problem
from configurator.recommend import Recommender, RecommendSettings, most_popular

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class History:
    columns: tuple[int, ...]  # the variable of each column
    rows: IntArray  # one sale per row: value indices, in column order

    def sale(self, n: int) -> dict[int, int]:
        return {var: int(value) for var, value in zip(self.columns, self.rows[n], strict=True)}


@dataclass(frozen=True)
class Evaluation:
    fold: int
    train: int  # sales learned from
    test: int  # held-out sales replayed
    predictions: int
    wrong: int
    baseline_wrong: int
    engine_s: float  # time spent asking the engine for the valid values
    model_s: float  # time spent ranking them

    @property
    def wrong_pct(self) -> float:
        return 100.0 * self.wrong / self.predictions if self.predictions else 0.0

    @property
    def baseline_wrong_pct(self) -> float:
        return 100.0 * self.baseline_wrong / self.predictions if self.predictions else 0.0

    @property
    def ms_per_prediction(self) -> float:
        """Engine query plus ranking: what one recommendation costs a buyer's click."""
        return 1000.0 * (self.engine_s + self.model_s) / self.predictions if self.predictions else 0.0

    def summary(self) -> dict[str, float | int]:
        return {
            "predictions": self.predictions,
            "wrong_pct": round(self.wrong_pct, 3),
            "baseline_wrong_pct": round(self.baseline_wrong_pct, 3),
            "ms_per_prediction": round(self.ms_per_prediction, 3),
            "model_ms_per_prediction": round(1000.0 * self.model_s / max(self.predictions, 1), 4),
            "fold": self.fold,
            "train": self.train,
            "test": self.test,
        }


def read_history(path: str | Path, problem: Problem) -> History:
    """The sales of a history file, as value indices of `problem`'s variables."""
    p = Path(path)
    lines = [(n, line.split()) for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)]
    lines = [(n, words) for n, words in lines if words]
    if not lines:
        raise ImportFormatError(str(p), None, "empty sales history")
    (_, names), *sales = lines
    try:
        columns = tuple(problem.index(name) for name in names)
    except Exception as exc:
        raise ImportFormatError(str(p), 1, str(exc)) from exc
    if len(set(columns)) != len(columns):
        raise ImportFormatError(str(p), 1, "a variable is named twice")
    rows = np.zeros((len(sales), len(columns)), dtype=np.int64)
    for r, (n, words) in enumerate(sales):
        if len(words) != len(columns):
            raise ImportFormatError(str(p), n, f"{len(words)} values for {len(columns)} variables")
        try:
            rows[r] = [problem.value_index(var, label) for var, label in zip(columns, words, strict=True)]
        except Exception as exc:
            raise ImportFormatError(str(p), n, str(exc)) from exc
    return History(columns, rows)


def read_folds(path: str | Path, sales: int) -> list[int]:
    """One fold (0-9) per sale, one per line."""
    p = Path(path)
    words = p.read_text(encoding="utf-8").split()
    if len(words) != sales or any(w not in "0123456789" or len(w) != 1 for w in words):
        raise ImportFormatError(str(p), None, f"expected {sales} lines holding one digit each")
    return [int(w) for w in words]


def grouped_folds(rows: IntArray, folds: int = 10, seed: int = 0) -> list[int]:
    """A seeded split into `folds` folds of near-equal size, identical sales in the same fold.

    >>> grouped_folds(np.asarray([[0], [1], [0], [2], [1], [0]]), folds=2)
    [0, 1, 0, 1, 1, 0]
    """
    _, group, sizes = np.unique(rows, axis=0, return_inverse=True, return_counts=True)
    group = group.ravel()
    order = list(range(len(sizes)))
    random.Random(seed).shuffle(order)  # noqa: S311  (a reproducible split, not crypto)
    order.sort(key=lambda g: -int(sizes[g]))  # big groups first, the shuffle breaks ties
    load = [0] * folds
    fold_of = [0] * len(sizes)
    for g in order:
        target = min(range(folds), key=lambda f: (load[f], f))
        fold_of[g] = target
        load[target] += int(sizes[g])
    return [fold_of[g] for g in group]


def evaluate(
    engine: Engine,
    history: History,
    folds: Sequence[int],
    fold: int,
    *,
    seed: int = 0,
    limit: int | None = None,
    settings: RecommendSettings | None = None,
) -> Evaluation:
    """Learn from the sales outside `fold`, then replay (up to `limit` of) the sales in it."""
    if len(folds) != len(history.rows):
        raise ValueError("one fold per sale")
    train = [n for n, f in enumerate(folds) if f != fold]
    test = [n for n, f in enumerate(folds) if f == fold][:limit]
    model = Recommender.fit(engine.problem.domain_sizes, [history.sale(n) for n in train], settings=settings)
    counts = {var: model.counts(var) for var in history.columns}
    rng = random.Random(seed)  # noqa: S311  (reproducible reveal orders, not crypto)
    wrong = baseline_wrong = predictions = 0
    engine_s = model_s = 0.0
    for n in test:
        truth = history.sale(n)
        order = list(history.columns)
        rng.shuffle(order)
        revealed: dict[int, int] = {}
        for var in order:
            t0 = time.perf_counter()
            domains = engine.valid_choices(revealed).values
            t1 = time.perf_counter()
            guess = model.predict(var, revealed, domains[var], domains)
            model_s += time.perf_counter() - t1
            engine_s += t1 - t0
            predictions += 1
            wrong += guess != truth[var]
            baseline_wrong += most_popular(counts[var], domains[var]) != truth[var]
            revealed[var] = truth[var]
    return Evaluation(fold, len(train), len(test), predictions, wrong, baseline_wrong, engine_s, model_s)
