"""The catalog editor's pure helpers: option rows round-trip, hidden ids keep unseen fields, safe CSV."""

from __future__ import annotations

from modules.loader import load_catalog_text
from tests.factories import SMALL_CATALOG
from ui import draft_edit


def test_option_rows_round_trip_through_the_loader():
    data = draft_edit.parse(SMALL_CATALOG)
    rows = draft_edit.option_rows(data, "glaze")
    assert [r["code"] for r in rows] == ["white", "blue"]
    rows[1]["price"] = 1.5
    rows.append({"code": "green", "name": "Green", "price": 2, "lead_time_days": 1, "default": False})
    new = draft_edit.apply_option_rows(data, "glaze", rows)
    catalog = load_catalog_text(draft_edit.dump(new), file="mug.yaml")
    glaze = catalog.choice_module("glaze")
    assert [o.code for o in glaze.options] == ["white", "blue", "green"]
    blue = glaze.option("blue")
    assert str(blue.price) == "1.5" and blue.kind == "colour" and blue.hex == "#1144AA"  # unseen fields kept
    assert glaze.option("green").lead_time_days == 1


def test_deleted_rows_remove_options():
    data = draft_edit.parse(SMALL_CATALOG)
    rows = draft_edit.option_rows(data, "extras")[1:]
    new = draft_edit.apply_option_rows(data, "extras", rows)
    assert [o["code"] for o in new["modules"][2]["options"]] == ["gift-box", "saucer"]


def test_sections_replace_and_dump_without_aliases():
    data = draft_edit.parse(SMALL_CATALOG)
    text = draft_edit.section_yaml(data, "rules")
    assert "no-lid-small" in text
    new = draft_edit.replace_section(data, "rules", "")
    assert "rules" not in new
    same = {"a": 1}
    assert "&" not in draft_edit.dump({"x": same, "y": same})


def test_csv_export_neutralises_formulas():
    body = draft_edit.table_csv(["cpu", "board"], [["=cmd|' /C calc'!A0", "+1"], ["-2", "@x"], ["\tt", "oak"]])
    lines = body.splitlines()
    assert lines[1].startswith("'=cmd")
    assert lines[2] == "'-2,'@x"
    assert "'\tt" in lines[3] and lines[3].endswith("oak")
