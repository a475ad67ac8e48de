"""Catalog proof time per sample catalog: in process (median of 3) and through the bounded
runner (a separate process, including its start-up), plus 200 generated hostile catalogs.

Prints a Markdown table, then one JSON line. Run: `.venv/bin/python bench/proof_bench.py`.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pricing.proof import prove_text  # noqa: E402
from pricing.proof_runner import run_proof  # noqa: E402
from tests.hostile_catalogs import hostile_catalogs  # noqa: E402


def main() -> None:
    csv_files = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "catalogs").glob("*.csv")}
    rows: dict[str, dict[str, object]] = {}
    print("| catalog | products | backend | in-process proof s (median of 3) | bounded runner s | load |")
    print("|---|---:|---|---:|---:|---:|")
    for path in sorted((ROOT / "catalogs").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        load = os.getloadavg()[0]
        times = []
        for _ in range(3):
            started = time.perf_counter()
            report = prove_text(text, file=path.name, csv_files=csv_files)
            times.append(time.perf_counter() - started)
        started = time.perf_counter()
        outside = run_proof(file=path.name, text=text, csv_files=csv_files)
        runner = time.perf_counter() - started
        assert report.ok and outside.ok, [str(p) for p in report.problems + outside.problems]
        median = statistics.median(times)
        rows[path.name] = {"in_process_s": round(median, 3), "runner_s": round(runner, 3), "load": round(load, 2)}
        print(
            f"| {path.name} | {report.count:,} | {report.backend} | {median:.3f} | {runner:.3f} | {load:.2f} |",
            flush=True,
        )
    durations = []
    accepted = 0
    load = os.getloadavg()[0]
    for hostile in hostile_catalogs(20261130, 200):
        started = time.perf_counter()
        report = prove_text(hostile.text, file=hostile.name, csv_files=hostile.csv_files)
        durations.append(time.perf_counter() - started)
        accepted += report.ok
    durations.sort()
    hostile = {
        "count": len(durations),
        "accepted": accepted,
        "p50_s": round(durations[len(durations) // 2], 4),
        "p95_s": round(durations[int(len(durations) * 0.95)], 4),
        "max_s": round(durations[-1], 3),
        "over_2s": sum(d > 2 for d in durations),
        "load": round(load, 2),
    }
    print(
        f"\n200 hostile catalogs (seed 20261130, in process): {accepted} accepted; p50 {hostile['p50_s']} s, "
        f"p95 {hostile['p95_s']} s, max {hostile['max_s']} s, {hostile['over_2s']} over 2 s (load {load:.2f})"
    )
    print(json.dumps({"catalogs": rows, "hostile": hostile}))


if __name__ == "__main__":
    main()
