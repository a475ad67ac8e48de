"""`make bench`: run every benchmark and regenerate bench/RESULTS.md.

The engine benchmark writes the table at the top; the pricing, checkout, browser and journey benchmarks each add a
section with what they printed (their last line, a JSON object, is kept as is). A benchmark that
cannot run here says why in its section instead of being left out. Sections written by other
benchmarks (`bench/scale.py --record`, ...) are kept as they are.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"

SECTIONS = (
    ("Pricing (`bench/pricing_bench.py`)", "pricing_bench.py"),
    ("Checkout (`bench/checkout_bench.py`)", "checkout_bench.py"),
    ("Why-not reasons along click journeys (`bench/reasons_bench.py`)", "reasons_bench.py"),
    ("Catalog proof (`bench/proof_bench.py`)", "proof_bench.py"),
    ("Store input checks (`bench/input_checks_bench.py`)", "input_checks_bench.py"),
    ("Configure page in Chromium (`bench/browser_bench.py`)", "browser_bench.py"),
    ("Configure rerun on the server (`bench/configure_rerun_bench.py`)", "configure_rerun_bench.py"),
    ("Buyer journey per product in Chromium (`bench/journey_bench.py`)", "journey_bench.py"),
    ("Recommendations learned from sales (`bench/recommend_bench.py`)", "recommend_bench.py"),
    ("Compile portfolio (`bench/compile_bench.py`)", "compile_bench.py"),
)


def run(script: str) -> str:
    env = dict(os.environ)
    proc = subprocess.run(  # our own scripts, fixed arguments
        [sys.executable, str(ROOT / "bench" / script)], cwd=ROOT, capture_output=True, text=True, env=env, check=False
    )
    out = proc.stdout.strip()
    if proc.returncode != 0:
        error = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        out += f"\n\nfailed (exit {proc.returncode}): {error}"
    return out


def main() -> None:
    subprocess.run([sys.executable, str(ROOT / "bench" / "engine_bench.py")], cwd=ROOT, check=True)
    engine, *rest = RESULTS.read_text(encoding="utf-8").split("\n## ")
    parts = [engine.rstrip()]
    ours = {title for title, _ in SECTIONS}
    for title, script in SECTIONS:
        print(f"running {script}", flush=True)
        output = run(script)
        *table, last = output.splitlines() or [""]
        body = "\n".join(table).strip()
        parts.append(f"## {title}\n\n{body}\n\n```json\n{last}\n```")
    # sections written by benchmarks this script does not run (e.g. `scale.py --record`) stay
    parts += ["## " + section.rstrip() for section in rest if section.split("\n", 1)[0] not in ours]
    RESULTS.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
