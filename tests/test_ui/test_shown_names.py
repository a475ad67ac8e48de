"""`ui.shown_names`: what the configure page names (modules, options, the "why not?" reasons, the
summary) in the buyer's language, from the engine that names things in the catalog's own words."""

from __future__ import annotations

import pytest

from configurator.catalog_engine import CatalogEngine
from i18n import LANGUAGES
from modules.loader import load_catalog
from modules.translations import translated
from store.configuration_checks import unavailable_choices
from tests.conftest import ROOT
from ui.shown_names import ShownNames, shown_names

OTHERS = [lang for lang in LANGUAGES if lang != "en"]


def _reason(name: str, selection: dict[str, object], module: str, option: str):  # type: ignore[no-untyped-def]
    catalog = load_catalog(ROOT / "catalogs" / f"{name}.yaml")
    why = unavailable_choices(catalog=catalog, fingerprint=catalog.fingerprint(), selection=selection)
    return catalog, why[(module, option)].reason


def test_english_says_what_the_engine_says():
    """English reads the engine's own words, unchanged: an option, an empty optional choice, a
    text's length."""
    for name, selection, module, option in (
        ("tshirt", {"fabric": "linen"}, "colour", "black"),
        ("pc", {"gpu": None}, "cpu", "r5-5600"),
        ("sneaker", {"monogram": "AB"}, "upper_material", "knit"),
    ):
        catalog, reason = _reason(name, selection, module, option)
        names = ShownNames(catalog, translated(catalog, "en"), "en")
        assert [names.conflict(c) for c in reason.conflicts] == [f"{c.name}: {c.value}" for c in reason.conflicts]
        assert [names.rule(r) for r in reason.rules] == [r.message for r in reason.rules]


@pytest.mark.parametrize("lang", OTHERS)
def test_an_empty_optional_choice_is_named_in_the_buyers_language(lang):
    """The PC's graphics card left empty rules out a CPU without graphics: the reason says the
    card is "none" in the buyer's words, not the engine's English "none"."""
    from i18n import gettext

    pc, reason = _reason("pc", {"gpu": None}, "cpu", "r5-5600")
    shown = translated(pc, lang)
    said = [ShownNames(pc, shown, lang).conflict(c) for c in reason.conflicts]
    gpu = shown.module("gpu")
    assert gpu is not None
    assert said == [f"{gpu.name}: {gettext('none', lang)}"]
    assert gettext("none", lang) != "none"


@pytest.mark.parametrize("lang", OTHERS)
def test_a_texts_length_is_named_in_the_buyers_language(lang):
    sneaker, reason = _reason("sneaker", {"monogram": "AB"}, "upper_material", "knit")
    (said,) = [ShownNames(sneaker, translated(sneaker, lang), lang).chosen(c) for c in reason.conflicts]
    assert "2" in said and "characters" not in said


def test_ticked_and_unticked_boxes_in_a_reason_are_named_in_the_buyers_language():
    """The engine words a box as its option's name, or "no <name>" when left unticked."""
    from configurator.catalog_engine import Conflict

    car = load_catalog(ROOT / "catalogs" / "car.yaml")
    names = ShownNames(car, translated(car, "ru"), "ru")
    packs = car.module("packs")
    assert packs is not None and names.module("packs") != packs.name
    safety = names.option("packs", "safety")
    english = next(o.name for o in packs.options if o.code == "safety")  # type: ignore[attr-defined]
    assert names.chosen(Conflict("packs", packs.name, english)) == safety
    assert names.chosen(Conflict("packs", packs.name, f"no {english}")) == f"без опции «{safety}»"


def test_the_names_of_an_engine_are_made_once_per_language():
    tee = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    engine = CatalogEngine(tee)
    assert shown_names(engine, "es") is shown_names(engine, "es")
    assert shown_names(engine, "es") is not shown_names(engine, "ru")
    assert shown_names(engine, "en").option("fabric", "linen") == "Linen blend"
