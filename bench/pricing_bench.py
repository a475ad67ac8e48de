"""Pricing benchmarks: `quote` latency and price bounds per click.

Usage (from the repository root): ``.venv/bin/python bench/pricing_bench.py [--quotes N] [--clicks N]``.

- `quote` p50/p95 on every sample catalog, over random valid completions (random quantity,
  destination, delivery mode and coupon);
- price bounds for every option per click (`PriceBounds.info_at`, i.e. `Engine.bounds` plus
  building the per-value answer) along random click paths on the sample catalogs, then the
  extra cost of `PriceBounds.effects` (one more `Engine.bounds` per chosen module), and
  `Engine.bounds` with random per-value costs on the Renault model
  (``../shared/benchmarks/renault-medium/medium.xml``).

Prints a markdown table, then, as its last line, one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from configurator.catalog_model import compile_catalog  # noqa: E402
from configurator.engine import Engine  # noqa: E402
from configurator.loader import load_problem  # noqa: E402
from modules.loader import load_catalog  # noqa: E402
from pricing.bounds import PriceBounds, concrete_selection  # noqa: E402
from pricing.context import QuoteContext  # noqa: E402
from pricing.quote import quote  # noqa: E402
from pricing.shop import load_shop  # noqa: E402

RENAULT = ROOT.parent / "shared" / "benchmarks" / "renault-medium" / "medium.xml"
DATE = dt.date(2026, 11, 4)


def stats(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50": round(statistics.median(ordered), 3), "p95": round(pick(0.95), 3), "max": round(ordered[-1], 3)}


def click_path(engine: Engine, rng: np.random.Generator, clicks: int) -> list[dict[int, int]]:
    """Assignments after 0, 1, 2... random clicks on still-available values."""
    assignment: dict[int, int] = {}
    path = [dict(assignment)]
    for _ in range(clicks):
        choices = engine.valid_choices(assignment)
        open_vars = [v for v, vals in enumerate(choices.values) if v not in assignment and len(vals) > 1]
        if not open_vars:
            break
        var = int(rng.choice(open_vars))
        assignment[var] = int(rng.choice(choices.values[var]))
        path.append(dict(assignment))
    return path


def bench_catalog(path: Path, quotes: int, clicks: int, rng: np.random.Generator) -> dict[str, object]:
    shop = load_shop()
    catalog = load_catalog(path)
    cp = compile_catalog(catalog)
    engine = Engine(cp.problem)
    size = int(engine.val_off[-1])
    countries = sorted(shop.vat_rates)
    modes = [m.code for m in shop.delivery_modes]
    coupons = [None, *(c.code for c in shop.coupons)]
    quote_ms: list[float] = []
    for _ in range(quotes):
        found = engine.complete({}, rng.random(size))
        assert found is not None
        selection = concrete_selection(cp, found)
        context = QuoteContext(
            shop=shop,
            date=DATE,
            country=str(rng.choice(countries)),
            delivery=str(rng.choice(modes)),
            coupon=coupons[int(rng.integers(len(coupons)))],
            signed_in=bool(rng.integers(2)),
        )
        quantity = int(rng.integers(1, 30))
        t = time.perf_counter()
        quote(catalog=catalog, selection=selection, quantity=quantity, context=context)
        quote_ms.append((time.perf_counter() - t) * 1000)
    pb = PriceBounds(cp, engine, date=DATE, quantity=1)
    bounds_ms: list[float] = []
    effects_ms: list[float] = []
    for _ in range(3):
        for assignment in click_path(engine, rng, clicks):
            t = time.perf_counter()
            info = pb.info_at(assignment)
            bounds_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            pb.effects(assignment, info)  # the switch effects of the chosen modules, on top
            effects_ms.append((time.perf_counter() - t) * 1000)
    return {
        "model": path.name,
        "quote_ms": stats(quote_ms),
        "bounds_ms": stats(bounds_ms),
        "effects_ms": stats(effects_ms),
        "values": size,
    }


def bench_renault(clicks: int, rng: np.random.Generator) -> dict[str, object]:
    t = time.perf_counter()
    engine = Engine(load_problem(RENAULT))
    compile_s = time.perf_counter() - t
    size = int(engine.val_off[-1])
    costs = rng.integers(0, 500_000, size).astype(np.float64)  # cents
    engine.bounds({}, costs)  # warm-up
    bounds_ms: list[float] = []
    for _ in range(3):
        for assignment in click_path(engine, rng, clicks):
            t = time.perf_counter()
            engine.bounds(assignment, costs)
            bounds_ms.append((time.perf_counter() - t) * 1000)
    return {
        "model": RENAULT.name,
        "backend": engine.backend,
        "compile_s": round(compile_s, 2),
        "bounds_ms": stats(bounds_ms),
        "values": size,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quotes", type=int, default=300)
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    rows = [bench_catalog(p, args.quotes, args.clicks, rng) for p in sorted((ROOT / "catalogs").glob("*.yaml"))]
    renault = bench_renault(args.clicks, rng) if RENAULT.exists() else {"model": RENAULT.name, "error": "not found"}
    print(
        "| model | values | quote p50 / p95 / max (ms) | bounds per click p50 / p95 / max (ms) "
        "| + effects per click p50 / p95 / max (ms) |"
    )
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        q, b, e = row["quote_ms"], row["bounds_ms"], row["effects_ms"]
        assert isinstance(q, dict) and isinstance(b, dict) and isinstance(e, dict)
        print(
            f"| {row['model']} | {row['values']} | {q['p50']} / {q['p95']} / {q['max']} "
            f"| {b['p50']} / {b['p95']} / {b['max']} | {e['p50']} / {e['p95']} / {e['max']} |"
        )
    rb = renault.get("bounds_ms")
    if isinstance(rb, dict):
        print(
            f"| {renault['model']} ({renault['backend']}) | {renault['values']} | - "
            f"| {rb['p50']} / {rb['p95']} / {rb['max']} | - |"
        )
    else:
        print(f"| {renault['model']} | - | - | {renault.get('error')} | - |")
    worst = max(float(r["quote_ms"]["p95"]) for r in rows)  # type: ignore[index]
    summary = {
        "quote_p95_ms_worst_sample": worst,
        "catalogs": rows,
        "renault": renault,
        "targets": {"quote_p95_ms": 5, "renault_bounds_median_ms": 7},
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
