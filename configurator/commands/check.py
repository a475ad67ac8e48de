"""`check PATH...`: exit 0 when every catalog loads, 1 with every located problem otherwise."""

from __future__ import annotations

import argparse
import sys

from modules.errors import CatalogError
from modules.loader import load_catalog

NAME = "check"
HELP = "check catalog files; print every problem as file:line:column: message"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="catalog YAML files")


def run(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.paths:
        try:
            catalog = load_catalog(path)
        except CatalogError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            continue
        rules = len(catalog.rules)
        print(f"{path}: ok ({catalog.name}: {len(catalog.modules)} modules, {rules} rules)")
    if failed:
        print(f"{failed} of {len(args.paths)} catalogs have problems", file=sys.stderr)
    return 1 if failed else 0
