"""The sneaker's print zones sit on what its side view draws: the side panel on the upper, between
the heel tab and the toe cap, below the laces; the tongue label on the tongue, clear of the laces
and eyelets. A picture placed in each is drawn there."""

from __future__ import annotations

import re

import pytest

from modules.loader import load_catalog
from modules.print_zones import PrintZone
from render.preview.svg import preview_svg
from tests.test_render.test_buyer_picture_drawing import png

SNEAKER = load_catalog("catalogs/sneaker.yaml")
SVG = preview_svg(SNEAKER, {}) or ""

Point = tuple[float, float]


def outline(layer: str, index: int = 0) -> list[Point]:
    """The end points of the `index`-th path of a layer (a curve's control point left out: the
    drawing's curves bulge outwards, so the polygon lies inside the part)."""
    group = re.search(rf'<g id="layer-{layer}">(.*?)</g>', SVG, re.S)
    assert group is not None, layer
    path = re.findall(r'<path d="([^"]+)"', group.group(1))[index]
    points: list[Point] = []
    for command, numbers in re.findall(r"([MLQH])([^MLQHZ]*)", path):
        values = [float(v) for v in numbers.split()]
        if command == "H":
            points.append((values[-1], points[-1][1]))
        else:
            points.append((values[-2], values[-1]))
    return points


def inside(point: Point, polygon: list[Point]) -> bool:
    x, y = point
    found = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            found = not found
    return found


def corners(zone: PrintZone) -> list[Point]:
    a = zone.area
    x, y, w, h = float(a.x), float(a.y), float(a.width), float(a.height)
    return [(x, y), (x + w, y), (x, y + h), (x + w, y + h)]


def overlaps(zone: PrintZone, polygon: list[Point]) -> bool:
    a = zone.area
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    return not (
        max(xs) <= float(a.x)
        or min(xs) >= float(a.x + a.width)
        or max(ys) <= float(a.y)
        or min(ys) >= float(a.y + a.height)
    )


def zone(code: str) -> PrintZone:
    found = SNEAKER.print_zone(code)
    assert found is not None
    return found


def test_the_sneaker_declares_a_side_panel_and_a_tongue_label_with_prices():
    assert [(z.code, z.layer, str(z.price)) for z in SNEAKER.print_zones] == [
        ("side", "upper", "8.00"),
        ("tongue", "upper", "4.00"),
    ]


def test_the_side_panel_lies_on_the_upper_clear_of_heel_toe_and_laces():
    side = zone("side")
    assert all(inside(c, outline("upper")) for c in corners(side))
    assert not overlaps(side, outline("heel")) and not overlaps(side, outline("toe"))
    laces = re.search(r'<g id="layer-laces">(.*?)</g>', SVG, re.S)
    assert laces is not None
    lowest_lace = max(float(y) for _, y in re.findall(r"[ML]([\d.]+) ([\d.]+)", laces.group(1)))
    assert float(side.area.y) > lowest_lace + 4  # below the lowest lace and its stroke


def test_the_tongue_label_lies_on_the_tongue_clear_of_the_eyelets():
    tongue = zone("tongue")
    assert all(inside(c, outline("upper", 2)) for c in corners(tongue))  # the tongue's own shape
    for cx, cy in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="2.2"', SVG):
        x, y = float(cx), float(cy)
        a = tongue.area
        left, top = float(a.x) - 2.2, float(a.y) - 2.2
        right, bottom = float(a.x + a.width) + 2.2, float(a.y + a.height) + 2.2
        assert not (left < x < right and top < y < bottom)


@pytest.mark.parametrize("code", ["side", "tongue"])
def test_a_picture_placed_in_a_sneaker_zone_is_drawn_there(code):
    sha = "b" * 64
    svg = preview_svg(
        SNEAKER,
        {},
        placements={code: {"sha256": sha, "x": 0.5, "y": 0.5, "scale": 0.3}},
        pictures={sha: ("image/png", png((30, 20)), 30, 20)},
    )
    assert svg is not None and f'<g id="zone-{code}">' in svg
