"""Server side of a configure-page click, per shipped product: what one rerun costs the server and
what it sends, figures that do not depend on the machine's load the way click timings do.

Runs the app in Streamlit's AppTest on a fresh SQLite database (usage statistics off, as the
server runs it), opens each product and clicks random available options (a slider moved now and
then). Per rerun it records the script thread's CPU time (the whole run, and the configure
fragment alone: what a click in the browser reruns), the number of deltas (elements and blocks)
the run sends and their size in bytes, and the plotly charts among them. Prints median / p90 per
product, a JSON line last. With --profile, the functions that took the most time in the fragment.

    .venv/bin/python bench/configure_rerun_bench.py [--clicks 20] [--seed 1] [--product table] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_stats import percentile

ROOT = Path(__file__).resolve().parent.parent


class Recorder:
    """Times each script run and the configure fragment inside it, counts what the run sent."""

    def __init__(self, profile: bool) -> None:
        self.on = False
        self.runs: list[dict[str, float]] = []
        self.body_ms = 0.0
        self.profiler = cProfile.Profile() if profile else None

    def install(self) -> None:
        from streamlit.testing.v1 import local_script_runner

        import ui.configure_body as configure_body

        recorder = self
        run_thread = local_script_runner.LocalScriptRunner._run_script_thread

        def timed_run(runner: Any) -> None:
            recorder.body_ms = 0.0
            started = time.thread_time()
            run_thread(runner)
            if not recorder.on:
                return
            deltas = [m for m in runner.forward_msgs() if m.HasField("delta")]
            kinds = [m.delta.new_element.WhichOneof("type") for m in deltas if m.delta.HasField("new_element")]
            recorder.runs.append(
                {
                    "run_ms": (time.thread_time() - started) * 1000,
                    "body_ms": recorder.body_ms,
                    "deltas": len(deltas),
                    "bytes": sum(m.ByteSize() for m in deltas),
                    "charts": kinds.count("plotly_chart"),
                }
            )

        body = configure_body.body

        def timed_body(*args: Any, **kwargs: Any) -> Any:
            started = time.thread_time()
            if recorder.on and recorder.profiler is not None:
                recorder.profiler.enable()
            try:
                return body(*args, **kwargs)
            finally:
                if recorder.on and recorder.profiler is not None:
                    recorder.profiler.disable()
                recorder.body_ms += (time.thread_time() - started) * 1000

        local_script_runner.LocalScriptRunner._run_script_thread = timed_run  # type: ignore[method-assign]
        configure_body.body = timed_body  # type: ignore[assignment]


def click(at: Any, rng: random.Random) -> bool:
    """One buyer action: an available option, sometimes a slider moved; False if none is offered."""
    sliders = [s for s in at.select_slider if s.key and s.key.startswith("num:")]
    if sliders and rng.random() < 0.3:
        slider = rng.choice(sliders)
        values = [Decimal(o.split()[0]) for o in slider.options]  # "160 cm" -> 160
        others = [v for v in values if v != slider.value]
        if others:
            slider.set_value(rng.choice(others))
            return True
    buttons = [
        b for b in at.button if b.key and b.key.startswith("opt:") and not b.disabled and b.proto.type == "secondary"
    ]
    if not buttons:
        return False
    rng.choice(buttons).click()
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clicks", type=int, default=20, help="measured clicks per product")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--product", action="append", help="only these product codes (repeatable)")
    parser.add_argument("--profile", action="store_true", help="print where the fragment's time went")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.chdir(ROOT)
    from streamlit import config

    config.set_option("browser.gatherUsageStats", False)  # as ui.server runs the app
    from settings import get_settings
    from store.catalogs import sync_folder
    from store.db import create_tables, make_engine
    from tests.test_e2e.journey import shipped_products
    from tests.test_ui.buyer_app import app_at

    get_settings.cache_clear()
    engine = make_engine(os.environ["DATABASE_URL"])
    create_tables(engine)
    sync_folder(engine=engine, folder=ROOT / "catalogs")
    recorder = Recorder(args.profile)
    recorder.install()
    rng = random.Random(args.seed)
    products = [code for _, code in shipped_products() if not args.product or code in args.product]
    results: dict[str, dict[str, Any]] = {}
    for product in products:
        at = app_at("pages/buyer/configure.py", product=product)
        at.run()
        at.run()  # warm: the engine loaded, the page's modules imported
        recorder.on, recorder.runs = True, []
        for _ in range(args.clicks):
            if not click(at, rng):
                break
            at.run()
            if at.exception:
                raise RuntimeError(f"{product}: {at.exception}")
        recorder.on = False
        runs = recorder.runs
        results[product] = {
            key: {"median": round(statistics.median(v), 1), "p90": round(percentile(v, 0.9), 1)}
            for key in ("run_ms", "body_ms", "deltas", "bytes", "charts")
            if (v := [r[key] for r in runs])
        }
        results[product]["clicks"] = len(runs)
    print("| product | clicks | fragment CPU ms median / p90 | whole run CPU ms median | deltas per run | kB per run |")
    print("|---|---:|---:|---:|---:|---:|")
    for product, r in results.items():
        print(
            f"| {product} | {r['clicks']} | {r['body_ms']['median']:.0f} / {r['body_ms']['p90']:.0f} "
            f"| {r['run_ms']['median']:.0f} | {r['deltas']['median']:.0f} | {r['bytes']['median'] / 1000:.1f} |"
        )
    if recorder.profiler is not None:
        out = io.StringIO()
        pstats.Stats(recorder.profiler, stream=out).sort_stats("cumulative").print_stats(45)
        print(out.getvalue())
    print(json.dumps({"bench": "configure_rerun", "seed": args.seed, "products": results, "load": os.getloadavg()[0]}))


if __name__ == "__main__":
    main()
