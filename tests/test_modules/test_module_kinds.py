"""Every module kind: what it accepts from a buyer and what a complete selection must satisfy."""

from __future__ import annotations

from decimal import Decimal

import pytest

from modules.loader import load_catalog
from modules.selection import SelectionError, SelectionErrorCode, parse_selection, violations
from tests.factories import SMALL_CATALOG

EXTRA_MODULES = """\
  - {code: width, name: Width, kind: numeric, min: 60, max: 120, step: 20, unit: cm, default: 80}
  - {code: shelves, name: Shelves, kind: quantity, min: 0, max: 4, unit_price: 9.50}
  - {code: monogram, name: Monogram, kind: text, max_length: 3, charset: letters, uppercase: true, required: true}
"""


@pytest.fixture
def catalog(write_catalog):
    text = SMALL_CATALOG.replace("rules:\n", EXTRA_MODULES + "rules:\n")
    return load_catalog(write_catalog(text))


def full(**overrides):
    selection = {"size": "large", "glaze": "white", "extras": [], "engraving": "", "width": "80", "shelves": 1}
    selection["monogram"] = "abc"
    selection.update(overrides)
    return selection


def rules_broken(catalog, **overrides):
    return [v.rule for v in violations(catalog, parse_selection(catalog, full(**overrides)))]


def test_a_complete_valid_selection_breaks_nothing(catalog):
    assert rules_broken(catalog) == []


def test_single_choice_refuses_unknown_options(catalog):
    with pytest.raises(SelectionError) as caught:
        parse_selection(catalog, {"size": "huge"})
    assert caught.value.problems[0].code is SelectionErrorCode.UNKNOWN_OPTION


def test_single_choice_required(catalog):
    with pytest.raises(SelectionError):
        parse_selection(catalog, {"size": None})


def test_multi_choice_max_picks(catalog):
    with pytest.raises(SelectionError) as caught:
        parse_selection(catalog, {"extras": ["lid", "gift-box", "saucer"]})
    assert caught.value.problems[0].code is SelectionErrorCode.TOO_MANY_PICKS


def test_multi_choice_values_are_sets(catalog):
    assert parse_selection(catalog, {"extras": ["lid", "lid"]})["extras"] == frozenset({"lid"})


def test_numeric_accepts_the_grid_only(catalog):
    assert parse_selection(catalog, {"width": "100"})["width"] == Decimal(100)
    for bad in ("90", "140", "abc", "NaN"):
        with pytest.raises(SelectionError):
            parse_selection(catalog, {"width": bad})


def test_numeric_refuses_floats(catalog):
    with pytest.raises(SelectionError) as caught:
        parse_selection(catalog, {"width": 80.0})
    assert caught.value.problems[0].code is SelectionErrorCode.BAD_TYPE


def test_quantity_whole_numbers_in_range(catalog):
    assert parse_selection(catalog, {"shelves": 4})["shelves"] == Decimal(4)
    for bad in (5, -1, "1.5"):
        with pytest.raises(SelectionError):
            parse_selection(catalog, {"shelves": bad})


def test_text_is_normalised_and_uppercased(catalog):
    assert parse_selection(catalog, {"monogram": "abc"})["monogram"] == "ABC"
    assert parse_selection(catalog, {"engraving": "Cafe\u0301"})["engraving"] == "Café"


@pytest.mark.parametrize(
    "text",
    ["a\u202eb", "a\u2066b", "a\u200bb", "a\x00b", "a\nb", "<script>", "abcd"],
    ids=["bidi-override", "bidi-isolate", "zero-width", "nul", "newline", "markup", "too-long"],
)
def test_text_refuses_hostile_input(catalog, text):
    with pytest.raises(SelectionError) as caught:
        parse_selection(catalog, {"monogram": text})
    assert caught.value.problems[0].code is SelectionErrorCode.BAD_TEXT


def test_required_text_must_be_given(catalog):
    assert "module:monogram" in rules_broken(catalog, monogram="")


def test_hidden_module_must_stay_empty(catalog):
    assert rules_broken(catalog, size="small", engraving="") == []
    assert "visible:engraving" in rules_broken(catalog, size="small", engraving="Hi")


def test_excludes_rule(catalog):
    assert rules_broken(catalog, size="small", extras=["lid"]) == ["no-lid-small"]


def test_all_problems_are_collected(catalog):
    with pytest.raises(SelectionError) as caught:
        parse_selection(catalog, {"size": "huge", "colour": "red", "width": "7"})
    assert {p.module for p in caught.value.problems} == {"size", "colour", "width"}
