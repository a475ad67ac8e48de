"""The catalog editor's pure helpers: option rows round-trip, hidden ids keep unseen fields, safe CSV."""

from __future__ import annotations

import pytest
import yaml

from modules.loader import load_catalog_text
from tests.factories import SMALL_CATALOG
from ui import draft_edit, staff_table_edit


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


def test_add_option_appends_a_loadable_option_and_refuses_a_taken_code():
    data = draft_edit.parse(SMALL_CATALOG)
    new = draft_edit.add_option(data, "glaze", code=" green ", name="Green", price=1.5, lead_time_days=2)
    green = load_catalog_text(draft_edit.dump(new), file="mug.yaml").choice_module("glaze").option("green")
    assert (str(green.price), green.lead_time_days, green.name) == ("1.5", 2, "Green")
    assert "green" not in draft_edit.dump(data)  # the input is not changed
    free = draft_edit.add_option(data, "glaze", code="grey", name="", price=0, lead_time_days=0)
    assert free["modules"][1]["options"][-1] == {"code": "grey", "name": "grey"}  # no zero fields written
    for code, module in (("blue", "glaze"), ("", "glaze"), ("x", "nope")):
        with pytest.raises(ValueError):
            draft_edit.add_option(data, module, code=code, name="X", price=0, lead_time_days=0)


def test_new_rules_are_added_edited_and_deleted():
    data = draft_edit.parse(SMALL_CATALOG)
    rule = draft_edit.new_rule(
        kind="excludes",
        code="no-blue-large",
        message="Blue is not glazed on large mugs.",
        first=draft_edit.condition("glaze", ["blue"]),
        second=draft_edit.condition("size", ["large", "small"]),
    )
    assert rule["conditions"] == [{"glaze": "blue"}, {"size": ["large", "small"]}]
    data = draft_edit.add_rule(data, rule)
    catalog = load_catalog_text(draft_edit.dump(data), file="mug.yaml")
    assert [r.code for r in catalog.rules][-1] == "no-blue-large"
    with pytest.raises(ValueError, match="already"):
        draft_edit.add_rule(data, rule)

    text = draft_edit.rule_yaml(data, "no-blue-large")
    assert text.startswith("kind: excludes")
    assert draft_edit.parse(text)["conditions"][1] == {"size": ["large", "small"]}
    edited = draft_edit.replace_rule(
        data, "no-blue-large", "kind: excludes\ncode: no-blue-large\nconditions: [{glaze: blue}, {size: large}]"
    )
    assert edited["rules"][-1]["conditions"][1] == {"size": "large"}
    gone = draft_edit.replace_rule(edited, "no-blue-large", "")
    assert "no-blue-large" not in draft_edit.rule_codes(gone)
    with pytest.raises(ValueError):
        draft_edit.replace_rule(data, "no-blue-large", "- a list, not a rule")

    requires = draft_edit.new_rule(kind="requires", code="r", message="", first={"a": "b"}, second={"c": "d"})
    assert requires == {"kind": "requires", "code": "r", "if": {"a": "b"}, "then": {"c": "d"}}


def test_csv_and_inline_tables_round_trip():
    data = draft_edit.parse(SMALL_CATALOG)
    data["rules"].append({"kind": "table", "code": "glaze-size", "modules": ["glaze", "size"], "csv": "gs.csv"})
    data["rules"].append({"kind": "table", "code": "inline", "modules": ["glaze", "size"], "rows": [["blue", "*"]]})
    files = {"gs.csv": "glaze,size\nwhite,small\n\nblue,large\n"}
    csv_table, inline = staff_table_edit.tables(data)
    assert (csv_table.csv, inline.csv, inline.mode) == ("gs.csv", None, "allowed")
    rows = staff_table_edit.table_rows(data, files, csv_table)
    assert rows == [{"glaze": "white", "size": "small"}, {"glaze": "blue", "size": "large"}]
    rows.append({"glaze": "white", "size": "large"})
    rows.append({"glaze": None, "size": ""})  # a blank row left by the editor is dropped
    new_data, new_files = staff_table_edit.apply_table_rows(data, files, csv_table, rows)
    assert new_files["gs.csv"] == "glaze,size\nwhite,small\nblue,large\nwhite,large\n"
    assert files["gs.csv"].startswith("glaze,size\nwhite")  # the input is not changed
    catalog = load_catalog_text(draft_edit.dump(new_data), file="mug.yaml", read_csv=lambda n: new_files[n].encode())
    assert next(r for r in catalog.rules if r.code == "glaze-size").rows == (
        ("white", "small"),
        ("blue", "large"),
        ("white", "large"),
    )
    assert staff_table_edit.table_rows(data, files, inline) == [{"glaze": "blue", "size": "*"}]
    new_data, _ = staff_table_edit.apply_table_rows(data, files, inline, [{"glaze": "white", "size": "small"}])
    assert new_data["rules"][-1]["rows"] == [["white", "small"]]
    assert staff_table_edit.rows_csv(inline, []) == "glaze,size\n"
    assert staff_table_edit.cell_choices(data, "glaze") == ["white", "blue", "*"]


def test_docstring_examples_of_the_editor_helpers():
    import doctest

    for module in (draft_edit, staff_table_edit):
        assert doctest.testmod(module).failed == 0


BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    "hostile",
    [
        BILLION_LAUGHS,
        "- !!python/object/apply:os.system ['true']\n",
        "- {kind: constraint, expr: 'x', n: 1.0e+999999}\n",
    ],
)
def test_typed_yaml_is_read_by_the_catalog_loader_not_expanded(hostile):
    data = draft_edit.parse(SMALL_CATALOG)
    with pytest.raises(yaml.YAMLError) as caught:
        draft_edit.replace_section(data, "rules", hostile)
    assert "rules:" in str(caught.value)  # located: where:line:column: sentence
    with pytest.raises(yaml.YAMLError):
        draft_edit.replace_rule(data, "no-lid-small", hostile)
