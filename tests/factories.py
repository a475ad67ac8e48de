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

