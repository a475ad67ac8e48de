"""`python -m configurator`: one argparse sub-command per module in `configurator/commands/`.

A command module defines `NAME`, `HELP`, `add_arguments(parser)` and `run(args) -> int`
(the exit code). To add a command, add a module there and list it in `COMMANDS`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

COMMANDS = ("check", "schema", "count", "bench", "explain", "recommend", "portfolio")


def _load(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"configurator.commands.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"configurator.commands.{name}":
            return None
        raise


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    parser = argparse.ArgumentParser(
        prog="python -m configurator",
        description="Check catalogs and work with the rules engine.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    modules: dict[str, ModuleType] = {}
    for name in COMMANDS:
        module = _load(name)
        if module is None:
            continue
        modules[module.NAME] = module
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
    return parser, modules


def main(argv: Sequence[str] | None = None) -> int:
    parser, modules = build_parser()
    args = parser.parse_args(argv)
    code: int = modules[args.command].run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
