"""Every shipped catalog speaks every buyer language: its product, base, module, step, option,
print zone names, their descriptions, the messages of its rules (what the "why not?" panel
shows), its price labels, material grades and finishes all have a translation; a name with no
words in it (a size such as "XL" or "EU 42") needs none."""

from __future__ import annotations

import pytest

import i18n
from modules.loader import load_catalog
from modules.translations import missing_translations, translated
from tests.conftest import ROOT

LANGUAGES = [code for code in i18n.LANGUAGES if code != i18n.DEFAULT_LANGUAGE]
CATALOGS = sorted(path.name for path in (ROOT / "catalogs").glob("*.yaml"))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("file", CATALOGS)
def test_every_buyer_text_of_every_shipped_catalog_is_translated(file, lang):
    catalog = load_catalog(ROOT / "catalogs" / file)
    assert missing_translations(catalog, lang) == [], f"{file}: translations.{lang} lacks these"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("file", CATALOGS)
def test_no_sentence_is_left_in_english(file, lang):
    """Names may stay as they are (a brand, a trim level), sentences may not: the product's
    description and every rule message read differently from the English."""
    catalog = load_catalog(ROOT / "catalogs" / file)
    shown = translated(catalog, lang)
    pairs = [(catalog.description, shown.description), (catalog.base.description, shown.base.description)]
    pairs += [(rule.message, other.message) for rule, other in zip(catalog.rules, shown.rules, strict=True)]
    assert [english for english, text in pairs if english and text == english] == []


def test_rule_messages_steps_and_print_zones_come_in_the_language():
    tee = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    russian = translated(tee, "ru")
    rules = {rule.code: rule.message for rule in russian.rules}
    assert rules["no-linen-hoodie"] == "Лён с хлопком слишком лёгкий для худи."
    assert {m.group for m in russian.modules} == {"Изделие", "Внешний вид", "Размер", "Печать"}
    assert russian.print_zone("front") is not None and russian.print_zone("front").name == "Картинка спереди"
    # the rule logic is untouched: only the messages differ
    assert [r.model_copy(update={"message": ""}) for r in russian.rules] == [
        r.model_copy(update={"message": ""}) for r in tee.rules
    ]
