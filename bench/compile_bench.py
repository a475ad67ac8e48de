"""Compile portfolio per model: every candidate's figures, the pick, and its click speed.

Usage (from the repository root): ``.venv/bin/python bench/compile_bench.py [--record]
[--models synth-99 synth-268 medium.xml] [--clicks N]``.

Models: the generated ones of ``bench/synthetic_models.py`` (by preset name) and the public
``medium.xml``. Each model runs in its own subprocess (peak MB is per model). Per candidate:
final BDD nodes (or live nodes when it stopped), BDD operations (the deterministic budget),
seconds and CUDD's memory; then, for the pick, the MDD size and the median valid-choices and
price-bounds times over random clicks. Prints a markdown table, then one JSON line;
``--record`` writes them as a section of bench/RESULTS.md. Seconds depend on the machine's
load (printed); nodes, operations and the pick do not.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic_models import PRESETS, describe, generate, structure  # noqa: E402

from configurator.engine import Engine  # noqa: E402
from configurator.loader import load_problem  # noqa: E402
from configurator.problem import Problem  # noqa: E402

BENCH = ROOT.parent / "shared" / "benchmarks"
RESULTS = ROOT / "bench" / "RESULTS.md"
TITLE = "Compile portfolio (`bench/compile_bench.py`)"
DEFAULT_MODELS = ("medium.xml", "synth-small", "synth-99", "synth-99-dense", "synth-268")


def _problem(name: str) -> Problem:
    if name in PRESETS:
        return generate(PRESETS[name])
    return load_problem(BENCH / "renault-medium" / name)


def measure(name: str, clicks: int) -> dict[str, Any]:
    """In this process: compile through the engine, then time random clicks on the pick."""
    problem = _problem(name)
    t0 = time.perf_counter()
    engine = Engine(problem)
    compile_s = time.perf_counter() - t0
    shape = describe(problem) + (f"; {structure(PRESETS[name])}" if name in PRESETS else "")
    row: dict[str, Any] = {"model": name, "shape": shape, "compile_s": round(compile_s, 2)}
    report = engine.compile_report
    row["backend"] = engine.backend
    row["fallback"] = engine.fallback_reason
    if report is not None and engine.mdd is not None:
        row["pick"] = report.pick
        row["candidates"] = [
            {
                "name": c.name,
                "ok": c.ok,
                "bdd_nodes": c.bdd_nodes,
                "ops": c.ops,
                "seconds": round(c.seconds, 2),
                "cudd_mb": round(c.cudd_mb, 1),
                "reason": c.reason,
            }
            for c in report.candidates
        ]
        row["mdd_nodes"], row["mdd_edges"] = engine.mdd.n_nodes, engine.mdd.n_edges
        row["count"] = str(engine.count())
        rng = random.Random(0)  # reproducible clicks
        costs = np.asarray([rng.randint(0, 100) for _ in range(int(engine.val_off[-1]))], float)
        choices_ms, bounds_ms = [], []
        assignment: dict[int, int] = {}
        for _ in range(clicks):
            t = time.perf_counter()
            choices = engine.valid_choices(assignment)
            choices_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            engine.bounds(assignment, costs)
            bounds_ms.append((time.perf_counter() - t) * 1000)
            free = [v for v in range(len(problem.variables)) if v not in assignment]
            if not free:
                assignment = {}
                continue
            var = rng.choice(free)
            assignment = {**assignment, var: rng.choice(choices.values[var])}
        row["choices_ms"] = round(float(np.median(choices_ms)), 3)
        row["bounds_ms"] = round(float(np.median(bounds_ms)), 3)
    row["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return row


def run_one(name: str, clicks: int, timeout: float) -> dict[str, Any]:
    load = os.getloadavg()[0]
    cmd = [sys.executable, __file__, "--child", name, "--clicks", str(clicks)]
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"model": name, "error": f"timed out after {timeout:g} s", "load": load}
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        err = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"model": name, "error": f"exit {proc.returncode}: {err}", "load": load}
    row: dict[str, Any] = json.loads(lines[-1])
    row["load"] = round(load, 2)
    return row


def render(rows: list[dict[str, Any]]) -> str:
    out = [
        "Per model, every candidate (variable order / conjunction schedule) in the order tried: *nodes* is",
        "the final BDD (or live nodes when the candidate stopped), *ops* the BDD operations counted by the",
        "compiler (the budget: identical on any machine), *s* its seconds, *MB* CUDD's memory. Then the",
        "pick (smallest diagram), its MDD, the whole compile, process peak, and medians over random clicks",
        "(valid choices, min/max price bounds). *load*: 1-minute load average at the start (2 cores).",
        "",
    ]
    for r in rows:
        out.append(f"### {r['model']}")
        out.append("")
        if "error" in r:
            out += [f"failed: {r['error']} (load {r['load']})", ""]
            continue
        out.append(f"{r['shape']}; load {r['load']}")
        out.append("")
        if r.get("fallback"):
            out += [f"SAT fallback: {r['fallback']}", ""]
            continue
        out += ["| candidate | nodes | ops | s | MB | result |", "|---|---:|---:|---:|---:|---|"]
        for c in r["candidates"]:
            mark = " (pick)" if c["name"] == r["pick"] else ""
            state = "ok" if c["ok"] else c["reason"]
            out.append(
                f"| {c['name']}{mark} | {c['bdd_nodes']:,} | {c['ops']:,} | {c['seconds']} | {c['cudd_mb']} | {state} |"
            )
        out += [
            "",
            f"pick **{r['pick']}**: MDD {r['mdd_nodes']:,} nodes / {r['mdd_edges']:,} edges, count "
            f"{int(r['count']):,}; compile {r['compile_s']} s; peak {r['peak_mb']} MB; choices "
            f"{r['choices_ms']} ms, bounds {r['bounds_ms']} ms (medians)",
            "",
        ]
    return "\n".join(out).rstrip()


def record(body: str, last: str) -> None:
    text = RESULTS.read_text(encoding="utf-8")
    section = f"## {TITLE}\n\n{body}\n\n```json\n{last}\n```\n"
    head = f"## {TITLE}"
    if head in text:
        before, rest = text.split(head, 1)
        nxt = rest.find("\n## ")
        text = before + section + (rest[nxt + 1 :] if nxt >= 0 else "")
    else:
        text = text.rstrip() + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=list(DEFAULT_MODELS))
    parser.add_argument("--clicks", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=900.0, help="per model")
    parser.add_argument("--record", action="store_true", help="write the section into bench/RESULTS.md")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.clicks)))
        return 0
    rows = []
    for name in args.models:
        print(f"{name} ...", file=sys.stderr, flush=True)
        rows.append(run_one(name, args.clicks, args.timeout))
    body = render(rows)
    last = json.dumps({"bench": "compile", "rows": rows}, separators=(",", ":"))
    print(body)
    print(last)
    if args.record:
        record(body, last)
        print(f"wrote {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
