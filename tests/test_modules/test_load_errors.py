"""Every class of load error is refused with file:line:column and a plain sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.errors import CatalogError, ProblemCode
from modules.loader import MAX_FILE_BYTES, load_catalog
from tests.factories import SMALL_CATALOG


def problems_of(path: Path) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    return [str(p) for p in caught.value.problems]


def codes_of(path: Path) -> set[ProblemCode]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    return caught.value.codes


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_the_small_catalog_loads(write_catalog):
    catalog = load_catalog(write_catalog(SMALL_CATALOG))
    assert [m.code for m in catalog.modules] == ["size", "glaze", "extras", "engraving"]


def test_unknown_option_in_rule_is_located_with_a_plain_sentence(write_catalog):
    text = SMALL_CATALOG.replace("{extras: lid}", "{extras: lidd}")
    path = write_catalog(text)
    (problem,) = problems_of(path)
    line = line_of(text, "{extras: lidd}")
    assert problem.startswith(f"{path}:{line}:")
    assert "option 'lidd' is not an option of module 'extras' (did you mean 'lid'?)" in problem


def test_every_problem_is_listed_not_only_the_first(write_catalog):
    text = SMALL_CATALOG.replace("{extras: lid}", "{extras: lidd}").replace("{material: clay,", "{material: clai,")
    assert len(problems_of(write_catalog(text))) == 2


def test_broken_yaml(write_catalog):
    path = write_catalog("format: 1\nmodules: [\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:3:1: invalid YAML")


def test_duplicate_keys_are_refused_not_overwritten(write_catalog):
    text = SMALL_CATALOG.replace("name: Custom mug\n", "name: Custom mug\nname: Other\n")
    (problem,) = problems_of(write_catalog(text))
    assert ":4:1: key 'name' appears twice (first at line 3)" in problem


def test_aliases_are_refused(write_catalog):
    text = SMALL_CATALOG.replace("category: kitchen", "category: &c kitchen\ndescription: *c")
    assert codes_of(write_catalog(text)) == {ProblemCode.ALIAS}


def test_wrong_type(write_catalog):
    text = SMALL_CATALOG.replace("lead_time_days: 2", "lead_time_days: soon")
    (problem,) = problems_of(write_catalog(text))
    assert f":{line_of(text, 'lead_time_days: soon')}:19: lead_time_days:" in problem


def test_unknown_keys_are_rejected_with_a_hint(write_catalog):
    text = SMALL_CATALOG.replace("max_picks: 2", "max_picks: 2\n    min_pick: 1")
    (problem,) = problems_of(write_catalog(text))
    assert "module 'extras': unknown key 'min_pick' (did you mean 'min_picks'?)" in problem


def test_missing_key(write_catalog):
    text = SMALL_CATALOG.replace("  price: 12.00\n", "")
    (problem,) = problems_of(write_catalog(text))
    assert "missing key 'price'" in problem


def test_missing_or_unknown_kind(write_catalog):
    text = SMALL_CATALOG.replace("kind: multi", "kind: several")
    (problem,) = problems_of(write_catalog(text))
    assert "'kind' must be one of" in problem


def test_duplicate_codes(write_catalog):
    text = SMALL_CATALOG.replace("code: gift-box", "code: lid")
    (problem,) = problems_of(write_catalog(text))
    assert "option code 'lid' is used twice" in problem


def test_duplicate_module_codes(write_catalog):
    text = SMALL_CATALOG.replace("code: glaze\n    name: Glaze", "code: size\n    name: Glaze")
    assert ProblemCode.DUPLICATE_CODE in codes_of(write_catalog(text))


def test_unknown_module_in_condition(write_catalog):
    text = SMALL_CATALOG.replace("{size: small}, {extras: lid}", "{sise: small}, {extras: lid}")
    (problem,) = problems_of(write_catalog(text))
    assert "'sise' is not a module (did you mean 'size'?)" in problem


def test_unknown_material(write_catalog):
    text = SMALL_CATALOG.replace("{material: glaze, quantity: 20}", "{material: glase, quantity: 20}")
    (problem,) = problems_of(write_catalog(text))
    assert "material 'glase' is not in the catalog's materials (did you mean 'glaze'?)" in problem


def test_expression_errors_point_at_the_column(write_catalog):
    rule = '  - {kind: constraint, code: c1, expr: "size.ml + os.system(1) <= 500"}\n'
    text = SMALL_CATALOG + rule
    path = write_catalog(text)
    (problem,) = problems_of(path)
    line = line_of(text, "os.system")
    column = rule.index("size.ml") + 1
    assert problem.startswith(f"{path}:{line}:{column + len('size.ml + ')}:")
    assert "unknown function" in problem


def test_expression_unknown_attribute(write_catalog):
    text = SMALL_CATALOG + '  - {kind: constraint, code: c1, expr: "size.mll <= 500"}\n'
    (problem,) = problems_of(write_catalog(text))
    assert "no option of module 'size' has attribute 'mll' (did you mean 'ml'?)" in problem


def test_expression_unknown_option_compared(write_catalog):
    text = SMALL_CATALOG + "  - {kind: constraint, code: c1, expr: \"size != 'medium'\"}\n"
    (problem,) = problems_of(write_catalog(text))
    assert "option 'medium' is not an option of module 'size'" in problem


def test_visibility_cycles(write_catalog):
    text = SMALL_CATALOG.replace("    name: Size\n", '    name: Size\n    visible_if: "len(engraving) >= 0"\n')
    (problem,) = problems_of(write_catalog(text))
    assert "the visibility of module 'size' depends on itself: size -> engraving -> size" in problem


def test_unknown_unit(write_catalog):
    text = SMALL_CATALOG.replace("unit: kg}", "unit: kilos}")
    (problem,) = problems_of(write_catalog(text))
    assert "unknown unit 'kilos'" in problem


def test_negative_prices(write_catalog):
    text = SMALL_CATALOG.replace("price: 3.00", "price: -3.00")
    path = write_catalog(text)
    (problem,) = problems_of(path)
    assert "option 'large': price must not be negative (got -3.00)" in problem
    assert problem.startswith(f"{path}:{line_of(text, 'price: -3.00')}:")


def test_empty_module(write_catalog):
    options = (
        "      - {code: lid, name: Lid, price: 4.00}\n"
        "      - {code: gift-box, name: Gift box, price: 2.50}\n"
        "      - {code: saucer, name: Saucer, price: 5.00}\n"
    )
    text = SMALL_CATALOG.replace("    options:\n" + options, "    options: []\n")
    text = text.replace("{extras: lid}", "{glaze: blue}")
    (problem,) = problems_of(write_catalog(text))
    assert "module 'extras' has no options" in problem


def test_no_modules_at_all(write_catalog):
    text = SMALL_CATALOG.split("modules:")[0] + "modules: []\n"
    assert ProblemCode.EMPTY in codes_of(write_catalog(text))


def test_absurdly_large_file_is_refused_before_parsing(write_catalog, tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("w") as f:
        f.write(SMALL_CATALOG)
        f.write("# " + "x" * 1000 + "\n" * 1)
        f.write(("#" * 1023 + "\n") * (MAX_FILE_BYTES // 1024 + 1))
    assert codes_of(path) == {ProblemCode.TOO_LARGE}


def test_a_million_options_is_refused(tmp_path):
    path = tmp_path / "options.yaml"
    options = "".join(f"      - {{code: o{i}, name: O}}\n" for i in range(1_000_000))
    path.write_text(
        SMALL_CATALOG.replace("    options:\n      - {code: lid", "    options:\n" + options + "      - {code: lid")
    )
    assert codes_of(path) == {ProblemCode.TOO_LARGE}


def test_too_many_numeric_values(write_catalog):
    text = SMALL_CATALOG + ""
    text = text.replace(
        "  - code: engraving",
        "  - {code: width, name: Width, kind: numeric, min: 0, max: 100000, step: 1, unit: cm}\n  - code: engraving",
    )
    (problem,) = problems_of(write_catalog(text))
    assert "module 'width' has 100001 values; at most 10000" in problem


def test_hostile_text_in_names(write_catalog):
    text = SMALL_CATALOG.replace("name: Custom mug", 'name: "Custom \\u202emug"')
    (problem,) = problems_of(write_catalog(text))
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in problem


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(SMALL_CATALOG.replace("Custom mug", "Caf\xe9").encode("latin-1"))
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:3:10: file is not valid UTF-8")


def test_missing_file(tmp_path):
    assert codes_of(tmp_path / "nope.yaml") == {ProblemCode.FILE}


def test_two_defaults_in_a_single_choice(write_catalog):
    text = SMALL_CATALOG.replace("{code: large, name: Large,", "{code: large, name: Large, default: true,")
    (problem,) = problems_of(write_catalog(text))
    assert "module 'size' has 2 defaults (small, large)" in problem


def test_numeric_default_off_the_grid(write_catalog):
    text = SMALL_CATALOG.replace(
        "  - code: engraving",
        "  - {code: width, name: Width, kind: numeric, min: 10, max: 50, step: 10, unit: cm, default: 15}\n"
        "  - code: engraving",
    )
    (problem,) = problems_of(write_catalog(text))
    assert "default 15 is not one of 10..50 in steps of 10" in problem


def test_yaml_one_one_booleans_stay_text_for_codes(write_catalog):
    text = SMALL_CATALOG.replace("code: small, name: Small", "code: no, name: No").replace(
        "{size: small}", "{size: no}"
    )
    catalog = load_catalog(write_catalog(text))
    assert catalog.choice_module("size").option_codes == ("no", "large")
