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


PRICED = (
    "pricing:\n  surcharges:\n    - {code: big-lid, label: Lid on a large mug, when: {size: large}, amount: 1.00}\n"
    "  setup_fees:\n    - {code: glaze-setup, label: Glaze mixing, amount: 5.00}\n"
)


def test_price_labels_grades_and_finishes_come_in_the_language_and_nothing_else_changes():
    table = load_catalog(ROOT / "catalogs" / "table.yaml")
    spanish = translated(table, "es")
    labels = {s.code: s.label for s in spanish.pricing.surcharges}
    assert labels["standing-height"] == "Altura de barra o de pie"
    assert {f.code: f.label for f in spanish.pricing.formulas}["top-area"] == "Tablero (por m²)"
    oak = spanish.choice_module("top").option("oak")
    assert oak.grade == "A/B rústico"  # type: ignore[union-attr]
    assert [s.model_copy(update={"label": ""}) for s in spanish.pricing.surcharges] == [
        s.model_copy(update={"label": ""}) for s in table.pricing.surcharges
    ]
    assert spanish.pricing.tiers == table.pricing.tiers
    tee = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    russian = translated(tee, "ru")
    assert {p.code: p.label for p in russian.pricing.price_lists}["usd-2026"] == "Цены в долларах США"
    assert {f.code: f.label for f in russian.pricing.setup_fees}["screen-setup"] == "Подготовка трафарета"
    assert tee.pricing.setup_fees[0].label == "Screen preparation"  # the catalog itself is untouched


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
        (
            PRICED + "translations:\n  es:\n    surcharges: {big-lidd: Tapa grande}\n",
            "unknown surcharge 'big-lidd' (did you mean 'big-lid'?)",
        ),
        (
            PRICED + "translations:\n  es:\n    setup_fees: {glaze-setp: Esmaltado}\n",
            "unknown setup fee 'glaze-setp' (did you mean 'glaze-setup'?)",
        ),
        (PRICED + "translations:\n  es:\n    price_lists: {autumn-2027: Otoño}\n", "unknown price list 'autumn-2027'"),
        (PRICED + "translations:\n  es:\n    formulas: {engraving: Grabado}\n", "unknown price formula 'engraving'"),
        ("translations:\n  es:\n    grades: {Premium: Superior}\n", "unknown material grade 'Premium'"),
        ("translations:\n  es:\n    finishes: {Matte: Mate}\n", "unknown material finish 'Matte'"),
    ],
)
def test_translation_mistakes_are_located(extra, words):
    with pytest.raises(CatalogError) as caught:
        load_catalog_text(SMALL_CATALOG + extra, file="mug.yaml")
    (problem,) = caught.value.problems
    assert words in problem.message
    assert problem.code == ProblemCode.UNKNOWN_REFERENCE
    assert problem.line > SMALL_CATALOG.count("\n")  # points into the translations section
