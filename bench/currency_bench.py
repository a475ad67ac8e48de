"""Sale currency benchmark: what pricing in another currency costs against the shop currency.

Usage (from the repository root): ``.venv/bin/python bench/currency_bench.py [--quotes N]``.

For the T-shirt and the bicycle (both have a USD price list) and every currency the shop sells
in: `quote` p50/p95 over random valid completions, and the time to build the configure page's
`PriceBounds` (per catalog version, day, quantity and currency; cached afterwards).

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
from modules.loader import load_catalog  # noqa: E402
from pricing.bounds import PriceBounds, concrete_selection  # noqa: E402
from pricing.context import QuoteContext  # noqa: E402
from pricing.quote import quote  # noqa: E402
from pricing.shop import load_shop  # noqa: E402

CATALOGS = ("tshirt.yaml", "bicycle.yaml")


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quotes", type=int, default=300)
    args = parser.parse_args()
    shop = load_shop()
    day = dt.date.today()
    rows = []
    for name in CATALOGS:
        catalog = load_catalog(ROOT / "catalogs" / name)
        cp = compile_catalog(catalog)
        engine = Engine(cp.problem)
        rng = np.random.default_rng(7)
        designs = []
        for _ in range(args.quotes):
            found = engine.complete({}, rng.random(int(engine.val_off[-1])))
            assert found is not None
            designs.append(concrete_selection(cp, found))
        for currency in shop.sale_currencies:
            context = QuoteContext(shop=shop, date=day, currency=currency)
            times = []
            for design in designs:
                start = time.perf_counter()
                quote(catalog=catalog, selection=design, quantity=3, context=context)
                times.append((time.perf_counter() - start) * 1000)
            builds = []
            for _ in range(5):
                start = time.perf_counter()
                PriceBounds(cp, engine, date=day, quantity=1, sale=shop.sale_currency(currency))
                builds.append((time.perf_counter() - start) * 1000)
            rows.append(
                {
                    "catalog": name.removesuffix(".yaml"),
                    "currency": currency,
                    "quote_p50_ms": round(percentile(times, 50), 3),
                    "quote_p95_ms": round(percentile(times, 95), 3),
                    "bounds_build_ms": round(statistics.median(builds), 3),
                }
            )
    print("| catalog | currency | quote p50 ms | quote p95 ms | PriceBounds build ms |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['catalog']} | {r['currency']} | {r['quote_p50_ms']} | {r['quote_p95_ms']} | {r['bounds_build_ms']} |"
        )
    print(json.dumps({"quotes": args.quotes, "rows": rows}))


if __name__ == "__main__":
    main()
