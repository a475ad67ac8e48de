"""The table's 3D view on the configure page: the drawing (with its sizes) by default, the plotly
view on demand, and its process-wide cache keyed by everything the figure shows."""

from __future__ import annotations

import json
from decimal import Decimal

from modules.expr import Value
from tests.test_ui.buyer_app import app_at

BASE: dict[str, Value] = {
    "width": Decimal(160),
    "depth": Decimal(80),
    "height": Decimal(75),
    "top": "oak",
    "legs": "u-frame",
    "leg_colour": "black",
}


def charts(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_the_3d_view_opens_on_demand_and_shows_the_buyers_sizes(db):
    at = app_at("pages/buyer/configure.py", product="table")
    at.session_state["selection:table"] = {"width": "200", "depth": "90", "height": "75"}
    at.run()
    assert not at.exception
    assert charts(at) == []  # the drawing only, until the buyer asks
    at.toggle(key="3d:table").set_value(True).run()
    assert not at.exception
    (spec,) = charts(at)
    top = spec["data"][0]
    assert (max(top["x"]), max(top["y"]), max(top["z"])) == (200, 90, 75)
    assert spec["layout"]["scene"]["xaxis"]["title"]["text"] == "width (cm)"
    at.toggle(key="3d:table").set_value(False).run()
    assert charts(at) == []


def test_two_buyers_each_see_their_own_table(db):
    first = app_at("pages/buyer/configure.py", product="table")
    second = app_at("pages/buyer/configure.py", product="table")
    first.session_state["selection:table"] = {"width": "120", "depth": "60", "height": "75"}
    second.session_state["selection:table"] = {"width": "220", "depth": "100", "height": "90"}
    first.session_state["3d:table"] = True
    second.session_state["3d:table"] = True
    first.run()
    second.run()
    first.run()  # after the other buyer's view was cached
    (a,), (b,) = charts(first), charts(second)
    assert max(a["data"][0]["x"]) == 120 and max(a["data"][0]["z"]) == 75
    assert max(b["data"][0]["x"]) == 220 and max(b["data"][0]["z"]) == 90


def test_a_product_without_dimensions_offers_no_3d_view(db):
    at = app_at("pages/buyer/configure.py", product="tshirt")
    at.run()
    assert not at.exception
    assert not [t for t in at.toggle if t.key == "3d:tshirt"] and charts(at) == []


def test_the_cached_3d_view_changes_with_each_input_of_its_key(db):
    from render.preview.table3d import table_inputs
    from ui import resources

    row = resources.product_row("table")
    assert row is not None
    table = resources.catalog("table", str(row["fingerprint"]))

    def spec(selection: dict[str, Value]) -> str:
        inputs = table_inputs(table, selection)
        assert inputs is not None
        return str(resources.table_view(*inputs).to_json())

    base = spec(BASE)
    inputs = table_inputs(table, BASE)
    assert inputs is not None and resources.table_view(*inputs) is resources.table_view(*inputs)  # cached
    changes: list[dict[str, Value]] = [
        {"width": Decimal(200)},
        {"depth": Decimal(100)},
        {"height": Decimal(90)},
        {"top": "walnut"},
        {"leg_colour": "bronze"},
    ]
    seen = {base}
    for change in changes:  # each input of the key changes the figure
        changed = spec({**BASE, **change})
        assert changed not in seen, change
        seen.add(changed)
    # a choice the view does not show keeps the same figure (the page sends it unchanged: no redraw)
    assert spec({**BASE, "edge": "rounded", "extras": frozenset({"grommet"})}) == base
    tshirt = resources.catalog("tshirt", str((resources.product_row("tshirt") or {})["fingerprint"]))
    assert table_inputs(tshirt, {}) is None  # no 3D view for a product without dimensions
