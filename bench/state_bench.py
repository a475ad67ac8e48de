"""What a buyer's click costs in the catalog engine, per shipped catalog: `CatalogEngine.state`
(valid choices, completeness, count) after each of a seeded sequence of random available clicks,
and "finish for me" in the default and most-popular modes. Prints one JSON line per catalog.

Usage (from the repository root): ``.venv/bin/python bench/state_bench.py [--clicks N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from configurator.catalog_engine import CatalogEngine  # noqa: E402
from modules.loader import load_catalog  # noqa: E402
from tests.test_store.test_every_catalog_orders import random_design  # noqa: E402


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median": round(statistics.median(ordered) * 1000, 2),
        "p90": round(ordered[int(0.9 * (len(ordered) - 1))] * 1000, 2),
        "max": round(ordered[-1] * 1000, 2),
    }


def bench(path: Path, clicks: int, seed: int) -> dict[str, object]:
    t0 = time.perf_counter()
    engine = CatalogEngine(load_catalog(path))
    compile_s = time.perf_counter() - t0
    rng = random.Random(seed)
    state_s: list[float] = []
    finish_s: list[float] = []
    for _ in range(clicks):
        design = random_design(engine, rng, rng.randint(0, 6))
        t = time.perf_counter()
        engine.state(design)
        state_s.append(time.perf_counter() - t)
        t = time.perf_counter()
        engine.complete(design)
        finish_s.append(time.perf_counter() - t)
    return {
        "catalog": path.name,
        "compile_s": round(compile_s, 2),
        "state_ms": _ms(state_s),
        "finish_ms": _ms(finish_s),
        "load": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for path in sorted((ROOT / "catalogs").glob("*.yaml")):
        print(json.dumps(bench(path, args.clicks, args.seed)))


if __name__ == "__main__":
    main()
