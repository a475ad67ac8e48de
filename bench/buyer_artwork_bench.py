"""What a buyer's picture costs: the check (decode, re-encode, strip) of a photo-sized PNG and
JPEG, and the T-shirt preview with and without a placed picture (the SVG grows by the picture's
base64). Prints median / p90 in milliseconds and sizes, then the 1-minute load average (2 shared
cores: figures at load > 1 are inflated).

    .venv/bin/python bench/buyer_artwork_bench.py [--runs 20]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_stats import timed
from PIL import Image

from modules.loader import load_catalog
from render.preview.svg import preview_svg
from store.artwork_files import check_artwork

ROOT = Path(__file__).resolve().parent.parent


def photo(size: tuple[int, int], kind: str) -> bytes:
    image = Image.effect_noise(size, 40).convert("RGB")  # noise: the worst case for compression
    out = io.BytesIO()
    image.save(out, format=kind, quality=85) if kind == "JPEG" else image.save(out, format=kind)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    for kind, name, size in (("JPEG", "photo.jpg", (2000, 1500)), ("PNG", "logo.png", (800, 800))):
        data = photo(size, kind)
        checked = check_artwork(data, name)
        median, p90 = timed(lambda d=data, n=name: check_artwork(d, n), runs)
        print(
            f"check {name} {size[0]}x{size[1]}: {len(data):,} -> {len(checked.content):,} bytes, "
            f"median {median:.1f} ms, p90 {p90:.1f} ms"
        )
    catalog = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    tee = {"cut": "tee", "colour": "black", "print_method": "screen", "placement": frozenset({"front"})}
    logo = check_artwork(photo((400, 400), "PNG"), "logo.png")
    pictures = {logo.sha256: (logo.media_type, logo.content, logo.width, logo.height)}
    placed = {"front": {"sha256": logo.sha256, "x": 0.5, "y": 0.5, "scale": 0.6}}
    for label, kwargs in (("without picture", {}), ("with picture", {"placements": placed, "pictures": pictures})):
        svg = preview_svg(catalog, tee, **kwargs) or ""  # type: ignore[arg-type]
        median, p90 = timed(lambda kw=kwargs: preview_svg(catalog, tee, **kw), runs * 10)  # type: ignore[arg-type]
        print(f"tshirt preview {label}: {len(svg):,} bytes, median {median:.2f} ms, p90 {p90:.2f} ms")
    print(f"load average (1 min): {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
