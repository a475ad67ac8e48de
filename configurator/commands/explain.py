"""`explain PATH --choose var=value ... --why var=value`: why a value is unavailable and
which choices to change to free it."""

from __future__ import annotations

import argparse
import sys

from configurator.engine import Engine
from configurator.errors import ConfiguratorError
from configurator.loader import load_problem

NAME = "explain"
HELP = "explain why var=value is unavailable after the given choices, and list repairs"


def _pair(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected var=value, got {text!r}")
    var, value = text.split("=", 1)
    return var, value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="model file")
    parser.add_argument("--choose", type=_pair, action="append", default=[], metavar="VAR=VALUE")
    parser.add_argument("--why", type=_pair, required=True, metavar="VAR=VALUE")


def run(args: argparse.Namespace) -> int:
    try:
        problem = load_problem(args.path)
        engine = Engine(problem)
        assignment: dict[int, int] = {}
        for name, label in args.choose:
            var = problem.index(name)
            assignment = engine.choose(assignment, var, problem.value_index(var, label))
        var = problem.index(args.why[0])
        value = problem.value_index(var, args.why[1])
    except ConfiguratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    def show(v: int, a: int) -> str:
        return f"{problem.variables[v].name}={problem.variables[v].values[a]}"

    target = show(var, value)
    why = engine.explain(assignment, var, value)
    if not why.conflict and not why.rules:
        print(f"{target} is available")
        return 0
    if not why.conflict:
        print(f"{target} is never available (rules: {', '.join(why.rules)})")
        return 0
    chosen = ", ".join(show(v, a) for v, a in why.conflict.items())
    print(f"{target} is unavailable because of: {chosen}")
    print(f"rules involved: {', '.join(why.rules) or '-'}")
    for fix in engine.repairs(assignment, var, value):
        print("repair: change " + ", ".join(show(v, assignment[v]) for v in fix))
    return 0
