"""`bench PATH [--clicks N] [--seed S]`: replay random click sequences and time them.

Each click picks a random unassigned variable and a random still-available value for it;
a sequence restarts when the configuration is complete. Per click we time the valid
choices, the price bounds of every option (random integer costs per value, or the JSON
``--costs`` map ``{"var": {"value": cost}}``), and on every few clicks an explanation and
its repairs for a random unavailable value. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from pathlib import Path
from typing import Any

import numpy as np

from configurator.engine import Engine
from configurator.errors import UnsupportedOperationError
from configurator.loader import load_problem

NAME = "bench"
HELP = "replay random click sequences; last line: a JSON summary of timings"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="model file")
    parser.add_argument("--clicks", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--costs", type=Path, default=None, help="JSON cost map")
    parser.add_argument("--explain-every", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=None, help="stop clicking after this many seconds")


def _stats(ms: list[float]) -> dict[str, float] | None:
    if not ms:
        return None
    a = np.asarray(ms)
    return {
        "median": round(float(np.median(a)), 3),
        "p90": round(float(np.percentile(a, 90)), 3),
        "max": round(float(a.max()), 3),
    }


def _costs(engine: Engine, args: argparse.Namespace, rng: random.Random) -> Any:
    problem = engine.problem
    if args.costs is None:
        return np.asarray([rng.randint(0, 100) for _ in range(int(engine.val_off[-1]))], float)
    given = json.loads(args.costs.read_text())
    table = {}
    for name, row in given.items():
        var = problem.index(name)
        for label, cost in row.items():
            table[(var, problem.value_index(var, label))] = float(cost)
    return table


def run(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)  # noqa: S311  (reproducible click paths, not crypto)
    problem = load_problem(args.path)
    t0 = time.perf_counter()
    engine = Engine(problem)
    engine.warm_up()
    compile_s = time.perf_counter() - t0
    print(f"backend {engine.backend}; compile {compile_s:.3f} s", flush=True)
    if engine.fallback_reason:
        print(f"fallback: {engine.fallback_reason}", flush=True)
    try:
        count = str(engine.count())
    except UnsupportedOperationError as exc:
        count = "unknown"
        print(f"count: {exc.reason}")
    costs = _costs(engine, args, rng)
    n = len(problem.variables)
    choices_ms: list[float] = []
    bounds_ms: list[float] = []
    explain_ms: list[float] = []
    repairs_ms: list[float] = []
    assignment: dict[int, int] = {}
    possible = engine.valid_choices({}).values  # dead values are not worth explaining
    started = time.perf_counter()
    clicks = 0
    for click in range(args.clicks):
        if args.time_limit is not None and time.perf_counter() - started > args.time_limit:
            break
        clicks += 1
        t = time.perf_counter()
        choices = engine.valid_choices(assignment)
        choices_ms.append((time.perf_counter() - t) * 1000)
        if engine.backend == "mdd":
            t = time.perf_counter()
            engine.bounds(assignment, costs)
            bounds_ms.append((time.perf_counter() - t) * 1000)
        free = [v for v in range(n) if v not in assignment]
        if args.explain_every and click % args.explain_every == 0:
            blocked = [(v, a) for v in free for a in possible[v] if a not in choices.values[v]]
            if blocked:
                v, a = rng.choice(blocked)
                t = time.perf_counter()
                engine.explain(assignment, v, a)
                explain_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                engine.repairs(assignment, v, a)
                repairs_ms.append((time.perf_counter() - t) * 1000)
        if not free:
            assignment = {}
            continue
        var = rng.choice(free)
        assignment = {**assignment, var: rng.choice(choices.values[var])}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = {
        "model": Path(args.path).name,
        "backend": engine.backend,
        "fallback_reason": engine.fallback_reason,
        "count": count,
        "compile_s": round(compile_s, 3),
        "peak_mb": round(peak_mb, 1),
        "clicks": clicks,
        "choices_ms": _stats(choices_ms),
        "bounds_ms": _stats(bounds_ms),
        "explain_ms": _stats(explain_ms),
        "repairs_ms": _stats(repairs_ms),
    }
    for key in ("choices_ms", "bounds_ms", "explain_ms", "repairs_ms"):
        print(f"{key}: {summary[key]}")
    print(json.dumps(summary))
    return 0
