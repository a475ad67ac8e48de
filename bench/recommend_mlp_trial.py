"""Trial: an order-agnostic masked network for "next value" recommendations, alone and mixed in.

Usage (from the repository root, one core: ``OMP_NUM_THREADS=1``):
``.venv/bin/python bench/recommend_mlp_trial.py [--only 0,1] [--limit N] [--hidden 256] [--act relu]
[--seeds 1] [--lr 1e-3] [--decay 0] [--epochs 60] [--patience 6] [--mix 0,0.2,0.3,0.4,0.6,1]``

One network predicts any recorded variable from any subset of the others: its input is the one-hot
of the revealed values plus a revealed flag per variable, one hidden layer, and a softmax head per
variable over its values. It is trained with minibatch Adam (numpy only, seeded) on the training
folds' sales, each pass drawing for every sale a number of revealed variables uniform in 0..n-1 and
which ones at random (as the reveal protocol does); the loss is the cross-entropy of the hidden
(masked) variables only. A tenth of the training folds' *distinct configurations* is held out to
stop the training (so, as in the test folds, the held-out sales are configurations the net never
saw): the pass with the fewest wrong guesses of the hidden variables on fixed random masks is kept.

The replay is `configurator.recommend_eval.evaluate`'s (seeded reveal orders, each variable
predicted among the engine's valid values before it is revealed); the replayed steps and the
current `Recommender` scores are computed once per fold. Prints, per fold, the wrong % of the
current model, of the net(s) alone (log-probabilities averaged over the seeds) and of each mix
``(1 - w) x Recommender.scores + w x net log-probabilities``, with the training time and the
1-minute load average; then the means and a JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from configurator.engine import Engine  # noqa: E402  (after the path is set)
from configurator.loader import load_problem  # noqa: E402
from configurator.recommend import Recommender, most_popular  # noqa: E402
from configurator.recommend_eval import History, grouped_folds, read_history  # noqa: E402

DATA = ROOT.parent / "shared" / "benchmarks" / "renault-medium"
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class Replay:
    """The replayed steps of one fold: revealed values (column-local, -1 hidden), the variable
    asked, its valid values, the truth, and the current model's scores of the valid values."""

    def __init__(self, engine: Engine, history: History, model: Recommender, test: list[int], seed: int) -> None:
        rng = random.Random(seed)
        col = {var: c for c, var in enumerate(history.columns)}
        counts = {var: model.counts(var) for var in history.columns}
        self.state: list[IntArray] = []
        self.column: list[int] = []
        self.valid: list[IntArray] = []
        self.truth: list[int] = []
        self.rec: list[FloatArray] = []
        self.baseline_wrong = 0
        for n in test:
            truth = history.sale(n)
            order = list(history.columns)
            rng.shuffle(order)
            revealed: dict[int, int] = {}
            state = np.full(len(history.columns), -1, dtype=np.int64)
            for var in order:
                domains = engine.valid_choices(revealed).values
                valid = np.asarray(domains[var], dtype=np.int64)
                self.state.append(state.copy())
                self.column.append(col[var])
                self.valid.append(valid)
                self.truth.append(truth[var])
                self.rec.append(model.scores(var, revealed, domains)[valid])
                self.baseline_wrong += most_popular(counts[var], domains[var]) != truth[var]
                revealed[var] = truth[var]
                state[col[var]] = truth[var]

    def wrong(self, scores: list[FloatArray]) -> int:
        """Wrong guesses of the argmax (first on ties) of per-step scores of the valid values."""
        return sum(int(v[int(np.argmax(s))]) != t for s, v, t in zip(scores, self.valid, self.truth, strict=True))


