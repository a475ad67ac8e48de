"""Click -> settled page time in Chromium on the configure page of every shipped product.

Starts the app (`python -m ui.server`) on a free port with a fresh SQLite database and opens each
catalog of catalogs/ in headless Chromium (Debian's /usr/bin/chromium). On each product it makes
random buyer actions among those the page offers: an available option button, a box (ticked or
unticked), a text field (typed, then Enter) and a slider (pressed at a random point of its track).

Each action is timed in the page itself: from the pointer-down (for a text field, the key-down of
the Enter that sends it) until the app's script state last returns to "not running", as a
MutationObserver on the app's `data-test-script-state` sees it; the action counts as settled once
the state has stayed "not running" for a quiet spell, so an action that runs the app twice (a
widget run, then a rerun) is timed to the end of the second run. Beside it, the page's main-thread
task time per action (Chromium's CPU work for it: scripts, layout, paint, e.g. a plotly redraw),
which the machine's load inflates far less. Prints median and p90 per product and overall, with
the machine's load (2 shared cores: figures at load > 1 are inflated), and a JSON line last.

    .venv/bin/python bench/browser_bench.py [--actions 15] [--seed 1] [--product tshirt]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_stats import percentile

from tests.test_e2e.journey import shipped_products, wait_drawn
from tests.test_e2e.live_server import CHROMIUM, CHROMIUM_ARGS, live_app, missing_browser, open_page, settle

TARGET_MEDIAN_MS = 250
TARGET_P90_MS = 350
QUIET_MS = 600  # "not running" this long after the last run: the action has settled
WARM_UP = 2  # first actions per product, not counted (first drawing of lazily loaded widgets)

# Page side: when the buyer acts, and when the app's script state last went back to not running.
WATCH = """() => {
  const w = window;
  if (w.__bench) return;
  w.__bench = {start: null, runs: 0, idleAt: null, changedAt: performance.now()};
  const mark = () => { if (w.__bench.start === null) w.__bench.start = performance.now(); };
  document.addEventListener('pointerdown', mark, true);
  document.addEventListener('keydown', e => { if (e.key === 'Enter') mark(); }, true);
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => {
    const now = performance.now(), state = app.getAttribute('data-test-script-state');
    w.__bench.changedAt = now;
    if (state === 'running') w.__bench.runs += 1;
    else w.__bench.idleAt = now;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
RESET = "() => Object.assign(window.__bench, {start: null, runs: 0, idleAt: null})"
SETTLED = f"""() => {{
  const b = window.__bench, app = document.querySelector('[data-testid="stApp"]');
  return b.start !== null && b.runs > 0 && app.getAttribute('data-test-script-state') === 'notRunning'
    && performance.now() - b.changedAt >= {QUIET_MS};
}}"""
ELAPSED = "() => [window.__bench.idleAt - window.__bench.start, window.__bench.runs]"

# What the buyer can act on now: [kind, css selector of the element to act on].
OFFERED = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const key = el => Array.from(el.classList).find(c => c.startsWith('st-key-'));
  const found = [];
  main.querySelectorAll('[class*="st-key-opt-"]').forEach(el => {
    const b = el.querySelector('button[data-testid="stBaseButton-secondary"]');
    if (b && !b.disabled) found.push(['option', '.' + key(el) + ' button']);
  });
  main.querySelectorAll('[class*="st-key-chk-"]').forEach(el => {
    const box = el.querySelector('input[type="checkbox"]');
    if (box && !box.disabled) found.push(['box', '.' + key(el) + ' label']);
  });
  main.querySelectorAll('[class*="st-key-txt-"] input').forEach(el => {
    if (!el.disabled) found.push(['text', '.' + key(el.closest('[class*="st-key-txt-"]')) + ' input']);
  });
  main.querySelectorAll('[class*="st-key-num-"]').forEach(el => {
    if (el.querySelector('input[type="range"]:not(:disabled)'))
      found.push(['slider', '.' + key(el) + ' [role="group"] > [data-orientation="horizontal"]']);
  });
  return found;
}"""
WORDS = ["ADA", "Team 7", "Élan", "Hello", "Run 42", "Zoë", "GO", "Nº 5"]


def act(page: Any, kind: str, selector: str, rng: random.Random) -> None:
    target = page.locator(selector).first
    if kind == "text":
        target.click()
        settle(page)  # the field's focus runs nothing, but a late run of the last action may
        page.evaluate(RESET)
        target.fill(rng.choice(WORDS) if rng.random() < 0.8 else "")
        target.press("Enter")
    elif kind == "slider":
        track = target.bounding_box()
        x = track["x"] + track["width"] * rng.uniform(0.05, 0.95)
        y = track["y"] + track["height"] / 2
        page.mouse.click(x, y)
    else:
        target.click()


def busy_ms(cdp: Any) -> float:
    """The page's main-thread task time so far (Chromium's `TaskDuration`, CPU work: scripts,
    style, layout, paint), in milliseconds: less sensitive to the machine's load than wall time."""
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return float(metrics["TaskDuration"]) * 1000


