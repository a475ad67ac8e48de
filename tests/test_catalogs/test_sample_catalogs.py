"""The shipped sample catalogs load cleanly and say what their authors meant.

These are facts about the files (counts, rule kinds, prices, CSV rows, bills of materials), not
validity checks: the rules engine in `configurator/` owns "no dead option" and "has valid
configurations" (see tests/test_configurator/test_shipped_catalogs.py).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from modules.catalog import Catalog
from modules.fields import compile_expression
from modules.kinds import (
    ChoiceModule,
    MultiChoice,
    NumericModule,
    QuantityModule,
    SingleChoice,
    TextModule,
)
from modules.loader import load_catalog
from modules.rules import Constraint, Excludes, Requires, Table

CATALOGS = Path(__file__).resolve().parents[2] / "catalogs"
SAMPLES = sorted(CATALOGS.glob("*.yaml"))
EXPECTED = {"tshirt", "sneaker", "pc", "bicycle", "car", "table"}


def load(name: str) -> Catalog:
    return load_catalog(CATALOGS / f"{name}.yaml")


def rule(catalog: Catalog, code: str):
    return next(r for r in catalog.rules if r.code == code)


def option(catalog: Catalog, module: str, code: str):
    found = catalog.choice_module(module)
    assert found is not None, module
    picked = found.option(code)
    assert picked is not None, f"{module}.{code}"
    return picked


def attributes(catalog: Catalog) -> dict[tuple[str, str], dict[str, Decimal | str]]:
    return {
        (m.code, o.code): dict(o.attributes) for m in catalog.modules if isinstance(m, ChoiceModule) for o in m.options
    }


def evaluate(catalog: Catalog, source: str, env: dict) -> object:
    return compile_expression(source).evaluate(env, attributes(catalog))


def option_count(catalog: Catalog) -> int:
    return sum(len(m.options) for m in catalog.modules if isinstance(m, ChoiceModule))


# -- every catalog ---------------------------------------------------------------------------
def test_the_six_families_are_shipped():
    assert {p.stem for p in SAMPLES} >= EXPECTED


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_catalog_loads_with_enough_rules_in_euros(path: Path):
    catalog = load_catalog(path)
    assert catalog.code == path.stem
    assert catalog.currency == "EUR"
    assert len(catalog.rules) >= 12
    assert catalog.base.price > 0
    assert catalog.base.lead_time_days > 0
    assert catalog.materials, "a bill of materials needs materials"
    assert catalog.base.production_steps


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_material_is_used_somewhere(path: Path):
    catalog = load_catalog(path)
    used = {use.material for use in catalog.base.materials}
    for module in catalog.modules:
        if isinstance(module, ChoiceModule):
            used |= {use.material for o in module.options for use in o.materials}
        elif isinstance(module, NumericModule | QuantityModule | TextModule):
            used |= {use.material for use in module.materials}
    assert {m.code for m in catalog.materials} - used == set()


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_single_choices_have_at_most_one_default(path: Path):
    catalog = load_catalog(path)
    for module in catalog.modules:
        if isinstance(module, SingleChoice):
            assert sum(o.default for o in module.options) <= 1, module.code


# -- T-shirt -----------------------------------------------------------------------------------
def test_tshirt_facts():
    c = load("tshirt")
    assert (len(c.modules), len(c.rules), option_count(c)) == (7, 13, 29)
    colours = rule(c, "colour-by-fabric")
    assert isinstance(colours, Table) and colours.mode == "forbidden"
    assert ("linen", "black") in colours.rows
    assert c.base.price == Decimal("14.90")
    assert option(c, "cut", "hoodie").price == Decimal("24.00")
    assert option(c, "cut", "tee").materials[0].material == "jersey-180"


# -- Sneaker -----------------------------------------------------------------------------------
def test_sneaker_facts():
    c = load("sneaker")
    assert (len(c.modules), len(c.rules)) == (15, 22)
    size = c.choice_module("size")
    assert size is not None and size.option_codes == tuple(str(n) for n in range(36, 48))
    for zone in ("upper", "toe", "heel", "sole", "lace"):
        colour = c.choice_module(f"{zone}_colour")
        assert colour is not None and all(o.kind == "colour" for o in colour.options)
    monogram = c.module("monogram")
    assert isinstance(monogram, TextModule)
    assert (monogram.max_length, monogram.charset, monogram.uppercase) == (3, "upper", True)
    heel = rule(c, "monogram-leather-heel")
    assert isinstance(heel, Requires) and heel.then == {"heel_material": "leather"}
    assert isinstance(rule(c, "knit-no-suede-toe"), Excludes)
    soles = rule(c, "sole-colours")
    assert isinstance(soles, Table) and soles.mode == "allowed" and len(soles.rows) == 10
    assert option(c, "sole", "gum").price == Decimal("12.00")


def test_sneaker_gum_rubber_grows_with_the_size():
    c = load("sneaker")
    (use,) = option(c, "sole", "gum").materials
    assert use.material == "gum-rubber"
    assert evaluate(c, use.quantity, {"size": "36"}) == Decimal("0.34")
    assert evaluate(c, use.quantity, {"size": "46"}) == Decimal("0.460")


# -- PC ----------------------------------------------------------------------------------------
def test_pc_facts():
    c = load("pc")
    assert (len(c.modules), len(c.rules)) == (10, 19)
    storage = c.module("storage")
    assert isinstance(storage, MultiChoice) and (storage.min_picks, storage.max_picks) == (1, 4)
    gpu = c.module("gpu")
    assert isinstance(gpu, SingleChoice) and not gpu.required
    headroom = rule(c, "psu-headroom")
    assert isinstance(headroom, Constraint)
    assert headroom.expr == "cpu.watts + gpu.watts + 150 <= psu.watts"
    assert option(c, "gpu", "rtx-4090").price == Decimal("1899.00")
    assert option(c, "cpu", "r5-5600").attributes["igpu"] == 0


def test_pc_cpu_board_table_comes_from_the_csv_file():
    c = load("pc")
    table = rule(c, "cpu-board")
    assert isinstance(table, Table) and table.csv == "pc-cpu-board.csv"
    assert table.modules == ("cpu", "board")
    assert table.rows is not None and len(table.rows) == 21
    assert table.rows[0] == ("r5-7600", "b650m")
    # Every listed pair shares a socket: the CSV agrees with the option attributes.
    for cpu, board in table.rows:
        assert option(c, "cpu", cpu).attributes["socket"] == option(c, "board", board).attributes["socket"]


def test_pc_arithmetic_rules_read_attributes():
    c = load("pc")
    env = {"cpu": "i9-14900k", "gpu": "rtx-4090", "psu": "sfx-850"}
    assert evaluate(c, rule(c, "psu-headroom").expr, env) is False  # 253 + 450 + 150 > 850
    assert evaluate(c, rule(c, "psu-headroom").expr, {**env, "psu": "atx-1000"}) is True
    drives = {"board": "b650i", "storage": frozenset({"nvme-1tb", "nvme-2tb", "nvme-4tb-gen5"})}
    assert evaluate(c, rule(c, "m2-slots").expr, drives) is False  # 3 M.2 drives, 2 slots
    no_gpu = {"cpu": "r5-5600", "gpu": None}
    assert evaluate(c, rule(c, "graphics-needed").expr, no_gpu) is False


# -- Bicycle -----------------------------------------------------------------------------------
def test_bicycle_facts():
    c = load("bicycle")
    assert (len(c.modules), len(c.rules)) == (10, 19)
    height = c.module("rider_height")
    assert isinstance(height, NumericModule)
    assert (height.min, height.max, height.step, height.unit) == (150, 200, 1, "cm")
    assert len(height.values()) == 51
    assert isinstance(rule(c, "frame-fits-rider"), Constraint)
    assert isinstance(rule(c, "carbon-wheels-disc"), Requires)
    assert option(c, "frame_material", "carbon").price == Decimal("1400.00")
    assert option(c, "frame_material", "titanium").lead_time_days == 56


def test_bicycle_frame_size_follows_rider_height():
    c = load("bicycle")
    fits = rule(c, "frame-fits-rider").expr
    assert evaluate(c, fits, {"frame_size": "xs", "rider_height": Decimal(155)}) is True
    assert evaluate(c, fits, {"frame_size": "s", "rider_height": Decimal(155)}) is False
    (prepreg,) = option(c, "frame_material", "carbon").materials
    assert evaluate(c, prepreg.quantity, {"frame_size": "l"}) == Decimal("1.144")


# -- Car ---------------------------------------------------------------------------------------
def test_car_facts():
    c = load("car")
    assert (len(c.modules), len(c.rules)) == (10, 19)
    assert c.base.price == Decimal("19900.00")
    trim = c.choice_module("trim")
    assert trim is not None and trim.option_codes == ("life", "zen", "intens", "initiale")
    gearboxes = rule(c, "engine-gearbox")
    assert isinstance(gearboxes, Table) and len(gearboxes.rows) == 8
    assert isinstance(rule(c, "no-towbar-small-battery"), Excludes)
    assert option(c, "engine", "ev60").lead_time_days == 98
    assert option(c, "warranty", "extended-5y").price_percent == Decimal("3.5")
    metallic = next(s for s in c.pricing.surcharges if s.code == "metallic-life-zen")
    assert metallic.amount == Decimal("750.00") and metallic.when["trim"] == ["life", "zen"]
    assert [f.amount for f in c.pricing.setup_fees] == [Decimal("890.00")]


# -- Table -------------------------------------------------------------------------------------
def test_table_facts():
    c = load("table")
    assert (len(c.modules), len(c.rules)) == (12, 21)
    dims = [c.module(code) for code in ("width", "depth", "height")]
    assert all(isinstance(d, NumericModule) and d.unit == "cm" for d in dims)
    assert [len(d.values()) for d in dims] == [17, 13, 10]
    drawers = c.module("drawers")
    assert isinstance(drawers, QuantityModule) and (drawers.min, drawers.max) == (0, 4)
    assert drawers.unit_price == Decimal("145.00")
    assert rule(c, "drawers-fit-width").expr == "drawers * 60 <= width"
    assert isinstance(rule(c, "width-depth-ratio"), Constraint)


def test_table_top_is_priced_and_consumed_by_area():
    c = load("table")
    env = {"width": Decimal(160), "depth": Decimal(80), "top": "oak", "thickness": "standard"}
    formula = next(f for f in c.pricing.formulas if f.code == "top-area")
    assert evaluate(c, formula.amount, env) == Decimal("537.600")  # 1.28 m² x 420 EUR
    (board,) = option(c, "top", "oak").materials
    assert board.material == "oak-board"
    assert evaluate(c, board.quantity, env) == Decimal("1.40800")  # 1.28 m² + 10 % offcuts
