"""Small catalogs and helpers for the pricing tests (real YAML through the real loader)."""

from __future__ import annotations

import datetime as dt
import itertools
import textwrap
from collections.abc import Iterator
from functools import cache
from typing import Any

from configurator.catalog_model import CatalogProblem, compile_catalog
from configurator.engine import Engine
from modules.catalog import Catalog
from modules.loader import load_catalog, load_catalog_text
from pricing.context import QuoteContext
from pricing.shop import ShopSettings, load_shop
from tests.conftest import ROOT

DAY = dt.date(2026, 11, 4)  # a Wednesday
SAMPLES = sorted(p.name for p in (ROOT / "catalogs").glob("*.yaml"))

# A hoodie of the shipped T-shirt catalog, embroidered with a short text: one of every kind of
# price line (base, options, surcharge, setup fee, text per character).
HOODIE = {
    "cut": "hoodie",
    "fabric": "fleece",
    "colour": "black",
    "size": "l",
    "print_method": "embroidery",
    "placement": ["chest-left"],
    "print_text": "ANA",
}

# The smallest shop.yaml the loader takes: one country, one delivery mode.
MINIMAL_SHOP = """\
home_country: DE
vat_rates: {DE: 19}
delivery_modes:
  - {code: standard, label: Standard, fee_per_shipment: 4.90, transit_days_min: 1, transit_days_max: 3}
default_delivery: standard
"""

# A mug with every price rule kind: fixed and percent option prices, multi-choice extras, text
# per character, a quantity module, a formula, surcharges (amount and percent), tiers, setup
# fees (conditional and not) and a price list.
MUG = """\
format: 1
code: mug
name: Custom mug
category: kitchen
lead_time_mode: max
base: {name: Stoneware mug, price: 12.00, lead_time_days: 2, weight_kg: 0.4}
modules:
  - code: size
    name: Size
    kind: single
    options:
      - {code: small, name: Small, default: true}
      - {code: large, name: Large, price: 3.00, lead_time_days: 1, weight_kg: 0.1, attributes: {ml: 450}}
      - {code: jumbo, name: Jumbo, price_percent: 25, lead_time_days: 3, attributes: {ml: 700}}
  - code: extras
    name: Extras
    kind: multi
    max_picks: 2
    options:
      - {code: lid, name: Lid, price: 4.00, lead_time_days: 2}
      - {code: gift-box, name: Gift box, price: 2.50}
      - {code: saucer, name: Saucer, price: 5.00, weight_kg: 0.2}
  - code: engraving
    name: Engraving
    kind: text
    max_length: 4
    charset: upper
    price_per_character: 0.35
    price_if_present: 1.00
    lead_time_days: 1
    visible_if: {size: [large, jumbo]}
  - code: coasters
    name: Coasters
    kind: quantity
    max: 3
    unit_price: 1.25
    weight_kg: 0.05
  - code: handle
    name: Handle length
    kind: numeric
    min: 6
    max: 8
    unit: cm
rules:
  - kind: excludes
    code: no-lid-small
    message: Lids fit the large mugs only.
    conditions: [{size: small}, {extras: lid}]
  - kind: constraint
    code: coasters-with-saucer
    message: At most one coaster with a saucer.
    when: "'saucer' in extras"
    expr: "coasters <= 1"
pricing:
  formulas:
    - {code: long-handle, label: Long handle, amount: "(handle - 6) * 0.75"}
  surcharges:
    - {code: glaze-jumbo, label: Extra glaze for jumbo, when: {size: jumbo}, amount: 1.10}
    - {code: box-service, label: Boxing service, when: "'gift-box' in extras", percent: 10}
  tiers:
    - {min_quantity: 6, discount_percent: 5}
    - {min_quantity: 24, discount_percent: 12.5}
  setup_fees:
    - {code: engraving-setup, label: Engraving set-up, amount: 8.00, when: "len(engraving) > 0"}
    - {code: handling, label: Order handling, amount: 1.99}
  price_lists:
    - code: y2027
      label: 2027 prices
      valid_from: 2027-01-01
      valid_until: 2027-12-31
      base_price: 13.00
      options: {size.large: 3.50, extras.lid: 4.20}
"""

NET_MUG = MUG.replace("category: kitchen", "category: kitchen\nprices_include_tax: false")


@cache
def mug() -> Catalog:
    return load_catalog_text(textwrap.dedent(MUG), file="mug.yaml")


@cache
def net_mug() -> Catalog:
    return load_catalog_text(textwrap.dedent(NET_MUG), file="net-mug.yaml")


@cache
def sample(name: str) -> Catalog:
    return load_catalog(ROOT / "catalogs" / name)


def catalog_named(name: str) -> Catalog:
    """A sample catalog by file name, or "mug" / "net-mug"."""
    return {"mug": mug, "net-mug": net_mug}.get(name, lambda: sample(name))()


@cache
def compiled(name: str) -> tuple[CatalogProblem, Engine]:
    cp = compile_catalog(catalog_named(name))
    return cp, Engine(cp.problem)


@cache
def shop() -> ShopSettings:
    return load_shop()


def context(**changes: Any) -> QuoteContext:
    return QuoteContext(shop=changes.pop("shop", shop()), date=changes.pop("date", DAY), **changes)


def all_assignments(cp: CatalogProblem) -> Iterator[dict[int, int]]:
    """Every complete assignment of the module variables (small catalogs only)."""
    module_vars = sorted({*cp.module_var.values(), *cp.option_var.values()})
    sizes = [cp.problem.variables[v].size for v in module_vars]
    for values in itertools.product(*(range(s) for s in sizes)):
        yield dict(zip(module_vars, values, strict=True))
