"""Print zones in the catalog: where buyers may place their own picture, checked at load time."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from modules.errors import CatalogError, ProblemCode
from modules.loader import load_catalog
from modules.print_zones import centred_placement, placement_box, placement_problem
from tests.conftest import shipped_catalog_with

TSHIRT = Path("catalogs/tshirt.yaml").read_text(encoding="utf-8")
FRONT = "{code: front, name: Front picture, layer: print-front,"


def problems(write_catalog, text: str) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(write_catalog(text, name="tshirt.yaml"))
    return [str(p) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_the_tshirt_declares_front_back_and_chest_zones():
    catalog = load_catalog("catalogs/tshirt.yaml")
    assert [z.code for z in catalog.print_zones] == ["front", "back", "chest-left"]
    front = catalog.print_zone("front")
    assert front is not None and front.layer == "print-front" and str(front.price) == "5.00"
    assert catalog.print_zone("nowhere") is None


def test_a_catalog_without_zones_keeps_its_fingerprint(write_catalog):
    text = TSHIRT.split("print_zones:")[0] + "rules:" + TSHIRT.split("\nrules:", 1)[1]
    text = re.sub(r"\n    print_zones: .*", "", text)  # and their names in the translations
    without = load_catalog(write_catalog(text, name="tshirt.yaml"))
    assert without.print_zones == ()
    before_zones = without.model_dump(mode="json", by_alias=True)
    del before_zones["print_zones"]
    if not before_zones.get("translations"):
        del before_zones["translations"]
    expected = hashlib.sha256(json.dumps(before_zones, sort_keys=True).encode()).hexdigest()
    assert without.fingerprint() == expected


def test_unknown_layer_is_located_with_a_hint(write_catalog):
    text = TSHIRT.replace(f"{FRONT}", "{code: front, name: Front picture, layer: print-frnt,")
    (problem,) = problems(write_catalog, text)
    assert f":{line_of(text, 'print-frnt')}:" in problem
    assert "no option draws the preview layer 'print-frnt' (did you mean 'print-front'?)" in problem


def test_the_back_zone_is_on_the_back_and_the_others_default_to_the_front():
    catalog = load_catalog("catalogs/tshirt.yaml")
    assert [z.side for z in catalog.print_zones] == ["front", "back", "front"]


def test_a_bad_side_is_located_with_the_sides_allowed(write_catalog):
    text = TSHIRT.replace("side: back,", "side: rear,")
    assert text != TSHIRT
    (problem,) = problems(write_catalog, text)
    assert f":{line_of(text, 'side: rear')}:" in problem
    assert "side: Input should be 'front' or 'back'" in problem


def test_a_zone_on_the_front_hashes_as_before_zones_had_sides(write_catalog):
    plain = load_catalog(write_catalog(TSHIRT, name="tshirt.yaml"))
    explicit = load_catalog(write_catalog(TSHIRT.replace(f"{FRONT}", f"{FRONT} side: front,"), name="tshirt.yaml"))
    assert explicit == plain and explicit.fingerprint() == plain.fingerprint()
    zones = plain.model_dump(mode="json", by_alias=True)["print_zones"]
    assert "side" not in zones[0] and zones[1]["side"] == "back"


def test_a_bad_condition_is_located(write_catalog):
    text = TSHIRT.replace("visible_if: {placement: front}", "visible_if: {placement: fronts}")
    (problem,) = problems(write_catalog, text)
    assert f":{line_of(text, 'fronts')}:" in problem
    assert "option 'fronts' is not an option of module 'placement'" in problem


def test_a_broken_expression_is_refused(write_catalog):
    text = TSHIRT.replace("visible_if: {placement: front}", "visible_if: \"'front' in placement and\"")
    found = problems(write_catalog, text)
    assert found and f":{line_of(text, 'in placement and')}:" in found[0]


def test_a_negative_price_is_refused(write_catalog):
    text = TSHIRT.replace("visible_if: {placement: front}, price: 5.00", "visible_if: {placement: front}, price: -5")
    with pytest.raises(CatalogError) as caught:
        load_catalog(write_catalog(text, name="tshirt.yaml"))
    assert caught.value.codes & {ProblemCode.NEGATIVE_PRICE, ProblemCode.TYPE}
    assert f":{line_of(text, 'price: -5')}:" in str(caught.value.problems[0])


def test_duplicate_zone_codes_and_limits_above_the_shop_are_refused(write_catalog):
    text = TSHIRT.replace("{code: back, name: Back picture", "{code: front, name: Back picture")
    assert any("print zone code 'front' is used twice" in p for p in problems(write_catalog, text))
    text = TSHIRT.replace("max_pixels: 4000000", "max_pixels: 9000000")
    assert problems(write_catalog, text)


def test_placements_inside_the_zone_fit_and_others_say_which_edge():
    zone = load_catalog("catalogs/tshirt.yaml").print_zone("chest-left")
    assert zone is not None
    assert placement_problem(zone, x=0.5, y=0.5, scale=0.5, aspect=0.5) is None
    assert "taller" in (placement_problem(zone, x=0.5, y=0.5, scale=1.0, aspect=1.0) or "")
    assert "right edge" in (placement_problem(zone, x=0.9, y=0.5, scale=0.5, aspect=0.5) or "")
    assert "bottom edge" in (placement_problem(zone, x=0.5, y=0.9, scale=0.5, aspect=0.5) or "")
    assert "number" in (placement_problem(zone, x=float("nan"), y=0.5, scale=0.5, aspect=0.5) or "")
    assert "size" in (placement_problem(zone, x=0.5, y=0.5, scale=0.0, aspect=0.5) or "")
    x, y, scale = centred_placement(zone, aspect=2.0)
    assert placement_problem(zone, x=x, y=y, scale=scale, aspect=2.0) is None
    left, top, width, height = placement_box(zone, x=x, y=y, scale=scale, aspect=2.0)
    assert left >= 160 and left + width <= 200 and top >= 62 and top + height <= 92


def test_a_zone_on_the_back_needs_a_drawing_with_a_back_view(write_catalog):
    text = shipped_catalog_with(
        "sneaker.yaml",
        "{code: tongue, name: Tongue label picture, layer: upper,",
        "{code: tongue, name: Tongue label picture, layer: upper, side: back,",
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog(write_catalog(text, name="sneaker.yaml"))
    (problem,) = caught.value.problems
    assert problem.code == ProblemCode.INCONSISTENT and problem.line == line_of(text, "side: back")
    assert "print zone 'tongue' is on the back (side: back), but the drawing 'sneaker' has no back view" in str(problem)
    assert "put the zone on the front or use a drawing with a back view" in str(problem)
    # the T-shirt's drawing has one: its zone on the back loads, as does the sneaker's on its side
    assert [z.side for z in load_catalog("catalogs/tshirt.yaml").print_zones] == ["front", "back", "front"]
    assert load_catalog("catalogs/sneaker.yaml").print_zones[1].side == "front"


def test_the_drawings_with_a_back_view_are_those_the_checks_allow():
    from modules.print_zones import BACK_VIEW_TEMPLATES
    from render.preview.svg import BACK_DRAWINGS

    assert set(BACK_DRAWINGS) == BACK_VIEW_TEMPLATES == {"tshirt"}
