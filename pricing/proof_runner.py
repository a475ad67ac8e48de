"""The catalog proof in a separate process with hard limits, so a bad catalog cannot hold the caller.

`run_proof(text=..., file=..., csv_files=...)` starts `python -m pricing.proof_runner --json`,
sends the catalog on stdin and reads the `ProofReport` back as JSON. The child limits its own
address space (`RLIMIT_AS`) and CPU time (`RLIMIT_CPU`); the parent kills it when the wall-clock
limit passes. A timeout, a memory failure, a crash or an internal error is a refusal located at
the file's first line, never an exception of the caller.

`python -m pricing.proof_runner PATH...` proves catalog files (CSV tables are read from each
file's folder), one bounded child per file, printing `file:line:column: message` for every
problem and one summary line per catalog; exit status 1 if any catalog is refused.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from modules.errors import Problem, ProblemCode
from pricing.proof_report import ProofLimits, ProofReport

ROOT = Path(__file__).resolve().parent.parent


def _refusal(file: str, message: str, started: float) -> ProofReport:
    problem = Problem(file, 1, 1, ProblemCode.TOO_LARGE, message)
    return ProofReport(file, (problem,), seconds=time.perf_counter() - started)


def run_proof(
    *,
    file: str,
    text: str | None = None,
    csv_files: Mapping[str, str] | None = None,
    path: str | None = None,
    limits: ProofLimits | None = None,
) -> ProofReport:
    """Prove a catalog given as text (+ CSV tables) or as a `path`, in a bounded child process."""
    limits = limits or ProofLimits()
    started = time.perf_counter()
    payload = json.dumps({"file": file, "text": text, "csv_files": dict(csv_files or {}), "path": path})
    command = [
        sys.executable,
        "-m",
        "pricing.proof_runner",
        "--json",
        f"--seconds={limits.seconds}",
        f"--memory-bytes={limits.memory_bytes}",
        f"--max-nodes={limits.max_nodes}",
        f"--max-bits={limits.max_bits}",
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module, arguments as a list
            command, input=payload, capture_output=True, text=True, timeout=limits.seconds, env=env, check=False
        )
    except subprocess.TimeoutExpired:  # run() kills the child before raising
        return _refusal(file, f"the catalog proof did not finish within {limits.seconds:g} s", started)
    try:
        return ProofReport.from_json(json.loads(done.stdout))
    except (ValueError, KeyError, TypeError):
        pass
    if done.returncode < 0 or "MemoryError" in done.stderr:
        mb = limits.memory_bytes // (1024 * 1024)
        return _refusal(file, f"the catalog proof stopped: it needs more than {mb:,} MB or CPU time", started)
    return _refusal(file, f"the catalog proof failed (exit status {done.returncode})", started)


# -- the child ------------------------------------------------------------------------------------
def _limit_self(limits: ProofLimits) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    cpu = math.ceil(limits.seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _prove_request(request: Mapping[str, Any], limits: ProofLimits) -> ProofReport:
    from modules.errors import CatalogError
    from modules.loader import load_catalog
    from pricing.proof import prove_catalog, prove_text

    file = str(request["file"])
    path = request.get("path")
    if path is None:
        return prove_text(str(request["text"]), file=file, csv_files=request.get("csv_files") or {}, limits=limits)
    started = time.perf_counter()
    try:
        catalog = load_catalog(str(path))  # size-limited, CSV tables from its folder
    except CatalogError as exc:
        return ProofReport(file, exc.problems, seconds=time.perf_counter() - started)
    text = Path(path).read_text(encoding="utf-8-sig")
    report = prove_catalog(catalog, text=text, file=file, limits=limits)
    return ProofReport(**{**report.__dict__, "seconds": time.perf_counter() - started})


def _child(limits: ProofLimits) -> int:
    import pricing.proof  # noqa: F401 - the engines' own imports are not the catalog's memory

    _limit_self(limits)
    request = json.loads(sys.stdin.read())
    file = str(request.get("file") or "catalog")
    started = time.perf_counter()
    try:
        report = _prove_request(request, limits)
    except MemoryError:
        mb = limits.memory_bytes // (1024 * 1024)
        report = _refusal(file, f"the catalog proof needs more than {mb:,} MB", started)
    except RecursionError:
        report = _refusal(file, "the catalog proof nested too deeply", started)
    except Exception as exc:  # a bug found by a catalog: refuse the catalog, keep the trace for us
        traceback.print_exc(file=sys.stderr)
        reason = (str(exc).strip().splitlines() or [""])[0][:200]
        report = _refusal(file, f"the catalog proof failed: {type(exc).__name__}: {reason}", started)
    sys.stdout.write(json.dumps(report.as_json()))
    return 0


def _print(report: ProofReport) -> None:
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(report.summary(), file=sys.stdout if report.ok else sys.stderr)


def prove_paths(paths: Sequence[str], limits: ProofLimits) -> int:
    """Prove each file in its own bounded child; print located problems; 1 if any is refused."""
    failed = 0
    for path in paths:
        report = run_proof(file=path, path=str(Path(path).resolve()), limits=limits)
        _print(report)
        failed += not report.ok
    if failed:
        print(f"{failed} of {len(paths)} catalogs have problems", file=sys.stderr)
    return 1 if failed else 0


def add_limit_arguments(parser: argparse.ArgumentParser) -> None:
    default = ProofLimits()
    parser.add_argument("--seconds", type=float, default=default.seconds, help="wall-clock limit per catalog")
    parser.add_argument("--memory-bytes", type=int, default=default.memory_bytes, help="address space limit")
    parser.add_argument("--max-nodes", type=int, default=default.max_nodes, help="decision diagram nodes")
    parser.add_argument("--max-bits", type=int, default=default.max_bits, help="decision diagram variables")


def limits_of(args: argparse.Namespace) -> ProofLimits:
    return ProofLimits(
        seconds=args.seconds,
        memory_bytes=args.memory_bytes,
        max_nodes=args.max_nodes,
        max_bits=args.max_bits,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pricing.proof_runner", description=__doc__)
    parser.add_argument("paths", nargs="*", metavar="PATH", help="catalog YAML files")
    parser.add_argument("--json", action="store_true", help="child mode: a request on stdin, a report on stdout")
    add_limit_arguments(parser)
    args = parser.parse_args(argv)
    limits = limits_of(args)
    if args.json:
        return _child(limits)
    if not args.paths:
        parser.error("give at least one catalog file")
    return prove_paths(args.paths, limits)


if __name__ == "__main__":
    sys.exit(main())
