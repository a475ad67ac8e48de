"""Recommendations learned from sales on the Renault "medium" model: wrong guesses per fold.

Usage (from the repository root):
``.venv/bin/python bench/recommend_bench.py [--folds FILE] [--only 0,9] [--limit N] [--seed S]``

For each fold, learns from the other nine and replays the held-out sales as
`python -m configurator recommend` does (see `configurator.recommend_eval`): every sale is
revealed in a seeded random order and each variable is predicted among the engine's valid
values before it is revealed. Prints one table row per fold (wrong %, the most-popular-valid-value
baseline, ms per prediction including the engine's valid values, the 1-minute load average) and
a JSON object last. Without ``--folds``, a seeded split that keeps identical sales in one fold.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from configurator.engine import Engine  # noqa: E402  (after the path is set)
from configurator.loader import load_problem  # noqa: E402
from configurator.recommend_eval import evaluate, grouped_folds, read_folds, read_history  # noqa: E402

DATA = ROOT.parent / "shared" / "benchmarks" / "renault-medium"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=Path, default=None, help="one fold digit per sale (default: seeded split)")
    parser.add_argument("--only", default="0,1,2,3,4,5,6,7,8,9", help="comma-separated folds to run")
    parser.add_argument("--limit", type=int, default=None, help="held-out sales per fold (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    model, sales = DATA / "medium.xml", DATA / "sales-history.txt"
    if not sales.exists():
        print(f"sales history not found at {sales}")
        print(json.dumps({"bench": "recommend", "error": "no data"}))
        return
    problem = load_problem(model)
    history = read_history(sales, problem)
    if args.folds is None:
        folds, split = grouped_folds(history.rows, seed=args.seed), f"seeded split (seed {args.seed})"
    else:
        folds, split = read_folds(args.folds, len(history.rows)), f"folds from {args.folds.name}"
    engine = Engine(problem)
    print(f"{len(history.rows)} sales of {len(history.columns)} variables; {split}; reveal-order seed {args.seed}")
    print(
        "settings: RecommendSettings() defaults (pairwise ones chosen on folds 0-4 of the public CFN-learn split, "
        "index_csv_medium.txt; the agreeing-sales mix on folds 0-4 of the seeded split); "
        "baseline: the valid value sold most often"
    )
    print()
    print("| fold | learned from | held out | predictions | wrong % | baseline wrong % | ms / prediction | load |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    for fold in [int(f) for f in args.only.split(",")]:
        t0 = time.perf_counter()
        result = evaluate(engine, history, folds, fold, seed=args.seed, limit=args.limit)
        load = os.getloadavg()[0]
        row = {**result.summary(), "load": round(load, 2), "wall_s": round(time.perf_counter() - t0, 1)}
        rows.append(row)
        print(
            f"| {fold} | {result.train} | {result.test} | {result.predictions} | {result.wrong_pct:.2f} | "
            f"{result.baseline_wrong_pct:.2f} | {result.ms_per_prediction:.2f} | {load:.2f} |",
            flush=True,
        )
    predictions = sum(int(r["predictions"]) for r in rows)
    wrong = sum(float(r["wrong_pct"]) * int(r["predictions"]) for r in rows) / max(predictions, 1)
    base = sum(float(r["baseline_wrong_pct"]) * int(r["predictions"]) for r in rows) / max(predictions, 1)
    ms = sum(float(r["ms_per_prediction"]) * int(r["predictions"]) for r in rows) / max(predictions, 1)
    print(f"| all | | | {predictions} | {wrong:.2f} | {base:.2f} | {ms:.2f} | |")
    summary = {
        "bench": "recommend",
        "split": split,
        "predictions": predictions,
        "wrong_pct": round(wrong, 3),
        "baseline_wrong_pct": round(base, 3),
        "ms_per_prediction": round(ms, 3),
        "folds": rows,
    }
    print()
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
