"""`check PATH...`: prove each catalog (load, compile, count, model checks, cheapest and dearest
quote) in a bounded child process; exit 0 when all pass, 1 with every located problem otherwise.

The proof prices designs, so it lives in `pricing` (above this package): it is started as
`python -m pricing.proof_runner`, a separate process, never imported here.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

NAME = "check"
HELP = "prove catalog files (load, compile, count, checks, quotes); print problems as file:line:column: message"
ROOT = Path(__file__).resolve().parents[2]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="catalog YAML files")
    parser.add_argument("--seconds", type=float, default=30.0, help="wall-clock limit per catalog (default 30)")
    parser.add_argument("--memory-mb", type=int, default=1536, help="memory limit per catalog in MB (default 1536)")


def run(args: argparse.Namespace) -> int:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    command = [
        sys.executable,
        "-m",
        "pricing.proof_runner",
        f"--seconds={args.seconds}",
        f"--memory-bytes={args.memory_mb * 1024 * 1024}",
        *args.paths,
    ]
    return subprocess.run(command, env=env, check=False).returncode  # noqa: S603 - our interpreter and module
