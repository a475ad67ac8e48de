"""Preview drawing cost per product (what a click pays when its view is not cached yet), and the
artwork check per file type. Prints per-product median / p90 in milliseconds and the SVG size,
then a JSON line with the machine's 1-minute load average (2 shared cores: figures at load > 1
are inflated).

    .venv/bin/python bench/preview_bench.py [--runs 200]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_stats import timed
from PIL import Image

from configurator.catalog_engine import CatalogEngine
from modules.loader import load_catalog
from render.preview.svg import preview_svg
from store.artwork_files import check_artwork

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    figures: dict[str, dict[str, float]] = {}
    for path in sorted((ROOT / "catalogs").glob("*.yaml")):
        catalog = load_catalog(path)
        full = CatalogEngine(catalog).complete({})
        median, p90 = timed(lambda: preview_svg(catalog, full), args.runs)  # noqa: B023
        size = len(preview_svg(catalog, full) or "")
        figures[path.stem] = {"median_ms": round(median, 3), "p90_ms": round(p90, 3), "svg_bytes": size}
        print(f"{path.stem:8} preview  median {median:7.3f} ms  p90 {p90:7.3f} ms  {size:6} bytes")
    out = io.BytesIO()
    Image.new("RGB", (1200, 1200), (90, 20, 20)).save(out, format="PNG")
    png = out.getvalue()
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 280">'
        + '<circle cx="1" cy="1" r="1"/>' * 500
        + "</svg>"
    ).encode()
    for name, data in (("art.png", png), ("art.svg", svg)):
        median, p90 = timed(lambda: check_artwork(data, name), max(args.runs // 10, 5))  # noqa: B023
        figures[name] = {"median_ms": round(median, 3), "p90_ms": round(p90, 3), "bytes": len(data)}
        print(f"check {name:8} median {median:7.3f} ms  p90 {p90:7.3f} ms  ({len(data)} bytes)")
    print(json.dumps({"bench": "preview", "load_1min": os.getloadavg()[0], "figures": figures}))


if __name__ == "__main__":
    main()
