"""Click -> updated page time in Chromium on the configure page (median, p90).

Starts the app (`python -m ui.server`) on a free port with a fresh SQLite database, opens the T-shirt configurator
in headless Chromium (Debian's /usr/bin/chromium) and times, per click, from the click until the
app reports its script run finished and the clicked option shows as chosen. Prints a JSON line last,
with the machine's 1-minute load average (2 shared cores: figures at load > 1 are inflated).

    .venv/bin/python bench/browser_bench.py [--clicks 40]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_e2e.live_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    IDLE,
    live_app,
    missing_browser,
    open_page,
    settle,
)

TARGET_MS = 250


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clicks", type=int, default=40)
    args = parser.parse_args()
    reason = missing_browser()
    if reason:
        print(json.dumps({"bench": "browser_click", "skipped": reason}))
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as workdir, live_app(Path(workdir)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        open_page(page, f"{url}/configure?product=tshirt")
        sizes = ["s", "m", "l", "xl"]
        times: list[float] = []
        for index in range(args.clicks + 3):  # three warm-up clicks
            key = f"opt-size-{sizes[index % len(sizes)]}"
            chosen = f'.st-key-{key} [data-testid="stBaseButton-primary"]'
            button = page.locator(f".st-key-{key} button")
            button.wait_for()
            start = time.perf_counter()
            button.click()
            page.wait_for_selector(chosen, timeout=30_000)
            page.wait_for_selector(IDLE, timeout=30_000)
            elapsed = (time.perf_counter() - start) * 1000
            settle(page)
            if index >= 3:
                times.append(elapsed)
        browser.close()
    times.sort()
    median = statistics.median(times)
    p90 = times[min(len(times) - 1, round(0.9 * len(times)) - 1)]
    load = os.getloadavg()[0]
    print(
        f"configure page, {len(times)} clicks: median {median:.0f} ms, p90 {p90:.0f} ms (target <= {TARGET_MS} ms)"
        f" at load {load:.2f}"
    )
    print(
        json.dumps(
            {
                "bench": "browser_click",
                "page": "configure/tshirt",
                "clicks": len(times),
                "median_ms": round(median, 1),
                "p90_ms": round(p90, 1),
                "target_median_ms": TARGET_MS,
                "meets_target": median <= TARGET_MS,
                "load": round(load, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
