"""`recommend MODEL --history SALES [--folds FOLDS] [--fold K]`: how often recommendations learned
from past sales guess a held-out buyer's next choice (see `configurator.recommend_eval`).

Prints the fold's figures, then a JSON last line with ``predictions``, ``wrong_pct``,
``baseline_wrong_pct`` (the most popular valid value) and ``ms_per_prediction`` (the engine's
valid values plus the ranking).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from configurator.engine import Engine
from configurator.errors import ConfiguratorError
from configurator.loader import load_problem
from configurator.recommend_eval import evaluate, grouped_folds, read_folds, read_history

NAME = "recommend"
HELP = "replay held-out sales; last line: JSON with wrong_pct vs the most-popular baseline"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="MODEL", help="model file")
    parser.add_argument("--history", required=True, metavar="SALES", help="sales history (names line, then sales)")
    parser.add_argument("--folds", default=None, metavar="FOLDS", help="fold digit per sale (default: seeded split)")
    parser.add_argument("--fold", type=int, default=9, choices=range(10), metavar="K", help="held-out fold (default 9)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the reveal orders and of the default split")
    parser.add_argument("--limit", type=int, default=None, help="replay at most this many held-out sales")


def run(args: argparse.Namespace) -> int:
    try:
        problem = load_problem(args.path)
        history = read_history(args.history, problem)
        if args.folds is None:
            folds = grouped_folds(history.rows, seed=args.seed)
        else:
            folds = read_folds(args.folds, len(history.rows))
        engine = Engine(problem)
    except (ConfiguratorError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    result = evaluate(engine, history, folds, args.fold, seed=args.seed, limit=args.limit)
    split = "given folds" if args.folds else f"seeded split (seed {args.seed})"
    print(f"fold {args.fold} of the {split}: learned from {result.train} sales, replayed {result.test}")
    print(f"wrong: {result.wrong_pct:.2f}% (most popular valid value: {result.baseline_wrong_pct:.2f}%)")
    print(f"{result.ms_per_prediction:.3f} ms per prediction; {time.perf_counter() - t0:.1f} s in all")
    print(json.dumps(result.summary()))
    return 0
