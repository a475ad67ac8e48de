"""The meaning of each rule kind on complete selections (the engine is checked against this)."""

from __future__ import annotations

import pytest

from modules.loader import load_catalog
from modules.selection import parse_selection, violations

CATALOG = """\
format: 1
code: bike
name: Bike
category: bicycles
base: {name: Frame kit, price: 500}
modules:
  - code: frame
    name: Frame
    kind: single
    options:
      - {code: alu, name: Aluminium, attributes: {clearance: 32}}
      - {code: carbon, name: Carbon, attributes: {clearance: 28}}
  - code: brakes
    name: Brakes
    kind: single
    options: [{code: rim, name: Rim}, {code: disc, name: Disc}]
  - code: tyre
    name: Tyre
    kind: single
    options: [{code: t25, name: 25 mm, attributes: {width: 25}}, {code: t30, name: 30 mm, attributes: {width: 30}}]
  - code: rack
    name: Rack
    kind: single
    required: false
    options: [{code: rear, name: Rear rack}]
  - code: height
    name: Rider height
    kind: numeric
    min: 150
    max: 200
    step: 10
    unit: cm
rules:
  - {kind: requires, code: carbon-disc, if: {frame: carbon}, then: {brakes: disc}}
  - {kind: excludes, code: carbon-rack, conditions: [{frame: carbon}, {rack: rear}]}
  - {kind: constraint, code: clearance, expr: "tyre.width <= frame.clearance"}
  - {kind: constraint, code: tall-alu, when: "height >= 190", expr: "frame == 'alu'"}
  - kind: table
    code: tyre-brakes
    modules: [brakes, tyre]
    rows: [[rim, t25], [disc, "*"]]
  - kind: table
    code: no-rack-disc
    mode: forbidden
    modules: [rack, brakes]
    rows: [[rear, disc], [none, rim]]
"""


@pytest.fixture
def catalog(write_catalog):
    return load_catalog(write_catalog(CATALOG))


def broken(catalog, frame="alu", brakes="rim", tyre="t25", rack="rear", height="170"):
    selection = parse_selection(catalog, {"frame": frame, "brakes": brakes, "tyre": tyre, "rack": rack, "height": height})
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
