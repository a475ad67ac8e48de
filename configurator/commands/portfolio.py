"""`portfolio PATH`: compile a model with every candidate order and show what each cost.

One line per (variable order, conjunction schedule) candidate: final BDD nodes (or live
nodes when it stopped), BDD operations, seconds, CUDD memory, and why it stopped; the pick
(smallest diagram) is marked ``*``. Budgets are counts (``--max-nodes``, ``--max-ops``),
so the pick is the same on every machine; only the seconds vary.
"""

from __future__ import annotations

import argparse
import sys
import time

from configurator.compile import Budget, compile_report
from configurator.errors import CompileBudgetExceeded, ConfiguratorError
from configurator.loader import load_problem

NAME = "portfolio"
HELP = "compile with every candidate variable order; show each one's size and cost and the pick"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    default = Budget()
    parser.add_argument("path", metavar="PATH", help="model file")
    parser.add_argument("--max-nodes", type=int, default=default.max_nodes, help="live BDD nodes per candidate")
    parser.add_argument("--max-ops", type=int, default=default.max_ops, help="BDD operations per candidate")
    parser.add_argument("--max-total-ops", type=int, default=default.max_total_ops, help="BDD operations in all")


def run(args: argparse.Namespace) -> int:
    if min(args.max_nodes, args.max_ops, args.max_total_ops) <= 0:
        print("error: --max-nodes, --max-ops and --max-total-ops must be positive", file=sys.stderr)
        return 1
    try:
        problem = load_problem(args.path)
        t0 = time.perf_counter()
        report = compile_report(
            problem, Budget(max_nodes=args.max_nodes, max_ops=args.max_ops, max_total_ops=args.max_total_ops)
        )
    except CompileBudgetExceeded as exc:
        print(f"no decision diagram: {exc.reason}")
        return 2
    except (ConfiguratorError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - t0
    for line in report.lines():
        print(line)
    mdd = report.mdd
    print(f"pick {report.pick}: MDD {mdd.n_nodes:,} nodes, {mdd.n_edges:,} edges; compile {seconds:.2f} s")
    return 0
