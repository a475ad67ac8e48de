"""A count of add-ons the buyer took none of ("Drawers: 0" on a table) is not listed among the
choices: not in the configure page's summary, not in a cart or order line's choices. A count
above zero is, and so is a measure (a numeric module) whatever its value."""

from __future__ import annotations

from configurator.catalog_engine import CatalogEngine
from modules.loader import load_catalog
from modules.selection import parse_selection
from modules.translations import translated
from store.products import describe
from store.snapshots import LineSnapshot
from tests.conftest import ROOT
from ui.shown_names import ShownNames

TABLE = load_catalog(ROOT / "catalogs" / "table.yaml")


def _table() -> dict:
    full = CatalogEngine(TABLE).complete({})
    assert full["drawers"] == 0  # the catalog's default: no drawers
    return full


def _names(lines) -> list[str]:
    return [line.split(":", 1)[0] for line in lines]


def test_the_design_summary_leaves_out_no_drawers():
    engine = CatalogEngine(TABLE)
    selection = _table()
    lines = ShownNames(TABLE, translated(TABLE, "en"), "en").summary(engine.state(selection), selection)
    assert "Drawers" not in _names(lines)
    assert any(name == "Width" for name in _names(lines))  # a measure stays


def test_a_line_s_choices_leave_out_no_drawers_and_name_some():
    none = LineSnapshot.of({"modules": describe(TABLE, parse_selection(TABLE, _table()))})
    assert "Drawers" not in _names(none.choices())
    assert "Cajones" not in _names(none.choices_named(translated(TABLE, "es")))
    assert any(m.module == "drawers" for m in none.modules)  # still recorded as sold
    some = LineSnapshot.of({"modules": describe(TABLE, parse_selection(TABLE, {**_table(), "drawers": 2}))})
    assert "Drawers: 2" in some.choices()
    assert "Cajones: 2" in some.choices_named(translated(TABLE, "es"))
