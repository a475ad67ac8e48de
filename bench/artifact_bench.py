"""Compile once, load everywhere: compile seconds vs artifact load milliseconds.

Usage (from the repository root): ``.venv/bin/python bench/artifact_bench.py [--repeat N]``.

For every sample catalog (catalogs/*.yaml) and the Renault medium model
(``../shared/benchmarks/renault-medium/medium.xml``): the time to compile the engine, the
artifact's size, the time to serialise it, and the median time to load it back
(``configurator.artifact``), which is what every app process pays instead of the compile.
Prints one row per model and the machine's load average; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from configurator.artifact import dump_catalog_engine, dump_engine, load_catalog_engine, load_engine  # noqa: E402
from configurator.catalog_engine import CatalogEngine  # noqa: E402
from configurator.engine import Engine  # noqa: E402
from configurator.importers.xcsp import load_xcsp  # noqa: E402
from modules.loader import load_catalog  # noqa: E402

MEDIUM = ROOT.parent / "shared" / "benchmarks" / "renault-medium" / "medium.xml"


def _median_ms(run: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()  # type: ignore[operator]
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="loads per model (the median is shown)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (cpus {os.cpu_count()})")
    print(f"{'model':<14} {'backend':<7} {'nodes':>9} {'compile s':>10} {'dump ms':>8} {'size kB':>9} {'load ms':>8}")
    for path in sorted((ROOT / "catalogs").glob("*.yaml")):
        catalog = load_catalog(path)
        t0 = time.perf_counter()
        engine = CatalogEngine(catalog)
        compile_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        blob = dump_catalog_engine(engine, compile_seconds=compile_s)
        dump_ms = (time.perf_counter() - t0) * 1000
        load_ms = _median_ms(lambda: load_catalog_engine(blob, catalog=catalog), args.repeat)  # noqa: B023
        nodes = engine.engine.mdd.n_nodes if engine.engine.mdd is not None else 0
        print(
            f"{path.stem:<14} {engine.engine.backend:<7} {nodes:>9,} {compile_s:>10.3f} {dump_ms:>8.1f}"
            f" {len(blob) / 1024:>9.1f} {load_ms:>8.1f}"
        )
    if not MEDIUM.exists():
        print(f"{MEDIUM} not found: the Renault row is left out")
        return
    problem = load_xcsp(MEDIUM)
    t0 = time.perf_counter()
    big = Engine(problem)
    compile_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    blob = dump_engine(big, compile_seconds=compile_s)
    dump_ms = (time.perf_counter() - t0) * 1000
    key = problem.fingerprint()
    load_ms = _median_ms(lambda: load_engine(blob, content_hash=key), args.repeat)
    nodes = big.mdd.n_nodes if big.mdd is not None else 0
    print(
        f"{'renault-med':<14} {big.backend:<7} {nodes:>9,} {compile_s:>10.3f} {dump_ms:>8.1f}"
        f" {len(blob) / 1024:>9.1f} {load_ms:>8.1f}"
    )
    print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
