"""Catalog names and descriptions in the buyer languages, falling back to the catalog's own."""

from __future__ import annotations

import pytest

from modules.catalog import Catalog
from modules.errors import CatalogError, ProblemCode
from modules.loader import load_catalog, load_catalog_text
from modules.translations import translated
from tests.conftest import ROOT
from tests.factories import SMALL_CATALOG


def tee() -> Catalog:
    return load_catalog(ROOT / "catalogs" / "tshirt.yaml")


def test_names_descriptions_and_options_come_in_the_language():
    spanish = translated(tee(), "es")
    assert spanish.name == "Camiseta personalizada"
    assert spanish.base.name == "Prenda cosida"
    colour = spanish.choice_module("colour")
    assert colour.name == "Color" and colour.option("black").name == "Negro"
    assert translated(tee(), "zh_Hans").choice_module("cut").option("hoodie").name == "连帽卫衣"


def test_what_is_not_translated_falls_back_and_nothing_else_changes():
    original = tee()
    spanish = translated(original, "es")
    assert spanish.choice_module("size").option("m").name == "M"  # sizes carry no translation
    assert spanish.module("print_text").description == original.module("print_text").description
    assert [m.code for m in spanish.modules] == [m.code for m in original.modules]
    assert spanish.base.price == original.base.price
    assert [r.model_copy(update={"message": ""}) for r in spanish.rules] == [
        r.model_copy(update={"message": ""}) for r in original.rules
    ]
    for lang in ("en", "de", None, ""):
        assert translated(original, lang) is original


def test_a_catalog_without_translations_keeps_its_fingerprint():
    plain = load_catalog_text(SMALL_CATALOG, file="mug.yaml")
    with_translation = load_catalog_text(SMALL_CATALOG + "translations:\n  es: {name: Taza}\n", file="mug.yaml")
    assert plain.fingerprint() != with_translation.fingerprint()
    assert "translations" not in plain.model_dump(exclude_defaults=True)


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ("translations:\n  de: {name: Becher}\n", "'de' is not a buyer language"),
        ("translations:\n  es:\n    modules:\n      glazee: {name: Esmalte}\n", "unknown module 'glazee'"),
        (
            "translations:\n  es:\n    modules:\n      glaze: {options: {bleu: Azul}}\n",
            "unknown option 'glaze.bleu'",
        ),
        (
            "translations:\n  es:\n    rules: {no-lid-smal: Sin tapa}\n",
            "unknown rule 'no-lid-smal' (did you mean 'no-lid-small'?)",
        ),
        ("translations:\n  es:\n    print_zones: {front: Delante}\n", "unknown print zone 'front'"),
        ("translations:\n  es:\n    groups: {Look: Aspecto}\n", "unknown step 'Look'"),
    ],
)
def test_translation_mistakes_are_located(extra, words):
    with pytest.raises(CatalogError) as caught:
        load_catalog_text(SMALL_CATALOG + extra, file="mug.yaml")
    (problem,) = caught.value.problems
    assert words in problem.message
    assert problem.code == ProblemCode.UNKNOWN_REFERENCE
    assert problem.line > SMALL_CATALOG.count("\n")  # points into the translations section