class MaskedNet:
    """One hidden layer; input one-hot of revealed values + revealed flags; softmax per variable."""

    def __init__(self, sizes: list[int], hidden: int, act: str, seed: int) -> None:
        self.sizes = sizes
        self.off = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self.act = act
        rng = np.random.default_rng(seed)
        n_in, n_out = int(self.off[-1]) + len(sizes), int(self.off[-1])
        self.params = [
            rng.normal(0, np.sqrt(2.0 / n_in), (n_in, hidden)),
            np.zeros(hidden),
            rng.normal(0, np.sqrt(1.0 / hidden), (hidden, n_out)),
            np.zeros(n_out),
        ]
        self.value_var = np.repeat(np.arange(len(sizes)), sizes)

    def encode(self, states: IntArray) -> FloatArray:
        """Rows of column-local values (-1 hidden) to the input one-hot + flags."""
        n, nv = states.shape
        x = np.zeros((n, int(self.off[-1]) + nv))
        rows, cols = np.nonzero(states >= 0)
        x[rows, self.off[cols] + states[rows, cols]] = 1.0
        x[rows, int(self.off[-1]) + cols] = 1.0
        return x

    def _hidden(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        z = x @ self.params[0] + self.params[1]
        return z, (np.maximum(z, 0.0) if self.act == "relu" else np.tanh(z))

    def log_probs(self, x: FloatArray) -> FloatArray:
        """Log-softmax per variable segment of the output."""
        _, h = self._hidden(x)
        logits = h @ self.params[2] + self.params[3]
        return self._log_softmax(logits)

    def _log_softmax(self, logits: FloatArray) -> FloatArray:
        starts = self.off[:-1]
        m = np.maximum.reduceat(logits, starts, axis=1)
        shifted = logits - m[:, self.value_var]
        lse = np.log(np.add.reduceat(np.exp(shifted), starts, axis=1))
        return np.asarray(shifted - lse[:, self.value_var], dtype=np.float64)

    def step_grads(self, x: FloatArray, target: FloatArray, masked: FloatArray) -> list[FloatArray]:
        """Gradients of the mean (over rows) summed cross-entropy of the masked variables.
        `target`: one-hot of the true values; `masked`: 1 per output value of a hidden variable."""
        z, h = self._hidden(x)
        logp = self._log_softmax(h @ self.params[2] + self.params[3])
        d_logits = (np.exp(logp) - target) * masked / len(x)
        g2 = h.T @ d_logits
        g3 = d_logits.sum(axis=0)
        d_h = d_logits @ self.params[2].T
        d_z = d_h * (z > 0) if self.act == "relu" else d_h * (1.0 - h * h)
        return [x.T @ d_z, d_z.sum(axis=0), g2, g3]


def random_masks(rng: np.random.Generator, n: int, nv: int) -> npt.NDArray[np.bool_]:
    """True where revealed: per row, a uniform count in 0..nv-1 of variables chosen at random."""
    k = rng.integers(0, nv, size=n)
    ranks = np.argsort(rng.random((n, nv)), axis=1).argsort(axis=1)
    return np.asarray(ranks < k[:, None])


def train(
    rows: IntArray,
    sizes: list[int],
    *,
    hidden: int,
    act: str,
    seed: int,
    lr: float,
    decay: float,
    epochs: int,
    patience: int,
    batch: int = 128,
) -> tuple[MaskedNet, int]:
    """A net trained on `rows` (column-local values), early-stopped on a tenth of the distinct
    configurations held out; returns it and the pass kept."""
    rng = np.random.default_rng(seed)
    net = MaskedNet(sizes, hidden, act, seed)
    distinct, inverse = np.unique(rows, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    held = rng.permutation(len(distinct))[: max(1, len(distinct) // 10)]
    is_held = np.isin(inverse, held)
    fit_rows, val_rows = rows[~is_held], rows[is_held]
    nv = len(sizes)
    val_mask = random_masks(np.random.default_rng(seed + 1000), len(val_rows), nv)
    val_x = net.encode(np.where(val_mask, val_rows, -1))
    val_target = net.off[np.arange(nv)] + val_rows  # global output index of each truth

    def val_wrong() -> int:
        logp = net.log_probs(val_x)
        wrong = 0
        for c in range(nv):
            o0, o1 = int(net.off[c]), int(net.off[c + 1])
            guess = o0 + np.argmax(logp[:, o0:o1], axis=1)
            wrong += int(((guess != val_target[:, c]) & ~val_mask[:, c]).sum())
        return wrong

    m = [np.zeros_like(p) for p in net.params]
    v = [np.zeros_like(p) for p in net.params]
    t = 0
    best, best_epoch, best_params = val_wrong(), -1, [p.copy() for p in net.params]
    full_target = np.zeros((len(fit_rows), int(net.off[-1])))
    full_target[np.arange(len(fit_rows))[:, None], net.off[:-1] + fit_rows] = 1.0
    for epoch in range(epochs):
        mask = random_masks(rng, len(fit_rows), nv)
        x = net.encode(np.where(mask, fit_rows, -1))
        hidden_values = (~mask)[:, net.value_var].astype(np.float64)
        order = rng.permutation(len(fit_rows))
        for start in range(0, len(order), batch):
            b = order[start : start + batch]
            grads = net.step_grads(x[b], full_target[b], hidden_values[b])
            t += 1
            for i, g in enumerate(grads):
                if decay and i in (0, 2):
                    g = g + decay * net.params[i]
                m[i] = 0.9 * m[i] + 0.1 * g
                v[i] = 0.999 * v[i] + 0.001 * g * g
                mhat = m[i] / (1 - 0.9**t)
                vhat = v[i] / (1 - 0.999**t)
                net.params[i] -= lr * mhat / (np.sqrt(vhat) + 1e-8)
        wrong = val_wrong()
        if wrong < best:
            best, best_epoch, best_params = wrong, epoch, [p.copy() for p in net.params]
        elif epoch - best_epoch >= patience:
            break
    net.params = best_params
    return net, best_epoch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="0,1,2,3,4", help="comma-separated folds to run")
    parser.add_argument("--limit", type=int, default=None, help="held-out sales per fold (default: all)")
    parser.add_argument("--seed", type=int, default=0, help="split and reveal-order seed")
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--act", choices=["relu", "tanh"], default="relu")
    parser.add_argument("--seeds", type=int, default=1, help="nets averaged (log-probabilities)")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--decay", type=float, default=0.0, help="L2 weight decay on the weights")
    parser.add_argument("--epochs", type=int, default=60, help="at most this many passes")
    parser.add_argument("--patience", type=int, default=6)
    parser.add_argument("--cache", type=Path, default=None, help="directory keeping the replayed steps per fold")
    parser.add_argument("--mix", default="0,0.2,0.3,0.4,0.6,1", help="net shares in the log-space mix")
    args = parser.parse_args()
    problem = load_problem(DATA / "medium.xml")
    history = read_history(DATA / "sales-history.txt", problem)
    folds = grouped_folds(history.rows, seed=args.seed)
    engine = Engine(problem)
    sizes = [problem.domain_sizes[v] for v in history.columns]
    mixes = [float(w) for w in args.mix.split(",")]
    print(f"{len(history.rows)} sales of {len(history.columns)} variables; seeded split (seed {args.seed})")
    print(
        f"net: {args.hidden} {args.act} hidden, {args.seeds} seed(s), Adam lr {args.lr}, decay {args.decay}, "
        f"at most {args.epochs} passes, patience {args.patience}; limit {args.limit}"
    )
    print()
    head = " | ".join(f"w={w:g}" for w in mixes)
    print(f"| fold | predictions | current % | {head} | baseline % | passes kept | train s | load |")
    print("|---:|---:|---:|" + "---:|" * len(mixes) + "---:|---:|---:|---:|")
    out = []
    for fold in [int(f) for f in args.only.split(",")]:
        train_idx = [n for n, f in enumerate(folds) if f != fold]
        test_idx = [n for n, f in enumerate(folds) if f == fold][: args.limit]
        cached = args.cache / f"replay-{args.seed}-{fold}-{args.limit}.pickle" if args.cache else None
        if cached is not None and cached.exists():
            replay = pickle.loads(cached.read_bytes())
        else:
            model = Recommender.fit(problem.domain_sizes, [history.sale(n) for n in train_idx])
            replay = Replay(engine, history, model, test_idx, args.seed)
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(pickle.dumps(replay))
        t0 = time.perf_counter()
        nets = []
        kept = []
        for s in range(args.seeds):
            net, epoch = train(
                history.rows[train_idx],
                sizes,
                hidden=args.hidden,
                act=args.act,
                seed=1000 * fold + s,
                lr=args.lr,
                decay=args.decay,
                epochs=args.epochs,
                patience=args.patience,
            )
            nets.append(net)
            kept.append(epoch)
        train_s = time.perf_counter() - t0
        x = nets[0].encode(np.stack(replay.state))
        logp = np.mean([net.log_probs(x) for net in nets], axis=0)
        off = nets[0].off
        net_scores = [logp[n, off[c] + v] for n, (c, v) in enumerate(zip(replay.column, replay.valid, strict=True))]
        total = len(replay.truth)
        current = 100.0 * replay.wrong(replay.rec) / total
        mixed = {
            w: 100.0 * replay.wrong([(1 - w) * r + w * s for r, s in zip(replay.rec, net_scores, strict=True)]) / total
            for w in mixes
        }
        base = 100.0 * replay.baseline_wrong / total
        load = os.getloadavg()[0]
        cells = " | ".join(f"{mixed[w]:.3f}" for w in mixes)
        print(
            f"| {fold} | {total} | {current:.3f} | {cells} | {base:.3f} | {','.join(map(str, kept))} | "
            f"{train_s:.1f} | {load:.2f} |",
            flush=True,
        )
        out.append(
            {
                "fold": fold,
                "predictions": total,
                "current": current,
                "mix": mixed,
                "baseline": base,
                "kept": kept,
                "train_s": round(train_s, 1),
                "load": round(load, 2),
            }
        )
    n = len(out)
    cells = " | ".join(f"{sum(r['mix'][w] for r in out) / n:.3f}" for w in mixes)
    current_mean = sum(r["current"] for r in out) / n
    base_mean = sum(r["baseline"] for r in out) / n
    print(f"| mean | | {current_mean:.3f} | {cells} | {base_mean:.3f} | | | |")
    print()
    settings = {k: str(v) for k, v in vars(args).items()}
    print(json.dumps({"bench": "recommend_mlp_trial", "args": settings, "folds": out}))


if __name__ == "__main__":
    main()
