"""A buyer's whole journey per product in Chromium: open the configure page, click 2-4 available
options, tick one box, "Finish for me", "Add to cart" (seconds, median over a few runs).

Starts the app (`python -m ui.server`) on a free port with a fresh SQLite database and drives it
with headless Chromium (Debian's /usr/bin/chromium), product by product, each run in a new
browser context (a new buyer with an empty cart), with the same journey as
tests/test_e2e/test_every_product.py (tests/test_e2e/journey.py). The finish mode turns with the
run (Defaults, Lowest price, Most popular). Prints a table, then a JSON line last, with the
machine's 1-minute load average (2 shared cores: figures at load > 1 are inflated).

    .venv/bin/python bench/journey_bench.py [--runs 3] [--seed 1] [--product tshirt ...]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_e2e.journey import MODES, Journey, design, shipped_products
from tests.test_e2e.live_server import chromium, live_app, missing_browser, open_page

PHASES = ("open", "clicks", "finish", "add", "total")


def median(journeys: list[Journey], phase: str) -> float:
    return round(statistics.median(j.timings[phase] for j in journeys), 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--product", action="append", help="product code (default: every catalog in catalogs/)")
    args = parser.parse_args()
    reason = missing_browser()
    if reason:
        print(json.dumps({"bench": "journey", "skipped": reason}))
        return
    products = args.product or [code for _, code in shipped_products()]
    modes = list(MODES)
    results: dict[str, list[Journey]] = {}
    loads: list[float] = []
    with tempfile.TemporaryDirectory() as workdir, live_app(Path(workdir)) as url, chromium() as browser:
        warm = browser.new_page()  # the first page load also loads the app's scripts into the server
        open_page(warm, f"{url}/configure?product={products[0]}")
        warm.context.close()
        for product in products:
            results[product] = []
            for run in range(args.runs):
                seed = args.seed + run
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                rng = random.Random(f"{seed}:{product}")
                results[product].append(design(page, url, product, rng, modes[run % len(modes)]))
                context.close()
            loads.append(os.getloadavg()[0])
    load = round(max(loads), 2)
    print(f"| product | runs | {' | '.join(f'{p} s' for p in PHASES)} |")
    print("|---|---:|" + "---:|" * len(PHASES))
    for product, journeys in results.items():
        print(f"| {product} | {len(journeys)} | " + " | ".join(str(median(journeys, p)) for p in PHASES) + " |")
    print(
        f"\nMedians per product; *total* is open -> clicks -> finish -> in cart; finish modes turn with the run"
        f" ({', '.join(MODES.values())}); highest 1-minute load average while running: {load}"
    )
    print(
        json.dumps(
            {
                "bench": "journey",
                "runs": args.runs,
                "seed": args.seed,
                "median_s": {product: {p: median(js, p) for p in PHASES} for product, js in results.items()},
                "load": load,
            }
        )
    )


if __name__ == "__main__":
    main()