def measure(page: Any, kind: str, selector: str, rng: random.Random) -> tuple[float, int] | None:
    """Milliseconds from the buyer's action until the app last settled, and how many script runs
    it took; None when the action ran nothing (e.g. a slider pressed on its current value)."""
    page.evaluate(RESET)
    act(page, kind, selector, rng)
    try:  # an action that changes nothing (a slider pressed on its own value) runs nothing
        page.wait_for_function("() => window.__bench.runs > 0", timeout=5_000, polling=50)
    except Exception:  # playwright's TimeoutError
        return None
    try:
        page.wait_for_function(SETTLED, timeout=30_000, polling=50)
    except Exception as exc:  # playwright's TimeoutError: say what the page was doing
        state = page.evaluate("() => [window.__bench, document.querySelector('[data-testid=stApp]').outerHTML.length]")
        raise RuntimeError(f"{kind} {selector}: not settled after 30 s ({state})") from exc
    elapsed, runs = page.evaluate(ELAPSED)
    return float(elapsed), int(runs)


def product_run(page: Any, cdp: Any, url: str, product: str, actions: int, rng: random.Random) -> dict[str, Any]:
    open_page(page, f"{url}/configure?product={product}")
    wait_drawn(page)
    page.evaluate(WATCH)
    times: list[float] = []
    busy: list[float] = []
    kinds: Counter[str] = Counter()
    runs: Counter[int] = Counter()
    by_kind: dict[str, list[float]] = {}
    done = 0
    while done < actions + WARM_UP:
        offered = page.evaluate(OFFERED)
        if not offered:
            break
        kind = rng.choice(sorted({k for k, _ in offered}))
        selector = rng.choice([s for k, s in offered if k == kind])
        before = busy_ms(cdp)
        result = measure(page, kind, selector, rng)
        if result is None:
            continue
        done += 1
        if done <= WARM_UP:
            continue
        times.append(result[0])
        busy.append(busy_ms(cdp) - before)
        kinds[kind] += 1
        runs[result[1]] += 1
        by_kind.setdefault(kind, []).append(result[0])
    return {
        "actions": len(times),
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(percentile(times, 0.9), 1),
        "busy_median_ms": round(statistics.median(busy), 1),
        "busy_p90_ms": round(percentile(busy, 0.9), 1),
        "kinds": dict(kinds),
        "median_ms_by_kind": {k: round(statistics.median(v), 1) for k, v in sorted(by_kind.items())},
        "script_runs": {str(n): c for n, c in sorted(runs.items())},
        "times": times,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actions", type=int, default=15, help="measured actions per product")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--product", action="append", help="only these product codes (repeatable)")
    args = parser.parse_args()
    reason = missing_browser()
    if reason:
        print(json.dumps({"bench": "browser_click", "skipped": reason}))
        return
    from playwright.sync_api import sync_playwright

    products = [code for _, code in shipped_products() if not args.product or code in args.product]
    rng = random.Random(args.seed)
    uptime_before = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as workdir, live_app(Path(workdir)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        for product in products:
            results[product] = product_run(page, cdp, url, product, args.actions, rng)
        browser.close()
    uptime_after = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    every = [t for r in results.values() for t in r.pop("times")]
    median, p90 = statistics.median(every), percentile(every, 0.9)
    print(
        "| product | actions | median ms | p90 ms | page busy ms median / p90 | median ms by kind"
        " | script runs per action |"
    )
    print("|---|---:|---:|---:|---:|---|---|")
    for product, r in results.items():
        kinds = ", ".join(f"{k} {v:.0f}" for k, v in r["median_ms_by_kind"].items())
        runs = ", ".join(f"{n}: {c}" for n, c in r["script_runs"].items())
        print(
            f"| {product} | {r['actions']} | {r['median_ms']:.0f} | {r['p90_ms']:.0f}"
            f" | {r['busy_median_ms']:.0f} / {r['busy_p90_ms']:.0f} | {kinds} | {runs} |"
        )
    print(f"| **all** | {len(every)} | **{median:.0f}** | **{p90:.0f}** | | | |")
    print()
    print(
        f"Targets: median <= {TARGET_MEDIAN_MS} ms, p90 <= {TARGET_P90_MS} ms. uptime before: {uptime_before};"
        f" after: {uptime_after}"
    )
    print()
    load = os.getloadavg()[0]
    print(
        json.dumps(
            {
                "bench": "browser_click",
                "pages": [f"configure/{p}" for p in products],
                "seed": args.seed,
                "actions": len(every),
                "median_ms": round(median, 1),
                "p90_ms": round(p90, 1),
                "target_median_ms": TARGET_MEDIAN_MS,
                "target_p90_ms": TARGET_P90_MS,
                "meets_target": median <= TARGET_MEDIAN_MS and p90 <= TARGET_P90_MS,
                "per_product": {
                    k: {x: v[x] for x in ("actions", "median_ms", "p90_ms", "busy_median_ms", "busy_p90_ms")}
                    for k, v in results.items()
                },
                "load": round(load, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
