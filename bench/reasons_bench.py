"""What the "why not?" reasons of a state call cost (`store.configuration_checks.unavailable_choices`:
the reason and the first working repair of every unavailable option), per shipped catalog, along
the click journeys the scale bench's buyers make: a product opened, then one click at a time on an
option the previous state offered. The in-process memos start empty, so the figures include the
misses a replica sees. Prints one JSON line per catalog: milliseconds per state call and the
number of shortest-path searches (`MDD.best_path`) the reasons took, and the CPU time.

Usage (from the repository root): ``.venv/bin/python bench/reasons_bench.py [--journeys N] [--clicks N] [--seed S]``.
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

from configurator import mdd  # noqa: E402
from configurator.catalog_engine import CatalogEngine  # noqa: E402
from modules.catalog import Catalog  # noqa: E402
from modules.expr import Value  # noqa: E402
from modules.loader import load_catalog  # noqa: E402
from store import configuration, configuration_checks  # noqa: E402
from store.memo import Memo  # noqa: E402


def _clear_memos() -> None:
    for module in (configuration, configuration_checks):
        for value in vars(module).values():
            if isinstance(value, Memo):
                value.clear()


def _journeys(engine: CatalogEngine, rng: random.Random, journeys: int, clicks: int) -> list[dict[str, Value]]:
    """The selections of `journeys` buyers, each clicking `clicks` times from an empty design."""
    states: list[dict[str, Value]] = []
    for _ in range(journeys):
        selection: dict[str, Value] = {}
        states.append(selection)
        for _ in range(clicks):
            grown = _one_more(engine, rng, selection)
            if grown is None:
                break
            selection = grown
            states.append(selection)
    return states


def _one_more(engine: CatalogEngine, rng: random.Random, selection: dict[str, Value]) -> dict[str, Value] | None:
    """The selection after one more click the state offers (another available option of a single
    choice); None when there is nothing left to click."""
    state = engine.state(selection)
    clicks = [
        (m.code, o.code)
        for m in state.modules
        if m.applicable and m.kind == "single"
        for o in m.options
        if o.available and not o.selected
    ]
    if not clicks:
        return None
    module, option = rng.choice(clicks)
    return engine.choose(selection, module, option)


def bench(path: Path, journeys: int, clicks: int, seed: int) -> dict[str, object]:
    catalog: Catalog = load_catalog(path)
    fingerprint = catalog.fingerprint()
    engine = configuration.compiled_engine(catalog=catalog, fingerprint=fingerprint)
    selections = _journeys(engine, random.Random(seed), journeys, clicks)
    _clear_memos()
    configuration.compiled_engine(catalog=catalog, fingerprint=fingerprint)  # compiled, not timed
    searches = 0
    original = mdd.MDD.best_path

    def counted(self: mdd.MDD, *args: object, **kwargs: object) -> object:
        nonlocal searches
        searches += 1
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    mdd.MDD.best_path = counted  # type: ignore[assignment,method-assign]
    samples: list[float] = []
    cpu = time.process_time()
    try:
        for selection in selections:
            t = time.perf_counter()
            configuration_checks.unavailable_choices(catalog=catalog, fingerprint=fingerprint, selection=selection)
            samples.append(time.perf_counter() - t)
    finally:
        mdd.MDD.best_path = original  # type: ignore[method-assign]
    cpu = time.process_time() - cpu
    ordered = sorted(samples)
    return {
        "catalog": path.name,
        "states": len(samples),
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))] * 1000, 2),
        "total_s": round(sum(samples), 2),
        "cpu_s": round(cpu, 2),  # this process's CPU time: steadier than wall time on a shared machine
        "searches": searches,
        "load": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=8)
    parser.add_argument("--clicks", type=int, default=10)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    for path in sorted((ROOT / "catalogs").glob("*.yaml")):
        print(json.dumps(bench(path, args.journeys, args.clicks, args.seed)), flush=True)


if __name__ == "__main__":
    main()
