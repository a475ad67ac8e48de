"""Small catalogs for tests (real YAML, loaded by the real loader)."""

SMALL_CATALOG = """\
format: 1
code: mug
name: Custom mug
category: kitchen
base:
  name: Stoneware mug
  price: 12.00
  lead_time_days: 2
  materials: [{material: clay, quantity: 0.4}]
materials:
  - {code: clay, name: Stoneware clay, unit: kg}
  - {code: glaze, name: Glaze, unit: ml}
modules:
  - code: size
    name: Size
    kind: single
    options:
      - {code: small, name: Small, default: true}
      - {code: large, name: Large, price: 3.00, attributes: {ml: 450}}
  - code: glaze
    name: Glaze
    kind: single
    options:
      - {code: white, name: White, kind: colour, hex: "#FFFFFF", default: true}
      - {code: blue, name: Blue, kind: colour, hex: "#1144AA", materials: [{material: glaze, quantity: 20}]}
  - code: extras
    name: Extras
    kind: multi
    max_picks: 2
    options:
      - {code: lid, name: Lid, price: 4.00}
      - {code: gift-box, name: Gift box, price: 2.50}
      - {code: saucer, name: Saucer, price: 5.00}
  - code: engraving
    name: Engraving
    kind: text
    max_length: 10
    visible_if: {size: large}
rules:
  - kind: excludes
    code: no-lid-small
    message: Lids fit the large mug only.
    conditions: [{size: small}, {extras: lid}]
"""


# The mug with production steps on the base and on its glaze module.
WORKSHOP_MUG = SMALL_CATALOG.replace(
    "  lead_time_days: 2\n", "  lead_time_days: 2\n  production_steps: [Throw, Fire]\n"
).replace("    name: Glaze\n    kind: single\n", "    name: Glaze\n    kind: single\n    production_steps: [Glaze]\n")


BIKE_CATALOG = """\
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
