"""The meaning of each rule kind on complete selections (the engine is checked against this)."""

from __future__ import annotations

import pytest

from modules.loader import load_catalog
from modules.selection import parse_selection, violations
from tests.factories import BIKE_CATALOG


@pytest.fixture
def catalog(write_catalog):
    return load_catalog(write_catalog(BIKE_CATALOG))


def broken(catalog, frame="alu", brakes="rim", tyre="t25", rack="rear", height="170"):
    selection = parse_selection(
        catalog, {"frame": frame, "brakes": brakes, "tyre": tyre, "rack": rack, "height": height}
    )
    return sorted(v.rule for v in violations(catalog, selection))


def test_valid(catalog):
    assert broken(catalog) == []


def test_requires(catalog):
    assert "carbon-disc" in broken(catalog, frame="carbon", rack=None)


def test_excludes(catalog):
    assert "carbon-rack" in broken(catalog, frame="carbon", brakes="disc")


def test_arithmetic_constraint_over_attributes(catalog):
    assert broken(catalog, frame="carbon", brakes="disc", tyre="t30", rack=None) == ["clearance"]


def test_constraint_with_when(catalog):
    assert broken(catalog, height="190", frame="alu") == []
    assert "tall-alu" in broken(catalog, height="190", frame="carbon", brakes="disc", rack=None)


def test_allowed_table_with_wildcard(catalog):
    assert "tyre-brakes" in broken(catalog, brakes="rim", tyre="t30", frame="alu")
    assert "tyre-brakes" not in broken(catalog, brakes="disc", tyre="t30", rack=None)


def test_forbidden_table_with_none(catalog):
    assert broken(catalog, rack="rear", brakes="disc") == ["no-rack-disc"]
    assert broken(catalog, rack=None, brakes="rim") == ["no-rack-disc"]
