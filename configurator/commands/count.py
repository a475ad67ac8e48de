"""`count PATH`: print the exact number of valid configurations of a model file."""

from __future__ import annotations

import argparse
import sys

from configurator.engine import Engine
from configurator.errors import ConfiguratorError, UnsupportedOperationError
from configurator.loader import load_problem

NAME = "count"
HELP = "print the exact number of valid configurations (.xml XCSP, .dimacs/.cnf, .uvl)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="model file")


def run(args: argparse.Namespace) -> int:
    try:
        engine = Engine(load_problem(args.path))
        print(engine.count())
    except UnsupportedOperationError as exc:
        print("unknown")
        print(f"{exc} (fallback: {engine.fallback_reason})", file=sys.stderr)
        return 2
    except ConfiguratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
