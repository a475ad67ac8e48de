"""`portfolio PATH`: compile a model with every candidate order and show what each cost.

One line per (variable order, conjunction schedule) candidate: final BDD nodes (or live
nodes when it stopped), BDD operations, seconds, CUDD memory, and why it stopped; the pick
(smallest diagram) is marked ``*``. Budgets are counts (``--max-nodes``, ``--max-ops``,
``--max-total-ops``, ``--lead-ops``, ``--runner-ups``, ``--enough-nodes``, ``--max-memory-mb``:
see :class:`configurator.compile.Budget`), so the pick is the same on every machine; only the
seconds vary.
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


# (flag, Budget field, smallest allowed value, help)
_COUNTS: tuple[tuple[str, str, int, str], ...] = (
    ("--max-nodes", "max_nodes", 1, "live BDD nodes per candidate"),
    ("--max-ops", "max_ops", 1, "BDD operations per candidate"),
    ("--max-total-ops", "max_total_ops", 1, "BDD operations in all (the first candidate's come on top)"),
    ("--lead-ops", "lead_ops", 1, "BDD operations the first candidate may spend"),
    (
        "--runner-ups",
        "runner_ups",
        0,
        "candidates still tried after a first one that needed more than --max-ops",
    ),
    ("--enough-nodes", "enough_nodes", 0, "a diagram this small (BDD nodes) ends the search"),
    ("--max-memory-mb", "max_memory_bytes", 1, "CUDD's memory cap in MB"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    default = Budget()
    parser.add_argument("path", metavar="PATH", help="model file")
    for flag, field, _, text in _COUNTS:
        value = getattr(default, field)
        if field == "max_memory_bytes":
            value //= 1 << 20
        parser.add_argument(flag, type=int, default=value, help=f"{text} (default {value:,})")


def budget_from(args: argparse.Namespace) -> Budget:
    """The :class:`Budget` the flags ask for; ValueError names the first flag out of range."""
    values: dict[str, int] = {}
    for flag, field, least, _ in _COUNTS:
        value = getattr(args, flag[2:].replace("-", "_"))
        if value < least:
            raise ValueError(f"{flag} must be {'positive' if least else 'zero or more'}, not {value}")
        values[field] = value << 20 if field == "max_memory_bytes" else value
    return Budget(
        max_nodes=values["max_nodes"],
        max_ops=values["max_ops"],
        max_total_ops=values["max_total_ops"],
        lead_ops=values["lead_ops"],
        runner_ups=values["runner_ups"],
        enough_nodes=values["enough_nodes"],
        max_memory_bytes=values["max_memory_bytes"],
    )


def run(args: argparse.Namespace) -> int:
    try:
        budget = budget_from(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        problem = load_problem(args.path)
        t0 = time.perf_counter()
        report = compile_report(problem, budget)
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
